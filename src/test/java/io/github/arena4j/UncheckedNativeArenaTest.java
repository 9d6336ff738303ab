package io.github.arena4j;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/**
 * A native arena with stale-slice checks turned off, and where checks can be asked for; the
 * contract (minus the detection) runs on the "native unchecked" kind of {@link ArenaKinds}.
 */
class UncheckedNativeArenaTest {

    private static Arena newArena(long capacity) {
        return Arena.builder().nativeMemory(capacity).staleSliceChecks(StaleSliceChecks.NONE).build();
    }

    @Test
    void closeStillRevokesEverySlice() {
        Arena arena = newArena(64);
        MemorySegment slice = arena.allocate(JAVA_LONG);

        arena.close();

        assertThatThrownBy(() -> slice.get(JAVA_LONG, 0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void checksCannotBeAskedForWhereTheyAreImpossible() {
        assertThatThrownBy(() -> Arena.builder().heap(64).staleSliceChecks(StaleSliceChecks.ON_REUSE).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("this one is heap (the JDK cannot re-scope heap segments)");
        assertThatThrownBy(() -> Arena.builder().wrap(MemorySegment.ofArray(new long[8])).staleSliceChecks(StaleSliceChecks.ON_REUSE).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("this one is wrapped");
        assertThatThrownBy(() -> Arena.builder().nativeMemory(64).shared().staleSliceChecks(StaleSliceChecks.ON_REUSE).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("this one is shared");
        assertThatThrownBy(() -> Arena.builder().zeroing(false).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No backing chosen");
    }

    @Test
    void checksAreOnByDefaultForOwnedNativeBlobsOnly() {
        try (Arena nativeArena = Arena.ofNative(64);
             Arena heap = Arena.ofHeap(64);
             Arena shared = Arena.ofShared(64);
             Arena unchecked = newArena(64)) {
            assertThat(nativeArena.hasStaleSliceChecks()).isTrue();
            assertThat(heap.hasStaleSliceChecks()).isFalse();
            assertThat(shared.hasStaleSliceChecks()).isFalse();
            assertThat(unchecked.hasStaleSliceChecks()).isFalse();
        }
    }
}
