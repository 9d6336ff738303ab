package io.github.arena4j.bench;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The first bulk clear of 1 MiB in a fresh JVM, before the JIT has compiled the code that does
 * it: what the first {@code reset()} of an arena would cost with each way of clearing that
 * {@link ClearBench} compares once compiled. Each fork times one clear; time is per clear.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(value = 10, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 0)
@Measurement(iterations = 1)
public class FirstClearBench {

    private static final long BYTES = 1 << 20;

    private java.lang.foreign.Arena arena;
    private MemorySegment block;
    private MemorySegment zeros;

    @Setup
    public void setup() {
        arena = java.lang.foreign.Arena.ofConfined();
        block = arena.allocate(BYTES, 64);
        block.fill((byte) 1); // every page touched before the timed clear
        zeros = ClearBench.zeros(arena);
    }

    @TearDown
    public void tearDown() {
        arena.close();
    }

    /** What arena4j does: copies from a block of zeros. */
    @Benchmark
    public MemorySegment copy_from_zeros() {
        return ClearBench.copyFromZeros(zeros, block);
    }

    /** The fastest once compiled, interpreted until then. */
    @Benchmark
    public MemorySegment long_loop() {
        return ClearBench.longLoop(block);
    }

    @Benchmark
    public MemorySegment segment_fill() {
        return block.fill((byte) 0);
    }
}
