package io.github.arena4j;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What only growable arenas do: chunks, retention, budgets. Their contract runs on the growable
 * kinds of {@link ArenaKinds} (tiny chunks with and without a budget, and at a budget equal to the
 * first chunk, where the fixed-arena contract holds).
 */
class GrowableArenaTest {

    private static Arena growable(long first, double factor, long maxChunk) {
        return Arena.builder().nativeMemory(first).growth(Growth.chunked(factor, maxChunk)).countAllocations(true).build();
    }

    @Test
    void aFullChunkChainsANewOneInsteadOfFailing() {
        try (Arena arena = growable(1024, 2.0, 1 << 20)) {
            List<MemorySegment> slices = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                MemorySegment slice = arena.allocate(100, 8);
                slice.fill((byte) i);
                slices.add(slice);
            }

            ArenaStatistics stats = arena.statistics();
            // 104-byte strides: 9 fit in 1 KiB, 19 in 2 KiB, 39 in 4 KiB, the last 33 in 8 KiB.
            assertThat(stats.chunks()).isEqualTo(4);
            assertThat(stats.reserved()).isEqualTo(1024 + 2048 + 4096 + 8192);
            assertThat(arena.capacity()).isEqualTo(stats.reserved());
            assertThat(stats.allocations()).isEqualTo(100);
            for (int i = 0; i < 100; i++) {
                assertThat(slices.get(i).toArray(JAVA_BYTE)).containsOnly((byte) i);
            }
        }
    }

    @Test
    void chunksGrowByTheFactorUpToTheMaximum() {
        try (Arena arena = growable(1000, 1.5, 2000)) {
            arena.allocate(1000, 1);
            arena.allocate(1, 1); // chunk 2: 1500
            assertThat(arena.capacity()).isEqualTo(2500);
            arena.allocate(1499, 1);
            arena.allocate(1, 1); // chunk 3: 2250 capped to 2000
            assertThat(arena.capacity()).isEqualTo(4500);
            arena.allocate(1999, 1);
            arena.allocate(1, 1); // chunk 4: the maximum again
            assertThat(arena.capacity()).isEqualTo(6500);
        }
    }

    @Test
    void aRequestAboveTheMaximumChunkGetsADedicatedChunkThatInflatesNothing() {
        try (Arena arena = growable(1024, 2.0, 4096)) {
            MemorySegment small = arena.allocate(16, 8);

            MemorySegment huge = arena.allocate(100_000, 64);
            MemorySegment next = arena.allocate(16, 8);

            assertThat(huge.byteSize()).isEqualTo(100_000);
            assertThat(huge.address() % 64).isZero();
            assertThat(next.address()).as("the current chunk is not stranded").isEqualTo(small.address() + 16);
            assertThat(arena.statistics().chunks()).isEqualTo(2);
            long reservedWithHuge = arena.capacity();

            arena.allocate(1024 - 32, 1); // fill chunk 1
            arena.allocate(8, 1);         // chunk 3 is a normal one: 2048, not twice the huge one

            assertThat(arena.capacity() - reservedWithHuge).isEqualTo(2048);
            assertThat(arena.used()).isEqualTo(1024 + 8 + huge.byteSize() + (arena.used() - 1024 - 8 - 100_000));
        }
    }

    @Test
    void resetKeepsTheLargestChunkFreesTheRestAndHandsOutZeros() {
        try (Arena arena = growable(1024, 2.0, 1 << 20)) {
            List<MemorySegment> old = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                MemorySegment slice = arena.allocate(100, 8);
                slice.fill((byte) 0x77);
                old.add(slice);
            }
            assertThat(arena.statistics().chunks()).isEqualTo(3); // 9 + 19 + 32 of 39 slices

            arena.reset();

            assertThat(arena.statistics().chunks()).isOne();
            assertThat(arena.capacity()).isEqualTo(4096);
            assertThat(arena.used()).isZero();
            MemorySegment all = arena.allocate(4096, 1);
            assertThat(all.toArray(JAVA_BYTE)).containsOnly((byte) 0);
            assertThat(arena.statistics().chunks()).isOne();
            for (MemorySegment stale : old) {
                assertThatThrownBy(() -> stale.get(JAVA_BYTE, 0)).isInstanceOf(IllegalStateException.class);
            }
        }
    }

    @Test
    void resetKeepsAtMostTheRetentionLimit() {
        try (Arena arena = Arena.builder().nativeMemory(1024).growth(Growth.chunked()).retainOnReset(3000).build()) {
            arena.allocate(1024, 1);
            arena.allocate(2048, 1);
            arena.allocate(4096, 1); // chunks of 1, 2 and 4 KiB

            arena.reset();
            assertThat(arena.capacity()).isEqualTo(2048); // the largest at most 3000

            arena.allocate(2048, 1);
            arena.allocate(8192, 1);
            arena.reset();
            assertThat(arena.capacity()).isLessThanOrEqualTo(3000);
        }
        try (Arena arena = Arena.builder().nativeMemory(4096).growth(Growth.chunked()).retainOnReset(1000).build()) {
            arena.allocate(4096, 1);
            arena.reset(); // no chunk within the limit: start over with a first chunk capped at it
            assertThat(arena.capacity()).isEqualTo(1000);
            assertThat(arena.allocate(5000, 1).byteSize()).isEqualTo(5000);
        }
    }

    @Test
    void closeFreesEveryChunk() {
        Arena arena = Arena.builder().nativeMemory(256).growth(Growth.chunked()).staleSliceChecks(StaleSliceChecks.NONE).build();
        List<MemorySegment> slices = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            slices.add(arena.allocate(100, 8));
        }
        slices.add(arena.allocate(Growth.DEFAULT_MAX_CHUNK_SIZE + 1, 8)); // dedicated

        arena.close();

        assertThat(arena.capacity()).isEqualTo(256);
        for (MemorySegment slice : slices) {
            assertThat(slice.scope().isAlive()).isFalse();
        }
    }

    @Test
    void aFrameFreesTheChunksReservedInsideIt() {
        try (Arena arena = Arena.builder().nativeMemory(1024).growth(Growth.chunked()).staleSliceChecks(StaleSliceChecks.NONE).build()) {
            MemorySegment before = arena.allocate(JAVA_LONG);
            before.set(JAVA_LONG, 0, 1L);
            long used = arena.used();
            MemorySegment inside;
            try (Frame frame = arena.frame()) {
                for (int i = 0; i < 50; i++) {
                    frame.allocate(100, 8).fill((byte) 1);
                }
                inside = frame.allocate(JAVA_LONG);
                assertThat(arena.statistics().chunks()).isGreaterThan(1);
            }

            assertThat(arena.statistics().chunks()).isOne();
            assertThat(arena.capacity()).isEqualTo(1024);
            assertThat(arena.used()).isEqualTo(used);
            assertThat(before.get(JAVA_LONG, 0)).isEqualTo(1L);
            assertThat(inside.scope().isAlive()).as("its chunk was freed").isFalse();
            assertThat(arena.allocate(1024 - used, 1).toArray(JAVA_BYTE)).containsOnly((byte) 0);
        }
    }

    @Test
    void theBudgetCountsEveryChunkAndShrinksTheLastOne() {
        try (Arena arena = Arena.builder().nativeMemory(1024).growth(Growth.chunked()).budget(3000).build()) {
            MemorySegment kept = arena.allocate(1000, 8);
            kept.fill((byte) 5);
            arena.allocate(1500, 8); // next normal chunk would be 2048; the budget leaves 1976

            assertThat(arena.capacity()).isEqualTo(3000);
            long used = arena.used();

            assertThatThrownBy(() -> arena.allocate(600, 8))
                    .isInstanceOfSatisfying(ArenaExhaustedException.class, e -> {
                        assertThat(e.budget()).isEqualTo(3000);
                        assertThat(e.capacity()).isEqualTo(3000);
                        assertThat(e.used()).isEqualTo(used);
                    })
                    .hasMessage("Arena budget exceeded: size=600 alignment=8 used=" + used + " capacity=3000 budget=3000"
                            + " arena=" + arena.name());

            assertThat(arena.used()).isEqualTo(used);
            assertThat(kept.toArray(JAVA_BYTE)).containsOnly((byte) 5);
            assertThat(arena.allocate(arena.remaining(), 1).byteSize()).isEqualTo(3000 - 1024 - 1500);
        }
    }

    @Test
    void aDedicatedChunkBeyondTheBudgetIsRefused() {
        try (Arena arena = Arena.builder().heap(1024).growth(Growth.chunked(2.0, 4096)).budget(50_000).build()) {
            assertThatThrownBy(() -> arena.allocate(60_000, 8))
                    .isInstanceOf(ArenaExhaustedException.class)
                    .hasMessageContaining("budget=50000");
            assertThat(arena.statistics().chunks()).isOne();
            assertThat(arena.allocate(40_000, 8).byteSize()).isEqualTo(40_000);
        }
    }

    @Test
    void badGrowthSettingsAreRejected() {
        assertThatThrownBy(() -> Arena.builder().nativeMemory(64).growth(Growth.chunked(0.5, 1024)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Invalid growth factor: 0.5");
        assertThatThrownBy(() -> Arena.builder().nativeMemory(64).growth(Growth.chunked(Double.NaN, 1024)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Arena.builder().nativeMemory(64).growth(Growth.chunked(2, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Invalid maximum chunk size: 0");
        assertThatThrownBy(() -> Arena.builder().nativeMemory(4096).growth(Growth.chunked(2, 1024)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Maximum chunk size smaller than the first chunk: maxChunkSize=1024 capacity=4096");
        assertThatThrownBy(() -> Arena.builder().nativeMemory(4096).budget(1000).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Budget smaller than the first blob: budget=1000 capacity=4096");
        assertThatThrownBy(() -> Arena.builder().wrap(MemorySegment.ofArray(new long[8])).budget(32).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Budget smaller than the first blob: budget=32 capacity=64");
        assertThatThrownBy(() -> Arena.builder().nativeMemory(64).budget(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Arena.builder().nativeMemory(64).retainOnReset(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Arena.builder().nativeMemory(64).shared().growth(Growth.chunked()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("shared");
        assertThatThrownBy(() -> Arena.builder().wrap(MemorySegment.ofArray(new long[8])).growth(Growth.chunked()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("wrapped");
    }

    @Test
    void toStringShowsTheChunks() {
        try (Arena arena = growable(64, 2, 1024)) {
            arena.allocate(100, 1);
            assertThat(arena.toString()).contains("chunks=2", "capacity=192");
        }
    }

    /**
     * Requests no memory can satisfy are exhaustion, as on a fixed arena: never an
     * {@link OutOfMemoryError} (an Error that callers catching the arena's exception miss) nor a
     * heap-capacity {@link IllegalArgumentException}; the numbers are in the exception, and a
     * budget appears in the message only if one was set. Nothing is reserved.
     */
    @Test
    void impossibleRequestsAreExhaustionWithTheirNumbers() {
        try (Arena nativeArena = Arena.builder().nativeMemory(1024).growth(Growth.chunked()).build();
             Arena heapArena = Arena.builder().heap(1024).growth(Growth.chunked()).build()) {
            for (Arena arena : List.of(nativeArena, heapArena)) {
                arena.allocate(5, 1);
                ArenaStatistics before = arena.statistics();
                long[][] requests = {{Long.MAX_VALUE - 100, 1}, {Long.MAX_VALUE, 2}, {8, 1L << 62}, {1L << 40, 8}};
                for (long[] request : requests) {
                    long size = request[0];
                    long alignment = request[1];
                    if (arena == nativeArena && size == 1L << 40 || arena == heapArena && alignment > 8) {
                        continue; // a TiB of native memory may exist; the heap refuses such alignments as bad arguments
                    }
                    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> arena.allocate(size, alignment));

                    assertThat(thrown).as(arena + " allocate(" + size + ", " + alignment + ")")
                            .isInstanceOf(ArenaExhaustedException.class)
                            .hasMessageContaining("size=" + size + " alignment=" + alignment);
                    assertThat(thrown.getMessage()).doesNotContain("budget=");
                    assertThat(((ArenaExhaustedException) thrown).requestedSize()).isEqualTo(size);
                    assertThat(((ArenaExhaustedException) thrown).requestedAlignment()).isEqualTo(alignment);
                    assertThat(arena.statistics()).isEqualTo(before);
                }
            }
        }
    }

    /**
     * A frame whose first allocation needed a dedicated chunk, then a nested frame with a small
     * allocation in the current chunk: closing both returns exactly to where the arena was. (Found
     * by the property tests, shrunk from a 41-step program; the arena reported used=-8.)
     */
    @Test
    void framesOverADedicatedChunkRewindExactly() {
        try (Arena arena = Arena.builder().nativeMemory(64).growth(Growth.chunked(2.0, 256)).build()) {
            arena.allocate(5, 1);
            try (Frame outer = arena.frame()) {
                outer.allocate(304, 8); // above the maximum chunk: a dedicated chunk
                long used = arena.used();
                try (Frame inner = arena.frame()) {
                    inner.allocate(8, 8);
                }
                assertThat(arena.used()).as("the inner frame rewinds to its mark").isEqualTo(used);
            }
            assertThat(arena.used()).as("the outer frame rewinds to its mark").isEqualTo(5);
            assertThat(arena.statistics().padding()).isNotNegative();
            assertThat(arena.allocate(59, 1).byteSize()).isEqualTo(59);
        }
    }

    @Test
    void anImpossibleRequestUnderABudgetSaysBudget() {
        try (Arena arena = Arena.builder().nativeMemory(64).growth(Growth.chunked()).budget(1024).build()) {
            assertThatThrownBy(() -> arena.allocate(Long.MAX_VALUE - 100, 1))
                    .isInstanceOf(ArenaExhaustedException.class)
                    .hasMessageContaining("budget=1024");
        }
    }
}
