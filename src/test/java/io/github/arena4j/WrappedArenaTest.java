package io.github.arena4j;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/**
 * What only arenas over a caller's blob do. The contract runs on the wrapped kinds of
 * {@link ArenaKinds}: native, heap {@code long[]} and {@code byte[]}, an odd-address slice, and a
 * slice of another arena.
 */
class WrappedArenaTest {

    @Test
    void byteArrayBlobHandsOutOnlyByteAlignedSlices() {
        try (Arena arena = Arena.wrap(MemorySegment.ofArray(new byte[64]))) {
            MemorySegment unaligned = arena.allocate(4, 1);
            unaligned.set(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, 0, 7);

            assertThat(unaligned.get(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, 0)).isEqualTo(7);
            assertThatThrownBy(() -> arena.allocate(4, 2))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Alignment 2 exceeds the 1-byte alignment a wrapped-heap blob guarantees");
            assertThat(arena.used()).isEqualTo(4);
        }
    }

    @Test
    void intArrayBlobHandsOutFourByteAlignedSlices() {
        try (Arena arena = Arena.wrap(MemorySegment.ofArray(new int[16]))) {
            arena.allocate(1, 1);
            MemorySegment slice = arena.allocate(java.lang.foreign.ValueLayout.JAVA_INT);
            slice.set(java.lang.foreign.ValueLayout.JAVA_INT, 0, 3);

            assertThat(slice.address() % 4).isZero();
            assertThatThrownBy(() -> arena.allocate(8, 8)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void closeDoesNotFreeTheCallersMemory() {
        try (java.lang.foreign.Arena owner = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment blob = owner.allocate(64, 8);
            Arena arena = Arena.wrap(blob);
            MemorySegment slice = arena.allocate(JAVA_LONG);
            slice.set(JAVA_LONG, 0, 42L);

            arena.close();

            assertThat(blob.scope().isAlive()).isTrue();
            assertThat(slice.get(JAVA_LONG, 0)).isEqualTo(42L);
            assertThat(blob.get(JAVA_LONG, 0)).isEqualTo(42L);
        }
    }

    @Test
    void wrappingZeroesTheBlobOnce() {
        MemorySegment blob = MemorySegment.ofArray(new byte[32]);
        blob.fill((byte) 0x11);

        try (Arena arena = Arena.wrap(blob)) {
            assertThat(blob.toArray(JAVA_BYTE)).containsOnly((byte) 0);
            assertThat(arena.allocate(32, 1).toArray(JAVA_BYTE)).containsOnly((byte) 0);
        }
    }

    @Test
    void wrappingWithoutZeroingKeepsTheBytes() {
        MemorySegment blob = MemorySegment.ofArray(new byte[32]);
        blob.fill((byte) 0x11);

        try (Arena arena = Arena.builder().wrap(blob).zeroing(false).build()) {
            assertThat(arena.isZeroing()).isFalse();
            assertThat(arena.allocate(32, 1).toArray(JAVA_BYTE)).containsOnly((byte) 0x11);
        }
    }

    @Test
    void readOnlyBlobIsRejected() {
        MemorySegment readOnly = MemorySegment.ofArray(new byte[16]).asReadOnly();

        assertThatThrownBy(() -> Arena.wrap(readOnly))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("read-only");
    }

    @Test
    void closedBlobIsRejected() {
        java.lang.foreign.Arena owner = java.lang.foreign.Arena.ofConfined();
        MemorySegment blob = owner.allocate(16);
        owner.close();

        assertThatThrownBy(() -> Arena.wrap(blob))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already closed");
    }

    @Test
    void nullBlobIsRejected() {
        assertThatThrownBy(() -> Arena.wrap(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void emptyBlobGivesAnArenaThatOnlyHandsOutEmptySlices() {
        try (Arena arena = Arena.wrap(MemorySegment.ofArray(new long[0]))) {
            assertThat(arena.capacity()).isZero();
            assertThat(arena.allocate(0, 8).byteSize()).isZero();
            assertThatThrownBy(() -> arena.allocate(1, 1)).isInstanceOf(ArenaExhaustedException.class);
        }
    }

    /** The blob is a slice of an arena that was reset: zeroing it on reset fails, and must change nothing. */
    @Test
    void aResetThatFailsOnADeadBlobChangesNoStatistic() {
        try (Arena outer = Arena.ofNative(1024)) {
            Arena inner = Arena.wrap(outer.allocate(256, 8));
            inner.allocate(3, 1);
            inner.allocate(8, 8);
            outer.reset(); // the inner arena's blob is now a stale slice
            ArenaStatistics before = inner.statistics();
            long used = inner.used();

            assertThatThrownBy(inner::reset).isInstanceOf(IllegalStateException.class);

            assertThat(inner.statistics()).isEqualTo(before);
            assertThat(inner.used()).isEqualTo(used);
            assertThat(inner.statistics().padding()).isNotNegative();
        }
    }
}
