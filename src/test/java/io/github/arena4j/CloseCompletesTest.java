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
 * A close completes even when a cleanup action attached to the scope it ends throws, exactly as a
 * JDK arena's does: the frame is popped, its memory released and the statistics right, or the
 * arena's blob freed; then the first exception propagates, later ones suppressed, and a second
 * close behaves as for any closed frame or arena. Run on every confined kind.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.github.arena4j.ArenaKinds#confinedArenas")
class CloseCompletesTest extends ArenaTestSupport.KindTest {

    CloseCompletesTest(ArenaKinds.Kind kind) {
        super(kind);
    }

    /** Attaches a cleanup action to {@code arena}'s scope that throws {@code failure} when it runs. */
    @SuppressWarnings("restricted")
    private static void attachThrowing(java.lang.foreign.Arena arena, RuntimeException failure, List<String> ran) {
        MemorySegment.ofAddress(42).reinterpret(1, arena, ignored -> {
            ran.add(failure.getMessage());
            throw failure;
        });
    }

    @Test
    void aFrameWhoseCleanupThrowsIsClosedAndItsMemoryReleased() {
        Arena arena = arena(1024);
        arena.allocate(8, 1);
        long before = arena.used();
        ArenaStatistics statistics = arena.statistics();
        List<String> ran = new ArrayList<>();
        Frame frame = arena.frame();
        frame.allocate(100, 1);
        attachThrowing(frame, new IllegalArgumentException("first"), ran);
        attachThrowing(frame, new IllegalStateException("second"), ran);

        assertThatThrownBy(frame::close)
                .satisfies(thrown -> {
                    assertThat(thrown.getMessage()).isIn("first", "second");
                    assertThat(thrown.getSuppressed()).hasSize(1);
                });

        assertThat(ran).containsExactlyInAnyOrder("first", "second");
        assertThat(frame.isOpen()).isFalse();
        assertThat(frame.scope().isAlive()).isFalse();
        assertThat(arena.used()).isEqualTo(before);
        assertThat(arena.statistics().padding()).isGreaterThanOrEqualTo(statistics.padding());
        assertThatThrownBy(frame::close).isInstanceOf(IllegalStateException.class);
        try (Frame next = arena.frame()) {
            assertThat(next.depth()).as("the frame was popped").isEqualTo(1);
            next.allocate(16, 1);
        }
        assertThat(arena.used()).isEqualTo(before);
    }

    /** {@return whether the arena owns native memory, which its close frees} */
    private boolean ownsNativeBlob() {
        return kind.nativeSlices() && !kind.name().contains("wrapped") && !kind.name().contains("slice of");
    }

    @Test
    void anArenaWhoseLifetimeCleanupThrowsIsClosedAndItsBlobFreed() {
        Arena arena = arena(1024);
        MemorySegment slice = arena.allocate(8, 1);
        List<String> ran = new ArrayList<>();
        attachThrowing(arena.lifetime(), new IllegalArgumentException("lifetime"), ran);

        assertThatThrownBy(arena::close).isInstanceOf(IllegalArgumentException.class).hasMessage("lifetime");

        assertThat(ran).containsExactly("lifetime");
        assertThat(arena.isOpen()).isFalse();
        assertThat(arena.used()).isZero();
        assertThatThrownBy(() -> arena.allocate(8, 1)).isInstanceOf(IllegalStateException.class);
        if (ownsNativeBlob()) {
            assertThatThrownBy(() -> slice.set(JAVA_BYTE, 0, (byte) 7)).as("the blob is freed")
                    .isInstanceOf(IllegalStateException.class);
        }
        arena.close(); // closing again does nothing
    }

    @Test
    void anArenaClosedWithAnOpenFrameWhoseCleanupThrowsEndsBothAndRethrowsTheFirst() {
        Arena arena = arena(1024);
        List<String> ran = new ArrayList<>();
        attachThrowing(arena.lifetime(), new IllegalStateException("lifetime"), ran);
        Frame frame = arena.frame();
        MemorySegment slice = frame.allocate(64, 1);
        attachThrowing(frame, new IllegalArgumentException("frame"), ran);

        if (kind.checks() == StaleSliceChecks.ON_RELEASE) {
            // The frame's own session is out of the arena's reach: it ends, and its cleanup runs,
            // when the frame closes; the arena keeps its blob until then.
            assertThatThrownBy(arena::close).isInstanceOf(IllegalStateException.class).hasMessage("lifetime");
            assertThat(ran).containsExactly("lifetime");
            assertThat(slice.get(JAVA_BYTE, 0)).isZero();
            assertThatThrownBy(frame::close).isInstanceOf(IllegalArgumentException.class).hasMessage("frame");
            assertThatThrownBy(() -> slice.get(JAVA_BYTE, 0)).isInstanceOf(IllegalStateException.class);
            assertThat(frame.isOpen()).isFalse();
            return;
        }
        assertThatThrownBy(arena::close)
                .satisfies(thrown -> assertThat(thrown.getSuppressed()).hasSize(1));

        assertThat(ran).containsExactlyInAnyOrder("frame", "lifetime");
        assertThat(arena.isOpen()).isFalse();
        assertThat(frame.isOpen()).isFalse();
        if (kind.staleChecks()) {
            assertThatThrownBy(() -> slice.get(JAVA_BYTE, 0)).isInstanceOf(IllegalStateException.class);
        }
        frame.close(); // it ended with the arena
    }

    @Test
    void aScratchFrameWhoseCleanupThrowsIsClosed() {
        List<String> ran = new ArrayList<>();
        Frame frame = Scratch.frame();
        Arena scratch = frame.arena();
        long before = scratch.used();
        frame.allocate(32, 1);
        attachThrowing(frame, new IllegalArgumentException("scratch"), ran);

        assertThatThrownBy(frame::close).isInstanceOf(IllegalArgumentException.class);

        assertThat(ran).containsExactly("scratch");
        assertThat(frame.isOpen()).isFalse();
        assertThat(scratch.used()).isEqualTo(before);
        try (Frame next = Scratch.frame()) {
            assertThat(next.depth()).isEqualTo(1);
        }
    }
}
