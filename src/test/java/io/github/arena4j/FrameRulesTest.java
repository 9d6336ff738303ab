package io.github.arena4j;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which frame may allocate: only the innermost open one. A closed frame refuses, and so does an
 * enclosing frame while a nested one is open (its slices would otherwise die with the nested
 * frame); the arena itself allocates in the innermost frame. Run on every confined kind.
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
    void anEnclosingFrameRefusesToAllocateWhileANestedOneIsOpen() {
        Arena arena = arena(1024);
        Frame outer = arena.frame();
        Frame middle = arena.frame();
        Frame inner = arena.frame();
        inner.allocate(3, 1);
        long used = arena.used();
        ArenaStatistics statistics = arena.statistics();

        assertThatThrownBy(() -> outer.allocate(8, 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("depth 1")
                .hasMessageContaining("3");
        assertThatThrownBy(() -> middle.allocateFrom("not here"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("depth 2")
                .hasMessageContaining("3");

        assertThat(arena.used()).isEqualTo(used);
        assertThat(arena.statistics()).isEqualTo(statistics);
        inner.close();
        assertThat(middle.allocate(8, 1).byteSize()).as("innermost again").isEqualTo(8);
        middle.close();
        outer.close();
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
