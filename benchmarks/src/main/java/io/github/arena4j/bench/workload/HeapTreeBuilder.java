package io.github.arena4j.bench.workload;

import io.github.arena4j.bench.workload.HeapTree.ArrayNode;
import io.github.arena4j.bench.workload.HeapTree.DoubleNode;
import io.github.arena4j.bench.workload.HeapTree.Literal;
import io.github.arena4j.bench.workload.HeapTree.LongNode;
import io.github.arena4j.bench.workload.HeapTree.Node;
import io.github.arena4j.bench.workload.HeapTree.ObjectNode;
import io.github.arena4j.bench.workload.HeapTree.StringNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds a {@link HeapTree} as well as we know how: the children of open containers wait on one
 * reused stack and are copied once into an exact-size array when the container closes, and object
 * keys are canonicalised through a small cache (as Jackson does), so a key seen before costs no
 * allocation. Not thread-safe; reusable, one document at a time.
 */
final class HeapTreeBuilder implements TreeSink {

    /** Values of open containers, children after their parent's slot; keys beside them. */
    private Node[] values = new Node[1024];
    private String[] keys = new String[1024];
    private int top;
    /** The highest {@code top} since the last document, so that {@link #build} can drop old references. */
    private int highWater;
    /** Where the children of each open container start in {@code values}. */
    private int[] starts = new int[64];
    private int depth;
    private String pendingKey;
    private final KeyCache keyCache = new KeyCache();

    /** {@return the tree of {@code document}}, parsed by {@code parser}. */
    Node build(JsonParser parser, byte[] document) {
        Arrays.fill(values, 0, highWater, null); // the previous tree must not stay reachable from here
        Arrays.fill(keys, 0, highWater, null);
        top = 0;
        highWater = 0;
        depth = 0;
        pendingKey = null;
        parser.parse(document, document.length, this);
        highWater = Math.max(highWater, 1);
        return values[0];
    }

    @Override
    public void startObject() {
        open();
    }

    @Override
    public void endObject() {
        int start = starts[--depth];
        values[start - 1] = new ObjectNode(Arrays.copyOfRange(keys, start, top), Arrays.copyOfRange(values, start, top, Node[].class));
        close(start);
    }

    @Override
    public void startArray() {
        open();
    }

    @Override
    public void endArray() {
        int start = starts[--depth];
        values[start - 1] = new ArrayNode(Arrays.copyOfRange(values, start, top, Node[].class));
        close(start);
    }

    @Override
    public void key(byte[] utf8, int offset, int length) {
        pendingKey = keyCache.get(utf8, offset, length);
    }

    @Override
    public void string(byte[] utf8, int offset, int length) {
        push(new StringNode(new String(utf8, offset, length, StandardCharsets.UTF_8)));
    }

    @Override
    public void integer(long value) {
        push(new LongNode(value));
    }

    @Override
    public void decimal(double value) {
        push(new DoubleNode(value));
    }

    @Override
    public void bool(boolean value) {
        push(value ? Literal.TRUE : Literal.FALSE);
    }

    @Override
    public void nil() {
        push(Literal.NULL);
    }

    /** Reserves the container's own slot (filled when it closes) and starts its children after it. */
    private void open() {
        push(null);
        if (depth == starts.length) {
            starts = Arrays.copyOf(starts, depth * 2);
        }
        starts[depth++] = top;
    }

    private void close(int start) {
        if (top > highWater) {
            highWater = top;
        }
        top = start;
    }

    private void push(Node node) {
        if (top == values.length) {
            values = Arrays.copyOf(values, top * 2);
            keys = Arrays.copyOf(keys, top * 2);
        }
        keys[top] = pendingKey;
        values[top++] = node;
        pendingKey = null;
    }

    /**
     * Maps the UTF-8 bytes of a key to one shared {@code String}: a direct-mapped table of 1024
     * entries, the newest key winning a collision. Keys longer than 64 bytes are not cached.
     */
    static final class KeyCache {
        private static final int SIZE = 1024;
        private static final int MAX_LENGTH = 64;
        private final byte[][] bytes = new byte[SIZE][];
        private final String[] strings = new String[SIZE];

        String get(byte[] utf8, int offset, int length) {
            if (length > MAX_LENGTH) {
                return new String(utf8, offset, length, StandardCharsets.UTF_8);
            }
            int hash = length;
            for (int i = offset; i < offset + length; i++) {
                hash = 31 * hash + utf8[i];
            }
            int slot = (hash ^ hash >>> 16) & (SIZE - 1);
            byte[] cached = bytes[slot];
            if (cached != null && Arrays.equals(cached, 0, cached.length, utf8, offset, offset + length)) {
                return strings[slot];
            }
            String key = new String(utf8, offset, length, StandardCharsets.UTF_8);
            bytes[slot] = Arrays.copyOfRange(utf8, offset, offset + length);
            strings[slot] = key;
            return key;
        }
    }
}
