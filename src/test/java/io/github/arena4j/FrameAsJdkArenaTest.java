package io.github.arena4j;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the catalogue's frame contract ({@link FrameJdkArenaContractTest}) does not cover: frames
 * whose slices share their scope, scratch frames as a drop-in for {@code Arena.ofConfined()}, and
 * an arena's {@link Arena#lifetime()}, a JDK arena that ends with the arena, across resets and
 * frames.
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
