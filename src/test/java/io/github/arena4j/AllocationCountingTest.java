package io.github.arena4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Allocations are counted only when asked for; every other statistic is kept either way. */
class AllocationCountingTest {

    record Backing(String name, Supplier<Arena.Builder> builder) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Backing> backings() {
        return List.of(
                new Backing("native", () -> Arena.builder().nativeMemory(4096)),
                new Backing("heap", () -> Arena.builder().heap(4096)),
                new Backing("wrapped", () -> Arena.builder().wrap(MemorySegment.ofArray(new long[512]))),
                new Backing("growable", () -> Arena.builder().nativeMemory(64).growth(Growth.chunked())),
                new Backing("growing in place", () -> Arena.builder().nativeMemory(4096).growth(Growth.inPlace())),
                new Backing("shared", () -> Arena.builder().nativeMemory(4096).shared()));
    }

    private static void allocateSome(Arena arena) {
        arena.allocate(1, 1);
        arena.allocate(8, 8); // 7 bytes of padding
        if (arena instanceof ConfinedArena) {
            Frame frame = arena.frame();
            frame.allocate(100, 4);
            frame.close();
        } else {
            arena.allocate(100, 4);
        }
        arena.allocate(0, 1);
    }

    @ParameterizedTest
    @MethodSource("backings")
    void aCountingArenaCountsEveryAllocation(Backing backing) {
        try (Arena arena = backing.builder().get().countAllocations(true).build()) {
            allocateSome(arena);
            ArenaStatistics statistics = arena.statistics();
            assertThat(statistics.countsAllocations()).isTrue();
            assertThat(statistics.allocations()).isEqualTo(4);
            assertThat(statistics.toString()).contains(" allocations=4 ");
            arena.reset();
            arena.allocate(8, 8);
            assertThat(arena.statistics().allocations()).isEqualTo(5);
        }
    }

    @ParameterizedTest
    @MethodSource("backings")
    void byDefaultAllocationsAreNotCountedButEverythingElseIs(Backing backing) {
        try (Arena arena = backing.builder().get().build();
             Arena counting = backing.builder().get().countAllocations(true).build()) {
            allocateSome(arena);
            allocateSome(counting);
            ArenaStatistics statistics = arena.statistics();
            ArenaStatistics counted = counting.statistics();

            assertThat(statistics.countsAllocations()).isFalse();
            assertThat(statistics.allocations()).isEqualTo(ArenaStatistics.NOT_COUNTED);
            assertThat(statistics.toString()).doesNotContain("allocations");
            assertThat(statistics.padding()).isEqualTo(counted.padding()).isPositive();
            assertThat(statistics.used()).isEqualTo(counted.used());
            assertThat(statistics.peak()).isEqualTo(counted.peak());
            assertThat(statistics.reserved()).isEqualTo(counted.reserved());
            assertThat(statistics.chunks()).isEqualTo(counted.chunks());
        }
    }

    @org.junit.jupiter.api.Test
    void theFactoriesAndScratchDoNotCount() {
        try (Arena fixed = Arena.ofNative(64); Arena heap = Arena.ofHeap(64); Arena shared = Arena.ofShared(64)) {
            for (Arena arena : List.of(fixed, heap, shared)) {
                arena.allocate(8, 8);
                assertThat(arena.statistics().allocations()).as(arena.toString()).isEqualTo(ArenaStatistics.NOT_COUNTED);
            }
        }
    }
}
