package io.github.arena4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random programs of allocate (as slices or offsets), frame open and close, and reset, run against every backing and checked after each
 * step against a tiny model of what a bump arena must do. A failure names its seed; replay it with
 * {@code -Darena4j.property.seed=<seed>}.
 */
class ArenaPropertyTest {

    private static final long CAPACITY = 64 * 1024;
    private static final int OPERATIONS = Integer.getInteger("arena4j.property.operations", 10_000);

    /** One live slice in the model: where it is, and the byte its every position holds. */
    private record Live(MemorySegment slice, byte fill) {
        long start() {
            return slice.address();
        }

        long end() {
            return slice.address() + slice.byteSize();
        }
    }

    /** A backing under test: how to make the arena, its largest alignment, and what to close. */
    private record Backing(String name, long maxAlignment, Function<List<AutoCloseable>, Arena> factory) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> backings() {
        List<Backing> backings = List.of(
                // The model is a stack: it predicts every address where released memory is reused
                // at once, which is what every mode but the default's quarantine does.
                new Backing("native-on-release", 64, owned -> Arena.builder().nativeMemory(CAPACITY)
                        .staleSliceChecks(StaleSliceChecks.ON_RELEASE).build()),
                new Backing("native-uninitialized-on-release", 64, owned -> Arena.builder().nativeMemory(CAPACITY)
                        .staleSliceChecks(StaleSliceChecks.ON_RELEASE).zeroing(false).build()),
                new Backing("heap", 8, owned -> Arena.ofHeap(CAPACITY)),
                new Backing("heap-uninitialized", 8,
                        owned -> Arena.builder().heap(CAPACITY).zeroing(false).build()),
                new Backing("wrapped-native-odd-slice", 64, owned -> {
                    java.lang.foreign.Arena jdk = java.lang.foreign.Arena.ofConfined();
                    owned.add(jdk);
                    MemorySegment blob = jdk.allocate(CAPACITY + 8).asSlice(5, CAPACITY);
                    blob.fill((byte) 0xA5);
                    return Arena.wrap(blob);
                }),
                new Backing("native-unchecked", 64,
                        owned -> Arena.builder().nativeMemory(CAPACITY).staleSliceChecks(false).build()),
                new Backing("shared-native", 64, owned -> Arena.ofShared(CAPACITY)),
                new Backing("wrapped-heap", 8, owned -> Arena.wrap(MemorySegment.ofArray(new long[(int) (CAPACITY / 8)]))));
        long seed = Long.getLong("arena4j.property.seed", System.nanoTime());
        return backings.stream().map(b -> Arguments.of(b, seed));
    }

    @ParameterizedTest(name = "{0} seed={1}")
    @MethodSource("backings")
    void randomProgramsObeyTheModel(Backing backing, long seed) throws Exception {
        List<AutoCloseable> owned = new ArrayList<>();
        try (Arena arena = backing.factory().apply(owned)) {
            run(arena, backing.maxAlignment(), new SplittableRandom(seed));
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("Property failed for " + backing + " with seed " + seed
                    + " (replay: -Darena4j.property.seed=" + seed + ")", e);
        } finally {
            for (AutoCloseable resource : owned) {
                resource.close();
            }
        }
    }

