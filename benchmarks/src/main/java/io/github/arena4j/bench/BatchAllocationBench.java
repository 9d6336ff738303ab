package io.github.arena4j.bench;

import static io.github.arena4j.bench.Subjects.Kind.HEAP;
import static io.github.arena4j.bench.Subjects.Kind.HEAP_UNINIT;
import static io.github.arena4j.bench.Subjects.Kind.LWJGL_STACK;
import static io.github.arena4j.bench.Subjects.Kind.NATIVE;
import static io.github.arena4j.bench.Subjects.Kind.NATIVE_UNINIT;
import static io.github.arena4j.bench.Subjects.Kind.NATIVE_UNINIT_COUNTING;
import static io.github.arena4j.bench.Subjects.Kind.NATIVE_UNINIT_UNCHECKED;
import static io.github.arena4j.bench.Subjects.Kind.RAW_BUMP;
import static io.github.arena4j.bench.Subjects.Kind.SHARED;
import static io.github.arena4j.bench.Subjects.Kind.SLICING_BLOB;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Scenario 1, the headline: a batch of {@value #BATCH} small allocations, each written once, then
 * everything released together. Time is per allocation, release included.
 *
 * <p>"Release" is whatever each allocator offers for a batch: {@code reset()} for arena4j (which,
 * when zeroing, clears the used prefix then: that cost is in the zeroed rows), {@code close()} of
 * the JDK arena, {@code free} of every block, a new slicing allocator over the same segment,
 * {@code pop()} of the LWJGL frame, dropping the arrays, rewinding the raw pointer.
 *
 * <p>arena4j rows: {@code arena4j_native} is {@code Arena.ofNative} as it comes (zeroed slices,
 * stale-slice checks); {@code _uninit} is built with {@code zeroing(false)};
 * {@code _uninit_unchecked} also with {@code staleSliceChecks(StaleSliceChecks.NONE)}; {@code _uninit_counting}
 * with {@code countAllocations(true)} instead; {@code arena4j_frame} is the
 * default arena released by closing a {@code Frame} instead of {@code reset()};
 * {@code arena4j_shared} is {@code Arena.ofShared}, the lock-free arena, from one thread.
 *
 * <p>{@code raw_bump} is the physical limit of handing out uninitialized memory: the aligned bump of
 * a pointer kept in a local variable and one {@code long} store into the blob, no slice object, no
 * checks beyond the store's own bounds check (the blob holds a whole batch), no field written. {@code raw_bump_bulk_zero} adds one bulk clear of the used
 * prefix per batch, written the fastest way found for hand-written code: a loop of {@code long}
 * stores, which the JIT turns into vector stores. It is the limit for handing out zeroed memory.
 * Two slower ways are kept as extra rows: {@code raw_bump_bulk_fill} clears the prefix with one
 * {@link MemorySegment#fill(byte)}, which stores eight bytes at a time, and
 * {@code raw_bump_zero_per_slice} clears each slice as it is handed out.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 3, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 400, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 400, timeUnit = TimeUnit.MILLISECONDS)
@OperationsPerInvocation(BatchAllocationBench.BATCH)
public class BatchAllocationBench {

    static final int BATCH = 1024;
    static final long ALIGN = 8;

    private static final VarHandle BYTES_AS_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

    @Param({"16", "64", "256", "4096"})
    public int size;

    private Subjects subjects;
    private final long[] pointers = new long[BATCH];

    @Setup
    public void setup() {
        subjects = new Subjects((long) BATCH * size + 64, NATIVE, NATIVE_UNINIT, NATIVE_UNINIT_UNCHECKED,
                NATIVE_UNINIT_COUNTING, SHARED, HEAP, HEAP_UNINIT, SLICING_BLOB, RAW_BUMP, LWJGL_STACK);
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
    public void arena4j_native_uninit_unchecked() {
        Subjects.writeBatchAndReset(subjects.nativeUninitUnchecked, BATCH, size);
    }

    /** {@code arena4j_native_uninit} built with {@code countAllocations(true)}: what counting costs. */
    @Benchmark
    public void arena4j_native_uninit_counting() {
        Subjects.writeBatchAndReset(subjects.nativeUninitCounting, BATCH, size);
    }

    /** The default arena, released by a frame rather than a reset: LWJGL's push/pop, in arena4j. */
    @Benchmark
    public void arena4j_frame() {
        try (Frame frame = subjects.nativeZeroed.frame()) {
            for (int i = 0; i < BATCH; i++) {
                MemorySegment slice = frame.allocate(size, ALIGN);
                slice.set(JAVA_LONG, 0, i);
            }
        }
    }

    /** The lock-free shared arena, used by one thread: what thread safety costs when uncontended. */
    @Benchmark
    public void arena4j_shared() {
        Subjects.writeBatchAndReset(subjects.shared, BATCH, size);
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
    public void jdk_confined_per_alloc() {
        for (int i = 0; i < BATCH; i++) {
            try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
                MemorySegment slice = arena.allocate(size, ALIGN);
                slice.set(JAVA_LONG, 0, i);
            }
        }
    }

    @Benchmark
    public void jdk_confined_per_batch() {
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            for (int i = 0; i < BATCH; i++) {
                MemorySegment slice = arena.allocate(size, ALIGN);
                slice.set(JAVA_LONG, 0, i);
            }
        }
    }

    @Benchmark
    public void jdk_shared_per_batch() {
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofShared()) {
            for (int i = 0; i < BATCH; i++) {
                MemorySegment slice = arena.allocate(size, ALIGN);
                slice.set(JAVA_LONG, 0, i);
            }
        }
    }

    @Benchmark
    public void libc_malloc_free() {
        Support.mallocWriteFree(pointers, size);
    }

    @Benchmark
    public void libc_malloc_free_critical() {
        Support.mallocWriteFreeCritical(pointers, size);
    }

    @Benchmark
    public void jdk_slicing() {
        SegmentAllocator allocator = SegmentAllocator.slicingAllocator(subjects.slicingBlob);
        for (int i = 0; i < BATCH; i++) {
            MemorySegment slice = allocator.allocate(size, ALIGN);
            slice.set(JAVA_LONG, 0, i);
        }
    }

    @Benchmark
    public void lwjgl_stack() {
        try (MemoryStack frame = subjects.stack.push()) {
            for (int i = 0; i < BATCH; i++) {
                long address = frame.nmalloc((int) ALIGN, size);
                MemoryUtil.memPutLong(address, i);
            }
        }
    }

    @Benchmark
    public void new_byte_array(Blackhole blackhole) {
        for (int i = 0; i < BATCH; i++) {
            byte[] array = new byte[size];
            BYTES_AS_LONG.set(array, 0, (long) i);
            blackhole.consume(array);
        }
    }

    @Benchmark
    public void raw_bump() {
        subjects.raw.writeBatch(BATCH, size);
        subjects.raw.rewind();
    }

    /**
     * The floor for zeroed memory: the raw bump, and one bulk clear of what the batch used when it
     * is released, as an arena does at {@code reset()}, by the fastest hand-written loop found.
     */
    @Benchmark
    public void raw_bump_bulk_zero() {
        RawBump raw = subjects.raw;
        raw.writeBatch(BATCH, size);
        MemorySegment blob = raw.blob;
        long used = raw.used(); // a multiple of 8 here: every size is
        for (long at = 0; at < used; at += Long.BYTES) {
            blob.set(JAVA_LONG_UNALIGNED, at, 0L); // vectorized by the JIT
        }
        raw.rewind();
    }

    /** The raw bump and one {@link MemorySegment#fill(byte)} per batch: slower than the floor; an extra row. */
    @Benchmark
    public void raw_bump_bulk_fill() {
        RawBump raw = subjects.raw;
        raw.writeBatch(BATCH, size);
        raw.blob.asSlice(0, raw.used()).fill((byte) 0);
        raw.rewind();
    }

    /** Zeroing each slice as it is handed out: slower than the bulk floor; kept as an extra row. */
    @Benchmark
    public void raw_bump_zero_per_slice() {
        subjects.raw.writeBatchZeroingEach(BATCH, size);
        subjects.raw.rewind();
    }
}
