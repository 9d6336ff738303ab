package io.github.arena4j.bench;

import static io.github.arena4j.bench.Subjects.Kind.NATIVE;
import static io.github.arena4j.bench.Subjects.Kind.NATIVE_UNINIT;
import static io.github.arena4j.bench.Subjects.Kind.SLICING_BLOB;

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
 * The {@code allocateFrom} scenario, whatever is copied: {@value #BATCH} copies of {@code length}
 * elements into native memory, then release; time per copy. Its rows are written once here and
 * each subclass says what one copy is ({@link AllocateFromStringBench}, {@link AllocateFromIntsBench}).
 *
 * <p>arena4j inherits {@code allocateFrom} from {@link SegmentAllocator}, which asks
 * {@code allocate} for the bytes and copies; the JDK's own arenas skip zeroing the bytes about to be
 * overwritten. {@code libc_malloc_free} is {@code malloc} and the same copy to its address.
 * JMH runs each row in a fork of its own, so every copy's call site sees one allocator type, as
 * it would written out in each row.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 2, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 400, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 4, time = 400, timeUnit = TimeUnit.MILLISECONDS)
@OperationsPerInvocation(AllocateFromScenario.BATCH)
public abstract class AllocateFromScenario {

    static final int BATCH = 1024;

    @Param({"16", "256"})
    public int length;

    private Subjects subjects;
    private final long[] pointers = new long[BATCH];

    /** Makes the data one copy copies, of {@code length} elements. */
    abstract void prepare(int length);

    /** {@return the bytes one copy takes in native memory} */
    abstract long bytes();

    /** One copy through {@code allocator}'s {@code allocateFrom}. */
    abstract MemorySegment copyInto(SegmentAllocator allocator);

    /** The same copy to memory of {@link #bytes()} bytes at {@code address}, from {@code malloc}. */
    abstract void copyTo(long address);

    @Setup
    public void setup() {
        prepare(length);
        subjects = new Subjects(BATCH * bytes() + 64, NATIVE, NATIVE_UNINIT, SLICING_BLOB);
    }

    @TearDown
    public void tearDown() {
        subjects.close();
    }

    private void batch(Arena arena) {
        for (int i = 0; i < BATCH; i++) {
            copyInto(arena);
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
        for (int i = 0; i < BATCH; i++) {
            try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
                copyInto(arena);
            }
        }
    }

    @Benchmark
    public void jdk_confined_per_batch() {
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            for (int i = 0; i < BATCH; i++) {
                copyInto(arena);
            }
        }
    }

    @Benchmark
    public void jdk_slicing() {
        SegmentAllocator allocator = SegmentAllocator.slicingAllocator(subjects.slicingBlob);
        for (int i = 0; i < BATCH; i++) {
            copyInto(allocator);
        }
    }

    @Benchmark
    public void libc_malloc_free() {
        long[] blocks = pointers;
        long bytes = bytes();
        for (int i = 0; i < BATCH; i++) {
            long block = Support.malloc(bytes);
            copyTo(block);
            blocks[i] = block;
        }
        Support.freeAll(blocks);
    }
}
