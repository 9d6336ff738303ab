package io.github.arena4j.bench;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;

/**
 * The floor every allocation scenario measures arena4j against ({@code raw_bump} and its zeroing
 * variants): a write pointer kept in a field, aligned to {@value #ALIGN} by hand over one
 * segment, one store into the blob per allocation, no slice object and no check beyond the
 * store's own bounds check.
 *
 * <p>The absolute address is aligned, as arena4j and the JDK's slicing allocator do, so the floor
 * does the same arithmetic they do.
 */
final class RawBump {

    static final long ALIGN = 8;

    final MemorySegment blob;
    private final long base;
    private long top;

    RawBump(MemorySegment blob) {
        this.blob = blob;
        this.base = blob.address();
    }

    /** Claims {@code size} bytes at the next aligned address; {@return their offset in the blob} */
    long claim(long size) {
        long start = ((base + top + ALIGN - 1) & -ALIGN) - base;
        top = start + size;
        return start;
    }

    /** {@return the bytes claimed since the last rewind, alignment padding included} */
    long used() {
        return top;
    }

    void rewind() {
        top = 0;
    }

    /**
     * Claims {@code count} blocks of {@code size} bytes and writes one {@code long} into each. The
     * pointer stays in a local for the whole batch, as the best hand-written bump would keep it.
     */
    void writeBatch(int count, long size) {
        MemorySegment blob = this.blob;
        long base = this.base;
        long top = this.top;
        for (int i = 0; i < count; i++) {
            long start = ((base + top + ALIGN - 1) & -ALIGN) - base;
            blob.set(JAVA_LONG, start, i);
            top = start + size;
        }
        this.top = top;
    }

    /** As {@link #writeBatch}, clearing each block as it is handed out. */
    void writeBatchZeroingEach(int count, long size) {
        MemorySegment blob = this.blob;
        for (int i = 0; i < count; i++) {
            long start = claim(size);
            blob.asSlice(start, size).fill((byte) 0);
            blob.set(JAVA_LONG, start, i);
        }
    }
}
