package io.github.arena4j.bench;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.github.arena4j.Arena;
import io.github.arena4j.Frame;
import io.github.arena4j.Scratch;
import io.github.arena4j.StaleSliceChecks;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.TimeUnit;
import org.lwjgl.system.MemoryStack;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A real call in a scope, as FFM code makes it on every downcall: copy a 16-character string into
 * native memory, call libc {@code strlen}, end the scope. Time per call.
 *
 * <p>{@code reused_segment} is the floor: one segment allocated once, {@code setString} into it,
 * no scope at all. {@code lwjgl_stack} pushes and pops LWJGL's stack around {@code ASCII}. The
 * arena4j rows open a scope per call: {@code Scratch.frame()}, a frame of an arena with the
 * default checks, and one without checks; {@code jdk_confined} opens
 * {@code java.lang.foreign.Arena.ofConfined()} per call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 3, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 4, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
public class StrlenBench {

    static final String TEXT = "sixteen-chars-ab";

    private static final MethodHandle STRLEN = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("strlen").orElseThrow(),
            FunctionDescriptor.of(JAVA_LONG, ADDRESS));

    private Arena checked;
    private Arena unchecked;
    private MemoryStack stack;
    private java.lang.foreign.Arena reusedOwner;
    private MemorySegment reused;

    @Setup
    public void setup() {
        Support.requireNativeAccess();
        checked = Arena.ofNative(64 * 1024);
        unchecked = Arena.builder().nativeMemory(64 * 1024).staleSliceChecks(StaleSliceChecks.NONE).build();
        stack = MemoryStack.create(64 * 1024);
        reusedOwner = java.lang.foreign.Arena.ofConfined();
        reused = reusedOwner.allocate(64);
    }

    @TearDown
    public void tearDown() {
        checked.close();
        unchecked.close();
        reusedOwner.close();
    }

    private static long strlen(MemorySegment string) {
        try {
            return (long) STRLEN.invokeExact(string);
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    @Benchmark
    public long reused_segment() {
        reused.setString(0, TEXT);
        return strlen(reused);
    }

    @Benchmark
    public long lwjgl_stack() {
        try (MemoryStack frame = stack.push()) {
            frame.nASCII(TEXT, true);
            return strlen(MemorySegment.ofAddress(frame.getPointerAddress()));
        }
    }

    @Benchmark
    public long arena4j_scratch() {
        try (Frame frame = Scratch.frame()) {
            return strlen(frame.allocateFrom(TEXT));
        }
    }

    @Benchmark
    public long arena4j_frame() {
        try (Frame frame = checked.frame()) {
            return strlen(frame.allocateFrom(TEXT));
        }
    }

    @Benchmark
    public long arena4j_frame_unchecked() {
        try (Frame frame = unchecked.frame()) {
            return strlen(frame.allocateFrom(TEXT));
        }
    }

    @Benchmark
    public long jdk_confined() {
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            return strlen(arena.allocateFrom(TEXT));
        }
    }
}
