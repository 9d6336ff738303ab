package io.github.arena4j.bench;

import static io.github.arena4j.bench.Subjects.Kind.NATIVE;
import static io.github.arena4j.bench.Subjects.Kind.NATIVE_UNINIT;
import static io.github.arena4j.bench.Subjects.Kind.SLICING_BLOB;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.github.arena4j.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
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
 * Scenario 3b: {@code allocateFrom(JAVA_INT, int[])}, a native copy of an {@code int[]} of
 * {@code length} elements, {@value #BATCH} per batch, then release; time per array.
 *
 * <p>arena4j inherits {@link SegmentAllocator#allocateFrom(java.lang.foreign.ValueLayout.OfInt, int...)};
 * {@code libc_malloc_free} is {@code malloc} plus
 * {@link MemorySegment#copy(Object, int, MemorySegment, java.lang.foreign.ValueLayout, long, int)}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 2, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 400, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 4, time = 400, timeUnit = TimeUnit.MILLISECONDS)
@OperationsPerInvocation(AllocateFromIntsBench.BATCH)
public class AllocateFromIntsBench {

    static final int BATCH = 1024;

    @Param({"16", "256"})
    public int length;

    private int[] ints;
    private Subjects subjects;
    private final long[] pointers = new long[BATCH];

    @Setup
    public void setup() {
        ints = new int[length];
        for (int i = 0; i < length; i++) {
            ints[i] = i * 31;
        }
        subjects = new Subjects((long) BATCH * length * Integer.BYTES + 64, NATIVE, NATIVE_UNINIT, SLICING_BLOB);
    }

    @TearDown
    public void tearDown() {
        subjects.close();
    }

    private void batch(Arena arena) {
        int[] data = ints;
        for (int i = 0; i < BATCH; i++) {
            arena.allocateFrom(JAVA_INT, data);
        }
        arena.reset();
    }

    @Benchmark
    public void arena4j_native() {
        batch(subjects.nativeZeroed);
    }

    @Benchmark
    public void arena4j_native_uninit() {
        batch(subjects.nativeUninit);
    }

    @Benchmark
    public void jdk_confined_per_alloc() {
        int[] data = ints;
        for (int i = 0; i < BATCH; i++) {
            try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
                arena.allocateFrom(JAVA_INT, data);
            }
        }
    }

    @Benchmark
    public void jdk_confined_per_batch() {
        int[] data = ints;
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            for (int i = 0; i < BATCH; i++) {
                arena.allocateFrom(JAVA_INT, data);
            }
        }
    }

    @Benchmark
    public void jdk_slicing() {
        int[] data = ints;
        SegmentAllocator allocator = SegmentAllocator.slicingAllocator(subjects.slicingBlob);
        for (int i = 0; i < BATCH; i++) {
            allocator.allocateFrom(JAVA_INT, data);
        }
    }

    @Benchmark
    public void libc_malloc_free() {
        int[] data = ints;
        long bytes = (long) data.length * Integer.BYTES;
        long[] blocks = pointers;
        for (int i = 0; i < BATCH; i++) {
            long block = Support.malloc(bytes);
            MemorySegment.copy(data, 0, Support.EVERYTHING, JAVA_INT, block, data.length);
            blocks[i] = block;
        }
        Support.freeAll(blocks);
    }
}
