package io.github.arena4j;

/**
 * A snapshot of what an {@link Arena} has done, from {@link Arena#statistics()}. Taking one costs
 * a few field reads; keeping the counters costs two additions per allocation, so statistics are
 * always on. On a shared arena, the counters are kept per thread and summed when read: the
 * snapshot is exact when no thread is allocating, and approximate while threads allocate.
 *
 * @param used bytes consumed now, alignment padding included, over every chunk
 * @param reserved bytes reserved now: the blob's capacity, the sum of a growable arena's chunks, or the
 *                 usable part of the range an arena growing in place reserved
 * @param peak the largest {@code used} has been since the arena was created, across resets and
 *             frames
 * @param padding bytes consumed but not requested since the arena was created: alignment padding
 *                (zero-size allocations included) and, on a shared arena, the unused tails of
 *                per-thread blocks that threads gave up
 * @param allocations allocations made since the arena was created
 * @param chunks chunks reserved now: 1 for a fixed arena and for one growing in place
 * @since 0.1.0
 */
public record ArenaStatistics(long used, long reserved, long peak, long padding, long allocations, int chunks) {

    @Override
    public String toString() {
        return "used=" + used + " reserved=" + reserved + " peak=" + peak + " padding=" + padding
                + " allocations=" + allocations + " chunks=" + chunks;
    }
}
