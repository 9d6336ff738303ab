package io.github.arena4j;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A call that throws leaves the arena exactly as it was: nothing claimed, reserved or counted.
 * Each case runs on every kind of arena, and through a frame of each confined kind.
 */
class FailedCallsTest {

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable resource : resources.reversed()) {
            resource.close();
        }
    }

    /** An arena kind, and whether to allocate through a frame of it. */
    record Kind(String name, Supplier<Arena> factory, boolean throughFrame) {
        @Override
        public String toString() {
            return name + (throughFrame ? " (frame)" : "");
        }
    }

    static Stream<Kind> kinds() {
        List<Kind> kinds = new ArrayList<>();
        List<Kind> arenas = List.of(
                new Kind("native", () -> Arena.ofNative(4096), false),
                new Kind("native on-release", () -> Arena.builder().nativeMemory(4096)
                        .staleSliceChecks(StaleSliceChecks.ON_RELEASE).build(), false),
                new Kind("native unchecked", () -> Arena.builder().nativeMemory(4096).staleSliceChecks(false).build(), false),
                new Kind("heap", () -> Arena.ofHeap(4096), false),
                new Kind("wrapped", () -> Arena.wrap(java.lang.foreign.Arena.global().allocate(4096)), false),
                new Kind("growable native", () -> Arena.builder().nativeMemory(64).growable().build(), false),
                new Kind("growable heap", () -> Arena.builder().heap(64).growable().build(), false),
                new Kind("growable native with budget", () -> Arena.builder().nativeMemory(64).growable()
                        .budget(1 << 20).build(), false));
        for (Kind kind : arenas) {
            kinds.add(kind);
            kinds.add(new Kind(kind.name(), kind.factory(), true));
        }
        kinds.add(new Kind("shared", () -> Arena.ofShared(4096), false));
        return kinds.stream();
    }

    /** What must not change when a call fails. */
    private record State(long used, long remaining, long capacity, ArenaStatistics statistics) {
        static State of(Arena arena) {
            return new State(arena.used(), arena.remaining(), arena.capacity(), arena.statistics());
        }
    }

    private SegmentAllocator allocator(Kind kind, Arena arena) {
        resources.add(arena);
        arena.allocate(JAVA_LONG); // something to lose
        if (!kind.throughFrame()) {
            return arena;
        }
        Frame frame = arena.frame();
        frame.allocate(JAVA_INT);
        return frame;
    }

    private static void failsAndChangesNothing(Arena arena, Class<? extends Throwable> type, ThrowingCallable call) {
        State before = State.of(arena);
        assertThatThrownBy(call).isInstanceOf(type);
        assertThat(State.of(arena)).isEqualTo(before);
    }

    static Stream<Arguments> badCopies() {
        // source: 16 native bytes, as in a user's report; each row is one way the copy is refused
        List<Arguments> rows = new ArrayList<>();
        rows.add(Arguments.of("layout sizes differ", IllegalArgumentException.class,
                (Copy) (a, src) -> a.allocateFrom(JAVA_INT, src, JAVA_BYTE, 0, 1)));
        rows.add(Arguments.of("misaligned source", IllegalArgumentException.class,
                (Copy) (a, src) -> a.allocateFrom(JAVA_INT, src.asSlice(1), JAVA_INT, 0, 1)));
        rows.add(Arguments.of("source offset misaligned", IllegalArgumentException.class,
                (Copy) (a, src) -> a.allocateFrom(JAVA_INT, src, JAVA_INT, 1, 1)));
        rows.add(Arguments.of("source offset past the end", IndexOutOfBoundsException.class,
                (Copy) (a, src) -> a.allocateFrom(JAVA_INT, src, JAVA_INT, 16, 1)));
        rows.add(Arguments.of("negative source offset", IndexOutOfBoundsException.class,
                (Copy) (a, src) -> a.allocateFrom(JAVA_INT, src, JAVA_INT, -4, 1)));
        rows.add(Arguments.of("negative count", IllegalArgumentException.class,
                (Copy) (a, src) -> a.allocateFrom(JAVA_INT, src, JAVA_INT, 0, -1)));
        rows.add(Arguments.of("source layout alignment over its size", IllegalArgumentException.class,
                (Copy) (a, src) -> a.allocateFrom(JAVA_INT, src, JAVA_INT.withByteAlignment(8), 0, 1)));
        rows.add(Arguments.of("heap address", IllegalArgumentException.class,
                (Copy) (a, src) -> a.allocateFrom(ADDRESS, MemorySegment.ofArray(new byte[4]))));
        rows.add(Arguments.of("closed source", IllegalStateException.class, (Copy) (a, src) -> {
            MemorySegment closed;
            try (java.lang.foreign.Arena jdk = java.lang.foreign.Arena.ofConfined()) {
                closed = jdk.allocate(16);
            }
            a.allocateFrom(JAVA_INT, closed, JAVA_INT, 0, 1);
        }));
        rows.add(Arguments.of("source confined to another thread", WrongThreadException.class, (Copy) (a, src) -> {
            MemorySegment foreign = CompletableFuture.supplyAsync(
                    () -> java.lang.foreign.Arena.ofConfined().allocate(16)).join();
            a.allocateFrom(JAVA_INT, foreign, JAVA_INT, 0, 1);
        }));
        return kinds().flatMap(kind -> rows.stream().map(row -> Arguments.of(kind, row.get()[0], row.get()[1],
                row.get()[2])));
    }

    interface Copy {
        void run(SegmentAllocator allocator, MemorySegment source) throws Throwable;
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("badCopies")
    void aRefusedCopyAllocatesNothing(Kind kind, String what, Class<? extends Throwable> type, Copy copy) {
        Arena arena = kind.factory().get();
        SegmentAllocator allocator = allocator(kind, arena);
        MemorySegment source = java.lang.foreign.Arena.global().allocate(16, 16);

        failsAndChangesNothing(arena, type, () -> copy.run(allocator, source));

        MemorySegment good = allocator.allocateFrom(JAVA_INT, source, JAVA_INT, 0, 4);
        assertThat(good.byteSize()).isEqualTo(16);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aGoodCopyCopiesEveryElementInItsOrder(Kind kind) {
        Arena arena = kind.factory().get();
        SegmentAllocator allocator = allocator(kind, arena);
        int[] values = {1, -2, 3, Integer.MAX_VALUE};

        MemorySegment copy = allocator.allocateFrom(JAVA_INT, values);
        MemorySegment swapped = allocator.allocateFrom(JAVA_INT.withOrder(java.nio.ByteOrder.BIG_ENDIAN),
                MemorySegment.ofArray(values), JAVA_INT, 0, values.length);

        assertThat(copy.toArray(JAVA_INT)).containsExactly(values);
        assertThat(swapped.get(JAVA_INT.withOrder(java.nio.ByteOrder.BIG_ENDIAN), 4)).isEqualTo(-2);
    }

    @Test
    void aStaleSliceOfTheSameArenaIsRefusedAsASource() {
        Arena arena = Arena.builder().nativeMemory(4096).staleSliceChecks(StaleSliceChecks.ON_RELEASE).build();
        resources.add(arena);
        MemorySegment stale;
        try (Frame frame = arena.frame()) {
            stale = frame.allocate(16);
        }

        failsAndChangesNothing(arena, IllegalStateException.class, () -> arena.allocateFrom(JAVA_INT, stale, JAVA_INT, 0, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void badSizesAlignmentsAndExhaustionChangeNothing(Kind kind) {
        Arena arena = kind.factory().get();
        SegmentAllocator allocator = allocator(kind, arena);

        failsAndChangesNothing(arena, IllegalArgumentException.class, () -> allocator.allocate(-1, 1));
        failsAndChangesNothing(arena, IllegalArgumentException.class, () -> allocator.allocate(8, 3));
        failsAndChangesNothing(arena, IllegalArgumentException.class, () -> allocator.allocate(JAVA_INT, -1));
        failsAndChangesNothing(arena, ArenaExhaustedException.class, () -> allocator.allocate(Long.MAX_VALUE - 100, 1));
    }

    /** Requests no chunk could hold are exhaustion, not errors, on every growable kind. */
    static Stream<Arguments> impossibleRequests() {
        return Stream.of(
                Arguments.of("native", (Supplier<Arena>) () -> Arena.builder().nativeMemory(64).growable().build(),
                        Long.MAX_VALUE - 100, 1L),
                Arguments.of("native", (Supplier<Arena>) () -> Arena.builder().nativeMemory(64).growable().build(),
                        8L, 1L << 62),
                Arguments.of("native", (Supplier<Arena>) () -> Arena.builder().nativeMemory(64).growable().build(),
                        Long.MAX_VALUE, 2L),
                Arguments.of("heap", (Supplier<Arena>) () -> Arena.builder().heap(64).growable().build(),
                        1L << 40, 8L),
                Arguments.of("heap", (Supplier<Arena>) () -> Arena.builder().heap(64).growable().build(),
                        Long.MAX_VALUE - 100, 1L));
    }

    @ParameterizedTest(name = "{0}: size={2} alignment={3}")
    @MethodSource("impossibleRequests")
    void impossibleRequestsOnGrowableArenasAreExhaustionWithTheNumbers(String kind, Supplier<Arena> factory,
                                                                        long size, long alignment) {
        Arena arena = factory.get();
        resources.add(arena);

        failsAndChangesNothing(arena, ArenaExhaustedException.class, () -> arena.allocate(size, alignment));
        assertThatThrownBy(() -> arena.allocate(size, alignment))
                .hasMessageStartingWith("Arena exhausted: size=" + size + " alignment=" + alignment + " ")
                .hasMessageNotContaining("budget");
    }

    @Test
    void anImpossibleRequestUnderABudgetSaysBudget() {
        Arena arena = Arena.builder().nativeMemory(64).growable().budget(1024).build();
        resources.add(arena);

        assertThatThrownBy(() -> arena.allocate(Long.MAX_VALUE - 100, 1))
                .isInstanceOf(ArenaExhaustedException.class)
                .hasMessageContaining("budget=1024");
    }

    @Test
    void paddingStaysWhatItWasAfterClose() {
        Arena arena = Arena.ofNative(1024);
        arena.allocate(3, 1);
        arena.allocate(8, 8);
        long padding = arena.statistics().padding();

        arena.close();

        assertThat(padding).isEqualTo(5);
        assertThat(arena.statistics().padding()).isEqualTo(5);
        assertThat(arena.statistics().peak()).isEqualTo(16);
    }

    @Test
    void aResetThatCannotClearItsBlobChangesNothing() {
        Arena outer = Arena.builder().nativeMemory(1024).staleSliceChecks(StaleSliceChecks.ON_RELEASE).build();
        resources.add(outer);
        Arena inner = Arena.wrap(outer.allocate(256, 16));
        inner.allocate(3, 1);
        inner.allocate(8, 8);
        outer.reset(); // the slice inner wraps is stale now
        State before = State.of(inner);

        assertThatThrownBy(inner::reset).isInstanceOf(IllegalStateException.class).hasMessageContaining("blob");

        assertThat(State.of(inner)).isEqualTo(before);
        assertThat(inner.statistics().padding()).isEqualTo(5);
    }

    @Test
    void aClosedFrameRefusesToAllocateAndLeavesTheArenaAlone() {
        Arena arena = Arena.ofNative(1024);
        resources.add(arena);
        Frame frame = arena.frame();
        frame.close();
        State before = State.of(arena);

        assertThatThrownBy(() -> frame.allocate(64)).isInstanceOf(IllegalStateException.class)
                .hasMessage("Already closed: the frame at depth 1 was closed arena=" + arena.name());
        assertThatThrownBy(() -> frame.allocateFrom("x")).isInstanceOf(IllegalStateException.class);
        assertThat(State.of(arena)).isEqualTo(before);

        Frame next = arena.frame(); // same depth: the closed frame must not allocate into it either
        assertThatThrownBy(() -> frame.allocate(64)).isInstanceOf(IllegalStateException.class);
        assertThat(arena.used()).isEqualTo(before.used());
        next.close();
    }

    @Test
    void aClosedScratchFrameAllocatesNothing() {
        Frame frame = Scratch.frame();
        Arena scratch = frame.arena();
        frame.close();
        long used = scratch.used();

        for (int i = 0; i < 1000; i++) {
            assertThatThrownBy(() -> frame.allocate(64)).isInstanceOf(IllegalStateException.class);
        }
        assertThat(scratch.used()).isEqualTo(used);
        try (Frame big = Scratch.frame()) {
            assertThat(big.allocate(Scratch.capacity() - 64).byteSize()).isEqualTo(Scratch.capacity() - 64);
        }
    }

    @Test
    void anEnclosingFrameRefusesToAllocateWhileAnInnerOneIsOpenNamingBothDepths() {
        Arena arena = Arena.ofNative(1024);
        resources.add(arena);
        try (Frame outer = arena.frame()) {
            MemorySegment kept = outer.allocate(JAVA_LONG);
            try (Frame inner = arena.frame()) {
                State before = State.of(arena);
                assertThatThrownBy(() -> outer.allocate(JAVA_LONG))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("depth 1").hasMessageContaining("depth 2");
                assertThat(State.of(arena)).isEqualTo(before);
                inner.allocate(JAVA_LONG);
            }
            MemorySegment result = outer.allocate(JAVA_LONG); // fine again once the inner frame closed
            result.set(JAVA_LONG, 0, 9L);
            kept.set(JAVA_LONG, 0, 1L);
            assertThat(result.get(JAVA_LONG, 0)).isEqualTo(9L);
        }
    }

    @Test
    void aFailedCallOnAGrowableArenaReservesNoChunk() {
        Arena arena = Arena.builder().nativeMemory(64).growable().build();
        resources.add(arena);
        arena.allocate(60, 1);
        MemorySegment source = java.lang.foreign.Arena.global().allocate(4096, 16);

        failsAndChangesNothing(arena, IndexOutOfBoundsException.class,
                () -> arena.allocateFrom(JAVA_INT, source, JAVA_INT, 4096, 250));
        assertThat(arena.capacity()).isEqualTo(64);
        assertThat(arena.statistics().chunks()).isEqualTo(1);
    }

}
