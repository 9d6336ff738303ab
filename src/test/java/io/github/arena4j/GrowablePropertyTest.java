package io.github.arena4j;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random programs over growable arenas with small chunks, so that growth, dedicated chunks,
 * budgets, frames that free chunks, and resets that keep one all happen often. The model checks
 * every slice (aligned, disjoint from every live slice, contents intact, zeroed) and the
 * statistics (allocation count, used, peak, padding). A failure names its seed; replay it with
 * {@code -Darena4j.property.seed=<seed>}.
 */
class GrowablePropertyTest {

    private static final int OPERATIONS = Integer.getInteger("arena4j.property.operations", 10_000);
    private static final long BUDGET = 512 * 1024;

    private record Live(MemorySegment slice, byte fill, int frameDepth) {
    }

    private record Backing(String name, long maxAlignment, Supplier<Arena> factory) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> backings() {
        long seed = Long.getLong("arena4j.property.seed", System.nanoTime());
        return Stream.of(
                new Backing("growable-native", 64,
                        () -> Arena.builder().nativeMemory(512).growable(2.0, 8192).budget(BUDGET).build()),
                new Backing("growable-native-unchecked-retaining", 64,
                        () -> Arena.builder().nativeMemory(256).growable(1.5, 4096).retainOnReset(2048)
                                .staleSliceChecks(false).budget(BUDGET).build()),
                new Backing("in-place-native", 64,
                        () -> Arena.builder().nativeMemory(512).growInPlace().budget(BUDGET).build()),
                new Backing("in-place-native-unchecked-retaining", 64,
                        () -> Arena.builder().nativeMemory(256).growInPlace().retainOnReset(2048)
                                .staleSliceChecks(false).budget(BUDGET).build()),
                new Backing("growable-heap", 8,
                        () -> Arena.builder().heap(512).growable(3.0, 16384).budget(BUDGET).build()))
                .map(b -> Arguments.of(b, seed));
    }

    @ParameterizedTest(name = "{0} seed={1}")
    @MethodSource("backings")
    void randomProgramsObeyTheModel(Backing backing, long seed) {
        try (Arena arena = backing.factory().get()) {
            run(arena, backing.maxAlignment(), new SplittableRandom(seed));
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("Property failed for " + backing + " with seed " + seed
                    + " (replay: -Darena4j.property.seed=" + seed + ")", e);
        }
    }

    private static void run(Arena arena, long maxAlignment, SplittableRandom random) {
        // Live slices by address, per address space: native memory is one, each heap array another
        // (a heap segment's address is its offset in its array, so chunks' addresses coincide).
        Map<Object, TreeMap<Long, Live>> spaces = new java.util.IdentityHashMap<>();
        List<Live> all = new ArrayList<>();
        List<Frame> frames = new ArrayList<>();
        List<Long> frameUsed = new ArrayList<>();
        long allocations = 0;
        long requested = 0;
        long peak = 0;
        int maxShift = Long.numberOfTrailingZeros(maxAlignment);

        for (int op = 0; op < OPERATIONS; op++) {
            int choice = random.nextInt(100);
            peak = Math.max(peak, arena.used());
            if (choice < 2 && frames.isEmpty()) {
                verify(all);
                arena.reset();
                spaces.clear();
                all.clear();
                assertThat(arena.used()).isZero();
                assertThat(arena.statistics().chunks()).isOne();
            } else if (choice < 6) {
                frames.add(arena.frame());
                frameUsed.add(arena.used());
            } else if (choice < 10 && !frames.isEmpty()) {
                int depth = frames.size();
                frames.removeLast().close();
                assertThat(arena.used()).as("frame rewinds").isEqualTo(frameUsed.removeLast());
                all.removeIf(l -> l.frameDepth() >= depth);
                spaces.values().forEach(space -> space.values().removeIf(l -> l.frameDepth() >= depth));
                verify(all);
            } else {
                // Mostly small requests, now and then one beyond the maximum chunk size.
                long size = random.nextInt(20) == 0 ? 8192 + random.nextInt(20_000) : random.nextInt(1025);
                long alignment = 1L << random.nextInt(maxShift + 1);
                ArenaStatistics before = arena.statistics();
                MemorySegment slice;
                try {
                    slice = arena.allocate(size, alignment);
                } catch (ArenaExhaustedException e) {
                    assertThat(e.budget()).isEqualTo(BUDGET);
                    assertThat(arena.statistics()).as("a refused allocation changes nothing").isEqualTo(before);
                    continue;
                }
                allocations++;
                requested += size;
                assertThat(slice.byteSize()).isEqualTo(size);
                assertThat(slice.address() % alignment).as("aligned").isZero();
                if (size > 0) {
                    TreeMap<Long, Live> live = spaces.computeIfAbsent(slice.heapBase().orElse(spaces), k -> new TreeMap<>());
                    Map.Entry<Long, Live> below = live.floorEntry(slice.address() + size - 1);
                    if (below != null) {
                        MemorySegment other = below.getValue().slice();
                        assertThat(other.address() + other.byteSize()).as("no overlap").isLessThanOrEqualTo(slice.address());
                    }
                    assertThat(slice.toArray(JAVA_BYTE)).as("zeroed").containsOnly((byte) 0);
                    byte fill = (byte) random.nextInt(256);
                    slice.fill(fill);
                    Live added = new Live(slice, fill, frames.size());
                    live.put(slice.address(), added);
                    all.add(added);
                }
                ArenaStatistics stats = arena.statistics();
                assertThat(stats.reserved()).as("within budget").isLessThanOrEqualTo(BUDGET);
                assertThat(stats.used()).isGreaterThanOrEqualTo(liveBytes(all));
            }
            ArenaStatistics stats = arena.statistics();
            assertThat(stats.allocations()).isEqualTo(allocations);
            assertThat(stats.used()).isEqualTo(arena.used());
            assertThat(stats.peak()).isGreaterThanOrEqualTo(Math.max(peak, stats.used()));
            assertThat(stats.padding()).isGreaterThanOrEqualTo(0);
            assertThat(stats.padding() + requested).as("consumed = requested + padding").isGreaterThanOrEqualTo(stats.used());
            assertThat(stats.reserved()).isEqualTo(arena.capacity());
        }
        verify(all);
        while (!frames.isEmpty()) {
            frames.removeLast().close();
        }
    }

    private static long liveBytes(Iterable<Live> live) {
        long bytes = 0;
        for (Live l : live) {
            bytes += l.slice().byteSize();
        }
        return bytes;
    }

    private static void verify(Iterable<Live> live) {
        for (Live l : live) {
            if (l.slice().mismatch(MemorySegment.ofArray(filled((int) l.slice().byteSize(), l.fill()))) != -1) {
                throw new AssertionError("Slice at " + l.slice().address() + " lost its contents");
            }
        }
    }

    private static byte[] filled(int size, byte fill) {
        byte[] bytes = new byte[size];
        java.util.Arrays.fill(bytes, fill);
        return bytes;
    }

}
