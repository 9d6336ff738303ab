package io.github.arena4j;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A frame is a {@link java.lang.foreign.Arena} with the JDK's contract, on every confined kind of
 * {@link ArenaKinds}: its scope is alive until it closes and never after, allocating after close
 * or closing twice throws {@link IllegalStateException}, other threads get
 * {@link WrongThreadException} and change nothing, and what the JDK's APIs attach to it (a
 * {@code reinterpret} cleanup, an upcall stub, a mapped file, a library lookup) lives exactly as
 * long as the frame. The behaviours are those the OpenJDK's own arena and scope tests check;
 * written here for frames.
 *
 * <p>Documented differences from {@code Arena.ofConfined()}: a frame's slices are cut from the
 * arena's blob, so they are heap segments on heap kinds; and unless stale-slice checks are
 * {@code ON_RELEASE}, its slices are not in its {@code scope()}.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.github.arena4j.ArenaKinds#confinedArenas")
@SuppressWarnings("restricted") // upcalls, downcalls, reinterpret and library lookups, as the JDK APIs under test need
class FrameJdkArenaContractTest extends ArenaTestSupport.KindTest {

    private static final Linker LINKER = Linker.nativeLinker();

    FrameJdkArenaContractTest(ArenaKinds.Kind kind) {
        super(kind);
    }

    /** A frame opened on a fresh arena of the kind, with something allocated outside it first. */
    private Frame frame() {
        Arena arena = arena(4096);
        arena.allocate(8, 1);
        return arena.frame();
    }

    @Test
    void aFrameIsAJdkArena() {
        java.lang.foreign.Arena jdk = frame();

        MemorySegment slice = jdk.allocate(fit(JAVA_LONG));
        slice.set(fit(JAVA_LONG), 0, 42L);

        assertThat(slice.get(fit(JAVA_LONG), 0)).isEqualTo(42L);
        assertThat(slice.isNative()).as("heap kinds hand out heap segments").isEqualTo(kind.nativeSlices());
        jdk.close();
    }

    @Test
    void theScopeIsAliveUntilCloseAndDeadAfter() {
        Frame frame = frame();
        MemorySegment.Scope scope = frame.scope();

        assertThat(scope.isAlive()).isTrue();
        assertThat(frame.scope()).isEqualTo(scope);
        frame.close();

        assertThat(scope.isAlive()).isFalse();
        assertThat(frame.isOpen()).isFalse();
    }

    @Test
    void nestedFramesHaveTheirOwnScopes() {
        Frame outer = frame();
        Frame inner = outer.arena().frame();

        assertThat(inner.scope()).isNotEqualTo(outer.scope());
        inner.close();

        assertThat(inner.scope().isAlive()).isFalse();
        assertThat(outer.scope().isAlive()).isTrue();
        outer.close();
        assertThat(outer.scope().isAlive()).isFalse();
    }

    @Test
    void allocatingAfterCloseThrowsAndChangesNothing() {
        Frame frame = frame();
        Arena arena = frame.arena();
        frame.close();
        ArenaStatistics statistics = arena.statistics();

        assertThatThrownBy(() -> frame.allocate(8, 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> frame.allocate(JAVA_INT)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> frame.allocateFrom("late")).isInstanceOf(IllegalStateException.class);

        assertThat(arena.statistics()).isEqualTo(statistics);
    }

    @Test
    void closingTwiceThrows() {
        Frame frame = frame();
        frame.close();

        assertThatThrownBy(frame::close).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closingFromAnotherThreadThrowsAndLeavesTheFrameOpen() {
        Frame frame = frame();
        MemorySegment slice = frame.allocate(fit(JAVA_LONG));
        slice.set(fit(JAVA_LONG), 0, 7L);

        assertThat(onAnotherThread(frame::close)).isInstanceOf(WrongThreadException.class);
        assertThat(onAnotherThread(() -> frame.allocate(8, 1))).isInstanceOf(WrongThreadException.class);

        assertThat(frame.isOpen()).isTrue();
        assertThat(frame.scope().isAlive()).isTrue();
        assertThat(slice.get(fit(JAVA_LONG), 0)).isEqualTo(7L);
        frame.close();
    }

    @Test
    void slicesAreInTheScopeOnlyWhenChecksAreOnRelease() {
        Frame frame = frame();
        MemorySegment slice = frame.allocate(8, 1);
        frame.close();

        if (kind.checks() == StaleSliceChecks.ON_RELEASE) {
            assertThat(slice.scope().isAlive()).isFalse();
            assertThatThrownBy(() -> slice.get(JAVA_BYTE, 0)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aReinterpretCleanupRunsWhenTheFrameCloses() {
        AtomicInteger cleanups = new AtomicInteger();
        try (java.lang.foreign.Arena owner = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment memory = owner.allocate(16, 8);
            Frame frame = frame();

            MemorySegment attached = memory.reinterpret(16, frame, segment -> cleanups.incrementAndGet());
            attached.set(JAVA_LONG, 0, 5L);

            assertThat(attached.scope()).isEqualTo(frame.scope());
            assertThat(cleanups).hasValue(0);
            frame.close();
            assertThat(cleanups).as("ran once, at close").hasValue(1);
            assertThatThrownBy(() -> attached.get(JAVA_LONG, 0)).isInstanceOf(IllegalStateException.class);
            assertThat(memory.get(JAVA_LONG, 0)).isEqualTo(5L);
        }
    }

    static int twice(int value) {
        return 2 * value;
    }

    @Test
    void anUpcallStubLivesAsLongAsTheFrame() throws Throwable {
        MethodHandle target = MethodHandles.lookup().findStatic(FrameJdkArenaContractTest.class, "twice",
                MethodType.methodType(int.class, int.class));
        FunctionDescriptor descriptor = FunctionDescriptor.of(JAVA_INT, JAVA_INT);
        Frame frame = frame();

        MemorySegment stub = LINKER.upcallStub(target, descriptor, frame);
        MethodHandle call = LINKER.downcallHandle(stub, descriptor);

        assertThat((int) call.invokeExact(21)).isEqualTo(42);
        assertThat(stub.scope().isAlive()).isTrue();
        frame.close();
        assertThat(stub.scope().isAlive()).isFalse();
    }

    @Test
    void aMappedFileIsUnmappedWhenTheFrameCloses(@TempDir Path directory) throws IOException {
        Path file = Files.write(directory.resolve("mapped"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        Frame frame = frame();
        MemorySegment mapped;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, 8, frame);
        }

        assertThat(mapped.get(JAVA_BYTE, 7)).isEqualTo((byte) 8);
        mapped.set(JAVA_BYTE, 0, (byte) 9);
        frame.close();

        assertThat(mapped.scope().isAlive()).isFalse();
        assertThat(Files.readAllBytes(file)[0]).isEqualTo((byte) 9);
    }

    @Test
    void aLibraryLookupEndsWithTheFrame() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "names glibc");
        Frame frame = frame();
        SymbolLookup libc;
        try {
            libc = SymbolLookup.libraryLookup("libc.so.6", frame);
        } catch (IllegalArgumentException notThere) {
            frame.close();
            assumeTrue(false, "no libc.so.6 here");
            return;
        }

        MemorySegment strlen = libc.find("strlen").orElseThrow();
        assertThat(strlen.scope().isAlive()).isTrue();
        frame.close();

        assertThat(strlen.scope().isAlive()).isFalse();
    }
}
