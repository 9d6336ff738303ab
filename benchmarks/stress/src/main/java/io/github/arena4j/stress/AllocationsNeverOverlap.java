package io.github.arena4j.stress;

import io.github.arena4j.Arena;
import io.github.arena4j.ArenaStatistics;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Two threads allocate at once, each a small block (from its own per-thread block) and a large
 * one (straight from the shared pointer), in opposite orders. Whatever the interleaving, the four
 * blocks are disjoint and aligned, and the arena's counters account for every byte: allocations,
 * requested bytes (used minus padding) and peak.
 */
@JCStressTest
@Description("Concurrent allocations never overlap, and every byte is accounted for")
@Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "disjoint, aligned, and accounted for")
@Outcome(id = "0, .*", expect = Expect.FORBIDDEN, desc = "two blocks overlap or one is misaligned")
@Outcome(id = ".*, 0", expect = Expect.FORBIDDEN, desc = "the statistics lost or invented bytes")
@State
public class AllocationsNeverOverlap {

    static final long SMALL = 24;
    static final long LARGE = 600; // above the largest block of a 4 KiB arena: a direct claim

    final Arena arena = Arena.builder().heap(4096).shared().countAllocations(true).build();
    final long base = arena.segment().address();
    long a1, a2, b1, b2;

    @Actor
    public void first() {
        a1 = arena.allocateOffset(SMALL, 8);
        a2 = arena.allocateOffset(LARGE, 8);
    }

    @Actor
    public void second() {
        b1 = arena.allocateOffset(LARGE, 8);
        b2 = arena.allocateOffset(SMALL, 8);
    }

    @Arbiter
    public void check(II_Result r) {
        long[][] blocks = {{a1, SMALL}, {a2, LARGE}, {b1, LARGE}, {b2, SMALL}};
        boolean disjoint = true;
        for (int i = 0; i < blocks.length; i++) {
            disjoint &= (base + blocks[i][0]) % 8 == 0;
            disjoint &= blocks[i][0] >= 0 && blocks[i][0] + blocks[i][1] <= arena.capacity();
            for (int j = i + 1; j < blocks.length; j++) {
                disjoint &= blocks[i][0] + blocks[i][1] <= blocks[j][0] || blocks[j][0] + blocks[j][1] <= blocks[i][0];
            }
        }
        r.r1 = disjoint ? 1 : 0;
        ArenaStatistics stats = arena.statistics();
        boolean accounted = stats.allocations() == 4
                && stats.used() - stats.padding() == 2 * (SMALL + LARGE)
                && stats.used() == arena.used()
                && stats.peak() == stats.used()
                && stats.used() <= arena.capacity();
        r.r2 = accounted ? 1 : 0;
    }
}
