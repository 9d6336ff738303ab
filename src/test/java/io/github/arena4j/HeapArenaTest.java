package io.github.arena4j;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** What only a heap blob does; the contract every kind shares is in {@link ArenaContractTest}. */
class HeapArenaTest extends ArenaTestSupport {

    private Arena arena(long capacity) {
        return closeAfterTest(Arena.ofHeap(capacity));
    }

    @Test
    void slicesAreHeapSegmentsOverALongArray() {
        MemorySegment slice = arena(64).allocate(JAVA_LONG);

        assertThat(slice.isNative()).isFalse();
        assertThat(slice.heapBase()).get().isInstanceOf(long[].class);
    }

    @Test
    void alignmentAboveEightIsRejectedWithTheReason() {
        Arena arena = arena(1024);

        assertThatThrownBy(() -> arena.allocate(16, 16))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Alignment 16 exceeds the 8-byte alignment a heap blob guarantees"
                        + " (heap access is aligned to the array's element size; use a native arena) arena="
                        + arena.name());
    }

    @Test
    void capacityNeedNotBeAMultipleOfEight() {
        Arena arena = arena(13);

        assertThat(arena.capacity()).isEqualTo(13);
        assertThat(arena.allocate(13, 1).byteSize()).isEqualTo(13);
    }

    @Test
    void capacityBeyondOneLongArrayIsRejected() {
        assertThatThrownBy(() -> Arena.ofHeap(Long.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Capacity too large for a heap blob: capacity=" + Long.MAX_VALUE);
        assertThatThrownBy(() -> Arena.ofHeap(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void slicesStayReadableAfterCloseBecauseTheHeapCannotBeRevoked() {
        Arena arena = Arena.ofHeap(64);
        MemorySegment slice = arena.allocate(JAVA_LONG);
        slice.set(JAVA_LONG, 0, 9L);

        arena.close();

        assertThat(slice.get(JAVA_LONG, 0)).isEqualTo(9L);
    }
}
