package io.github.arena4j;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.arena4j.internal.Reservation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Arenas built with {@code growth(Growth.inPlace())}: one reserved range, one blob, growing where it is. */
class InPlaceGrowthTest {

    private static final long MiB = 1 << 20;

    private static Arena inPlace(long first) {
        return Arena.builder().nativeMemory(first).growth(Growth.inPlace()).countAllocations(true).build();
    }

    @Test
    void offsetsStayValidAndTheSegmentCoversEverythingAcrossGrowth() {
        try (Arena arena = inPlace(64 * 1024)) {
            long address = arena.segment().address();
            List<Long> offsets = new ArrayList<>();
            for (int i = 0; i < 100_000; i++) { // 2.4 MB of 24-byte nodes: grows the blob several times
                long node = arena.allocateOffset(24, 8);
                MemorySegment blob = arena.segment();
                blob.set(JAVA_LONG, node, i);
                blob.set(JAVA_LONG, node + 16, offsets.isEmpty() ? -1 : offsets.getLast()); // linked by offset
                offsets.add(node);
            }

            MemorySegment blob = arena.segment();
            assertThat(blob.address()).as("nothing moved").isEqualTo(address);
            assertThat(blob.byteSize()).isEqualTo(arena.capacity()).isGreaterThanOrEqualTo(arena.used());
            assertThat(arena.used()).isEqualTo(100_000L * 24);
            long node = offsets.getLast();
            for (int i = 99_999; i >= 0; i--) {
                assertThat(node).isEqualTo(offsets.get(i));
                assertThat(blob.get(JAVA_LONG, node)).isEqualTo(i);
                node = blob.get(JAVA_LONG, node + 16);
            }
            assertThat(node).isEqualTo(-1);
            ArenaStatistics stats = arena.statistics();
            assertThat(stats.chunks()).isOne();
            assertThat(stats.reserved()).isEqualTo(arena.capacity());
            assertThat(stats.allocations()).isEqualTo(100_000);
        }
    }

