package io.github.arena4j;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every arena has, whatever its backing: run against every arena kind in
 * {@link ArenaKinds}, so a new kind gets the whole contract by adding one catalogue entry.
 * Frames are not arenas (no reset, no statistics of their own); the allocation contract of frames
 * is in {@link JdkConformanceTest} and {@link FailedCallsChangeNothingTest}, over every kind.
 *
 * <p>A {@code @ParameterizedClass} rather than a {@code @TestFactory}: the contract stays ordinary
 * {@code @Test} and {@code @ParameterizedTest} methods with the {@code @AfterEach} cleanup, each
 * kind is a node of its own in the report, and one test for one kind can be run by name.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.github.arena4j.ArenaKinds#arenas")
class ArenaContractTest extends ArenaTestSupport.KindTest {

    static final StructLayout POINT = MemoryLayout.structLayout(
            JAVA_INT.withName("x"), JAVA_INT.withName("y"), JAVA_LONG.withName("id"));

    ArenaContractTest(ArenaKinds.Kind kind) {
        super(kind);
    }

    /** {@return the address of the blob's first byte}: a zero-size, 1-aligned slice consumes nothing. */
    static long blobStart(Arena fresh) {
        assertThat(fresh.used()).isZero();
        return fresh.allocate(0, 1).address();
    }

    static Stream<Arguments> sizesAndAlignments() {
        List<Arguments> cases = new ArrayList<>();
        for (long size : new long[] {0, 1, 3, 8, 17, 64, 100, 4096}) {
            for (long alignment : new long[] {1, 2, 4, 8, 16, 64}) {
                cases.add(Arguments.of(size, alignment));
            }
        }
        return cases.stream();
    }

    @Test
    void newArenaIsEmptyAndOpen() {
        Arena arena = arena(1024);

        assertThat(arena.capacity()).isEqualTo(kind.initialCapacity(1024));
        assertThat(arena.used()).isZero();
        assertThat(arena.remaining()).isEqualTo(kind.initialCapacity(1024));
        assertThat(arena.isOpen()).isTrue();
    }

    @ParameterizedTest(name = "size={0} alignment={1}")
    @MethodSource("sizesAndAlignments")
    void sliceHasRequestedSizeAndAlignedAddress(long size, long alignment) {
        if (alignment > maxAlignment()) {
            return; // covered by alignmentAboveWhatTheBlobGuaranteesIsRejected
        }
        Arena arena = arena(16 * 1024);
        arena.allocate(1, 1); // knock the pointer off any natural alignment

        MemorySegment slice = arena.allocate(size, alignment);

        assertThat(slice.byteSize()).isEqualTo(size);
        assertThat(slice.address() % alignment).isZero();
        assertThat(slice.isReadOnly()).isFalse();
    }

    @Test
    void usedCountsAlignmentPaddingAndRemainingIsTheRest() {
        Arena arena = arena(1024);
        long start = blobStart(arena);

        arena.allocate(1, 1);
        MemorySegment aligned = arena.allocate(8, align(8));

        long expectedUsed = aligned.address() + 8 - start;
        assertThat(arena.used()).isEqualTo(expectedUsed);
        assertThat(arena.remaining()).isEqualTo(kind.initialCapacity(1024) - expectedUsed);
    }

    @Test
    void consecutiveSlicesFollowEachOtherAndNeverOverlap() {
        assumeBoundedAtCapacity(); // chunks of a growable arena lie anywhere
        Arena arena = arena(4096);
        MemorySegment previous = arena.allocate(10, 1);
        for (int i = 0; i < 50; i++) {
            MemorySegment next = arena.allocate(i, align(8));
            assertThat(next.address()).isGreaterThanOrEqualTo(previous.address() + previous.byteSize());
            previous = next;
        }
    }

    @Test
    void bytesWrittenSurviveLaterAllocations() {
        Arena arena = arena(4096);
        MemorySegment first = arena.allocate(fit(JAVA_LONG), 4);
        for (int i = 0; i < 4; i++) {
            first.setAtIndex(fit(JAVA_LONG), i, 0x0102030405060708L * (i + 1));
        }

        for (int i = 0; i < 20; i++) {
            arena.allocate(fit(JAVA_LONG), 4).fill((byte) 0x5A);
        }

        for (int i = 0; i < 4; i++) {
            assertThat(first.getAtIndex(fit(JAVA_LONG), i)).isEqualTo(0x0102030405060708L * (i + 1));
        }
    }

