package io.github.arena4j.bench.workload;

import java.lang.foreign.MemorySegment;

/**
 * Variant (c): an {@link OffsetTree} in one {@link MemorySegment} with a bump offset, no library:
 * what arena4j costs is the difference between this and {@link Arena4jTreeBuilder}. The offset is
 * reset before each document; the bytes are not cleared.
 */
final class BlobTreeBuilder extends OffsetTreeBuilder {

    private final MemorySegment blob;
    private final long capacity;
    private long top;

    /**
     * @param blob where trees are built; its address must be a multiple of
     *             {@link OffsetTree#NODE_ALIGNMENT}, so that aligned offsets are aligned addresses
     * @throws IllegalArgumentException if it is misaligned or larger than {@code int} offsets can address
     */
    BlobTreeBuilder(MemorySegment blob) {
        if (blob.address() % OffsetTree.NODE_ALIGNMENT != 0 || blob.byteSize() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Blob must be " + OffsetTree.NODE_ALIGNMENT
                    + "-byte aligned and at most 2 GiB: " + blob);
        }
        this.blob = blob;
        this.capacity = blob.byteSize();
    }

    @Override
    MemorySegment begin() {
        top = 0;
        return blob;
    }

    @Override
    int allocate(long size, long alignment) {
        long start = (top + alignment - 1) & -alignment;
        if (size > capacity - start) {
            throw exhausted(size);
        }
        top = start + size;
        return (int) start;
    }

    private IllegalStateException exhausted(long size) {
        return new IllegalStateException("Blob exhausted: size=" + size + " used=" + top + " capacity=" + capacity);
    }
}
