package io.github.arena4j.bench;

import static io.github.arena4j.bench.Subjects.Kind.RAW_BUMP;

import io.github.arena4j.Arena;
import io.github.arena4j.Growth;
import io.github.arena4j.StaleSliceChecks;
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
 * What growth, budgets and statistics cost on the allocation path. Batches of
 * {@value #BATCH} allocations of {@code size} bytes (each written once), then {@code reset()}; time
 * per allocation. All arenas are native, uninitialized and unchecked, so the rows differ only in
 * the chunk machinery.
 *
 * <p>{@code arena4j_fixed} is one blob that holds the batch. {@code arena4j_growable} has a budget
 * and the same first chunk, so its fast path is all that runs: it must match the fixed arena.
 * {@code arena4j_growable_from_small} starts from a 4 KiB chunk: the first batches grow it, then a
 * reset keeps the largest chunk and the steady state is the fast path again.
 * {@code arena4j_growable_every_batch} keeps at most 4 KiB on reset, so every batch chains new chunks
 * (doubling up to 64 KiB): the cold path's cost, with its (disabled) JFR event, amortised over the
 * batch. {@code arena4j_in_place} grows in place (one reserved range) and starts with the fixed
 * arena's capacity, so only its fast path runs: it must match the fixed arena too;
 * {@code arena4j_in_place_from_small} starts from 4 KiB and keeps what it grew to. {@code raw_bump} is the same aligned bump and store with no library, no checks and no
 * counters: the gap to it bounds what the always-on statistics cost.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 3, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 4, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 6, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@OperationsPerInvocation(GrowthBench.BATCH)
public class GrowthBench {

    static final int BATCH = 1024;

    @Param({"16", "256"})
    public int size;

    private Arena fixed;
    private Arena growable;
    private Arena fromSmall;
    private Arena everyBatch;
    private Arena inPlace;
    private Arena inPlaceFromSmall;
    private Subjects floor;

    private static Arena.Builder uninitialized(long capacity) {
        return Arena.builder().nativeMemory(capacity).zeroing(false).staleSliceChecks(StaleSliceChecks.NONE);
    }

    @Setup
    public void setup() {
        long capacity = (long) BATCH * size + 64;
        floor = new Subjects(capacity, RAW_BUMP); // checks native access first
        fixed = uninitialized(capacity).build();
        growable = uninitialized(capacity).growth(Growth.chunked()).budget(64L << 20).build();
        fromSmall = uninitialized(4096).growth(Growth.chunked()).build();
        everyBatch = uninitialized(4096).growth(Growth.chunked(2.0, 64 * 1024)).retainOnReset(4096).build();
        inPlace = uninitialized(capacity).growth(Growth.inPlace()).budget(64L << 20).build();
        inPlaceFromSmall = uninitialized(4096).growth(Growth.inPlace()).build();
    }

    @TearDown
    public void tearDown() {
        fixed.close();
        growable.close();
        fromSmall.close();
        everyBatch.close();
        inPlace.close();
        inPlaceFromSmall.close();
        floor.close();
    }

    @Benchmark
    public void arena4j_fixed() {
        Subjects.writeBatchAndReset(fixed, BATCH, size);
    }

    @Benchmark
    public void arena4j_growable() {
        Subjects.writeBatchAndReset(growable, BATCH, size);
    }

    @Benchmark
    public void arena4j_growable_from_small() {
        Subjects.writeBatchAndReset(fromSmall, BATCH, size);
    }

    @Benchmark
    public void arena4j_growable_every_batch() {
        Subjects.writeBatchAndReset(everyBatch, BATCH, size);
    }

    @Benchmark
    public void arena4j_in_place() {
        Subjects.writeBatchAndReset(inPlace, BATCH, size);
    }

    @Benchmark
    public void arena4j_in_place_from_small() {
        Subjects.writeBatchAndReset(inPlaceFromSmall, BATCH, size);
    }

    @Benchmark
    public void raw_bump() {
        floor.raw.writeBatch(BATCH, size);
        floor.raw.rewind();
    }
}
