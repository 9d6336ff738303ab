package io.github.arena4j.bench;

import static io.github.arena4j.bench.Subjects.Kind.HEAP;
import static io.github.arena4j.bench.Subjects.Kind.HEAP_UNINIT;
import static io.github.arena4j.bench.Subjects.Kind.LWJGL_STACK;
import static io.github.arena4j.bench.Subjects.Kind.NATIVE;
import static io.github.arena4j.bench.Subjects.Kind.NATIVE_UNINIT;
import static io.github.arena4j.bench.Subjects.Kind.NATIVE_UNINIT_UNCHECKED;
import static io.github.arena4j.bench.Subjects.Kind.RAW_BUMP;
import static io.github.arena4j.bench.Subjects.Kind.SLICING_BLOB;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.github.arena4j.Arena;
import io.github.arena4j.Frame;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Scenario 1, one at a time: each operation allocates one slice, writes one {@code long} into it
 * and releases it, so the fixed cost of each allocator's release is paid on every allocation
 * (arena4j's {@code reset()}, the JDK arena's open and close, {@code free}, a new slicing
 * allocator, an LWJGL {@code push}/{@code pop}). The arena4j rows are named as in
 * {@link BatchAllocationBench}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 2, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 400, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 4, time = 400, timeUnit = TimeUnit.MILLISECONDS)
public class SingleAllocationBench {

    static final long ALIGN = 8;

    private static final VarHandle BYTES_AS_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

    @Param({"16", "256", "4096"})
    public int size;

    /** The value written; a field, so the JIT cannot treat it as a constant. */
    public long value = 42;

    private Subjects subjects;

    @Setup
    public void setup() {
        subjects = new Subjects(size + 64, NATIVE, NATIVE_UNINIT, NATIVE_UNINIT_UNCHECKED, HEAP, HEAP_UNINIT,
                SLICING_BLOB, RAW_BUMP, LWJGL_STACK);
    }

    @TearDown
    public void tearDown() {
        subjects.close();
    }

    private void one(Arena arena) {
        MemorySegment slice = arena.allocate(size, ALIGN);
        slice.set(JAVA_LONG, 0, value);
        arena.reset();
    }

    @Benchmark
    public void arena4j_native() {
        one(subjects.nativeZeroed);
    }

    @Benchmark
    public void arena4j_native_uninit() {
        one(subjects.nativeUninit);
    }

    @Benchmark
    public void arena4j_native_uninit_unchecked() {
        one(subjects.nativeUninitUnchecked);
    }

    /** The default arena, released by closing a frame: LWJGL's push/pop, in arena4j. */
    @Benchmark
    public void arena4j_frame() {
        try (Frame frame = subjects.nativeZeroed.frame()) {
            frame.allocate(size, ALIGN).set(JAVA_LONG, 0, value);
        }
    }

    @Benchmark
    public void arena4j_heap() {
        one(subjects.heapZeroed);
    }

    @Benchmark
    public void arena4j_heap_uninit() {
        one(subjects.heapUninit);
    }

    @Benchmark
    public void jdk_confined_per_alloc() {
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            arena.allocate(size, ALIGN).set(JAVA_LONG, 0, value);
        }
    }

    @Benchmark
    public void jdk_shared_per_alloc() {
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofShared()) {
            arena.allocate(size, ALIGN).set(JAVA_LONG, 0, value);
        }
    }

    @Benchmark
    public void libc_malloc_free() {
        long block = Support.malloc(size);
        Support.EVERYTHING.set(JAVA_LONG, block, value);
        Support.free(block);
    }

    @Benchmark
    public void libc_malloc_free_critical() {
        long block = Support.mallocCritical(size);
        Support.EVERYTHING.set(JAVA_LONG, block, value);
        Support.freeCritical(block);
    }

    @Benchmark
    public void jdk_slicing() {
        SegmentAllocator.slicingAllocator(subjects.slicingBlob).allocate(size, ALIGN).set(JAVA_LONG, 0, value);
    }

    @Benchmark
    public void lwjgl_stack() {
        try (MemoryStack frame = subjects.stack.push()) {
            MemoryUtil.memPutLong(frame.nmalloc((int) ALIGN, size), value);
        }
    }

    @Benchmark
    public void new_byte_array(Blackhole blackhole) {
        byte[] array = new byte[size];
        BYTES_AS_LONG.set(array, 0, value);
        blackhole.consume(array);
    }

    @Benchmark
    public void raw_bump() {
        RawBump raw = subjects.raw;
        raw.blob.set(JAVA_LONG, raw.claim(size), value);
        raw.rewind();
    }

    @Benchmark
    public void raw_bump_zero() {
        RawBump raw = subjects.raw;
        long start = raw.claim(size);
        raw.blob.asSlice(start, size).fill((byte) 0);
        raw.blob.set(JAVA_LONG, start, value);
        raw.rewind();
    }
}