    @Test
    void newSlicesReadAsZeros() {
        Arena arena = arena(4096);
        assertThat(arena.isZeroing()).isEqualTo(kind.zeroing());
        assumeTrue(kind.zeroing());

        MemorySegment slice = arena.allocate(4000, align(8));

        assertThat(slice.mismatch(MemorySegment.ofArray(new byte[4000]))).isEqualTo(-1);
    }

    @Test
    void resetClearsWhatWasWrittenSoNewSlicesReadAsZeros() {
        assumeTrue(kind.zeroing());
        Arena arena = arena(4096);
        arena.allocate(1000, 1).fill((byte) 0xFF);
        arena.allocate(3, 1).fill((byte) 0x7F);

        arena.reset();
        MemorySegment reused = arena.allocate(4096, 1);

        assertThat(reused.mismatch(MemorySegment.ofArray(new byte[4096]))).isEqualTo(-1);
    }

    @Test
    void resetRewindsToEmptyAndKeepsTheBlob() {
        assumeBoundedAtCapacity(); // a growable arena keeps its largest chunk: see GrowableArenaTest
        Arena arena = arena(256);
        long start = blobStart(arena);
        arena.allocate(200, 1);

        arena.reset();

        assertThat(arena.used()).isZero();
        assertThat(arena.remaining()).isEqualTo(256);
        assertThat(arena.capacity()).isEqualTo(256);
        assertThat(arena.allocate(256, 1).address()).isEqualTo(start);
    }

    @Test
    void allocateByLayoutIsSizedAndAlignedByTheLayout() {
        assumeTrue(maxAlignment() >= POINT.byteAlignment());
        Arena arena = arena(1024);
        arena.allocate(3, 1);

        MemorySegment point = arena.allocate(POINT);
        point.set(JAVA_INT, 0, 3);
        point.set(JAVA_INT, 4, 4);
        point.set(JAVA_LONG, 8, 99L);

        assertThat(point.byteSize()).isEqualTo(POINT.byteSize());
        assertThat(point.address() % POINT.byteAlignment()).isZero();
        assertThat(point.get(JAVA_LONG, 8)).isEqualTo(99L);
    }

    @Test
    void allocateLayoutCountMakesAnArray() {
        Arena arena = arena(8192);

        MemorySegment ints = arena.allocate(fit(JAVA_INT), 1000);

        assertThat(ints.byteSize()).isEqualTo(4000);
        assertThat(ints.address() % align(4)).isZero();
        ints.setAtIndex(fit(JAVA_INT), 999, 42);
        assertThat(ints.getAtIndex(fit(JAVA_INT), 999)).isEqualTo(42);
    }

    @Test
    void allocateFromStringIsNulTerminatedUtf8() {
        Arena arena = arena(1024);
        arena.allocate(100, 1).fill((byte) 0xFF); // dirty neighbour: the terminator must be written

        MemorySegment hello = arena.allocateFrom("héllo");

        byte[] utf8 = "héllo".getBytes(StandardCharsets.UTF_8);
        assertThat(hello.byteSize()).isEqualTo(utf8.length + 1);
        assertThat(hello.get(JAVA_BYTE, utf8.length)).isZero();
        assertThat(hello.getString(0)).isEqualTo("héllo");
    }

    @Test
    void allocateFromArraysCopiesTheValues() {
        Arena arena = arena(1024);

        MemorySegment ints = arena.allocateFrom(fit(JAVA_INT), 1, 2, 3, -4);
        MemorySegment longs = arena.allocateFrom(fit(JAVA_LONG), Long.MIN_VALUE, Long.MAX_VALUE);
        MemorySegment one = arena.allocateFrom(fit(JAVA_INT), 7);

        assertThat(ints.toArray(fit(JAVA_INT))).containsExactly(1, 2, 3, -4);
        assertThat(longs.toArray(fit(JAVA_LONG))).containsExactly(Long.MIN_VALUE, Long.MAX_VALUE);
        assertThat(one.get(fit(JAVA_INT), 0)).isEqualTo(7);
    }

    @Test
    void zeroSizeAllocationsAreAllowedAndConsumeOnlyPadding() {
        Arena arena = arena(64);
        arena.allocate(1, 1);
        long before = arena.used();

        MemorySegment empty = arena.allocate(0, 1);

        assertThat(empty.byteSize()).isZero();
        assertThat(arena.used()).isEqualTo(before);
        assertThat(arena.allocate(0, align(8)).byteSize()).isZero();
    }

