package io.github.arena4j;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A frame is a {@code java.lang.foreign.Arena}: the JDK APIs that take one accept it, and what
 * they attach to it ends when it closes. And an arena's {@link Arena#lifetime()} is a JDK arena
 * that ends with the arena, across resets and frames.
 */
@SuppressWarnings("restricted") // upcalls, reinterpret and library lookups are the point of this test
class FrameAsJdkArenaTest {

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle QSORT = LINKER.downcallHandle(LINKER.defaultLookup().find("qsort").orElseThrow(),
            FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS));
    private static final FunctionDescriptor COMPARE = FunctionDescriptor.of(JAVA_INT,
            ADDRESS.withTargetLayout(JAVA_INT), ADDRESS.withTargetLayout(JAVA_INT));
    private static final MethodHandle COMPARE_INTS;

    static {
        try {
            COMPARE_INTS = MethodHandles.lookup().findStatic(FrameAsJdkArenaTest.class, "compare",
                    MethodType.methodType(int.class, MemorySegment.class, MemorySegment.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static int compare(MemorySegment a, MemorySegment b) {
        return Integer.compare(a.get(JAVA_INT, 0), b.get(JAVA_INT, 0));
    }

    static Stream<Arguments> frames() {
        return Stream.of(
                Arguments.of("native", (Supplier<Arena>) () -> Arena.ofNative(4096)),
                Arguments.of("native on-release", (Supplier<Arena>) () -> Arena.builder().nativeMemory(4096)
                        .staleSliceChecks(StaleSliceChecks.ON_RELEASE).build()),
                Arguments.of("native unchecked", (Supplier<Arena>) () -> Arena.builder().nativeMemory(4096)
                        .staleSliceChecks(false).build()),
                Arguments.of("heap", (Supplier<Arena>) () -> Arena.ofHeap(4096)),
                Arguments.of("growable native", (Supplier<Arena>) () -> Arena.builder().nativeMemory(64).growable().build()),
                Arguments.of("wrapped", (Supplier<Arena>) () -> Arena.wrap(java.lang.foreign.Arena.ofAuto().allocate(4096))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("frames")
    void theScopeIsAliveExactlyUntilTheFrameCloses(String kind, Supplier<Arena> factory) {
        try (Arena arena = factory.get()) {
            java.lang.foreign.Arena frame = arena.frame();
            MemorySegment.Scope scope = frame.scope();
            assertThat(scope.isAlive()).isTrue();
            assertThat(frame.scope()).isEqualTo(scope);

            frame.close();

            assertThat(scope.isAlive()).isFalse();
            assertThatThrownBy(frame::close).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> frame.allocate(8)).isInstanceOf(IllegalStateException.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("frames")
    void aScopeAskedForAfterCloseIsNotAlive(String kind, Supplier<Arena> factory) {
        try (Arena arena = factory.get()) {
            java.lang.foreign.Arena frame = arena.frame();
            frame.close();
            assertThat(frame.scope().isAlive()).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("frames")
    void reinterpretCleanupsRunWhenTheFrameCloses(String kind, Supplier<Arena> factory) {
        AtomicInteger cleanups = new AtomicInteger();
        MemorySegment native64 = java.lang.foreign.Arena.global().allocate(64);
        try (Arena arena = factory.get()) {
            MemorySegment attached;
            try (java.lang.foreign.Arena frame = arena.frame()) {
                attached = MemorySegment.ofAddress(native64.address())
                        .reinterpret(64, frame, segment -> cleanups.incrementAndGet());
                attached.set(JAVA_LONG, 0, 7L);
                assertThat(cleanups).hasValue(0);
            }
            assertThat(cleanups).hasValue(1);
            assertThatThrownBy(() -> attached.get(JAVA_LONG, 0)).isInstanceOf(IllegalStateException.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("frames")
    void anUpcallStubLivesAsLongAsItsFrame(String kind, Supplier<Arena> factory) throws Throwable {
        try (Arena arena = factory.get(); java.lang.foreign.Arena ints = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment stub;
            try (java.lang.foreign.Arena frame = arena.frame()) {
                MemorySegment array = ints.allocateFrom(JAVA_INT, 5, 3, 9, 1);
                stub = LINKER.upcallStub(COMPARE_INTS, COMPARE, frame);
                QSORT.invokeExact(array, 4L, 4L, stub);
                assertThat(array.toArray(JAVA_INT)).containsExactly(1, 3, 5, 9);
                assertThat(stub.scope().isAlive()).isTrue();
            }
            assertThat(stub.scope().isAlive()).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("frames")
    void aMappedFileIsUnmappedWhenItsFrameCloses(String kind, Supplier<Arena> factory, @TempDir Path dir)
            throws IOException {
        Path file = dir.resolve("mapped.bin");
        try (Arena arena = factory.get(); FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MemorySegment mapped;
            try (java.lang.foreign.Arena frame = arena.frame()) {
                mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, 4096, frame);
                mapped.set(JAVA_INT, 0, 0xCAFE);
            }
            assertThatThrownBy(() -> mapped.get(JAVA_INT, 0)).isInstanceOf(IllegalStateException.class);
        }
        assertThat(Files.size(file)).isEqualTo(4096);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("frames")
    void aLibraryLookupEndsWithItsFrame(String kind, Supplier<Arena> factory) {
        try (Arena arena = factory.get()) {
            MemorySegment strlen;
            try (java.lang.foreign.Arena frame = arena.frame()) {
                SymbolLookup libc = SymbolLookup.libraryLookup("libc.so.6", frame);
                strlen = libc.find("strlen").orElseThrow();
                assertThat(strlen.scope().isAlive()).isTrue();
            }
            assertThat(strlen.scope().isAlive()).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("frames")
    void onlyTheOwnerThreadMayCloseOrAllocate(String kind, Supplier<Arena> factory) {
        try (Arena arena = factory.get()) {
            java.lang.foreign.Arena frame = arena.frame();
            Throwable close = CompletableFuture.runAsync(frame::close).handle((ok, e) -> e.getCause()).join();
            Throwable allocate = CompletableFuture.runAsync(() -> frame.allocate(8)).handle((ok, e) -> e.getCause()).join();

            assertThat(close).isInstanceOf(WrongThreadException.class);
            assertThat(allocate).isInstanceOf(WrongThreadException.class);
            frame.close();
        }
    }

    @Test
    void onReleaseFramesPutTheirSlicesInTheirScope() {
        try (Arena arena = Arena.builder().nativeMemory(4096).staleSliceChecks(StaleSliceChecks.ON_RELEASE).build()) {
            MemorySegment slice;
            try (java.lang.foreign.Arena frame = arena.frame()) {
                slice = frame.allocate(16);
                assertThat(slice.scope()).isEqualTo(frame.scope());
                assertThat(slice.isNative()).isTrue();
            }
            assertThat(slice.scope().isAlive()).isFalse();
            assertThatThrownBy(() -> slice.get(JAVA_BYTE, 0)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aScratchFrameDropsInWhereTheJdkConfinedArenaWas() throws Throwable {
        MethodHandle strlen = LINKER.downcallHandle(LINKER.defaultLookup().find("strlen").orElseThrow(),
                FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        for (int i = 0; i < 100; i++) {
            try (java.lang.foreign.Arena arena = Scratch.frame()) { // was: Arena.ofConfined()
                MemorySegment text = arena.allocateFrom("x".repeat(i));
                assertThat((long) strlen.invokeExact(text)).isEqualTo(i);
            }
        }
    }

    @Test
    void theLifetimeOutlivesResetsAndFramesAndEndsWithTheArena(@TempDir Path dir) throws Throwable {
        AtomicInteger cleanups = new AtomicInteger();
        Path file = dir.resolve("lifetime.bin");
        MemorySegment stub;
        MemorySegment attached;
        MemorySegment mapped;
        MemorySegment strlen;
        try (Arena arena = Arena.ofNative(4096); FileChannel channel = FileChannel.open(file,
                StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            java.lang.foreign.Arena lifetime = arena.lifetime();
            assertThat(arena.lifetime()).isSameAs(lifetime);
            try (Frame frame = arena.frame()) {
                stub = LINKER.upcallStub(COMPARE_INTS, COMPARE, arena.lifetime());
                attached = java.lang.foreign.Arena.global().allocate(8)
                        .reinterpret(8, lifetime, segment -> cleanups.incrementAndGet());
                mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, 64, lifetime);
                strlen = SymbolLookup.libraryLookup("libc.so.6", lifetime).find("strlen").orElseThrow();
                frame.allocate(64);
            }
            arena.reset();
            try (java.lang.foreign.Arena ints = java.lang.foreign.Arena.ofConfined()) {
                MemorySegment array = ints.allocateFrom(JAVA_INT, 2, 1);
                QSORT.invokeExact(array, 2L, 4L, stub);
                assertThat(array.toArray(JAVA_INT)).containsExactly(1, 2);
            }
            attached.set(JAVA_LONG, 0, 1L);
            mapped.set(JAVA_INT, 0, 1);
            assertThat(strlen.scope().isAlive()).isTrue();
            assertThat(cleanups).hasValue(0);
            assertThatThrownBy(lifetime::close).isInstanceOf(UnsupportedOperationException.class);
        }
        assertThat(cleanups).hasValue(1);
        assertThat(stub.scope().isAlive()).isFalse();
        assertThat(strlen.scope().isAlive()).isFalse();
        assertThatThrownBy(() -> mapped.get(JAVA_INT, 0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aSharedArenasLifetimeIsShared() {
        try (Arena arena = Arena.ofShared(4096)) {
            MemorySegment segment = arena.lifetime().allocate(8);
            CompletableFuture.runAsync(() -> segment.set(JAVA_LONG, 0, 3L)).join();
            assertThat(segment.get(JAVA_LONG, 0)).isEqualTo(3L);
        }
    }

    @Test
    void aClosedArenaHasNoLifetimeToGive() {
        Arena arena = Arena.ofNative(64);
        arena.close();
        assertThatThrownBy(arena::lifetime).isInstanceOf(IllegalStateException.class);
    }
}
