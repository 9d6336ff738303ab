package io.github.arena4j;

/**
 * A snapshot of what an {@link Arena} has done, from {@link Arena#statistics()}. Taking one costs
 * a few field reads; keeping the counters costs two additions per allocation, so statistics are
 * always on.
 *
 * @param used bytes consumed now, alignment padding included, over every chunk
 * @param reserved bytes reserved now: the blob's capacity, the sum of a growable arena's chunks, or the
 *                 usable part of the range an arena growing in place reserved
 * @param peak the largest {@code used} has been since the arena was created, across resets and
 *             frames
 * @param padding bytes lost to alignment padding since the arena was created (zero-size
 *                allocations included); {@code -1} on a shared arena, which does not count them
 * @param allocations allocations made since the arena was created; {@code -1} on a shared arena
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
