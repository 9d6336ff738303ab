package io.github.arena4j.bench;

import static io.github.arena4j.bench.Subjects.Kind.HEAP_UNINIT;
import static io.github.arena4j.bench.Subjects.Kind.NATIVE;
import static io.github.arena4j.bench.Subjects.Kind.NATIVE_UNINIT;
import static io.github.arena4j.bench.Subjects.Kind.RAW_BUMP;
import static io.github.arena4j.bench.Subjects.Kind.SLICING_BLOB;
import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.github.arena4j.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scenario 4: a typed struct, {@code struct { int32_t id; int32_t flags; double value; }} (16 bytes,
 * aligned to 8) described by a {@link StructLayout}, allocated with {@code allocate(LAYOUT)} and its
 * three fields written through the layout's {@link VarHandle}s; {@value #BATCH} per batch, then
 * release; time per struct.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 2, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 400, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 4, time = 400, timeUnit = TimeUnit.MILLISECONDS)
@OperationsPerInvocation(StructBench.BATCH)
public class StructBench {

    static final int BATCH = 1024;

    static final StructLayout POINT = java.lang.foreign.MemoryLayout.structLayout(
            JAVA_INT.withName("id"),
            JAVA_INT.withName("flags"),
            JAVA_DOUBLE.withName("value"));

    private static final VarHandle ID = POINT.varHandle(groupElement("id"));
    private static final VarHandle FLAGS = POINT.varHandle(groupElement("flags"));
    private static final VarHandle VALUE = POINT.varHandle(groupElement("value"));

    private Subjects subjects;
    private final long[] pointers = new long[BATCH];

    @Setup
    public void setup() {
        subjects = new Subjects(BATCH * POINT.byteSize() + 64, NATIVE, NATIVE_UNINIT, HEAP_UNINIT, SLICING_BLOB, RAW_BUMP);
    }

    @TearDown
    public void tearDown() {
        subjects.close();
    }

    private static void write(MemorySegment struct, long offset, int i) {
        ID.set(struct, offset, i);
        FLAGS.set(struct, offset, i ^ 0x55);
        VALUE.set(struct, offset, i * 0.5);
    }

    private static void batch(Arena arena) {
        for (int i = 0; i < BATCH; i++) {
            write(arena.allocate(POINT), 0L, i);
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
    public void arena4j_heap_uninit() {
        batch(subjects.heapUninit);
    }

    @Benchmark
    public void jdk_confined_per_alloc() {
        for (int i = 0; i < BATCH; i++) {
            try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
                write(arena.allocate(POINT), 0L, i);
            }
        }
    }

    @Benchmark
    public void jdk_confined_per_batch() {
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            for (int i = 0; i < BATCH; i++) {
                write(arena.allocate(POINT), 0L, i);
            }
        }
    }

    @Benchmark
    public void jdk_slicing() {
        SegmentAllocator allocator = SegmentAllocator.slicingAllocator(subjects.slicingBlob);
        for (int i = 0; i < BATCH; i++) {
            write(allocator.allocate(POINT), 0L, i);
        }
    }

    @Benchmark
    public void libc_malloc_free() {
        long[] blocks = pointers;
        for (int i = 0; i < BATCH; i++) {
            long block = Support.malloc(POINT.byteSize());
            write(Support.EVERYTHING, block, i);
            blocks[i] = block;
        }
        Support.freeAll(blocks);
    }

    @Benchmark
    public void raw_bump() {
        RawBump raw = subjects.raw;
        for (int i = 0; i < BATCH; i++) {
            write(raw.blob, raw.claim(POINT.byteSize()), i);
        }
        raw.rewind();
    }
}
