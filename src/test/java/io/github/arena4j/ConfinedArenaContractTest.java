package io.github.arena4j;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.function.Consumer;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every confined arena adds to the contract: an owner thread, frames, stale slices and
 * statistics; run against every confined kind in {@link ArenaKinds}.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.github.arena4j.ArenaKinds#confinedArenas")
class ConfinedArenaContractTest extends ArenaTestSupport.KindTest {

    ConfinedArenaContractTest(ArenaKinds.Kind kind) {
        super(kind);
    }

    /** {@return whether this kind makes stale slices throw} */
    final boolean detectsStaleSlices() {
        return kind.staleChecks();
    }

    /** {@return a long layout this kind can align} */
    ValueLayout.OfLong aLong() {
        return fit(ValueLayout.JAVA_LONG);
    }

    /** {@return an int layout this kind can align} */
    ValueLayout.OfInt anInt() {
        return fit(ValueLayout.JAVA_INT);
    }

    @Test
    void otherThreadsCannotAllocateResetCloseOrOpenFrames() {
        Arena arena = arena(1024);
        arena.allocate(10, 1);
        Frame frame = arena.frame();

        for (Consumer<Arena> call : List.<Consumer<Arena>>of(
                a -> a.allocate(8, 1), a -> a.allocateOffset(8, 1), Arena::segment,
                Arena::reset, Arena::close, Arena::frame, a -> frame.close())) {
            Throwable thrown = onAnotherThread(() -> call.accept(arena));
            assertThat(thrown).isInstanceOf(WrongThreadException.class).hasMessageContaining("owner=");
        }
        assertThat(arena.used()).isEqualTo(10);
        assertThat(arena.isOpen()).isTrue();
        assertThat(frame.isOpen()).isTrue();
    }

    @Test
    void staleSliceChecksAreReportedAsTheyAre() {
        assertThat(arena(64).hasStaleSliceChecks()).isEqualTo(detectsStaleSlices());
    }

    @Test
    void frameReleasesWhatWasAllocatedInsideIt() {
        Arena arena = arena(1024);
        MemorySegment before = arena.allocate(aLong());
        before.set(aLong(), 0, 11L);
        long mark = arena.used();

        try (Frame frame = arena.frame()) {
            frame.allocate(100, align(8));
            arena.allocate(anInt(), 10);
            assertThat(arena.used()).isGreaterThan(mark);
        }

        assertThat(arena.used()).isEqualTo(mark);
        assertThat(before.get(aLong(), 0)).isEqualTo(11L);
    }

    @Test
    void framesNestAndEachRewindsToItsOwnMark() {
        Arena arena = arena(4096);
        try (Frame outer = arena.frame()) {
            arena.allocate(100, 1);
            long outerUsed = arena.used();
            try (Frame inner = arena.frame()) {
                assertThat(inner.depth()).isEqualTo(outer.depth() + 1);
                arena.allocate(200, 1);
            }
            assertThat(arena.used()).isEqualTo(outerUsed);
        }
        assertThat(arena.used()).isZero();
    }

    @Test
    void memoryReleasedByAFrameIsHandedOutAgainAsZeros() {
        assumeTrue(kind.zeroing());
        Arena arena = arena(1024);
        long address;
        try (Frame frame = arena.frame()) {
            MemorySegment dirty = frame.allocate(kind.boundedAtCapacity() ? 512 : 32, align(8));
            dirty.fill((byte) 0xCD);
            address = dirty.address();
        }

        MemorySegment again = arena.allocate(kind.boundedAtCapacity() ? 512 : 32, align(8));

        assertThat(again.address()).isEqualTo(address);
        assertThat(again.toArray(JAVA_BYTE)).containsOnly((byte) 0);
    }

