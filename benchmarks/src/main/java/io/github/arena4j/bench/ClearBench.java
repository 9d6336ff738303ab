package io.github.arena4j.bench;

import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
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
 * Ways to clear a block of memory in bulk, as a zeroing arena does when a batch is released: what
 * a {@code reset()} or a frame's release costs per byte. Time is per clear of {@code bytes} bytes.
 *
 * <p>Native memory: {@code native_segment_fill} is {@link MemorySegment#fill(byte)};
 * {@code native_copy_from_zeros} copies from a 16 KiB block of zeros, as arena4j does;
 * {@code native_long_loop} is a loop of {@code long} stores that the JIT vectorizes. A heap
 * {@code long[]}: {@code heap_segment_fill}, {@code heap_copy_from_zeros} and
 * {@code heap_arrays_fill} ({@link Arrays#fill(long[], int, int, long)}, as arena4j does for its
 * heap blobs).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 3, jvmArgsAppend = {"-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 400, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 400, timeUnit = TimeUnit.MILLISECONDS)
public class ClearBench {

    static final long BLOCK = 16 * 1024; // as arena4j does

    /** What a batch of 1024 allocations of 16, 64 and 256 bytes leaves to clear. */
    @Param({"16384", "65536", "262144"})
    public int bytes;

    private java.lang.foreign.Arena arena;
    private MemorySegment block;
    private MemorySegment zeros;
    private long[] words;
    private MemorySegment heap;

    @Setup
    public void setup() {
        arena = java.lang.foreign.Arena.ofConfined();
        block = arena.allocate(bytes, 64); // a cache line, as arena4j's native blobs
        zeros = zeros(arena);
        words = new long[bytes / Long.BYTES];
        heap = MemorySegment.ofArray(words);
    }

    @TearDown
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public MemorySegment native_segment_fill() {
        return block.fill((byte) 0);
    }

    @Benchmark
    public MemorySegment native_copy_from_zeros() {
        return copyFromZeros(zeros, block);
    }

    @Benchmark
    public MemorySegment native_long_loop() {
        return longLoop(block);
    }

    @Benchmark
    public MemorySegment heap_segment_fill() {
        return heap.fill((byte) 0);
    }

    @Benchmark
    public MemorySegment heap_copy_from_zeros() {
        return copyFromZeros(zeros, heap);
    }

    @Benchmark
    public long[] heap_arrays_fill() {
        Arrays.fill(words, 0L);
        return words;
    }

    /** Clears {@code target} by copying from {@code zeros}, {@link #BLOCK} bytes at a time, as arena4j does. */
    static MemorySegment copyFromZeros(MemorySegment zeros, MemorySegment target) {
        long size = target.byteSize();
        for (long done = 0; done < size; done += BLOCK) {
            MemorySegment.copy(zeros, 0, target, done, Math.min(BLOCK, size - done));
        }
        return target;
    }

    /** Clears {@code target} with {@code long} stores, a loop the JIT vectorizes once it compiles it. */
    static MemorySegment longLoop(MemorySegment target) {
        long size = target.byteSize();
        for (long at = 0; at < size; at += Long.BYTES) {
            target.set(JAVA_LONG_UNALIGNED, at, 0L);
        }
        return target;
    }

    /** A read-only block of {@link #BLOCK} zeros, page-aligned, owned by {@code arena}. */
    static MemorySegment zeros(java.lang.foreign.Arena arena) {
        return arena.allocate(BLOCK, 4096).asReadOnly();
    }
}
