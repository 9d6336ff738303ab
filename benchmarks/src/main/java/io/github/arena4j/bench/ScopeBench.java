package io.github.arena4j.bench;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.github.arena4j.Arena;
import io.github.arena4j.Frame;
import io.github.arena4j.Scratch;
import io.github.arena4j.StaleSliceChecks;
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
 * A scope alone: open a frame, allocate {@code perFrame} slices of 64 bytes (each written once),
 * close the frame. Time is per scope; {@code perFrame = 0} is an empty scope.
 *
 * <p>{@code arena4j_frame} is {@code Arena.ofNative}'s default ({@code ON_REUSE}: closed frames are
 * quarantined and reclaimed together); {@code _on_release} gives every frame its own JDK session
 * (the JDK's semantics: every slice dies when the frame closes); {@code _unchecked} has no checks
 * (zeroing on, as the default); {@code _unchecked_uninit} has neither checks nor zeroing;
 * {@code arena4j_scratch} is {@code Scratch.frame()}, default checks. The floors:
 * {@code lwjgl_stack} is {@code MemoryStack.push()/nmalloc/pop()} (no zeroing, no checks),
 * {@code lwjgl_stack_calloc} its zeroing variant, {@code hand_bump} a hand-written
 * save/bump/restore over one segment, and {@code hand_jdk_session} the same with the JDK's own
 * safety (a confined JDK arena per scope, each slice cut from the blob re-scoped to it).
 * {@code jdk_confined} is a JDK confined arena per scope.
 *
 * <p>Each row writes its loop out in full rather than calling a helper shared with other rows: a
 * helper shared by several rows is compiled on its own and called, which would charge a call to
 * the subject alone.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 3, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 4, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
public class ScopeBench {

    static final long SIZE = 64;
    static final long ALIGN = 8;
    static final long CAPACITY = 64 * 1024;

    @Param({"0", "1", "16"})
    public int perFrame;

    private Arena onReuse;
    private Arena onRelease;
    private Arena unchecked;
    private Arena uncheckedUninit;
    private MemoryStack stack;
    private java.lang.foreign.Arena blobOwner;
    private MemorySegment blob;
    private long top;

    @Setup
    public void setup() {
        Support.requireNativeAccess();
        onReuse = Arena.ofNative(CAPACITY);
        onRelease = Arena.builder().nativeMemory(CAPACITY).staleSliceChecks(StaleSliceChecks.ON_RELEASE).build();
        unchecked = Arena.builder().nativeMemory(CAPACITY).staleSliceChecks(StaleSliceChecks.NONE).build();
        uncheckedUninit = Arena.builder().nativeMemory(CAPACITY).staleSliceChecks(StaleSliceChecks.NONE).zeroing(false).build();
        stack = MemoryStack.create((int) CAPACITY);
        blobOwner = java.lang.foreign.Arena.ofConfined();
        blob = blobOwner.allocate(CAPACITY, 16);
    }

    @TearDown
    public void tearDown() {
        onReuse.close();
        onRelease.close();
        unchecked.close();
        uncheckedUninit.close();
        blobOwner.close();
    }

    @Benchmark
    public void arena4j_frame() {
        try (Frame frame = onReuse.frame()) {
            for (int i = 0; i < perFrame; i++) {
                frame.allocate(SIZE, ALIGN).set(JAVA_LONG, 0, i);
            }
        }
    }

    @Benchmark
    public void arena4j_frame_on_release() {
        try (Frame frame = onRelease.frame()) {
            for (int i = 0; i < perFrame; i++) {
                frame.allocate(SIZE, ALIGN).set(JAVA_LONG, 0, i);
            }
        }
    }

    @Benchmark
    public void arena4j_frame_unchecked() {
        try (Frame frame = unchecked.frame()) {
            for (int i = 0; i < perFrame; i++) {
                frame.allocate(SIZE, ALIGN).set(JAVA_LONG, 0, i);
            }
        }
    }

    @Benchmark
    public void arena4j_frame_unchecked_uninit() {
        try (Frame frame = uncheckedUninit.frame()) {
            for (int i = 0; i < perFrame; i++) {
                frame.allocate(SIZE, ALIGN).set(JAVA_LONG, 0, i);
            }
        }
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
                MemoryUtil.memPutLong(frame.nmalloc((int) ALIGN, (int) SIZE), i);
            }
        }
    }

    @Benchmark
    public void lwjgl_stack_calloc() {
        try (MemoryStack frame = stack.push()) {
            for (int i = 0; i < perFrame; i++) {
                MemoryUtil.memPutLong(frame.ncalloc((int) ALIGN, 1, (int) SIZE), i);
            }
        }
    }

    @Benchmark
    public void hand_bump() {
        long saved = top;
        for (int i = 0; i < perFrame; i++) {
            long start = (top + ALIGN - 1) & -ALIGN;
            top = start + SIZE;
            blob.asSlice(start, SIZE).set(JAVA_LONG, 0, i);
        }
        top = saved;
    }

    @Benchmark
    public void hand_jdk_session() {
        long saved = top;
        try (java.lang.foreign.Arena session = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment view = blob.reinterpret(session, null);
            for (int i = 0; i < perFrame; i++) {
                long start = (top + ALIGN - 1) & -ALIGN;
                top = start + SIZE;
                view.asSlice(start, SIZE).set(JAVA_LONG, 0, i);
            }
        }
        top = saved;
    }

    @Benchmark
    public void jdk_confined() {
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            for (int i = 0; i < perFrame; i++) {
                arena.allocate(SIZE, ALIGN).set(JAVA_LONG, 0, i);
            }
        }
    }
}
