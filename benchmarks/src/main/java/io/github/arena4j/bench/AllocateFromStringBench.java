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
 * Scenario 3a: {@code allocateFrom(String)}, a NUL-terminated UTF-8 copy of an ASCII string of
 * {@code length} characters, {@value #BATCH} per batch, then release; time per string.
 *
 * <p>arena4j inherits {@link SegmentAllocator#allocateFrom(String)}, which asks for the bytes with
 * {@code allocate} and copies; the JDK's own arenas skip zeroing the bytes about to be overwritten.
 * {@code libc_malloc_free} is what the same code looks like with {@code malloc}:
 * {@link MemorySegment#setString(long, String)} into the block.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 2, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 400, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 4, time = 400, timeUnit = TimeUnit.MILLISECONDS)
@OperationsPerInvocation(AllocateFromStringBench.BATCH)
public class AllocateFromStringBench {

    static final int BATCH = 1024;

    @Param({"16", "256"})
    public int length;

    private String string;
    private Subjects subjects;
    private final long[] pointers = new long[BATCH];

    @Setup
    public void setup() {
        string = "abcdefghijklmnopqrstuvwxyz0123456789".repeat(length / 36 + 1).substring(0, length);
        subjects = new Subjects((long) BATCH * (length + 1) + 64, NATIVE, NATIVE_UNINIT, SLICING_BLOB);
    }

    @TearDown
    public void tearDown() {
        subjects.close();
    }

    private void batch(Arena arena) {
        String s = string;
        for (int i = 0; i < BATCH; i++) {
            arena.allocateFrom(s);
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
        String s = string;
        for (int i = 0; i < BATCH; i++) {
            try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
                arena.allocateFrom(s);
            }
        }
    }

    @Benchmark
    public void jdk_confined_per_batch() {
        String s = string;
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            for (int i = 0; i < BATCH; i++) {
                arena.allocateFrom(s);
            }
        }
    }

    @Benchmark
    public void jdk_slicing() {
        String s = string;
        SegmentAllocator allocator = SegmentAllocator.slicingAllocator(subjects.slicingBlob);
        for (int i = 0; i < BATCH; i++) {
            allocator.allocateFrom(s);
        }
    }

    @Benchmark
    public void libc_malloc_free() {
        String s = string;
        long bytes = s.length() + 1; // ASCII: one byte per char, plus the terminator
        long[] blocks = pointers;
        for (int i = 0; i < BATCH; i++) {
            long block = Support.malloc(bytes);
            Support.EVERYTHING.setString(block, s);
            blocks[i] = block;
        }
        Support.freeAll(blocks);
    }
}
