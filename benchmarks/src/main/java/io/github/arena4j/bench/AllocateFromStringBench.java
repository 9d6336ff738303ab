package io.github.arena4j.bench;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;

/**
 * {@code allocateFrom(String)}: a NUL-terminated UTF-8 copy of an ASCII string of {@code length}
 * characters; the rows are {@link AllocateFromScenario}'s. {@code libc_malloc_free} copies with
 * {@link MemorySegment#setString(long, String)}.
 */
public class AllocateFromStringBench extends AllocateFromScenario {

    private String string;

    @Override
    void prepare(int length) {
        string = "abcdefghijklmnopqrstuvwxyz0123456789".repeat(length / 36 + 1).substring(0, length);
    }

    @Override
    long bytes() {
        return string.length() + 1; // ASCII: one byte per char, plus the terminator
    }

    @Override
    MemorySegment copyInto(SegmentAllocator allocator) {
        return allocator.allocateFrom(string);
    }

    @Override
    void copyTo(long address) {
        Support.EVERYTHING.setString(address, string);
    }
}
