package io.github.arena4j.bench;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;

/**
 * {@code allocateFrom(JAVA_INT, int[])}: a native copy of an {@code int[]} of {@code length}
 * elements; the rows are {@link AllocateFromScenario}'s. {@code libc_malloc_free} copies with
 * {@link MemorySegment#copy(Object, int, MemorySegment, java.lang.foreign.ValueLayout, long, int)}.
 */
public class AllocateFromIntsBench extends AllocateFromScenario {

    private int[] ints;

    @Override
    void prepare(int length) {
        ints = new int[length];
        for (int i = 0; i < length; i++) {
            ints[i] = i * 31;
        }
    }

    @Override
    long bytes() {
        return (long) ints.length * Integer.BYTES;
    }

    @Override
    MemorySegment copyInto(SegmentAllocator allocator) {
        return allocator.allocateFrom(JAVA_INT, ints);
    }

    @Override
    void copyTo(long address) {
        MemorySegment.copy(ints, 0, Support.EVERYTHING, JAVA_INT, address, ints.length);
    }
}
