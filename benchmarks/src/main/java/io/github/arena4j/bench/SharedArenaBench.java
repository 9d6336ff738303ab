package io.github.arena4j.bench;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.github.arena4j.Arena;
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
 * Thread-safe allocation. One operation is one allocation of {@code size} bytes, written
 * once, by 1 or 2 threads at once into <em>one</em> allocator: arena4j's lock-free shared arena,
 * or one {@code java.lang.foreign.Arena.ofShared()} (a {@code malloc} per allocation, thread-safe
 * bookkeeping). {@code arena4j_confined_*} is the alternative without sharing: each thread bumps
 * its own confined arena.
 *
 * <p>Every allocator is released between iterations (not timed): a shared arena cannot be reset
 * while threads allocate. So the arena4j arenas here are built with {@code zeroing(false)}, because
 * a zeroing arena pays for zeros at reset, outside the timed window, and would look cheaper than it
 * is; the JDK arena zeroes every allocation inside it (see {@code BatchAllocationBench} for the
 * zeroed rows with release included). The blobs are {@value #CAPACITY} bytes so that an iteration
 * of {@value #ITERATION_MS} ms cannot exhaust them at these sizes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 3, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 4, time = SharedArenaBench.ITERATION_MS, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 8, time = SharedArenaBench.ITERATION_MS, timeUnit = TimeUnit.MILLISECONDS)
public class SharedArenaBench {

    static final int ITERATION_MS = 50;
    static final long CAPACITY = 2L << 30;
    static final long ALIGN = 8;

    /** One allocator for all threads. */
    @State(Scope.Benchmark)
    public static class Shared {
        @Param({"16", "64"})
        public int size;

        Arena arena4j;
        java.lang.foreign.Arena jdk;

        @Setup(Level.Trial)
        public void reserve() {
            Support.requireNativeAccess();
            arena4j = Arena.builder().nativeMemory(CAPACITY).shared().zeroing(false).build();
        }

        @Setup(Level.Iteration)
        public void setup() {
            arena4j.reset(); // no thread allocates between iterations
            jdk = java.lang.foreign.Arena.ofShared();
        }

        @TearDown(Level.Iteration)
        public void tearDown() {
            jdk.close();
        }

        @TearDown(Level.Trial)
        public void release() {
            arena4j.close();
        }
    }

    /** One allocator per thread. */
    @State(Scope.Thread)
    public static class Confined {
        Arena arena4j;

        @Setup(Level.Trial)
        public void reserve() {
            arena4j = Arena.builder().nativeMemory(CAPACITY).zeroing(false).staleSliceChecks(false).build();
        }

        @Setup(Level.Iteration)
        public void setup() {
            arena4j.reset();
        }

        @TearDown(Level.Trial)
        public void release() {
            arena4j.close();
        }
    }

    @Benchmark
    @Threads(1)
    public void arena4j_shared_1t(Shared shared) {
        shared.arena4j.allocate(shared.size, ALIGN).set(JAVA_LONG, 0, 1L);
    }

    @Benchmark
    @Threads(2)
    public void arena4j_shared_2t(Shared shared) {
        shared.arena4j.allocate(shared.size, ALIGN).set(JAVA_LONG, 0, 1L);
    }

    @Benchmark
    @Threads(1)
    public void jdk_shared_1t(Shared shared) {
        shared.jdk.allocate(shared.size, ALIGN).set(JAVA_LONG, 0, 1L);
    }

    @Benchmark
    @Threads(2)
    public void jdk_shared_2t(Shared shared) {
        shared.jdk.allocate(shared.size, ALIGN).set(JAVA_LONG, 0, 1L);
    }

    @Benchmark
    @Threads(1)
    public void arena4j_confined_1t(Shared shared, Confined confined) {
        confined.arena4j.allocate(shared.size, ALIGN).set(JAVA_LONG, 0, 1L);
    }

    @Benchmark
    @Threads(2)
    public void arena4j_confined_2t(Shared shared, Confined confined) {
        confined.arena4j.allocate(shared.size, ALIGN).set(JAVA_LONG, 0, 1L);
    }
}
