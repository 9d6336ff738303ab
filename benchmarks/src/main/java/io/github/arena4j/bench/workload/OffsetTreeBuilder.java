package io.github.arena4j.bench.workload;

import static io.github.arena4j.bench.workload.OffsetTree.CHILD_COUNT;
import static io.github.arena4j.bench.workload.OffsetTree.FIRST_CHILD;
import static io.github.arena4j.bench.workload.OffsetTree.INT;
import static io.github.arena4j.bench.workload.OffsetTree.KEY_OFFSET;
import static io.github.arena4j.bench.workload.OffsetTree.KIND;
import static io.github.arena4j.bench.workload.OffsetTree.LONG_FIELD;
import static io.github.arena4j.bench.workload.OffsetTree.NEXT;
import static io.github.arena4j.bench.workload.OffsetTree.NODE_ALIGNMENT;
import static io.github.arena4j.bench.workload.OffsetTree.NODE_SIZE;
import static io.github.arena4j.bench.workload.OffsetTree.VALUE;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Writes an {@link OffsetTree}: everything but where the bytes come from, which subclasses say in
 * {@link #allocate}. A node is written whole the moment its value is known, as three {@code long}
 * stores, and linked behind its previous sibling, or as its parent's first child, at once. Open
 * containers wait on a small stack (their offset, their last child so far, their child count).
 * Not thread-safe; one document at a time.
 */
abstract sealed class OffsetTreeBuilder implements TreeSink permits Arena4jTreeBuilder, Arena4jSliceTreeBuilder, BlobTreeBuilder {

    /** Where nodes are written and linked: the memory {@link #allocate} hands out offsets into. */
    private MemorySegment tree;
    private int[] parents = new int[64];
    private int[] lastChildren = new int[64];
    private int[] childCounts = new int[64];
    private int depth;
    /** The arrays the parser passes strings in, and segments over them: see {@link #source}. */
    private byte[] documentArray;
    private MemorySegment documentSegment;
    private byte[] scratchArray;
    private MemorySegment scratchSegment;
    /** The key of the next member, offset in the low half, length in the high half; 0 outside objects. */
    private long key;

    /**
     * Releases the previous tree and {@return the memory the next one is built in}, addressed by
     * the offsets {@link #allocate} returns.
     */
    abstract MemorySegment begin();

    /**
     * {@return the offset of {@code size} new bytes aligned to {@code alignment}} in the segment
     * {@link #begin()} returned, or the one last passed to {@link #grew}.
     */
    abstract int allocate(long size, long alignment);

    /**
     * Makes {@code grown} the memory nodes are written in from now on: the same memory, longer,
     * for a subclass whose arena grows in place.
     */
    final void grew(MemorySegment grown) {
        tree = grown;
    }

    /** {@return the tree of {@code document}}, rooted at offset 0 of the returned segment. */
    final MemorySegment build(JsonParser parser, byte[] document) {
        tree = begin();
        documentArray = document;
        documentSegment = MemorySegment.ofArray(document);
        depth = 0;
        key = 0;
        parser.parse(document, document.length, this);
        return tree;
    }

    @Override
    public final void startObject() {
        open(OffsetTree.OBJECT);
    }

    @Override
    public final void endObject() {
        close();
    }

    @Override
    public final void startArray() {
        open(OffsetTree.ARRAY);
    }

    @Override
    public final void endArray() {
        close();
    }

    @Override
    public final void key(byte[] utf8, int offset, int length) {
        key = pair(copy(utf8, offset, length), length);
    }

    @Override
    public final void string(byte[] utf8, int offset, int length) {
        node(OffsetTree.STRING, pair(copy(utf8, offset, length), length));
    }

    @Override
    public final void integer(long value) {
        node(OffsetTree.LONG, value);
    }

    @Override
    public final void decimal(double value) {
        node(OffsetTree.DOUBLE, Double.doubleToRawLongBits(value));
    }

    @Override
    public final void bool(boolean value) {
        node(value ? OffsetTree.TRUE : OffsetTree.FALSE, 0);
    }

    @Override
    public final void nil() {
        node(OffsetTree.NULL, 0);
    }

    /** {@return two {@code int} fields as one little-endian {@code long}}: {@code low} first. */
    private static long pair(int low, int high) {
        return low & 0xffff_ffffL | (long) high << 32;
    }

    private int copy(byte[] utf8, int offset, int length) {
        int at = allocate(length, 1);
        MemorySegment.copy(source(utf8), offset, tree, at, length);
        return at;
    }

    /**
     * {@return a segment over {@code utf8}}, made once per array: the parser passes only two, the
     * document and its scratch buffer for strings with escapes. Segment-to-segment copies of a few
     * bytes take the JDK's short-copy path instead of a call to the copy stub, and a fresh wrapper
     * per string would be allocated whenever the JIT does not inline the whole copy.
     */
    private MemorySegment source(byte[] utf8) {
        if (utf8 == documentArray) {
            return documentSegment;
        }
        if (utf8 != scratchArray) {
            scratchArray = utf8;
            scratchSegment = MemorySegment.ofArray(utf8);
        }
        return scratchSegment;
    }

    /** Writes a node (kind, no next sibling yet, the pending key, payload) and links it into its parent. */
    private int node(int kind, long payload) {
        int node = allocate(NODE_SIZE, NODE_ALIGNMENT);
        MemorySegment tree = this.tree; // after allocate, which may have grown it
        tree.set(LONG_FIELD, node + KIND, pair(kind, 0));
        tree.set(LONG_FIELD, node + KEY_OFFSET, key);
        tree.set(LONG_FIELD, node + VALUE, payload);
        key = 0;
        int d = depth - 1;
        if (d >= 0) {
            int last = lastChildren[d];
            tree.set(INT, last == 0 ? parents[d] + FIRST_CHILD : last + NEXT, node);
            lastChildren[d] = node;
            childCounts[d]++;
        }
        return node;
    }

    private void open(int kind) {
        int node = node(kind, 0); // no first child, no children yet
        if (depth == parents.length) {
            parents = Arrays.copyOf(parents, depth * 2);
            lastChildren = Arrays.copyOf(lastChildren, depth * 2);
            childCounts = Arrays.copyOf(childCounts, depth * 2);
        }
        parents[depth] = node;
        lastChildren[depth] = 0;
        childCounts[depth] = 0;
        depth++;
    }

    private void close() {
        depth--;
        tree.set(INT, parents[depth] + CHILD_COUNT, childCounts[depth]);
    }
}