    @Test
    void exactFitSucceedsAndTheNextByteIsExhaustion() {
        assumeBoundedAtCapacity();
        Arena arena = arena(128);

        MemorySegment all = arena.allocate(128, 1);

        assertThat(all.byteSize()).isEqualTo(128);
        assertThat(arena.remaining()).isZero();
        assertThatThrownBy(() -> arena.allocate(1, 1))
                .isInstanceOf(ArenaExhaustedException.class)
                .hasMessage(kind.exhaustedMessage(arena, 1, 1, 128, 128));
        assertThat(arena.allocate(0, 1).byteSize()).isZero();
    }

    @Test
    void exhaustionReportsTheNumbersAndLosesNothing() {
        assumeBoundedAtCapacity();
        Arena arena = arena(4096);
        MemorySegment kept = arena.allocate(fit(JAVA_LONG), 505); // 4040 bytes: 56 remain
        kept.setAtIndex(fit(JAVA_LONG), 504, 1234L);
        long used = arena.used();

        assertThatThrownBy(() -> arena.allocate(64, align(8)))
                .isInstanceOfSatisfying(ArenaExhaustedException.class, e -> {
                    assertThat(e.requestedSize()).isEqualTo(64);
                    assertThat(e.requestedAlignment()).isEqualTo(align(8));
                    assertThat(e.used()).isEqualTo(used);
                    assertThat(e.capacity()).isEqualTo(4096);
                })
                .hasMessage(kind.exhaustedMessage(arena, 64, align(8), used, 4096));

        assertThat(arena.used()).isEqualTo(used);
        assertThat(kept.getAtIndex(fit(JAVA_LONG), 504)).isEqualTo(1234L);
        assertThat(arena.allocate(arena.remaining(), 1).byteSize()).isEqualTo(4096 - used);
    }

    @Test
    void paddingThatDoesNotFitIsExhaustionToo() {
        assumeBoundedAtCapacity();
        assumeTrue(maxAlignment() >= 8);
        Arena arena = arena(64);
        long start = blobStart(arena);
        long lastAligned = (start + 64 - 1) & -8; // the last 8-aligned address inside the blob
        arena.allocate(lastAligned + 1 - start, 1); // leaves fewer than 8 bytes, none of them aligned
        long used = arena.used();

        assertThatThrownBy(() -> arena.allocate(1, 8))
                .isInstanceOf(ArenaExhaustedException.class)
                .hasMessage(kind.exhaustedMessage(arena, 1, 8, used, 64));

        assertThat(arena.used()).isEqualTo(used);
        assertThat(arena.allocate(arena.remaining(), 1).byteSize()).isEqualTo(64 - used);
    }

    /**
     * Sizes no arena can hand out. A negative size is a bad argument; a size too large for any
     * memory is exhaustion on every kind, growable ones included (never {@link OutOfMemoryError}
     * or a heap-capacity {@link IllegalArgumentException}). Alignments are capped per kind.
     */
    static Stream<Arguments> badSizes() {
        return Stream.of(
                Arguments.of(-1L, 1L), Arguments.of(Long.MIN_VALUE, 8L),
                Arguments.of(Long.MAX_VALUE, 1L), Arguments.of(Long.MAX_VALUE, 8L),
                Arguments.of(Long.MAX_VALUE - 7, 8L), Arguments.of(Long.MAX_VALUE - 100, 1L),
                Arguments.of(1L << 62, 8L), Arguments.of(1L << 40, 8L), Arguments.of(8L, 1L << 62));
    }

    /** Checks that {@code thrown} is what {@link #badSizes()} promises for {@code size} at {@code alignment}. */
    static void assertBadSize(Throwable thrown, long size, long alignment, boolean budgeted) {
        if (size < 0) {
            assertThat(thrown).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("The provided allocation size is negative: " + size + " arena=");
        } else {
            assertThat(thrown).isInstanceOf(ArenaExhaustedException.class)
                    .hasMessageContaining("size=" + size + " alignment=" + alignment);
            ArenaExhaustedException e = (ArenaExhaustedException) thrown;
            assertThat(e.requestedSize()).isEqualTo(size);
            assertThat(e.requestedAlignment()).isEqualTo(alignment);
            if (!budgeted) {
                assertThat(thrown.getMessage()).as("no budget was set").doesNotContain("budget=");
            }
        }
    }

