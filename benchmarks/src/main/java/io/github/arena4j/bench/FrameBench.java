package io.github.arena4j.bench;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.github.arena4j.Arena;
import io.github.arena4j.Frame;
import io.github.arena4j.Scratch;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What stale-slice detection costs. One operation is a whole scope: open a frame,
 * allocate {@code perFrame} slices of 64 bytes (each written once), close the frame. Time is per
 * frame; divide by {@code perFrame} for the cost per allocation.
 *
 * <p>{@code arena4j_frame_checked} is {@code Arena.ofNative}'s default: every frame gets its own
 * JDK scope, so its slices throw after the frame closes. {@code _unchecked} turns that off (LWJGL's
 * guarantees, in arena4j). {@code arena4j_scratch} is {@code Scratch.frame()}: the per-thread
 * arena, checked. {@code lwjgl_stack} is {@code MemoryStack.push()/pop()}, which detects nothing.
 * {@code jdk_confined_per_frame} is what the JDK offers for the same safety: a confined arena per
 * scope, a {@code malloc} and a {@code free} per allocation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 3, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 4, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 6, time = 500, timeUnit = TimeUnit.MILLISECONDS)
public class FrameBench {

    static final long SIZE = 64;
    static final long ALIGN = 8;

    @Param({"1", "16"})
    public int perFrame;

    private Arena checked;
    private Arena unchecked;
    private MemoryStack stack;

    @Setup
    public void setup() {
        Support.requireNativeAccess();
        checked = Arena.ofNative(64 * 1024);
        unchecked = Arena.builder().nativeMemory(64 * 1024).staleSliceChecks(false).build();
        stack = MemoryStack.create(64 * 1024);
    }

    @TearDown
    public void tearDown() {
        checked.close();
        unchecked.close();
    }

    private void frame(Arena arena) {
        try (Frame frame = arena.frame()) {
            for (int i = 0; i < perFrame; i++) {
                frame.allocate(SIZE, ALIGN).set(JAVA_LONG, 0, i);
            }
        }
    }

    @Benchmark
    public void arena4j_frame_checked() {
        frame(checked);
    }

    @Benchmark
    public void arena4j_frame_unchecked() {
        frame(unchecked);
    }

    @Benchmark
    public void arena4j_scratch() {
        try (Frame frame = Scratch.frame()) {
            for (int i = 0; i < perFrame; i++) {
                frame.allocate(SIZE, ALIGN).set(JAVA_LONG, 0, i);
            }
        }
    }

    @Benchmark
    public void lwjgl_stack() {
        try (MemoryStack frame = stack.push()) {
            for (int i = 0; i < perFrame; i++) {
                MemoryUtil.memPutLong(frame.ncalloc((int) ALIGN, 1, (int) SIZE), i);
            }
        }
    }

    @Benchmark
    public void jdk_confined_per_frame() {
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            for (int i = 0; i < perFrame; i++) {
                MemorySegment slice = arena.allocate(SIZE, ALIGN);
                slice.set(JAVA_LONG, 0, i);
            }
        }
    }
}
