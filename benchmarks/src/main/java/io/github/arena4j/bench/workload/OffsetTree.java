package io.github.arena4j.bench.workload;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Variants (b) and (c): the tree as fixed-size records in one block of memory, linked by offsets
 * instead of references. Both variants share this layout and this walk; they differ only in how
 * the bytes are allocated ({@link Arena4jTreeBuilder}, {@link BlobTreeBuilder}).
 *
 * <p>A node is {@value #NODE_SIZE} bytes, aligned to {@value #NODE_ALIGNMENT}:
 * <pre>
 *  offset  size  field
 *   0       4    kind         OBJECT, ARRAY, STRING, LONG, DOUBLE, TRUE, FALSE, NULL
 *   4       4    next         offset of the next sibling, 0 if none
 *   8       4    key offset   where the member's key bytes start (members of objects only)
 *  12       4    key length   in UTF-8 bytes; 0 outside objects
 *  16       8    payload      OBJECT, ARRAY: first child offset (int), child count (int)
 *                             STRING: bytes offset (int), length in UTF-8 bytes (int)
 *                             LONG, DOUBLE: the value
 * </pre>
 * The root is the first node allocated, at offset 0, and no other node can be there, so 0 doubles
 * as "none" for {@code next} and first child. Offsets are {@code int}s, so a tree spans at most
 * 2 GiB. Strings are the decoded UTF-8 bytes, copied once, not NUL-terminated. Fields are
 * little-endian whatever the platform, so that a builder may write two {@code int} fields as one
 * {@code long}.
 */
final class OffsetTree {

    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong LONG_FIELD = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfDouble DOUBLE_FIELD = ValueLayout.JAVA_DOUBLE.withOrder(ByteOrder.LITTLE_ENDIAN);

    static final int NODE_SIZE = 24;
    static final int NODE_ALIGNMENT = 8;

    static final int KIND = 0;
    static final int NEXT = 4;
    static final int KEY_OFFSET = 8;
    static final int KEY_LENGTH = 12;
    static final int FIRST_CHILD = 16;
    static final int CHILD_COUNT = 20;
    static final int STRING_OFFSET = 16;
    static final int STRING_LENGTH = 20;
    static final int VALUE = 16;

    static final int OBJECT = 1;
    static final int ARRAY = 2;
    static final int STRING = 3;
    static final int LONG = 4;
    static final int DOUBLE = 5;
    static final int TRUE = 6;
    static final int FALSE = 7;
    static final int NULL = 8;

    private OffsetTree() {
    }

    /** {@return the checksum of the tree rooted at offset 0 of {@code tree}}, string lengths in UTF-8 bytes. */
    static Checksum checksum(MemorySegment tree) {
        Checksum.Tally tally = new Checksum.Tally();
        walk(tree, 0, tally);
        return tally.result();
    }

    private static void walk(MemorySegment tree, int node, Checksum.Tally tally) {
        tally.nodes++;
        tally.stringLength += tree.get(INT, node + KEY_LENGTH);
        switch (tree.get(INT, node + KIND)) {
            case OBJECT, ARRAY -> {
                for (int child = tree.get(INT, node + FIRST_CHILD); child != 0; child = tree.get(INT, child + NEXT)) {
                    walk(tree, child, tally);
                }
            }
            case STRING -> tally.stringLength += tree.get(INT, node + STRING_LENGTH);
            case LONG -> tally.numberSum += tree.get(LONG_FIELD, node + VALUE);
            case DOUBLE -> tally.numberSum += tree.get(DOUBLE_FIELD, node + VALUE);
            default -> {
            }
        }
    }
}