    @ParameterizedTest(name = "size={0} alignment={1}")
    @MethodSource("badSizes")
    void badSizeIsRejectedAndChangesNothing(long size, long alignment) {
        assumeTrue(alignment <= maxAlignment() || size > 1 << 20, "an ordinary request once the alignment is capped");
        // A growable native arena may really reserve a TiB where the system allows it.
        assumeTrue(!(size == 1L << 40 && kind.growable() && kind.nativeSlices()));
        Arena arena = arena(1024);
        MemorySegment kept = arena.allocate(fit(JAVA_INT));
        kept.set(fit(JAVA_INT), 0, 77);
        arena.allocate(3, 1);
        long used = arena.used();
        ArenaStatistics statistics = arena.statistics();

        Throwable thrown = catchThrowable(() -> arena.allocate(size, align(alignment)));

        assertBadSize(thrown, size, align(alignment), kind.budgeted() || kind.boundedAtCapacity() && kind.growable());
        assertThat(arena.used()).isEqualTo(used);
        assertThat(arena.statistics()).isEqualTo(statistics);
        assertThat(kept.get(fit(JAVA_INT), 0)).isEqualTo(77);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, -8, 3, 6, 24, Long.MIN_VALUE, Long.MAX_VALUE})
    void invalidAlignmentIsRejectedAndChangesNothing(long alignment) {
        Arena arena = arena(1024);
        arena.allocate(5, 1);

        assertThatThrownBy(() -> arena.allocate(8, alignment))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid alignment constraint: " + alignment);
        assertThatThrownBy(() -> arena.allocateOffset(8, alignment)) // checked first, even where offsets are refused
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid alignment constraint: " + alignment);

        assertThat(arena.used()).isEqualTo(5);
    }

    @Test
    void alignmentAboveWhatTheBlobGuaranteesIsRejected() {
        Arena arena = arena(1024);
        if (maxAlignment() >= (1L << 62)) {
            return; // native blobs take any alignment that fits
        }
        long tooLarge = maxAlignment() * 2;

        assertThatThrownBy(() -> arena.allocate(8, tooLarge))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Alignment " + tooLarge + " exceeds the " + maxAlignment() + "-byte alignment");
        assertThat(arena.used()).isZero();
    }

    @Test
    void nullArgumentsAreRejected() {
        Arena arena = arena(1024);

        assertThatThrownBy(() -> arena.allocate((MemoryLayout) null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> arena.allocateFrom((String) null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> arena.allocateFrom(fit(JAVA_INT), (int[]) null)).isInstanceOf(NullPointerException.class);
        assertThat(arena.used()).isZero();
    }

    @Test
    void useAfterCloseIsRejected() {
        Arena arena = arena(1024);
        arena.allocate(100, 1);

        arena.close();

        assertThat(arena.isOpen()).isFalse();
        assertThat(arena.used()).isZero();
        assertThat(arena.remaining()).isZero();
        assertThat(arena.capacity()).isEqualTo(kind.initialCapacity(1024));
        assertThatThrownBy(() -> arena.allocate(8, 1)).isInstanceOf(IllegalStateException.class).hasMessage("Already closed: arena=" + arena.name());
        assertThatThrownBy(() -> arena.allocate(0, 1)).isInstanceOf(IllegalStateException.class).hasMessage("Already closed: arena=" + arena.name());
        assertThatThrownBy(() -> arena.allocate(-1, 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> arena.allocateFrom("x")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(arena::reset).isInstanceOf(IllegalStateException.class).hasMessage("Already closed: arena=" + arena.name());
        assertThat(arena.toString()).contains("closed");
    }

    @Test
    void closingTwiceIsHarmless() {
        Arena arena = arena(64);
        arena.close();

        arena.close();

        assertThat(arena.isOpen()).isFalse();
    }

    @Test
    void toStringShowsTheNumbers() {
        Arena arena = arena(1024);
        arena.allocate(10, 1);

        assertThat(arena.toString()).contains("used=10", "capacity=" + kind.initialCapacity(1024),
                "zeroing=" + kind.zeroing());
    }

    // Offsets: allocateOffset and segment(), on every arena with one blob.

    @ParameterizedTest(name = "size={0} alignment={1}")
    @MethodSource("sizesAndAlignments")
    void anOffsetIndexesTheSegmentAtAnAlignedAddress(long size, long alignment) {
        assumeTrue(kind.oneBlob() && alignment <= maxAlignment());
        Arena arena = arena(16 * 1024);
        arena.allocate(1, 1); // knock the pointer off any natural alignment

        long offset = arena.allocateOffset(size, alignment);

        MemorySegment blob = arena.segment();
        assertThat(blob.byteSize()).isEqualTo(arena.capacity());
        assertThat((blob.address() + offset) % alignment).isZero();
        assertThat(offset).isGreaterThanOrEqualTo(1);
        assertThat(arena.used()).isEqualTo(offset + size);
    }

    @Test
    void offsetsAndSlicesComeFromOnePointer() {
        assumeTrue(kind.oneBlob());
        Arena arena = arena(1024);
        long alignment = align(8);

        MemorySegment first = arena.allocate(4, 1);
        long block = arena.allocateOffset(16, alignment);
        MemorySegment last = arena.allocate(4, 1);

        MemorySegment blob = arena.segment();
        long firstOffset = first.address() - blob.address();
        assertThat(firstOffset).isZero();
        assertThat(block).isGreaterThanOrEqualTo(4);
        assertThat(last.address() - blob.address()).isEqualTo(block + 16);
        first.set(JAVA_INT_UNALIGNED, 0, 41);
        blob.set(JAVA_INT_UNALIGNED, block + 12, 42);
        last.set(JAVA_INT_UNALIGNED, 0, 43);
        assertThat(blob.get(JAVA_INT_UNALIGNED, firstOffset)).isEqualTo(41);
        assertThat(blob.get(JAVA_INT_UNALIGNED, block + 12)).isEqualTo(42);
        assertThat(blob.get(JAVA_INT_UNALIGNED, block + 16)).isEqualTo(43);
    }

    @Test
    void blocksReadAsZerosAfterAReset() {
        assumeTrue(kind.oneBlob() && kind.zeroing());
        Arena arena = arena(1024);
        long block = arena.allocateOffset(64, 1);
        arena.segment().asSlice(block, 64).fill((byte) 0x55);

        arena.reset();
        long again = arena.allocateOffset(64, 1);

        assertThat(again).isEqualTo(block);
        assertThat(arena.segment().asSlice(again, 64).toArray(JAVA_BYTE)).containsOnly((byte) 0);
    }

    @Test
    void offsetExhaustionReportsTheNumbersAndLosesNothing() {
        assumeTrue(kind.oneBlob());
        assumeBoundedAtCapacity();
        Arena arena = arena(256);
        long kept = arena.allocateOffset(200, 1);
        arena.segment().set(JAVA_BYTE, kept + 199, (byte) 9);

        assertThatThrownBy(() -> arena.allocateOffset(57, 1))
                .isInstanceOf(ArenaExhaustedException.class)
                .hasMessage(kind.exhaustedMessage(arena, 57, 1, 200, 256));

        assertThat(arena.used()).isEqualTo(200);
        assertThat(arena.segment().get(JAVA_BYTE, kept + 199)).isEqualTo((byte) 9);
        assertThat(arena.allocateOffset(56, 1)).isEqualTo(200);
        assertThat(arena.remaining()).isZero();
    }

    @ParameterizedTest(name = "size={0} alignment={1}")
    @MethodSource("badSizes")
    void badOffsetSizeIsRejectedLikeASlice(long size, long alignment) {
        assumeTrue(kind.oneBlob());
        assumeTrue(alignment <= maxAlignment() || size > 1 << 20, "an ordinary request once the alignment is capped");
        Arena arena = arena(1024);
        arena.allocate(3, 1);

        Throwable thrown = catchThrowable(() -> arena.allocateOffset(size, align(alignment)));

        assertBadSize(thrown, size, align(alignment), kind.budgeted());
        assertThat(arena.used()).isEqualTo(3);
    }

    @Test
    void offsetsAndTheSegmentAreRefusedAfterClose() {
        Arena arena = arena(1024);
        arena.close();

        assertThatThrownBy(() -> arena.allocateOffset(8, 1)).isInstanceOf(IllegalStateException.class).hasMessage("Already closed: arena=" + arena.name());
        assertThatThrownBy(() -> arena.allocateOffset(-1, 1)).isInstanceOf(IllegalStateException.class).hasMessage("Already closed: arena=" + arena.name());
        assertThatThrownBy(arena::segment).isInstanceOf(IllegalStateException.class).hasMessage("Already closed: arena=" + arena.name());
    }

    @Test
    void aGrowableArenaRefusesOffsetsAndChangesNothing() {
        assumeTrue(!kind.oneBlob());
        Arena arena = arena(1024);
        arena.allocate(5, 1);

        assertThatThrownBy(() -> arena.allocateOffset(8, 1))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("hasOffsets() is false");
        assertThatThrownBy(() -> arena.allocateOffset(-1, 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(arena::segment)
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("hasOffsets() is false");

        assertThat(arena.used()).isEqualTo(5);
        assertThat(arena.allocate(8, 1).byteSize()).isEqualTo(8);
    }

    @Test
    void hasFramesSaysWhetherFrameOpensOne() {
        Arena arena = arena(1024);
        arena.allocate(3, 1);

        if (arena.hasFrames()) {
            try (Frame frame = arena.frame()) {
                frame.allocate(8, 1);
                assertThat(arena.used()).isGreaterThanOrEqualTo(11);
            }
            assertThat(arena.used()).isEqualTo(3);
        } else {
            assertThatThrownBy(arena::frame)
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("hasFrames() is false")
                    .hasMessageContaining("arena=" + arena.name());
            assertThat(arena.used()).isEqualTo(3);
        }
        assertThat(arena.hasFrames()).as("a confined arena has frames").isEqualTo(kind.confined());
    }

    @Test
    void hasOffsetsSaysWhetherOffsetsAndTheSegmentWork() {
        Arena arena = arena(1024);
        arena.allocate(3, 1);

        if (arena.hasOffsets()) {
            long alignment = Math.min(8, maxAlignment());
            long offset = arena.allocateOffset(8, alignment);
            MemorySegment blob = arena.segment();
            assertThat((blob.address() + offset) % alignment).isZero();
            assertThat(offset + 8).isLessThanOrEqualTo(blob.byteSize());
            blob.set(JAVA_BYTE, offset + 7, (byte) 42);
            assertThat(blob.get(JAVA_BYTE, offset + 7)).isEqualTo((byte) 42);
        } else {
            assertThatThrownBy(() -> arena.allocateOffset(8, 1))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("hasOffsets() is false");
            assertThatThrownBy(arena::segment).isInstanceOf(UnsupportedOperationException.class);
            assertThat(arena.used()).isEqualTo(3);
        }
        assertThat(arena.hasOffsets()).as("only chunked growth spreads blocks over several blobs")
                .isEqualTo(!kind.growable() || kind.name().startsWith("growing in place"));
    }

    @Test
    void isNativeSaysWhatSlicesAndFrameSlicesAre() {
        Arena arena = arena(1024);

        assertThat(arena.allocate(8, 1).isNative()).isEqualTo(arena.isNative());
        if (arena.hasFrames()) {
            try (Frame frame = arena.frame()) {
                assertThat(frame.allocate(8, 1).isNative()).as("a frame's slice").isEqualTo(arena.isNative());
            }
        }
        assertThat(arena.isNative()).as("heap kinds are not native").isEqualTo(!kind.name().contains("heap"));
    }

    /** An arena must be a drop-in {@link java.lang.foreign.SegmentAllocator} for JDK APIs. */
    @Test
    void worksWhereverTheJdkTakesASegmentAllocator() {
        Arena arena = arena(1024);
        ValueLayout.OfInt layout = fit(JAVA_INT);

        MemorySegment copy = arena.allocateFrom(layout, MemorySegment.ofArray(new int[] {5, 6}), JAVA_INT, 0, 2);

        assertThat(copy.toArray(layout)).containsExactly(5, 6);
    }

    /** An arena's whole life as a JDK arena: alive across resets and frames, ended by close only. */
    @Test
    void theLifetimeIsAJdkArenaThatEndsExactlyWithTheArena() {
        Arena arena = kind.newArena(1024, resources());
        java.lang.foreign.Arena lifetime = arena.lifetime();
        MemorySegment.Scope scope = lifetime.scope();
        MemorySegment kept = lifetime.allocate(16, 8);
        kept.set(JAVA_LONG, 8, 3L);

        arena.allocate(100, 1);
        if (kind.hasFrames()) {
            try (Frame frame = arena.frame()) {
                frame.allocate(8, 1);
            }
        }
        arena.reset();

        assertThat(scope.isAlive()).isTrue();
        assertThat(kept.get(JAVA_LONG, 8)).isEqualTo(3L);
        assertThat(kept.isNative()).isTrue();
        assertThatThrownBy(lifetime::close).isInstanceOf(UnsupportedOperationException.class);
        assertThat(scope.isAlive()).isTrue();
        arena.close();
        assertThat(scope.isAlive()).isFalse();
        assertThatThrownBy(arena::lifetime).isInstanceOf(IllegalStateException.class);
    }
}
