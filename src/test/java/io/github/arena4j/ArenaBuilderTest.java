package io.github.arena4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** The builder: growth is one choice, and a setting that cannot fit the others is refused at the call that makes the conflict. */
class ArenaBuilderTest {

    @Test
    void growthIsOneChoiceAndTheLastOneCounts() {
        try (Arena inPlace = Arena.builder().nativeMemory(64).growth(Growth.chunked()).growth(Growth.inPlace())
                .budget(1 << 20).build();
             Arena chunked = Arena.builder().nativeMemory(64).growth(Growth.inPlace()).growth(Growth.chunked(2.0, 256))
                     .build();
             Arena fixed = Arena.builder().nativeMemory(64).growth(Growth.chunked()).growth(Growth.fixed()).build()) {
            assertThat(inPlace.hasOffsets()).isTrue();
            inPlace.allocate(1000, 1);
            assertThat(inPlace.capacity()).isGreaterThanOrEqualTo(1000);

            assertThat(chunked.hasOffsets()).isFalse();
            chunked.allocate(1000, 1);
            assertThat(chunked.statistics().chunks()).isGreaterThan(1);

            assertThat(fixed.hasOffsets()).isTrue();
            assertThatThrownBy(() -> fixed.allocate(1000, 1)).isInstanceOf(ArenaExhaustedException.class);
        }
    }

    @Test
    void growthReadsAsTheCodeThatChoseIt() {
        assertThat(Growth.fixed()).hasToString("fixed()");
        assertThat(Growth.inPlace()).hasToString("inPlace()");
        assertThat(Growth.chunked(1.5, 4096)).hasToString("chunked(1.5, 4096)");
        assertThat(Growth.chunked()).hasToString("chunked(2.0, " + Growth.DEFAULT_MAX_CHUNK_SIZE + ")");
    }

    @Test
    void chunkedGrowthRejectsBadValuesWithThem() {
        assertThatThrownBy(() -> Growth.chunked(0.5, 1024))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0.5");
        assertThatThrownBy(() -> Growth.chunked(Double.POSITIVE_INFINITY, 1024))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Infinity");
        assertThatThrownBy(() -> Growth.chunked(2.0, -3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-3");
    }

    @Test
    void growthInPlaceOnTheHeapIsRefusedAtOnceWhicheverComesFirst() {
        assertThatThrownBy(() -> Arena.builder().heap(64).growth(Growth.inPlace()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("this one is heap").hasMessageContaining("growth=inPlace()");
        assertThatThrownBy(() -> Arena.builder().growth(Growth.inPlace()).heap(64))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("growth=inPlace()");
    }

    @Test
    void growthOfAWrappedOrSharedArenaIsRefusedAtOnce() {
        MemorySegment blob = MemorySegment.ofArray(new long[8]);
        assertThatThrownBy(() -> Arena.builder().wrap(blob).growth(Growth.chunked(3.0, 512)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("wrapped").hasMessageContaining("growth=chunked(3.0, 512)");
        assertThatThrownBy(() -> Arena.builder().nativeMemory(64).growth(Growth.chunked()).shared())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("shared");
    }

    @Test
    void staleSliceChecksWhereImpossibleAreRefusedAtOnce() {
        MemorySegment blob = MemorySegment.ofArray(new long[8]);
        assertThatThrownBy(() -> Arena.builder().wrap(blob).staleSliceChecks(StaleSliceChecks.ON_RELEASE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("wrapped").hasMessageContaining("staleSliceChecks=ON_RELEASE");
        assertThatThrownBy(() -> Arena.builder().staleSliceChecks(StaleSliceChecks.ON_REUSE).heap(64))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("heap").hasMessageContaining("staleSliceChecks=ON_REUSE");
        assertThatThrownBy(() -> Arena.builder().shared().staleSliceChecks(StaleSliceChecks.ON_REUSE))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("shared");
    }

    @Test
    void aRefusedCallChangesNothing() {
        Arena.Builder builder = Arena.builder().heap(64).growth(Growth.chunked(2.0, 256));
        assertThatThrownBy(() -> builder.growth(Growth.inPlace())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> builder.staleSliceChecks(StaleSliceChecks.ON_REUSE))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> builder.shared()).isInstanceOf(IllegalStateException.class);

        try (Arena arena = builder.build()) {
            assertThat(arena.staleSliceChecks()).isEqualTo(StaleSliceChecks.NONE);
            assertThat(arena.hasFrames()).isTrue();
            assertThat(arena.hasOffsets()).isFalse();
            arena.allocate(1000, 1);
            assertThat(arena.statistics().chunks()).isGreaterThan(1);
        }
    }

    @Test
    void checksOffOnAHeapArenaAreAllowed() {
        try (Arena arena = Arena.builder().heap(64).staleSliceChecks(StaleSliceChecks.NONE).build()) {
            assertThat(arena.isNative()).isFalse();
            assertThat(arena.hasStaleSliceChecks()).isFalse();
        }
    }
}
