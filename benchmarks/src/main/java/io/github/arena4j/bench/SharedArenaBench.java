package io.github.arena4j.bench;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.github.arena4j.Arena;
import io.github.arena4j.StaleSliceChecks;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Thread-safe allocation. One operation is one allocation of {@code size} bytes, written once, by
 * 1, 2 or 4 threads at once into <em>one</em> allocator:
 * <ul>
 *   <li>{@code arena4j_shared_*}: {@code Arena.ofShared}'s design, per-thread blocks claimed from
 *       the shared pointer;</li>
 *   <li>{@code cas_bump_baseline_*}: the design it replaced, one compare-and-set on one shared
 *       pointer per allocation, kept here as {@link CasBump};</li>
 *   <li>{@code jdk_shared_*}: one {@code java.lang.foreign.Arena.ofShared()} (a {@code malloc} per
 *       allocation, thread-safe bookkeeping).</li>
 * </ul>
 * {@code arena4j_confined_*} is the alternative without sharing and the target to get close to:
 * each thread bumps its own confined arena. JMH reports the average time per operation of each
 * thread, so the total throughput of {@code n} threads is {@code n / score}.
 *
 * <p>Every allocator is released between iterations (not timed): a shared arena cannot be reset
 * while threads allocate. So the arena4j arenas here are built with {@code zeroing(false)}, because
 * a zeroing arena pays for zeros at reset, outside the timed window, and would look cheaper than it
 * is; the JDK arena zeroes every allocation inside it (see {@code BatchAllocationBench} for the
 * zeroed rows with release included). Iterations are short ({@value #ITERATION_MS} ms) and many,
 * so that every iteration reuses the same few hundred megabytes of the blob, all touched once
 * when the JDK zeroed it: what is measured is allocation, not the first touch of fresh pages. The
 * blobs are large ({@value #CAPACITY} bytes shared, {@value #CONFINED_CAPACITY} per confined
 * arena) because JMH keeps threads running past the measured window until every thread has
 * finished it, which with more threads than cores can take several windows.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 3, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 20, time = SharedArenaBench.ITERATION_MS, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 30, time = SharedArenaBench.ITERATION_MS, timeUnit = TimeUnit.MILLISECONDS)
public class SharedArenaBench {

    static final int ITERATION_MS = 5;
    /** Blob of a shared allocator; confined arenas get {@link #CONFINED_CAPACITY} each. */
    static final long CAPACITY = 4L << 30;
    static final long CONFINED_CAPACITY = 1L << 30;
    static final long ALIGN = 8;

    /** The allocation size, shared by every state below. */
    @State(Scope.Benchmark)
    public abstract static class Sized {
        @Param({"16", "64"})
        public int size;
    }

    /** arena4j's shared arena, one for all threads. */
    @State(Scope.Benchmark)
    public static class Arena4jShared extends Sized {
        Arena arena;

        @Setup(Level.Trial)
        public void reserve() {
            Support.requireNativeAccess();
            arena = Arena.builder().nativeMemory(CAPACITY).shared().zeroing(false).build();
        }

        @Setup(Level.Iteration)
        public void setup() {
            arena.reset(); // no thread allocates between iterations
        }

        @TearDown(Level.Trial)
        public void release() {
            arena.close();
        }
    }

    /** The compare-and-set baseline, one for all threads. */
    @State(Scope.Benchmark)
    public static class CasShared extends Sized {
        java.lang.foreign.Arena owner;
        CasBump bump;

        @Setup(Level.Trial)
        public void reserve() {
            owner = java.lang.foreign.Arena.ofShared();
            bump = new CasBump(owner.allocate(CAPACITY, 16));
        }

        @Setup(Level.Iteration)
        public void setup() {
            bump.reset();
        }

        @TearDown(Level.Trial)
        public void release() {
            owner.close();
        }
    }

    /** One JDK shared arena for all threads, new each iteration. */
    @State(Scope.Benchmark)
    public static class JdkShared extends Sized {
        java.lang.foreign.Arena arena;

        @Setup(Level.Iteration)
        public void setup() {
            arena = java.lang.foreign.Arena.ofShared();
        }

        @TearDown(Level.Iteration)
        public void tearDown() {
            arena.close();
        }
    }

    /** One confined arena4j arena per thread. */
    @State(Scope.Thread)
    public static class Confined {
        @Param({"16", "64"})
        public int size;

        Arena arena;

        @Setup(Level.Trial)
        public void reserve() {
            arena = Arena.builder().nativeMemory(CONFINED_CAPACITY).zeroing(false).staleSliceChecks(StaleSliceChecks.NONE).build();
        }

        @Setup(Level.Iteration)
        public void setup() {
            arena.reset();
        }

        @TearDown(Level.Trial)
        public void release() {
            arena.close();
        }
    }

    /**
     * The shared arena as it was before per-thread blocks: one write pointer, advanced by
     * compare-and-set for every allocation, which every allocating thread contends on.
     */
    static final class CasBump {
        private static final VarHandle OFFSET;

        static {
            try {
                OFFSET = MethodHandles.lookup().findVarHandle(CasBump.class, "offset", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final MemorySegment blob;
        private final long base;
        private final long capacity;
        @SuppressWarnings("unused") // accessed through OFFSET
        private volatile long offset;

        CasBump(MemorySegment blob) {
            this.blob = blob;
            this.base = blob.address();
            this.capacity = blob.byteSize();
        }

        MemorySegment allocate(long byteSize, long byteAlignment) {
            if (byteAlignment <= 0 || (byteAlignment & (byteAlignment - 1)) != 0) {
                throw new IllegalArgumentException("Invalid alignment constraint: " + byteAlignment);
            }
            while (true) {
                long current = offset;
                long padding = -(base + current) & (byteAlignment - 1);
                if (byteSize < 0 || byteSize > capacity - current - padding) {
                    throw new IllegalStateException("exhausted or closed: size=" + byteSize + " offset=" + current);
                }
                long start = current + padding;
                if (OFFSET.compareAndSet(this, current, start + byteSize)) {
                    return blob.asSlice(start, byteSize);
                }
            }
        }

        void reset() {
            offset = 0;
        }
    }

    /**
     * The two ways a shared arena can find the calling thread's block, alone: a {@link ThreadLocal}
     * per arena, or a small array indexed by the thread's id whose entry names its owner (what
     * {@code Arena.ofShared} does). Each row finds the block and bumps its cursor.
     */
    @State(Scope.Benchmark)
    public static class Lookup {
        static final class Block {
            Thread owner;
            long cursor;
        }

        final ThreadLocal<Block> local = ThreadLocal.withInitial(Block::new);
        final Block[] slots = new Block[8];

        @Setup(Level.Trial)
        public void setup() {
            Block block = new Block();
            block.owner = Thread.currentThread();
            slots[(int) Thread.currentThread().threadId() & (slots.length - 1)] = block;
        }
    }

    @Benchmark
    @Threads(1)
    public long block_lookup_thread_local(Lookup l) {
        Lookup.Block block = l.local.get();
        return block.cursor += 16;
    }

    @Benchmark
    @Threads(1)
    public long block_lookup_slot_array(Lookup l) {
        Thread thread = Thread.currentThread();
        Lookup.Block block = l.slots[(int) thread.threadId() & (l.slots.length - 1)];
        if (block == null || block.owner != thread) {
            throw new IllegalStateException("not this thread's slot");
        }
        return block.cursor += 16;
    }

    // --- arena4j shared arena ---

    @Benchmark
    @Threads(1)
    public void arena4j_shared_1t(Arena4jShared s) {
        s.arena.allocate(s.size, ALIGN).set(JAVA_LONG, 0, 1L);
    }

    @Benchmark
    @Threads(2)
    public void arena4j_shared_2t(Arena4jShared s) {
        s.arena.allocate(s.size, ALIGN).set(JAVA_LONG, 0, 1L);
    }

    @Benchmark
    @Threads(4)
    public void arena4j_shared_4t(Arena4jShared s) {
        s.arena.allocate(s.size, ALIGN).set(JAVA_LONG, 0, 1L);
    }

    // --- the compare-and-set design it replaced ---

    @Benchmark
    @Threads(1)
    public void cas_bump_baseline_1t(CasShared s) {
        s.bump.allocate(s.size, ALIGN).set(JAVA_LONG, 0, 1L);
    }

    @Benchmark
    @Threads(2)
    public void cas_bump_baseline_2t(CasShared s) {
        s.bump.allocate(s.size, ALIGN).set(JAVA_LONG, 0, 1L);
    }

    @Benchmark
    @Threads(4)
    public void cas_bump_baseline_4t(CasShared s) {
        s.bump.allocate(s.size, ALIGN).set(JAVA_LONG, 0, 1L);
    }

    // --- the JDK's shared arena ---

    @Benchmark
    @Threads(1)
    public void jdk_shared_1t(JdkShared s) {
        s.arena.allocate(s.size, ALIGN).set(JAVA_LONG, 0, 1L);
    }

    @Benchmark
    @Threads(2)
    public void jdk_shared_2t(JdkShared s) {
        s.arena.allocate(s.size, ALIGN).set(JAVA_LONG, 0, 1L);
    }

    @Benchmark
    @Threads(4)
    public void jdk_shared_4t(JdkShared s) {
        s.arena.allocate(s.size, ALIGN).set(JAVA_LONG, 0, 1L);
    }

    // --- no sharing: a confined arena per thread ---

    @Benchmark
    @Threads(1)
    public void arena4j_confined_1t(Confined c) {
        c.arena.allocate(c.size, ALIGN).set(JAVA_LONG, 0, 1L);
    }

    @Benchmark
    @Threads(2)
    public void arena4j_confined_2t(Confined c) {
        c.arena.allocate(c.size, ALIGN).set(JAVA_LONG, 0, 1L);
    }

    @Benchmark
    @Threads(4)
    public void arena4j_confined_4t(Confined c) {
        c.arena.allocate(c.size, ALIGN).set(JAVA_LONG, 0, 1L);
    }
}
