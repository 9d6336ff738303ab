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
import org.openjdk.jmh.annotations.Warmup;

/**
 * What growth itself costs: an empty arena filled to {@code fillMB} (1 GiB) with 256-byte blocks,
 * one {@code long} written into each (so every page is touched), then closed; time per fill (divide
 * by 4,194,304 allocations for the time per allocation, amortised over the whole fill). Every row
 * starts from 64 KiB and writes the same bytes; they differ only in how they grow.
 *
 * <ul>
 *   <li>{@code arena4j_in_place}: one reserved range made usable as it fills (slices);</li>
 *   <li>{@code arena4j_in_place_offsets}: the same with {@code allocateOffset} and
 *       {@code segment()}, asked again when an offset lies past the segment at hand;</li>
 *   <li>{@code arena4j_chunked}: {@code growth(Growth.chunked())}, chunks doubling up to 64 MiB, each zeroed by
 *       the JDK when it is allocated;</li>
 *   <li>{@code malloc_realloc}: one {@code malloc} block doubled with {@code realloc} when full
 *       (glibc moves large blocks with {@code mremap}, without copying);</li>
 *   <li>{@code malloc_doubling_copy}: a new block of twice the size, the old one copied into it
 *       and freed: what a growable buffer does by hand;</li>
 *   <li>{@code arena4j_fixed}: a fixed arena of the whole size, for scale (the JDK zeroes the blob
 *       up front).</li>
 * </ul>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Thread)
@Fork(value = 3, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3)
@Measurement(iterations = 5)
public class FillBench {

    static final int SIZE = 256;
    static final long START = 64 * 1024;

    /** How much is filled: 1 GiB for the published numbers, less for a smoke run. */
    @Param({"1024"})
    public int fillMB;

    private long total;
    private int allocations;

    @Setup
    public void setup() {
        Support.requireNativeAccess();
        total = (long) fillMB << 20;
        allocations = (int) (total / SIZE);
    }

    private static Arena.Builder uninitialized(long capacity) {
        return Arena.builder().nativeMemory(capacity).zeroing(false).staleSliceChecks(StaleSliceChecks.NONE);
    }

    private long fill(Arena arena) {
        try (arena) {
            for (int i = 0; i < allocations; i++) {
                arena.allocate(SIZE, 8).set(JAVA_LONG, 0, i);
            }
            return arena.used();
        }
    }

    @Benchmark
    public long arena4j_in_place() {
        return fill(uninitialized(START).growth(Growth.inPlace()).build());
    }

    @Benchmark
    public long arena4j_in_place_offsets() {
        try (Arena arena = uninitialized(START).growth(Growth.inPlace()).build()) {
            MemorySegment blob = arena.segment();
            long end = blob.byteSize();
            for (int i = 0; i < allocations; i++) {
                long at = arena.allocateOffset(SIZE, 8);
                if (at + SIZE > end) {
                    blob = arena.segment();
                    end = blob.byteSize();
                }
                blob.set(JAVA_LONG, at, i);
            }
            return arena.used();
        }
    }

    @Benchmark
    public long arena4j_chunked() {
        return fill(uninitialized(START).growth(Growth.chunked()).build());
    }

    @Benchmark
    public long arena4j_fixed() {
        return fill(uninitialized(total).build());
    }

    @Benchmark
    public long malloc_realloc() {
        long capacity = START;
        long block = Support.malloc(capacity);
        long top = 0;
        MemorySegment all = Support.EVERYTHING;
        for (int i = 0; i < allocations; i++) {
            if (top + SIZE > capacity) {
                capacity *= 2;
                block = Support.realloc(block, capacity);
            }
            all.set(JAVA_LONG, block + top, i);
            top += SIZE;
        }
        Support.free(block);
        return top;
    }

    @Benchmark
    public long malloc_doubling_copy() {
        long capacity = START;
        long block = Support.malloc(capacity);
        long top = 0;
        MemorySegment all = Support.EVERYTHING;
        for (int i = 0; i < allocations; i++) {
            if (top + SIZE > capacity) {
                long grown = Support.malloc(capacity * 2);
                MemorySegment.copy(all, block, all, grown, top);
                Support.free(block);
                block = grown;
                capacity *= 2;
            }
            all.set(JAVA_LONG, block + top, i);
            top += SIZE;
        }
        Support.free(block);
        return top;
    }
}