    @Test
    void closingAnOuterFrameWhileAnInnerIsOpenIsDetectedAndChangesNothing() {
        Arena arena = arena(1024);
        Frame outer = arena.frame();
        arena.allocate(10, 1);
        Frame inner = arena.frame();
        MemorySegment innerSlice = arena.allocate(aLong());
        innerSlice.set(aLong(), 0, 5L);
        long used = arena.used();

        assertThatThrownBy(outer::close)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Frame closed out of order: closing the frame at depth 1 while 1 frame(s) opened"
                        + " after it are still open (innermost depth=2); close frames in reverse order of opening"
                        + " arena=" + arena.name());

        assertThat(arena.used()).isEqualTo(used);
        assertThat(outer.isOpen()).isTrue();
        assertThat(innerSlice.get(aLong(), 0)).isEqualTo(5L);
        inner.close();
        outer.close();
        assertThat(arena.used()).isZero();
    }

    @Test
    void closingAFrameTwiceThrowsAsAJdkArenaDoesAndLeavesLaterFramesAlone() {
        Arena arena = arena(1024);
        Frame first = arena.frame();
        first.close();
        Frame second = arena.frame();
        arena.allocate(16, 1);

        // must not close `second`, which now has the same depth
        assertThatThrownBy(first::close).isInstanceOf(IllegalStateException.class)
                .hasMessage("Already closed: the frame at depth 1 was closed arena=" + arena.name());

        assertThat(second.isOpen()).isTrue();
        assertThat(arena.used()).isEqualTo(16);
        second.close();
    }

    @Test
    void resetWithAnOpenFrameIsRejectedAndChangesNothing() {
        Arena arena = arena(1024);
        arena.allocate(8, 1);
        Frame frame = arena.frame();
        arena.allocate(8, 1);

        assertThatThrownBy(arena::reset)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Cannot reset with 1 open frame(s): close them first, or close the arena arena=" + arena.name());

        assertThat(arena.used()).isEqualTo(16);
        frame.close();
        arena.reset();
        assertThat(arena.used()).isZero();
    }

    @Test
    void closingTheArenaEndsItsFrames() {
        Arena arena = kind.newArena(1024, resources());
        Frame outer = arena.frame();
        Frame inner = arena.frame();

        arena.close();

        assertThat(inner.isOpen()).isFalse();
        assertThat(outer.isOpen()).isFalse();
        outer.close(); // no-op, in any order
        inner.close();
        assertThatThrownBy(arena::frame).isInstanceOf(IllegalStateException.class).hasMessage("Already closed: arena=" + arena.name());
    }

    @Test
    void aSliceFromAClosedFrameThrowsOrAliasesAsDocumented() {
        Arena arena = arena(1024);
        MemorySegment stale;
        try (Frame frame = arena.frame()) {
            stale = frame.allocate(aLong());
            stale.set(aLong(), 0, 1L);
        }
        MemorySegment fresh = arena.allocate(aLong());
        fresh.set(aLong(), 0, 2L);

        if (detectsStaleSlices()) {
            assertThatThrownBy(() -> stale.get(aLong(), 0)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> stale.set(aLong(), 0, 3L)).isInstanceOf(IllegalStateException.class);
            assertThat(fresh.get(aLong(), 0)).isEqualTo(2L);
        } else {
            // Heap and wrapped blobs cannot be revoked: the stale slice sees the new data.
            assertThat(stale.address()).isEqualTo(fresh.address());
            assertThat(stale.get(aLong(), 0)).isEqualTo(2L);
        }
    }

    @Test
    void aSliceFromBeforeAResetThrowsOrAliasesAsDocumented() {
        Arena arena = arena(1024);
        MemorySegment stale = arena.allocate(aLong());

        arena.reset();
        MemorySegment fresh = arena.allocate(aLong());
        fresh.set(aLong(), 0, 7L);

        if (detectsStaleSlices()) {
            assertThatThrownBy(() -> stale.get(aLong(), 0))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
        } else {
            assertThat(stale.get(aLong(), 0)).isEqualTo(7L);
        }
    }

    @Test
    void slicesOfEnclosingFramesSurviveAnInnerFrame() {
        Arena arena = arena(1024);
        MemorySegment arenaLevel = arena.allocate(aLong());
        arenaLevel.set(aLong(), 0, 1L);
        try (Frame outer = arena.frame()) {
            MemorySegment outerSlice = outer.allocate(aLong());
            outerSlice.set(aLong(), 0, 2L);
            try (Frame inner = arena.frame()) {
                inner.allocate(aLong()).set(aLong(), 0, 3L);
            }
            assertThat(outerSlice.get(aLong(), 0)).isEqualTo(2L);
            outerSlice.set(aLong(), 0, 4L);
        }
        assertThat(arenaLevel.get(aLong(), 0)).isEqualTo(1L);
    }

    @Test
    void aFrameIsASegmentAllocatorForItsArena() {
        Arena arena = arena(1024);
        try (Frame frame = arena.frame()) {
            MemorySegment text = frame.allocateFrom("frame");

            assertThat(text.getString(0)).isEqualTo("frame");
            assertThat(frame.arena()).isSameAs(arena);
            assertThat(frame.toString()).contains("depth=1");
        }
    }

    @Test
    void exhaustionInsideAFrameLosesNothing() {
        assumeBoundedAtCapacity();
        Arena arena = arena(256);
        try (Frame frame = arena.frame()) {
            MemorySegment kept = frame.allocate(aLong());
            kept.set(aLong(), 0, 9L);

            assertThatThrownBy(() -> frame.allocate(1000, 1)).isInstanceOf(ArenaExhaustedException.class);

            assertThat(kept.get(aLong(), 0)).isEqualTo(9L);
        }
        assertThat(arena.used()).isZero();
    }

    @Test
    void statisticsCountAllocationsPaddingAndThePeakAcrossResets() {
        Arena arena = arena(1024);
        long alignment = align(8);
        arena.allocate(1, 1);
        arena.allocate(8, alignment);
        long used = arena.used();

        ArenaStatistics first = arena.statistics();
        assertThat(first.allocations()).isEqualTo(counted(arena, 2));
        assertThat(first.used()).isEqualTo(used);
        assertThat(first.padding()).isEqualTo(used - 9);
        assertThat(first.reserved()).isEqualTo(kind.initialCapacity(1024));
        assertThat(first.chunks()).isOne();
        assertThat(first.peak()).isEqualTo(used);

        arena.reset();
        arena.allocate(4, 1);
        try (Frame frame = arena.frame()) {
            frame.allocate(2, 1);
        }

        ArenaStatistics second = arena.statistics();
        assertThat(second.allocations()).isEqualTo(counted(arena, 4));
        assertThat(second.used()).isEqualTo(4);
        assertThat(second.peak()).isEqualTo(Math.max(used, 6));
        assertThat(second.padding()).isEqualTo(used - 9);
        assertThat(second.toString()).isEqualTo("used=4 reserved=" + kind.initialCapacity(1024) + " peak=" + Math.max(used, 6)
                + " padding=" + (used - 9) + (second.countsAllocations() ? " allocations=4" : "") + " chunks=1");

        arena.close();
        assertThat(arena.statistics().used()).isZero();
        assertThat(arena.statistics().allocations()).isEqualTo(counted(arena, 4));
    }

    @Test
    void aSegmentFromBeforeAResetThrowsOrAliasesAsDocumented() {
        assumeTrue(kind.oneBlob());
        Arena arena = arena(1024);
        MemorySegment stale = arena.segment();
        long block = arena.allocateOffset(8, 1);

        arena.reset();
        assertThat(arena.allocateOffset(8, 1)).isEqualTo(block);
        arena.segment().set(JAVA_LONG_UNALIGNED, block, 7L);

        if (detectsStaleSlices()) {
            assertThatThrownBy(() -> stale.get(JAVA_LONG_UNALIGNED, block))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
        } else {
            assertThat(stale.get(JAVA_LONG_UNALIGNED, block)).isEqualTo(7L);
        }
    }

    @Test
    void aSegmentTakenInsideAFrameLivesAsLongAsTheFrame() {
        assumeTrue(kind.oneBlob());
        Arena arena = arena(1024);
        MemorySegment outside = arena.segment();
        long kept = arena.allocateOffset(8, 1);
        MemorySegment inside;
        long block;
        try (Frame frame = arena.frame()) {
            inside = arena.segment();
            block = arena.allocateOffset(8, 1);
            inside.set(JAVA_LONG_UNALIGNED, block, 5L);
            assertThat(frame.arena().used()).isEqualTo(block + 8);
        }

        assertThat(arena.used()).isEqualTo(kept + 8);
        outside.set(JAVA_LONG_UNALIGNED, kept, 6L);
        assertThat(arena.segment().get(JAVA_LONG_UNALIGNED, kept)).isEqualTo(6L);
        if (arena.staleSliceChecks() == StaleSliceChecks.ON_RELEASE) {
            assertThatThrownBy(() -> inside.get(JAVA_LONG_UNALIGNED, block)).isInstanceOf(IllegalStateException.class);
        } else if (arena.staleSliceChecks() == StaleSliceChecks.ON_REUSE) {
            // quarantined: its own bytes until the memory is reused, then it throws
            assertThat(inside.get(JAVA_LONG_UNALIGNED, block)).isEqualTo(5L);
            arena.allocateOffset(8, 1);
            assertThatThrownBy(() -> inside.get(JAVA_LONG_UNALIGNED, block)).isInstanceOf(IllegalStateException.class);
        } else {
            // unchecked: it still reaches the memory, which is released (and, when zeroing, cleared in
            // a later batch) but not reused yet
            assertThat(inside.get(JAVA_LONG_UNALIGNED, block)).isIn(0L, 5L);
        }
    }

    @Test
    void statisticsCountOffsetsLikeSlices() {
        assumeTrue(kind.oneBlob());
        Arena arena = arena(1024);
        long alignment = align(8);
        arena.allocateOffset(1, 1);
        arena.allocateOffset(8, alignment);
        arena.allocate(3, 1);

        ArenaStatistics statistics = arena.statistics();
        assertThat(statistics.allocations()).isEqualTo(counted(arena, 3));
        assertThat(statistics.used()).isEqualTo(arena.used());
        assertThat(statistics.padding()).isEqualTo(arena.used() - 12);
    }

    @Test
    void paddingStaysConsistentWhenTheArenaCloses() {
        Arena arena = arena(1024);
        arena.allocate(3, 1);
        arena.allocate(8, align(8));
        ArenaStatistics open = arena.statistics();
        assertThat(open.padding()).isEqualTo(open.used() - 11).isNotNegative();

        arena.close();

        ArenaStatistics closed = arena.statistics();
        assertThat(closed.padding()).as("padding is history: closing adds none and takes none").isEqualTo(open.padding());
        assertThat(closed.allocations()).isEqualTo(counted(arena, 2));
        assertThat(closed.peak()).isGreaterThanOrEqualTo(open.used());
    }

    @Test
    void aResetThatThrowsChangesNoStatistic() {
        Arena arena = arena(1024);
        arena.allocate(3, 1);
        try (Frame frame = arena.frame()) {
            frame.allocate(5, 1);
            ArenaStatistics before = arena.statistics();

            assertThatThrownBy(arena::reset).isInstanceOf(IllegalStateException.class);

            assertThat(arena.statistics()).isEqualTo(before);
        }
    }

    /** {@return {@code count}, or what an arena that does not count allocations reports instead} */
    private static long counted(Arena arena, long count) {
        return arena.statistics().countsAllocations() ? count : ArenaStatistics.NOT_COUNTED;
    }
}
