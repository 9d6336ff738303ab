package io.github.arena4j.bench;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.github.arena4j.Arena;
import io.github.arena4j.ArenaExhaustedException;
import io.github.arena4j.StaleSliceChecks;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * A shared arena used the way a server uses one: small ({@value #CAPACITY} bytes), and reset
 * often. Each thread allocates batches of {@value #BATCH} × {@value #SIZE} B (one {@code long}
 * written into each slice); before a batch, a thread that finds fewer than
 * {@code threads × BATCH × SIZE} bytes remaining resets the arena once every other thread is out
 * of its batch (the others wait at their next batch until the reset is done). A thread that is
 * refused mid-batch (bytes free in another thread's block are not its to use) does the same. Time
 * is per allocation, waits and resets included.
 *
 * <ul>
 *   <li>{@code arena4j_shared_*}: one {@code Arena.builder().nativeMemory(1 << 20).shared()
 *       .zeroing(false)} for all threads;</li>
 *   <li>{@code arena4j_confined_*}: the reference, a confined arena of the same size per thread,
 *       reset by its thread alone when fewer than {@code BATCH × SIZE} bytes remain;</li>
 *   <li>{@code raw_bump_*}: the machine's ceiling, a hand-written bump pointer per thread over a
 *       blob of its own of the same size, rewound the same way.</li>
 * </ul>
 * JMH reports the time per allocation of each thread, so {@code n} threads allocate
 * {@code n / score} per nanosecond, and the scaling from one thread to two is
 * {@code 2 × score(1 thread) / score(2 threads)}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 3, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 5, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 8, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@OperationsPerInvocation(SharedResetBench.BATCH)
public class SharedResetBench {

    static final long CAPACITY = 1 << 20;
    static final int BATCH = 256;
    static final long SIZE = 16;
    static final long ALIGN = 8;

    /**
     * The shared arena, and what keeps a reset clear of allocations: each thread marks itself
     * {@link Member#inside} for a batch; a thread that finds the arena low takes the
     * {@code resetting} flag, waits until no thread is inside, and resets. A thread that has left
     * the benchmark is not inside, so nothing waits for it.
     */
    @State(Scope.Benchmark)
    public static class Shared {
        Arena arena;
        long low;
        final List<Member> members = new CopyOnWriteArrayList<>();
        final AtomicBoolean resetting = new AtomicBoolean();

        @Setup(Level.Trial)
        public void reserve(BenchmarkParams params) {
            Support.requireNativeAccess();
            low = params.getThreads() * BATCH * SIZE;
            arena = Arena.builder().nativeMemory(CAPACITY).shared().zeroing(false).build();
        }

        @Setup(Level.Iteration)
        public void rewind() {
            arena.reset(); // no thread allocates between iterations
        }

        @TearDown(Level.Trial)
        public void release() {
            arena.close();
        }

        /** Marks {@code member} inside a batch, once no reset is under way. */
        void enter(Member member) {
            if (!member.joined) {
                members.add(member);
                member.joined = true;
            }
            while (true) {
                member.inside = true; // a volatile write, then a volatile read: one of the two sides sees the other
                if (!resetting.get()) {
                    return;
                }
                member.inside = false;
                while (resetting.get()) {
                    Thread.onSpinWait();
                }
            }
        }

        /**
         * Called outside a batch: resets the arena once every thread is out of it, unless another
         * thread is resetting it already. A reset needs no second look at what remains: one
         * right after another only discards what was allocated between, and a refused thread
         * may see plenty remaining, all in other threads' blocks.
         */
        void resetWhenLow() {
            if (!resetting.compareAndSet(false, true)) {
                while (resetting.get()) {
                    Thread.onSpinWait(); // another thread resets
                }
                return;
            }
            for (Member member : members) {
                while (member.inside) {
                    Thread.onSpinWait(); // it finishes its batch
                }
            }
            arena.reset();
            resetting.set(false);
        }
    }

    /** One thread's mark in {@link Shared}: inside a batch or not. */
    @State(Scope.Thread)
    public static class Member {
        volatile boolean inside;
        boolean joined;
    }

    /** A confined arena of the same size for each thread. */
    @State(Scope.Thread)
    public static class Confined {
        Arena arena;

        @Setup(Level.Trial)
        public void reserve() {
            arena = Arena.builder().nativeMemory(CAPACITY).zeroing(false).staleSliceChecks(StaleSliceChecks.NONE).build();
        }

        @TearDown(Level.Trial)
        public void release() {
            arena.close();
        }
    }

    /** A hand-written bump pointer over a blob of the thread's own. */
    @State(Scope.Thread)
    public static class RawBump {
        java.lang.foreign.Arena owner;
        MemorySegment blob;
        long base;
        long top;

        @Setup(Level.Trial)
        public void reserve() {
            owner = java.lang.foreign.Arena.ofConfined();
            blob = owner.allocate(CAPACITY, 64);
            base = blob.address();
        }

        @TearDown(Level.Trial)
        public void release() {
            owner.close();
        }
    }

    private static void shared(Shared s, Member m) {
        Arena arena = s.arena;
        s.enter(m);
        if (arena.remaining() < s.low) {
            m.inside = false;
            s.resetWhenLow();
            s.enter(m);
        }
        int i = 0;
        while (i < BATCH) {
            try {
                for (; i < BATCH; i++) {
                    arena.allocate(SIZE, ALIGN).set(JAVA_LONG, 0, i);
                }
            } catch (ArenaExhaustedException refused) { // free bytes left only in others' blocks
                m.inside = false;
                s.resetWhenLow();
                s.enter(m);
            }
        }
        m.inside = false;
    }

    private static void confined(Confined c) {
        Arena arena = c.arena;
        if (arena.remaining() < BATCH * SIZE) {
            arena.reset();
        }
        for (int i = 0; i < BATCH; i++) {
            arena.allocate(SIZE, ALIGN).set(JAVA_LONG, 0, i);
        }
    }

    private static void rawBump(RawBump r) {
        MemorySegment blob = r.blob;
        long base = r.base;
        long top = r.top;
        if (CAPACITY - top < BATCH * SIZE) {
            top = 0;
        }
        // The check above leaves room for the whole batch; the store checks its own bounds.
        for (int i = 0; i < BATCH; i++) {
            long start = ((base + top + ALIGN - 1) & -ALIGN) - base;
            blob.set(JAVA_LONG, start, i);
            top = start + SIZE;
        }
        r.top = top;
    }

    @Benchmark
    @Threads(1)
    public void arena4j_shared_1t(Shared s, Member m) {
        shared(s, m);
    }

    @Benchmark
    @Threads(2)
    public void arena4j_shared_2t(Shared s, Member m) {
        shared(s, m);
    }

    @Benchmark
    @Threads(1)
    public void arena4j_confined_1t(Confined c) {
        confined(c);
    }

    @Benchmark
    @Threads(2)
    public void arena4j_confined_2t(Confined c) {
        confined(c);
    }

    @Benchmark
    @Threads(1)
    public void raw_bump_1t(RawBump r) {
        rawBump(r);
    }

    @Benchmark
    @Threads(2)
    public void raw_bump_2t(RawBump r) {
        rawBump(r);
    }
}
