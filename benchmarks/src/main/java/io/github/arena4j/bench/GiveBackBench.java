package io.github.arena4j.bench;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.github.arena4j.Arena;
import io.github.arena4j.Growth;
import io.github.arena4j.StaleSliceChecks;
import java.lang.foreign.MemorySegment;
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

/**
 * How a zeroing arena that grows in place should clear a large used prefix on {@code reset()}: by
 * writing zeros ({@code fill}, the memory stays resident), or by handing the pages back to the
 * operating system ({@code madvise(MADV_DONTNEED)}), which then supplies zeroed pages on the next
 * touch. One operation is a round: allocate {@code mb} MiB, write one {@code long} per 4 KiB page,
 * reset. Both arenas hold the same bytes; only the reset differs, and with it what the next round's
 * first touches cost.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(value = 3, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
public class GiveBackBench {

    @Param({"1", "16", "64"})
    public int mb;

    private Arena filling;
    private Arena discarding;

    @Setup
    public void setup() {
        Support.requireNativeAccess();
        Arena.Builder builder = Arena.builder().nativeMemory(64 * 1024).growth(Growth.inPlace()).staleSliceChecks(StaleSliceChecks.NONE);
        filling = builder.build();                                  // keeps everything: reset fills
        discarding = builder.retainOnReset(64 * 1024).build();      // gives back all but 64 KiB
    }

    @TearDown
    public void tearDown() {
        filling.close();
        discarding.close();
    }

    private long round(Arena arena) {
        long bytes = (long) mb << 20;
        MemorySegment block = arena.allocate(bytes, 4096);
        for (long page = 0; page < bytes; page += 4096) {
            block.set(JAVA_LONG, page, page);
        }
        long used = arena.used();
        arena.reset();
        return used;
    }

    @Benchmark
    public long reset_fill() {
        return round(filling);
    }

    @Benchmark
    public long reset_madvise() {
        return round(discarding);
    }
}
