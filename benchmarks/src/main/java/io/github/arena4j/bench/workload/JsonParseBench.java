package io.github.arena4j.bench.workload;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The JSON workload: parse a generated API payload of {@code docMB} megabytes into a tree, walk
 * the tree once and check its {@link Checksum} against the generator's (a mismatch throws). Time
 * per document; the report turns it into MB/s of input. The subclasses fix the heap: 2 GiB and
 * 256 MiB, pre-touched.
 *
 * <p>Each benchmark runs in its own fork, so a variant that runs out of heap (heap objects of the
 * 50 MB document in 256 MiB) fails alone; run with {@code -foe false} to record that and go on.
 * For a smoke test, {@code -p docMB=1}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Thread)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
public abstract class JsonParseBench {

    @Param({"10", "50"})
    public int docMB;

    private Variant variant;

    @Setup
    public void setup(BenchmarkParams params) {
        String benchmark = params.getBenchmark();
        variant = Variant.of(benchmark.substring(benchmark.lastIndexOf('.') + 1), Document.generate(docMB));
        variant.parseAndWalk(); // fails the trial at once if the tree is wrong
    }

    @TearDown
    public void tearDown() {
        variant.close();
    }

    @Benchmark
    public Checksum heap_objects() {
        return variant.parseAndWalk();
    }

    @Benchmark
    public Checksum arena4j_native() {
        return variant.parseAndWalk();
    }

    @Benchmark
    public Checksum arena4j_native_uninit() {
        return variant.parseAndWalk();
    }

    @Benchmark
    public Checksum arena4j_in_place() {
        return variant.parseAndWalk();
    }

    @Benchmark
    public Checksum arena4j_in_place_uninit() {
        return variant.parseAndWalk();
    }

    @Benchmark
    public Checksum arena4j_in_place_presized() {
        return variant.parseAndWalk();
    }

    @Benchmark
    public Checksum arena4j_in_place_regrow() {
        return variant.parseAndWalk();
    }

    @Benchmark
    public Checksum arena4j_slices_uninit() {
        return variant.parseAndWalk();
    }

    @Benchmark
    public Checksum hand_rolled_blob() {
        return variant.parseAndWalk();
    }

    @Benchmark
    public Checksum jackson_tree() {
        return variant.parseAndWalk();
    }
}
