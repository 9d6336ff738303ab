package io.github.arena4j;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which frame may allocate: every open one, as nested JDK arenas can, each slice living until its
 * own frame closes; a closed frame refuses; the arena itself allocates in the innermost frame.
 * Run on every confined kind.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.github.arena4j.ArenaKinds#confinedArenas")
class FrameRulesTest extends ArenaTestSupport.KindTest {

    FrameRulesTest(ArenaKinds.Kind kind) {
        super(kind);
    }

    @Test
    void aClosedFrameRefusesToAllocateAndChangesNothing() {
        Arena arena = arena(1024);
        arena.allocate(5, 1);
        Frame frame = arena.frame();
        frame.allocate(7, 1);
        frame.close();
        ArenaStatistics statistics = arena.statistics();

        assertThatThrownBy(() -> frame.allocate(8, 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> frame.allocate(0, 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> frame.allocateFrom("closed")).isInstanceOf(IllegalStateException.class);

        assertThat(arena.used()).isEqualTo(5);
        assertThat(arena.statistics()).isEqualTo(statistics);
    }

    @Test
    void aClosedFrameRefusesEvenWhenAnotherFrameIsOpenAtItsDepth() {
        Arena arena = arena(1024);
        Frame first = arena.frame();
        first.close();
        Frame second = arena.frame();
        second.allocate(4, 1);
        long used = arena.used();

        assertThatThrownBy(() -> first.allocate(8, 1)).isInstanceOf(IllegalStateException.class);

        assertThat(arena.used()).isEqualTo(used);
        second.close();
    }

    @Test
    void anEnclosingFrameAllocatesWhileANestedOneIsOpenAsNestedJdkArenasDo() {
        Arena arena = arena(4096);
        try (java.lang.foreign.Arena outer = arena.frame()) {
            MemorySegment result;
            try (java.lang.foreign.Arena inner = arena.frame()) {
                inner.allocate(16, 1).fill((byte) 1);
                result = outer.allocate(16, 1);
                result.fill((byte) 2);
            }
            assertThat(result.toArray(JAVA_BYTE)).as("the outer frame's slice outlives the inner frame")
                    .containsOnly((byte) 2);
            assertThat(arena.used()).as("the inner frame's memory stays pinned below it").isEqualTo(32);
            MemorySegment more = outer.allocate(8, 1);
            more.fill((byte) 3);
            assertThat(result.toArray(JAVA_BYTE)).containsOnly((byte) 2);
            assertThat(more.toArray(JAVA_BYTE)).containsOnly((byte) 3);
        }
        assertThat(arena.used()).isZero();
        assertThat(arena.remaining()).isEqualTo(arena.capacity());
    }

    @Test
    void allocationsInterleavedAcrossThreeFramesLiveUntilTheirOwnFrameCloses() {
        Arena arena = arena(8192);
        MemorySegment kept = arena.allocate(8, 1);
        kept.fill((byte) 9);
        long used = arena.used();
        Frame one = arena.frame();
        Frame two = arena.frame();
        Frame three = arena.frame();
        Frame[] frames = {one, two, three};
        List<List<MemorySegment>> slices = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int round = 0; round < 12; round++) {
            int which = (round * 7 + 2) % 3;
            long alignment = Math.min(1 << (round % 4), kind.maxAlignment());
            MemorySegment slice = frames[which].allocate(8 + round, alignment);
            assertThat(slice.address() % alignment).isZero();
            slice.fill((byte) (which + 1));
            slices.get(which).add(slice);
        }
        three.close();
        assertContents(slices.get(0), (byte) 1);
        assertContents(slices.get(1), (byte) 2);
        MemorySegment late = two.allocate(32, Math.min(8, kind.maxAlignment()));
        late.fill((byte) 2);
        slices.get(1).add(late);
        assertContents(slices.get(0), (byte) 1);
        two.close();
        assertContents(slices.get(0), (byte) 1);
        MemorySegment last = one.allocate(64, Math.min(16, kind.maxAlignment()));
        last.fill((byte) 1);
        slices.get(0).add(last);
        assertContents(slices.get(0), (byte) 1);
        one.close();
        assertThat(arena.used()).isEqualTo(used);
        assertThat(kept.toArray(JAVA_BYTE)).containsOnly((byte) 9);
        if (kind.staleChecks()) {
            for (List<MemorySegment> closed : slices) {
                for (MemorySegment slice : closed) {
                    arena.allocate(slice.byteSize(), 1).fill((byte) 7); // may reuse the released memory
                    assertThatStaleSliceSeesNoNewerData(slice);
                }
            }
        }
    }

    private static void assertContents(List<MemorySegment> slices, byte value) {
        for (MemorySegment slice : slices) {
            assertThat(slice.toArray(JAVA_BYTE)).as("a slice of a frame still open").containsOnly(value);
        }
    }

    /** A stale slice either throws or still holds its own bytes: it never sees a newer allocation's. */
    private static void assertThatStaleSliceSeesNoNewerData(MemorySegment stale) {
        try {
            assertThat(stale.toArray(JAVA_BYTE)).doesNotContain((byte) 7);
        } catch (IllegalStateException released) {
            // the checks at work
        }
    }

    @Test
    void anEmptyAllocationThroughAnEnclosingFrameOverClosedChildrenKeepsTheAccountsRight() {
        Arena arena = arena(1024);
        long before = arena.used();
        Frame outer = arena.frame();
        Frame middle = arena.frame();
        Frame inner = arena.frame();
        inner.allocate(5, 1);
        inner.close(); // its memory may be quarantined on top of the middle frame
        outer.allocate(0, 1); // pins the middle frame, over the closed child
        middle.close();
        outer.allocate(3, 1);
        assertThat(arena.used()).isGreaterThanOrEqualTo(before + 3);
        outer.close();
        assertThat(arena.used()).isEqualTo(before);
        assertThat(arena.remaining()).isEqualTo(arena.capacity() - before);
    }

    @Test
    void anEnclosingFrameThatAllocatesAfterAnInnerFrameClosedReusesItsMemory() {
        Arena arena = arena(1024);
        try (Frame outer = arena.frame()) {
            outer.allocate(8, 1);
            try (Frame inner = arena.frame()) {
                inner.allocate(100, 1);
            }
            outer.allocate(8, 1);
            assertThat(arena.used()).isEqualTo(16);
        }
    }

    @Test
    void theArenaAllocatesInTheInnermostFrame() {
        Arena arena = arena(1024);
        MemorySegment kept = arena.allocate(8, 1);
        long used;
        try (Frame outer = arena.frame()) {
            outer.allocate(8, 1);
            used = arena.used();
            try (Frame inner = arena.frame()) {
                MemorySegment temporary = arena.allocate(100, 1);
                assertThat(inner.depth()).isEqualTo(2);
                temporary.fill((byte) 1);
                assertThat(arena.used()).isGreaterThan(used);
            }
            assertThat(arena.used()).as("released with the inner frame").isEqualTo(used);
        }
        assertThat(arena.used()).isEqualTo(8);
        kept.set(JAVA_BYTE, 0, (byte) 2);
    }

    @Test
    void framesOfAClosedArenaRefuse() {
        Arena arena = kind.newArena(1024, resources());
        Frame frame = arena.frame();
        arena.close();

        assertThatThrownBy(() -> frame.allocate(8, 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aFrameOfAnotherArenaIsNotConfused() {
        Arena one = arena(256);
        Arena two = arena(256);
        Frame frameOfOne = one.frame();
        Frame frameOfTwo = two.frame();

        frameOfOne.allocate(8, 1);
        frameOfTwo.allocate(16, 1);

        assertThat(one.used()).isEqualTo(8);
        assertThat(two.used()).isEqualTo(16);
        frameOfTwo.close();
        frameOfOne.close();
    }
}