    private static void run(Arena arena, long maxAlignment, SplittableRandom random) {
        long blobStart = arena.allocate(0, 1).address();
        long blobEnd = blobStart + arena.capacity();
        boolean framesSupported = !(arena instanceof SharedArena);
        List<Live> live = new ArrayList<>();
        // Open frames, innermost last: the frame, how many live slices preceded it, its mark.
        List<Frame> frames = new ArrayList<>();
        List<Integer> frameFirstSlice = new ArrayList<>();
        List<Long> frameMarks = new ArrayList<>();
        long modelOffset = 0;
        int maxAlignmentShift = Long.numberOfTrailingZeros(maxAlignment);

        for (int op = 0; op < OPERATIONS; op++) {
            int choice = random.nextInt(100);
            if (choice < 2) {
                verifyContents(live);
                if (!frames.isEmpty()) {
                    long usedBefore = arena.used();
                    assertThatThrownBy(arena::reset).isInstanceOf(IllegalStateException.class);
                    assertThat(arena.used()).isEqualTo(usedBefore);
                    continue;
                }
                List<Live> released = new ArrayList<>(live);
                arena.reset();
                live.clear();
                modelOffset = 0;
                assertThat(arena.used()).isZero();
                checkStale(arena, released, random);
            } else if (choice < 4) {
                verifyContents(live);
            } else if (choice < 8 && framesSupported) {
                frames.add(arena.frame());
                frameFirstSlice.add(live.size());
                frameMarks.add(modelOffset);
                assertThat(frames.getLast().depth()).isEqualTo(frames.size());
            } else if (choice < 12 && !frames.isEmpty()) {
                if (frames.size() > 1 && random.nextInt(10) == 0) {
                    long usedBefore = arena.used();
                    assertThatThrownBy(frames.getFirst()::close).isInstanceOf(IllegalStateException.class);
                    assertThat(arena.used()).isEqualTo(usedBefore);
                }
                frames.removeLast().close();
                int first = frameFirstSlice.removeLast();
                List<Live> releasedSlices = new ArrayList<>(live.subList(first, live.size()));
                live.subList(first, live.size()).clear();
                modelOffset = frameMarks.removeLast();
                assertThat(arena.used()).as("frame rewinds to its mark").isEqualTo(modelOffset);
                verifyContents(live);
                checkStale(arena, releasedSlices, random);
            } else {
                long size = random.nextInt(4097);
                long alignment = 1L << random.nextInt(maxAlignmentShift + 1);
                long padding = -(blobStart + modelOffset) & (alignment - 1);
                boolean fits = padding + size <= arena.capacity() - modelOffset;
                if (!fits) {
                    long usedBefore = arena.used();
                    assertThatThrownBy(() -> arena.allocate(size, alignment)).isInstanceOf(ArenaExhaustedException.class);
                    assertThat(arena.used()).isEqualTo(usedBefore);
                    continue;
                }
                // Half the blocks come as offsets, read back through segment(): the model's checks
                // (alignment, bounds, order, zeros, contents, stale access) then hold for both.
                MemorySegment slice = random.nextBoolean()
                        ? arena.allocate(size, alignment)
                        : arena.segment().asSlice(arena.allocateOffset(size, alignment), size);
                assertThat(slice.byteSize()).isEqualTo(size);
                assertThat(slice.address() % alignment).as("aligned").isZero();
                assertThat(slice.address()).as("in bounds").isGreaterThanOrEqualTo(blobStart);
                assertThat(slice.address() + size).as("in bounds").isLessThanOrEqualTo(blobEnd);
                if (!live.isEmpty()) {
                    // Bump order: each slice starts at or after the end of every earlier live one,
                    // which is what makes live slices disjoint.
                    assertThat(slice.address()).as("no overlap").isGreaterThanOrEqualTo(live.getLast().end());
                }
                if (arena.isZeroing()) {
                    assertThat(slice.mismatch(MemorySegment.ofArray(new byte[(int) size]))).as("zeroed").isEqualTo(-1);
                }
                modelOffset = slice.address() + size - blobStart;
                assertThat(arena.used()).isEqualTo(modelOffset);
                assertThat(arena.remaining()).isEqualTo(arena.capacity() - modelOffset);
                byte fill = (byte) random.nextInt(256);
                slice.fill(fill);
                live.add(new Live(slice, fill));
            }
        }
        verifyContents(live);
    }

    /** With stale-slice checks, a released slice throws on access; without, it stays readable. */
    private static void checkStale(Arena arena, List<Live> released, SplittableRandom random) {
        List<Live> accessible = released.stream().filter(l -> l.slice().byteSize() > 0).toList();
        if (accessible.isEmpty()) {
            return;
        }
        MemorySegment stale = accessible.get(random.nextInt(accessible.size())).slice();
        if (arena.hasStaleSliceChecks()) {
            assertThatThrownBy(() -> stale.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0))
                    .as("stale slice throws").isInstanceOf(IllegalStateException.class);
        } else {
            stale.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0); // aliases: documented, not detected
        }
    }

    private static void verifyContents(List<Live> live) {
        for (Live slice : live) {
            for (long i = 0; i < slice.slice().byteSize(); i++) {
                if (slice.slice().get(java.lang.foreign.ValueLayout.JAVA_BYTE, i) != slice.fill()) {
                    throw new AssertionError("Slice at " + slice.start() + " lost its contents at byte " + i);
                }
            }
        }
    }
}
