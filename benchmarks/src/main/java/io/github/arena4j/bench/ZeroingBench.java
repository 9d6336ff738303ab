package io.github.arena4j.bench;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.github.arena4j.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scenario 5: what zeroing costs for large slices, zeroed (the default) against uninitialized, in
 * batches of {@value #BATCH} (so 256 KiB or 4 MiB per batch, within the caches of the machines we
 * run on) followed by release; time per allocation. The small sizes are in
 * {@link BatchAllocationBench}, which has the same {@code raw_bump_zero} baseline.
 *
 * <p>arena4j clears the used prefix in one bulk fill on {@code reset()}; {@code raw_bump_zero}
 * clears each slice as it is handed out; {@code libc_calloc_free} is the malloc-style way to get
 * zeroed memory; the JDK's confined arena zeroes every allocation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 2, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 400, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 4, time = 400, timeUnit = TimeUnit.MILLISECONDS)
@OperationsPerInvocation(ZeroingBench.BATCH)
public class ZeroingBench {

    static final int BATCH = 64;
    static final long ALIGN = 8;

    @Param({"4096", "65536"})
    public int size;

    private Arena nativeZeroed;
    private Arena nativeUninit;
    private Arena heapZeroed;
    private Arena heapUninit;
    private java.lang.foreign.Arena blobs;
    private MemorySegment rawBlob;
    private long rawBase;
    private long rawTop;
    private final long[] pointers = new long[BATCH];

    @Setup
    public void setup() {
        Support.requireNativeAccess();
        long capacity = (long) BATCH * size + 64;
        nativeZeroed = Arena.ofNative(capacity);
        nativeUninit = Arena.builder().nativeMemory(capacity).zeroing(false).build();
        heapZeroed = Arena.ofHeap(capacity);
        heapUninit = Arena.builder().heap(capacity).zeroing(false).build();
        blobs = java.lang.foreign.Arena.ofConfined();
        rawBlob = blobs.allocate(capacity, 64);
        rawBase = rawBlob.address();
    }

    @TearDown
    public void tearDown() {
        nativeZeroed.close();
        nativeUninit.close();
        heapZeroed.close();
        heapUninit.close();
        blobs.close();
    }

    private void batch(Arena arena) {
        for (int i = 0; i < BATCH; i++) {
            arena.allocate(size, ALIGN).set(JAVA_LONG, 0, i);
        }
        arena.reset();
    }

    @Benchmark
    public void arena4j_native() {
        batch(nativeZeroed);
    }

    @Benchmark
    public void arena4j_native_uninit() {
        batch(nativeUninit);
    }

    @Benchmark
    public void arena4j_heap() {
        batch(heapZeroed);
    }

    @Benchmark
    public void arena4j_heap_uninit() {
        batch(heapUninit);
    }

    @Benchmark
    public void raw_bump() {
        MemorySegment blob = rawBlob;
        long base = rawBase;
        for (int i = 0; i < BATCH; i++) {
            long start = ((base + rawTop + ALIGN - 1) & -ALIGN) - base;
            blob.set(JAVA_LONG, start, i);
            rawTop = start + size;
        }
        rawTop = 0;
    }

    @Benchmark
    public void raw_bump_zero() {
        MemorySegment blob = rawBlob;
        long base = rawBase;
        for (int i = 0; i < BATCH; i++) {
            long start = ((base + rawTop + ALIGN - 1) & -ALIGN) - base;
            blob.asSlice(start, size).fill((byte) 0);
            blob.set(JAVA_LONG, start, i);
            rawTop = start + size;
        }
        rawTop = 0;
    }

    @Benchmark
    public void jdk_confined_per_batch() {
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            for (int i = 0; i < BATCH; i++) {
                arena.allocate(size, ALIGN).set(JAVA_LONG, 0, i);
            }
        }
    }

    @Benchmark
    public void libc_malloc_free() {
        long[] blocks = pointers;
        for (int i = 0; i < BATCH; i++) {
            long block = Support.malloc(size);
            Support.EVERYTHING.set(JAVA_LONG, block, i);
            blocks[i] = block;
        }
        for (int i = 0; i < BATCH; i++) {
            Support.free(blocks[i]);
        }
    }

    @Benchmark
    public void libc_calloc_free() {
        long[] blocks = pointers;
        for (int i = 0; i < BATCH; i++) {
            long block = Support.calloc(size);
            Support.EVERYTHING.set(JAVA_LONG, block, i);
            blocks[i] = block;
        }
        for (int i = 0; i < BATCH; i++) {
            Support.free(blocks[i]);
        }
    }
}
