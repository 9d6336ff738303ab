package io.github.arena4j.bench;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.github.arena4j.Arena;
import io.github.arena4j.StaleSliceChecks;
import java.lang.foreign.MemorySegment;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scenario 2: the cost of releasing, against how many allocations came before it. Each invocation
 * measures one {@code reset()} or {@code close()} alone; the {@code count} allocations of
 * {@value #SIZE} bytes (each written once) are made in a {@code @Setup(Level.Invocation)} and are
 * not timed.
 *
 * <p>Why per-invocation setup, and what it costs: "allocate then release, minus allocate" would
 * bury a nanosecond {@code reset()} under milliseconds of allocation noise at a million
 * allocations, so the release has to be timed on its own. JMH then timestamps every invocation,
 * which adds a constant floor (two {@code System.nanoTime()} calls and JMH's bookkeeping) to every
 * row; {@code timer_floor} measures that floor with an empty method under the same regime, so it
 * can be read off. Ratios between counts of the same row are what the O(1) claim is about; both
 * sides carry the same floor.
 *
 * <p>Why {@code SampleTime}: with a million allocations in the setup, an iteration holds only a
 * few hundred timed invocations, so one preemption by another process (two cores, shared) moves
 * their <em>average</em> by microseconds. Sampling every invocation gives its distribution; the
 * report uses the median, and JMH's mean is shown beside it.
 *
 * <p>Every setup writes the same {@value #CAPACITY} bytes, {@code count} allocations' worth into
 * the allocator and the rest into scratch memory ({@link #equalize(int)}), so that the caches
 * and TLB are equally cold before every timed release and the rows differ only in the count.
 *
 * <p>Every arena4j arena has the same {@value #CAPACITY}-byte native blob whatever the count, so
 * the rows isolate the count: {@code close()} of an arena returns its blob to the C allocator, a
 * cost that depends on the capacity (and the C allocator), not on how many slices were handed
 * out. {@code arena4j_reset} (zeroing, the default) clears the used prefix in bulk, the one cost
 * that grows with use, so it is reported beside the O(1) {@code arena4j_reset_uninit}.
 * {@code jdk_confined_close} frees one block per allocation. {@code arena4j_reset_uninit_unchecked}
 * also turns stale-slice checks off, isolating what renewing the epoch's scope costs per reset.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 3, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 2, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
public class ReleaseBench {

    static final long SIZE = 16;
    static final long ALIGN = 8;
    static final int MAX_COUNT = 1_000_000;
    static final long CAPACITY = MAX_COUNT * SIZE;

    /**
     * Scratch memory that tops every setup up to the same {@value #CAPACITY} bytes written, see
     * {@link #equalize(int)}. Thread-confined like the states that use it (one per fork).
     */
    private static final MemorySegment SCRATCH = java.lang.foreign.Arena.ofAuto().allocate(CAPACITY, 64);

    /** Allocates {@code count} slices of {@link #SIZE} bytes, writing one long into each. */
    static void fill(Arena arena, int count) {
        for (int i = 0; i < count; i++) {
            arena.allocate(SIZE, ALIGN).set(JAVA_LONG, 0, i);
        }
        equalize(count);
    }

    /**
     * Writes one long per {@value #SIZE} bytes of scratch memory for each of the
     * {@code MAX_COUNT - count} allocations not made, so that every timed release, whatever its
     * count, follows the same {@value #CAPACITY} bytes of stores and finds the caches and TLB
     * equally cold. Without this, a release after a million allocations pays for the cache and TLB
     * misses of the 16 MiB just written, which any operation would pay there, and the rows would
     * measure the setup's footprint instead of the release.
     */
    static void equalize(int count) {
        MemorySegment scratch = SCRATCH;
        for (long offset = (long) count * SIZE; offset < CAPACITY; offset += SIZE) {
            scratch.set(JAVA_LONG, offset, offset);
        }
    }

    /** How many allocations come before the timed release; every state below has it. */
    @State(Scope.Thread)
    public abstract static class Counted {
        @Param({"1", "1000", "1000000"})
        public int count;
    }

    /** An arena kept for the whole trial and refilled before each timed {@code reset()}. */
    @State(Scope.Thread)
    public abstract static class Refilled extends Counted {
        Arena arena;

        abstract Arena build();

        @Setup(Level.Trial)
        public void open() {
            Support.requireNativeAccess();
            arena = build();
        }

        @Setup(Level.Invocation)
        public void allocate() {
            fill(arena, count);
        }

        @TearDown(Level.Trial)
        public void close() {
            arena.close();
        }
    }

    /** Zeroing (the default): {@code reset()} clears the used prefix. */
    @State(Scope.Thread)
    public static class ResetZeroed extends Refilled {
        @Override
        Arena build() {
            return Arena.ofNative(CAPACITY);
        }
    }

    /** The same without zeroing: {@code reset()} only rewinds. */
    @State(Scope.Thread)
    public static class ResetUninit extends Refilled {
        @Override
        Arena build() {
            return Arena.builder().nativeMemory(CAPACITY).zeroing(false).build();
        }
    }

    /** Zeroing and stale-slice checks off: {@code reset()} at its leanest. */
    @State(Scope.Thread)
    public static class ResetUninitUnchecked extends Refilled {
        @Override
        Arena build() {
            return Arena.builder().nativeMemory(CAPACITY).zeroing(false).staleSliceChecks(StaleSliceChecks.NONE).build();
        }
    }

    /** A new arena before each timed {@code close()}. */
    @State(Scope.Thread)
    public static class Close extends Counted {
        Arena arena;

        @Setup(Level.Trial)
        public void check() {
            Support.requireNativeAccess();
        }

        @Setup(Level.Invocation)
        public void allocate() {
            arena = Arena.ofNative(CAPACITY);
            fill(arena, count);
        }

        @TearDown(Level.Invocation)
        public void closeIfLeft() {
            arena.close(); // a no-op after the benchmark's close(); here in case it threw
        }
    }

    /** A new JDK confined arena with {@code count} allocations before each timed {@code close()}. */
    @State(Scope.Thread)
    public static class JdkClose extends Counted {
        java.lang.foreign.Arena arena;

        @Setup(Level.Invocation)
        public void allocate() {
            arena = java.lang.foreign.Arena.ofConfined();
            for (int i = 0; i < count; i++) {
                MemorySegment slice = arena.allocate(SIZE, ALIGN);
                slice.set(JAVA_LONG, 0, i);
            }
            equalize(count);
        }

        @TearDown(Level.Invocation)
        public void closeIfLeft() {
            if (arena.scope().isAlive()) {
                arena.close();
            }
        }
    }

    /** Nothing to release: the per-invocation timing regime and its setup's stores, to measure the floor. */
    @State(Scope.Thread)
    public static class Floor extends Counted {
        @Setup(Level.Invocation)
        public void writeLikeTheOthers() {
            equalize(0);
        }
    }

    @Benchmark
    public void arena4j_reset(ResetZeroed state) {
        state.arena.reset();
    }

    @Benchmark
    public void arena4j_reset_uninit(ResetUninit state) {
        state.arena.reset();
    }

    @Benchmark
    public void arena4j_reset_uninit_unchecked(ResetUninitUnchecked state) {
        state.arena.reset();
    }

    @Benchmark
    public void arena4j_close(Close state) {
        state.arena.close();
    }

    @Benchmark
    public void jdk_confined_close(JdkClose state) {
        state.arena.close();
    }

    @Benchmark
    public int timer_floor(Floor state) {
        return state.count;
    }
}
