package io.github.arena4j;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** What only an arena-owned native blob does; the contract every kind shares is in {@link ArenaContractTest}. */
class NativeArenaTest extends ArenaTestSupport {

    private Arena arena(long capacity) {
        return closeAfterTest(Arena.ofNative(capacity));
    }

    @Test
    void slicesAreNative() {
        assertThat(arena(64).allocate(8, 8).isNative()).isTrue();
    }

    @Test
    void largeAlignmentsAreHonouredByPadding() {
        Arena arena = arena(1 << 16);

        MemorySegment page = arena.allocate(100, 4096);

        assertThat(page.address() % 4096).isZero();
        assertThat(arena.used()).isLessThan(4096 + 100);
    }

    @Test
    void alignmentLargerThanTheBlobIsExhaustionNotABadArgument() {
        Arena arena = arena(1024);

        assertThatThrownBy(() -> arena.allocate(8, 1L << 40))
                .isInstanceOf(ArenaExhaustedException.class)
                .hasMessageContaining("alignment=" + (1L << 40));
        assertThatThrownBy(() -> arena.allocate(8, 1L << 62)).isInstanceOf(ArenaExhaustedException.class);
        assertThatThrownBy(() -> arena.allocate(8, Long.MIN_VALUE)).isInstanceOf(IllegalArgumentException.class);
        assertThat(arena.used()).isZero();
    }

    @Test
    void slicesThrowWhenAccessedAfterClose() {
        Arena arena = Arena.ofNative(1024);
        MemorySegment slice = arena.allocate(JAVA_LONG);
        slice.set(JAVA_LONG, 0, 1L);

        arena.close();

        assertThat(slice.scope().isAlive()).isFalse();
        assertThatThrownBy(() -> slice.get(JAVA_LONG, 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> slice.set(JAVA_LONG, 0, 2L)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void slicesAreConfinedToTheOwnerThread() {
        Arena arena = arena(1024);
        MemorySegment slice = arena.allocate(JAVA_LONG);

        Throwable thrown = onAnotherThread(() -> slice.get(JAVA_LONG, 0));

        assertThat(thrown).isInstanceOf(WrongThreadException.class);
    }

    @Test
    void closeFromAnotherThreadDoesNotFreeTheBlob() {
        Arena arena = arena(1024);
        MemorySegment slice = arena.allocate(JAVA_LONG);
        slice.set(JAVA_LONG, 0, 5L);

        assertThat(onAnotherThread(arena::close)).isInstanceOf(WrongThreadException.class);

        assertThat(slice.get(JAVA_LONG, 0)).isEqualTo(5L);
    }

    @Test
    void capacityMustBePositive() {
        assertThatThrownBy(() -> Arena.ofNative(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid arena capacity: 0 (must be > 0)");
        assertThatThrownBy(() -> Arena.ofNative(-5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-5");
    }

    @Test
    void capacityTooLargeToReserveIsAClearError() {
        assertThatThrownBy(() -> Arena.ofNative(Long.MAX_VALUE))
                .isInstanceOf(OutOfMemoryError.class)
                .hasMessageContaining("Cannot reserve a native blob: capacity=" + Long.MAX_VALUE);
        assertThatThrownBy(() -> Arena.ofNative(1L << 60))
                .isInstanceOf(OutOfMemoryError.class)
                .hasMessageContaining("capacity=" + (1L << 60));
    }

    @Test
    void toStringNamesTheBacking() {
        assertThat(arena(64).toString()).startsWith("Arena[native");
    }
}
