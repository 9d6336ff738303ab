package io.github.arena4j.bench.workload;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * Walk only: the tree of the {@code docMB} document is built once in {@code @Setup}, and each
 * operation walks it and checks its {@link Checksum}. What reading a tree costs in each layout:
 * records and arrays on the heap, offsets in native memory, Jackson's nodes and hash maps.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Thread)
@Fork(value = 2, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
public class JsonWalkBench {

    @Param({"10"})
    public int docMB;

    private Variant variant;

    @Setup
    public void setup(BenchmarkParams params) {
        String benchmark = params.getBenchmark();
        variant = Variant.of(benchmark.substring(benchmark.lastIndexOf('.') + 1), Document.generate(docMB));
        variant.parse();
        variant.walk();
    }

    @TearDown
    public void tearDown() {
        variant.close();
    }

    @Benchmark
    public Checksum heap_objects() {
        return variant.walk();
    }

    @Benchmark
    public Checksum arena4j_native() {
        return variant.walk();
    }

    @Benchmark
    public Checksum arena4j_native_uninit() {
        return variant.walk();
    }

    @Benchmark
    public Checksum hand_rolled_blob() {
        return variant.walk();
    }

    @Benchmark
    public Checksum jackson_tree() {
        return variant.walk();
    }
}
