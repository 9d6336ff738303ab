package io.github.arena4j;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Clears released memory in bulk, as fast as this machine's widest stores allow.
 *
 * <p>{@link MemorySegment#fill(byte)} stores eight bytes at a time (its contract makes aligned
 * words atomic), several times slower than the vector stores of the JDK's copy routine and of
 * {@link Arrays#fill(long[], long)}. So native memory is cleared by copying from a block of zeros
 * that nothing ever writes, a cache line at a time from the first line boundary on, and a heap blob
 * over a {@code long[]} by filling the array's words; both run at full speed before the JIT has
 * compiled anything.
 */
final class Zeros {

    /**
     * Half the first-level cache of current cores, so that it stays there while it is read again and
     * again; large enough that a megabyte takes 64 copies, which matters before the JIT compiles them.
     */
    private static final long BLOCK = 16 * 1024;
    private static final MemorySegment BLOCK_OF_ZEROS =
            java.lang.foreign.Arena.global().allocate(BLOCK, 4096).asReadOnly();
    /** The copy routine stores a cache line at a time, twice as fast when the lines are aligned. */
    private static final long LINE = 64;

    private Zeros() {
    }

    /** Makes {@code length} bytes of {@code segment}, from {@code offset}, read as zero. */
    static void clear(MemorySegment segment, long offset, long length) {
        if (!segment.isNative() && segment.heapBase().orElse(null) instanceof long[] words) {
            clearWords(segment, words, offset, length);
            return;
        }
        long head = Math.min(length, -(segment.address() + offset) & (LINE - 1)); // up to a line's start
        MemorySegment.copy(BLOCK_OF_ZEROS, 0, segment, offset, head);
        for (long done = head; done < length; done += BLOCK) {
            MemorySegment.copy(BLOCK_OF_ZEROS, 0, segment, offset + done, Math.min(BLOCK, length - done));
        }
    }

    /** Clears whole words with {@link Arrays#fill(long[], int, int, long)}, and the bytes either side. */
    private static void clearWords(MemorySegment segment, long[] words, long offset, long length) {
        long start = segment.address() + offset; // a heap segment's address is its offset in the array
        long end = start + length;
        long firstWord = (start + Long.BYTES - 1) / Long.BYTES;
        long endWord = end / Long.BYTES;
        if (firstWord >= endWord) {
            MemorySegment.copy(BLOCK_OF_ZEROS, 0, segment, offset, length); // under two words
            return;
        }
        long head = firstWord * Long.BYTES - start;
        long tail = end - endWord * Long.BYTES;
        MemorySegment.copy(BLOCK_OF_ZEROS, 0, segment, offset, head);
        Arrays.fill(words, (int) firstWord, (int) endWord, 0L);
        MemorySegment.copy(BLOCK_OF_ZEROS, 0, segment, offset + length - tail, tail);
    }
}
