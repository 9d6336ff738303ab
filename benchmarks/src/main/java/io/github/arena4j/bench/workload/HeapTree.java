package io.github.arena4j.bench.workload;

/**
 * Variant (a): the tree as ordinary Java objects, what most code builds. Containers hold their
 * children in exact-size arrays (cheaper to build and to walk than {@code ArrayList}s, which a
 * parser would have to grow or trim), strings are {@code String}s, {@code true}, {@code false} and
 * {@code null} are shared constants.
 */
final class HeapTree {

    private HeapTree() {
    }

    /** A value of the tree. */
    sealed interface Node permits ObjectNode, ArrayNode, StringNode, LongNode, DoubleNode, Literal {
    }

    /** An object: {@code keys[i]} names {@code values[i]}, in document order. */
    record ObjectNode(String[] keys, Node[] values) implements Node {
    }

    record ArrayNode(Node[] items) implements Node {
    }

    record StringNode(String value) implements Node {
    }

    record LongNode(long value) implements Node {
    }

    record DoubleNode(double value) implements Node {
    }

    enum Literal implements Node {
        TRUE, FALSE, NULL
    }

    /** {@return the checksum of the tree under {@code root}}, string lengths in UTF-16 units. */
    static Checksum checksum(Node root) {
        Checksum.Tally tally = new Checksum.Tally();
        walk(root, tally);
        return tally.result();
    }

    private static void walk(Node node, Checksum.Tally tally) {
        tally.nodes++;
        switch (node) {
            case ObjectNode object -> {
                String[] keys = object.keys();
                Node[] values = object.values();
                for (int i = 0; i < values.length; i++) {
                    tally.stringLength += keys[i].length();
                    walk(values[i], tally);
                }
            }
            case ArrayNode array -> {
                for (Node item : array.items()) {
                    walk(item, tally);
                }
            }
            case StringNode string -> tally.stringLength += string.value().length();
            case LongNode number -> tally.numberSum += number.value();
            case DoubleNode number -> tally.numberSum += number.value();
            case Literal literal -> {
            }
        }
    }
}
