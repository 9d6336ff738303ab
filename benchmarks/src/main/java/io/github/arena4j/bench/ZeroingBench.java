package io.github.arena4j.bench;

import static io.github.arena4j.bench.Subjects.Kind.HEAP;
import static io.github.arena4j.bench.Subjects.Kind.HEAP_UNINIT;
import static io.github.arena4j.bench.Subjects.Kind.NATIVE;
import static io.github.arena4j.bench.Subjects.Kind.NATIVE_UNINIT;
import static io.github.arena4j.bench.Subjects.Kind.RAW_BUMP;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

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

    private Subjects subjects;
    private final long[] pointers = new long[BATCH];

    @Setup
    public void setup() {
        subjects = new Subjects((long) BATCH * size + 64, NATIVE, NATIVE_UNINIT, HEAP, HEAP_UNINIT, RAW_BUMP);
    }

    @TearDown
    public void tearDown() {
        subjects.close();
    }

    @Benchmark
    public void arena4j_native() {
        Subjects.writeBatchAndReset(subjects.nativeZeroed, BATCH, size);
    }

    @Benchmark
    public void arena4j_native_uninit() {
        Subjects.writeBatchAndReset(subjects.nativeUninit, BATCH, size);
    }

    @Benchmark
    public void arena4j_heap() {
        Subjects.writeBatchAndReset(subjects.heapZeroed, BATCH, size);
    }

    @Benchmark
    public void arena4j_heap_uninit() {
        Subjects.writeBatchAndReset(subjects.heapUninit, BATCH, size);
    }

    @Benchmark
    public void raw_bump() {
        subjects.raw.writeBatch(BATCH, size);
        subjects.raw.rewind();
    }

    @Benchmark
    public void raw_bump_zero() {
        subjects.raw.writeBatchZeroingEach(BATCH, size);
        subjects.raw.rewind();
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
        Support.mallocWriteFree(pointers, size);
    }

    @Benchmark
    public void libc_calloc_free() {
        Support.callocWriteFree(pointers, size);
    }
}