    @Test
    void slicesAndTheirContentsSurviveGrowth() {
        try (Arena arena = inPlace(4096)) {
            List<MemorySegment> slices = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                MemorySegment slice = arena.allocate(1000 + i, 16);
                slice.fill((byte) i);
                slices.add(slice);
            }
            MemorySegment huge = arena.allocate(8 * MiB, 4096); // far beyond a doubling: exactly what it needs
            huge.set(JAVA_LONG, huge.byteSize() - 8, 7L);

            for (int i = 0; i < 200; i++) {
                assertThat(slices.get(i).address() % 16).isZero();
                assertThat(slices.get(i).toArray(JAVA_BYTE)).containsOnly((byte) i);
            }
            assertThat(huge.address() % 4096).isZero();
            assertThat(huge.toArray(JAVA_BYTE).length).isEqualTo(8 * MiB);
            assertThat(arena.segment().get(JAVA_LONG, huge.address() - arena.segment().address() + huge.byteSize() - 8))
                    .isEqualTo(7L);
            assertThat(arena.statistics().chunks()).isOne();
        }
    }

    @Test
    void grownMemoryReadsAsZeros() {
        try (Arena arena = inPlace(64 * 1024)) {
            MemorySegment all = arena.allocate(3 * MiB, 8);
            assertThat(all.toArray(JAVA_LONG)).containsOnly(0L);
        }
    }

    @Test
    void resetGivesBackBeyondTheRetentionLimitAndHandsOutZeros() {
        // 100_000 is no multiple of a page: the kept tail of the last page must be cleared too.
        for (long retained : new long[] {MiB, 100_000}) {
            try (Arena arena = Arena.builder().nativeMemory(64 * 1024).growth(Growth.inPlace()).retainOnReset(retained).build()) {
                arena.allocate(5 * MiB, 8).fill((byte) 0x55);
                assertThat(arena.capacity()).isGreaterThanOrEqualTo(5 * MiB);

                arena.reset();

                assertThat(arena.capacity()).isEqualTo(retained);
                assertThat(arena.statistics().reserved()).isEqualTo(retained);
                assertThat(arena.allocate(5 * MiB, 8).toArray(JAVA_BYTE)).containsOnly((byte) 0);
            }
        }
    }

    @Test
    void withoutALimitResetKeepsEverythingAndStillZeroes() {
        try (Arena arena = inPlace(64 * 1024)) {
            arena.allocate(2 * MiB, 8).fill((byte) 1);
            long capacity = arena.capacity();

            arena.reset();

            assertThat(arena.capacity()).isEqualTo(capacity);
            assertThat(arena.allocate(capacity, 1).toArray(JAVA_BYTE)).containsOnly((byte) 0);
            assertThat(arena.capacity()).isEqualTo(capacity);
        }
    }

    /**
     * Frames that reclaim at close give their memory back then; with the default checks a closed
     * frame's memory is quarantined and goes back when the quarantine is reclaimed.
     */
    @Test
    void aLargeFrameGivesBackWhatItUsedAndASmallOneDoesNot() {
        try (Arena arena = Arena.builder().nativeMemory(64 * 1024).growth(Growth.inPlace()).retainOnReset(MiB)
                .staleSliceChecks(StaleSliceChecks.NONE).build()) {
            MemorySegment kept = arena.allocate(3 * MiB, 8);
            kept.fill((byte) 3);
            long used = arena.used();
            long grownInFrame;

            try (Frame frame = arena.frame()) {
                frame.allocate(64 * 1024, 8).fill((byte) 4); // grows: the 3 MiB were exactly full
                grownInFrame = arena.capacity();
            }
            assertThat(grownInFrame).isGreaterThan(used);
            assertThat(arena.capacity()).as("a small frame keeps what is usable").isEqualTo(grownInFrame);

            try (Frame frame = arena.frame()) {
                frame.allocate(6 * MiB, 8).fill((byte) 5);
            }
            assertThat(arena.used()).isEqualTo(used);
            assertThat(arena.capacity()).as("the frame's memory went back").isEqualTo(used);
            assertThat(kept.toArray(JAVA_BYTE)).containsOnly((byte) 3);
            assertThat(arena.allocate(7 * MiB, 1).toArray(JAVA_BYTE)).containsOnly((byte) 0);
        }
    }

    @Test
    void aStaleUncheckedSliceOverGivenBackMemoryReadsZerosInsteadOfFaulting() {
        try (Arena arena = Arena.builder().nativeMemory(64 * 1024).growth(Growth.inPlace()).retainOnReset(64 * 1024)
                .staleSliceChecks(StaleSliceChecks.NONE).build()) {
            MemorySegment stale = arena.allocate(4 * MiB, 8);
            stale.fill((byte) 9);

            arena.reset();

            // The memory went back to the operating system, yet is still mapped: no fault, zeros.
            assertThat(stale.get(JAVA_BYTE, 3 * MiB)).isZero();
            assertThat(stale.scope().isAlive()).isTrue();
        }
    }

    @Test
    void overTheBudgetIsRefusedAndChangesNothing() {
        try (Arena arena = Arena.builder().nativeMemory(64 * 1024).growth(Growth.inPlace()).budget(MiB).build()) {
            MemorySegment kept = arena.allocate(200_000, 8);
            kept.fill((byte) 6);
            long used = arena.used();
            long capacity = arena.capacity();

            assertThatThrownBy(() -> arena.allocate(900_000, 8))
                    .isInstanceOfSatisfying(ArenaExhaustedException.class, e -> {
                        assertThat(e.budget()).isEqualTo(MiB);
                        assertThat(e.used()).isEqualTo(used);
                        assertThat(e.capacity()).isEqualTo(capacity);
                    })
                    .hasMessage("Arena budget exceeded: size=900000 alignment=8 used=200000 capacity=" + capacity
                            + " budget=" + MiB + " arena=" + arena.name());
            assertThatThrownBy(() -> arena.allocateOffset(1, 1L << 40)).isInstanceOf(ArenaExhaustedException.class);

            assertThat(arena.used()).isEqualTo(used);
            assertThat(arena.capacity()).isEqualTo(capacity);
            assertThat(kept.toArray(JAVA_BYTE)).containsOnly((byte) 6);
            assertThat(arena.allocate(MiB - used, 1).byteSize()).as("the whole budget is usable").isEqualTo(MiB - used);
            assertThat(arena.capacity()).isEqualTo(MiB);
        }
    }

    @Test
    void aReservationTheKernelRefusesIsAClearError() {
        long beyondTheAddressSpace = 1L << 50; // above the 47-bit (or 56-bit) user address space
        assertThatThrownBy(() -> Arena.builder().nativeMemory(4096).growth(Growth.inPlace()).budget(beyondTheAddressSpace).build())
                .isInstanceOf(OutOfMemoryError.class)
                .hasMessageContaining("Cannot reserve address space: size=" + beyondTheAddressSpace)
                .hasMessageContaining("errno=");
        // Nothing was left behind: the usual reservation still works.
        try (Arena arena = inPlace(4096)) {
            assertThat(arena.allocate(MiB, 8).byteSize()).isEqualTo(MiB);
        }
    }

    @Test
    void theDefaultReservationIsTheBudget() {
        try (Arena arena = inPlace(4096)) {
            assertThatThrownBy(() -> arena.allocate(Growth.DEFAULT_RESERVATION + 1, 1))
                    .isInstanceOf(ArenaExhaustedException.class)
                    .hasMessageContaining("budget=" + Growth.DEFAULT_RESERVATION);
            assertThat(arena.capacity()).isEqualTo(4096);
        }
    }

    @Test
    void onlyConfinedNativeArenasGrowInPlace() {
        assertThatThrownBy(() -> Arena.builder().heap(64).growth(Growth.inPlace()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("heap").hasMessageContaining("Growth.chunked()");
        assertThatThrownBy(() -> Arena.builder().nativeMemory(64).shared().growth(Growth.inPlace()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("shared");
        assertThatThrownBy(() -> Arena.builder().wrap(MemorySegment.ofArray(new long[8])).growth(Growth.inPlace()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("wrapped");
        assertThatThrownBy(() -> Arena.builder().nativeMemory(4096).growth(Growth.inPlace()).budget(1000).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Budget smaller than the first blob: budget=1000 capacity=4096");
        // The last growth call wins.
        try (Arena chunked = Arena.builder().nativeMemory(64).growth(Growth.inPlace()).growth(Growth.chunked()).build()) {
            assertThatThrownBy(chunked::segment).isInstanceOf(UnsupportedOperationException.class);
        }
        try (Arena inPlace = Arena.builder().nativeMemory(64).growth(Growth.chunked()).growth(Growth.inPlace()).build()) {
            assertThat(inPlace.allocate(10_000, 8).byteSize()).isEqualTo(10_000);
            assertThat(inPlace.segment().byteSize()).isEqualTo(inPlace.capacity());
        }
    }

    @Test
    void closeEndsEverySegmentAndReleasesTheRange() {
        Arena arena = Arena.builder().nativeMemory(4096).growth(Growth.inPlace()).staleSliceChecks(StaleSliceChecks.NONE).build();
        MemorySegment slice = arena.allocate(MiB, 8);
        MemorySegment blob = arena.segment();

        arena.close();

        assertThat(slice.scope().isAlive()).isFalse();
        assertThat(blob.scope().isAlive()).isFalse();
        assertThatThrownBy(() -> slice.get(JAVA_BYTE, 0)).isInstanceOf(IllegalStateException.class);
        assertThat(arena.capacity()).isEqualTo(4096);
    }

    /**
     * Resident memory follows what is used: filling 48 MiB raises the range's resident size by that
     * much, and a reset with a 1 MiB retention limit hands all but that back. Measured twice: the
     * range's own lines in {@code /proc/self/smaps} (exact), and the process's {@code VmRSS}, with
     * room for what the rest of the JVM does meanwhile.
     */
    @Test
    void resetHandsResidentMemoryBackToTheOperatingSystem() {
        Path status = Path.of("/proc/self/status");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(status), "needs Linux /proc");
        long filled = 48 * MiB;
        try (Arena arena = Arena.builder().nativeMemory(64 * 1024).growth(Growth.inPlace()).retainOnReset(MiB)
                .zeroing(false).staleSliceChecks(StaleSliceChecks.NONE).build()) {
            long address = arena.segment().address();
            long before = vmRss();

            arena.allocate(filled, 8).fill((byte) 1); // touches every page
            long full = vmRss();
            long rangeFull = rangeRss(address);

            arena.reset();
            long after = vmRss();
            long rangeAfter = rangeRss(address);

            assertThat(rangeFull).isBetween(filled, filled + 2 * MiB);
            assertThat(rangeAfter).isLessThanOrEqualTo(MiB + Reservation.GRANULE);
            assertThat(full - before).isGreaterThan(filled - 4 * MiB);
            assertThat(after - before).as("VmRSS back near where it started").isLessThan(6 * MiB);
        }
    }

    /** {@return the process's resident set size in bytes} */
    static long vmRss() {
        return kiloBytes(read(Path.of("/proc/self/status")), "VmRSS:", 0);
    }

    /** {@return the resident bytes of the mapping that holds {@code address}} */
    static long rangeRss(long address) {
        String smaps = read(Path.of("/proc/self/smaps"));
        int at = 0;
        while (at < smaps.length()) {
            int dash = smaps.indexOf('-', at);
            int space = smaps.indexOf(' ', dash);
            long start = Long.parseUnsignedLong(smaps.substring(at, dash), 16);
            long end = Long.parseUnsignedLong(smaps.substring(dash + 1, space), 16);
            if (start <= address && address < end) {
                return kiloBytes(smaps, "\nRss:", at);
            }
            at = nextMapping(smaps, space);
        }
        throw new AssertionError("No mapping holds " + Long.toHexString(address));
    }

    /** {@return where the header line of the mapping after the one at {@code from} starts} */
    private static int nextMapping(String smaps, int from) {
        int line = smaps.indexOf('\n', from) + 1;
        while (line > 0 && line < smaps.length()) {
            int colon = smaps.indexOf(':', line);
            int dash = smaps.indexOf('-', line);
            int end = smaps.indexOf('\n', line);
            if (dash >= 0 && dash < end && (colon < 0 || colon > end || dash < colon)
                    && smaps.substring(line, dash).chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                return line;
            }
            line = end + 1;
        }
        return smaps.length();
    }

    private static long kiloBytes(String text, String key, int from) {
        int at = text.indexOf(key, from) + key.length();
        int end = text.indexOf("kB", at);
        return Long.parseLong(text.substring(at, end).trim()) * 1024;
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
