package io.github.arena4j;

/**
 * A snapshot of what an {@link Arena} has done, from {@link Arena#statistics()}. Taking one costs
 * a few field reads, and every figure but {@code allocations} is always kept: they cost an
 * allocation nothing unless it needs alignment padding. Counting allocations costs a store on
 * every one, about a sixth of a small allocation's time, so an arena counts them only when built with
 * {@link Arena.Builder#countAllocations(boolean) countAllocations(true)}; otherwise
 * {@code allocations} is {@link #NOT_COUNTED}. On a shared arena, the counters are kept per thread
 * and summed when read: the snapshot is exact when no thread is allocating, and approximate while
 * threads allocate.
 *
 * @param used bytes consumed now, alignment padding included, over every chunk
 * @param reserved bytes reserved now: the blob's capacity, the sum of a growable arena's chunks, or the
 *                 usable part of the range an arena growing in place reserved
 * @param peak the largest {@code used} has been since the arena was created, across resets and
 *             frames
 * @param padding bytes consumed but not requested since the arena was created: alignment padding
 *                (zero-size allocations included) and, on a shared arena, the unused tails of
 *                per-thread blocks that threads gave up
 * @param allocations allocations made since the arena was created, or {@link #NOT_COUNTED} if the
 *                    arena does not count them
 * @param chunks chunks reserved now: 1 for a fixed arena and for one growing in place
 * @since 0.1.0
 */
public record ArenaStatistics(long used, long reserved, long peak, long padding, long allocations, int chunks) {

    /**
     * What {@link #allocations()} reports for an arena that was not built with
     * {@link Arena.Builder#countAllocations(boolean) countAllocations(true)}: {@value}.
     */
    public static final long NOT_COUNTED = -1;

    /** {@return whether {@link #allocations()} is a count}: false if the arena does not count them */
    public boolean countsAllocations() {
        return allocations != NOT_COUNTED;
    }

    @Override
    public String toString() {
        return "used=" + used + " reserved=" + reserved + " peak=" + peak + " padding=" + padding
                + (countsAllocations() ? " allocations=" + allocations : "") + " chunks=" + chunks;
    }
}
