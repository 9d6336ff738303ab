package io.github.arena4j.bench;

import io.github.arena4j.Frame;
import io.github.arena4j.Scratch;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Scratch memory on many virtual threads: one operation starts {@value #THREADS} virtual threads,
 * each opening one scope with one 64-byte allocation written once, and waits for them all. Time
 * per batch of threads; {@code rssGrowthMiB} is the process's resident memory after the
 * iteration minus before the first measured one, in MiB: what the batches of threads add once the
 * code is compiled (the warm-up's compilations are left out; the first batches run interpreted
 * and take several times longer).
 *
 * <p>{@code arena4j_scratch} opens {@code Scratch.frame()}; {@code jdk_confined} opens
 * {@code java.lang.foreign.Arena.ofConfined()} per task, the JDK's idiom.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 3, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 40)
@Measurement(iterations = 20)
public class VirtualThreadsBench {

    static final int THREADS = 10_000;

    private long baselineKiB;

    /** Resident memory growth since the first iteration began. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Memory {
        public double rssGrowthMiB;
    }

    @Setup(Level.Trial)
    public void setup() {
        Support.requireNativeAccess();
    }

    @Setup(Level.Iteration)
    public void baseline(IterationParams iteration) throws IOException {
        if (iteration.getType() == IterationType.MEASUREMENT && baselineKiB == 0) {
            baselineKiB = residentKiB();
        }
    }

    static long residentKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS in /proc/self/status");
    }

    private void run(Runnable task, Memory memory) throws Exception {
        Thread[] threads = new Thread[THREADS];
        for (int i = 0; i < THREADS; i++) {
            threads[i] = Thread.ofVirtual().start(task);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        memory.rssGrowthMiB = (residentKiB() - baselineKiB) / 1024.0;
    }

    @Benchmark
    public void arena4j_scratch(Memory memory) throws Exception {
        run(() -> {
            try (Frame frame = Scratch.frame()) {
                MemorySegment slice = frame.allocate(64, 8);
                slice.set(java.lang.foreign.ValueLayout.JAVA_LONG, 0, 1L);
            }
        }, memory);
    }

    @Benchmark
    public void jdk_confined(Memory memory) throws Exception {
        run(() -> {
            try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
                MemorySegment slice = arena.allocate(64, 8);
                slice.set(java.lang.foreign.ValueLayout.JAVA_LONG, 0, 1L);
            }
        }, memory);
    }
}
