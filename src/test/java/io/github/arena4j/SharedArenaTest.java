package io.github.arena4j;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What only a shared arena does: threads. Its contract runs on the "shared" kind of {@link ArenaKinds}. */
class SharedArenaTest extends ArenaTestSupport {

    private static Arena newArena(long capacity) {
        return Arena.ofShared(capacity);
    }

    private Arena arena(long capacity) {
        return closeAfterTest(newArena(capacity));
    }

    @Test
    void slicesAreAccessibleFromAnyThread() {
        Arena arena = arena(64);
        MemorySegment slice = arena.allocate(JAVA_LONG);
        slice.set(JAVA_LONG, 0, 8L);

        assertThat(onAnotherThread(() -> slice.set(JAVA_LONG, 0, slice.get(JAVA_LONG, 0) + 1))).isNull();

        assertThat(slice.get(JAVA_LONG, 0)).isEqualTo(9L);
    }

    @Test
    void anyThreadMayAllocateResetAndClose() {
        Arena arena = newArena(64);

        assertThat(onAnotherThread(() -> arena.allocate(8, 8))).isNull();
        assertThat(arena.used()).isEqualTo(8);
        assertThat(onAnotherThread(arena::reset)).isNull();
        assertThat(arena.used()).isZero();
        assertThat(onAnotherThread(arena::close)).isNull();
        assertThat(arena.isOpen()).isFalse();
    }

    @Test
    void slicesThrowAfterClose() {
        Arena arena = newArena(64);
        MemorySegment slice = arena.allocate(JAVA_LONG);

        arena.close();

        assertThatThrownBy(() -> slice.get(JAVA_LONG, 0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void framesAreNotSupported() {
        assertThatThrownBy(() -> arena(64).frame())
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("confined");
    }

    @Test
    void heapAndWrappedBlobsCanBeSharedToo() {
        try (Arena heap = Arena.builder().heap(64).shared().build();
             Arena wrapped = Arena.builder().wrap(MemorySegment.ofArray(new long[8])).shared().build()) {
            assertThat(onAnotherThread(() -> heap.allocate(JAVA_LONG).set(JAVA_LONG, 0, 1L))).isNull();
            assertThat(onAnotherThread(() -> wrapped.allocate(JAVA_LONG).set(JAVA_LONG, 0, 1L))).isNull();
            assertThat(heap.toString()).startsWith("Arena[" + heap.name() + ", shared heap");
        }
    }

    /**
     * Threads hammer one arena, each filling its slices with its own pattern; afterwards every
     * slice still holds its pattern, and no two slices overlap.
     */
    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {2, 4, 8})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void concurrentAllocationsNeverOverlapAndLoseNothing(int threads) throws Exception {
        int perThread = 100_000;
        long[][] addresses = new long[threads][perThread];
        long[][] sizes = new long[threads][perThread];
        MemorySegment[][] slices = new MemorySegment[threads][perThread];
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        try (Arena arena = Arena.ofShared((long) threads * perThread * 48)) {
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                workers.add(Thread.ofPlatform().start(() -> {
                    try {
                        SplittableRandom random = new SplittableRandom(id);
                        start.await();
                        for (int i = 0; i < perThread; i++) {
                            long size = 1 + random.nextInt(24);
                            long alignment = 1L << random.nextInt(4);
                            MemorySegment slice = arena.allocate(size, alignment);
                            assertThat(slice.address() % alignment).isZero();
                            slice.fill((byte) (id + 1));
                            addresses[id][i] = slice.address();
                            sizes[id][i] = size;
                            slices[id][i] = slice;
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            for (Thread worker : workers) {
                worker.join();
            }
            assertThat(failures).isEmpty();

            for (int t = 0; t < threads; t++) {
                for (int i = 0; i < perThread; i++) {
                    MemorySegment slice = slices[t][i];
                    for (long b = 0; b < slice.byteSize(); b++) {
                        if (slice.get(java.lang.foreign.ValueLayout.JAVA_BYTE, b) != (byte) (t + 1)) {
                            throw new AssertionError("thread " + t + " slice " + i + " was overwritten at byte " + b);
                        }
                    }
                }
            }
            long[][] intervals = new long[threads * perThread][];
            int n = 0;
            for (int t = 0; t < threads; t++) {
                for (int i = 0; i < perThread; i++) {
                    intervals[n++] = new long[] {addresses[t][i], sizes[t][i]};
                }
            }
            Arrays.sort(intervals, (a, b) -> Long.compare(a[0], b[0]));
            for (int i = 1; i < intervals.length; i++) {
                assertThat(intervals[i][0]).as("no overlap").isGreaterThanOrEqualTo(intervals[i - 1][0] + intervals[i - 1][1]);
            }
            long claimed = Arrays.stream(sizes).flatMapToLong(Arrays::stream).sum();
            assertThat(arena.used()).isGreaterThanOrEqualTo(claimed);
        }
    }

    /**
     * Close while other threads allocate: once close has returned, no allocation succeeds, and
     * every slice handed out before throws on access.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void closeWhileOtherThreadsAllocateHandsOutNothingAfterItReturns() throws Exception {
        Arena arena = Arena.ofShared(1 << 26);
        AtomicBoolean closeReturned = new AtomicBoolean();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        List<MemorySegment> handedOut = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch allocating = new CountDownLatch(2);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            workers.add(Thread.ofPlatform().start(() -> {
                allocating.countDown();
                while (true) {
                    boolean closedBefore = closeReturned.get();
                    MemorySegment slice;
                    try {
                        slice = arena.allocate(16, 8);
                    } catch (IllegalStateException e) {
                        if (!e.getMessage().startsWith("Already closed")) {
                            failures.add(e);
                        }
                        return;
                    } catch (Throwable e) {
                        failures.add(e);
                        return;
                    }
                    if (closedBefore) {
                        failures.add(new AssertionError("a slice was handed out after close returned"));
                        return;
                    }
                    handedOut.add(slice);
                }
            }));
        }
        allocating.await();
        while (arena.used() < 1024) {
            Thread.onSpinWait();
        }

        arena.close();
        closeReturned.set(true);
        for (Thread worker : workers) {
            worker.join();
        }

        assertThat(failures).isEmpty();
        assertThat(handedOut).isNotEmpty();
        for (MemorySegment slice : handedOut.subList(0, Math.min(1000, handedOut.size()))) {
            assertThatThrownBy(() -> slice.get(JAVA_LONG, 0)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void statisticsReportAPeakOfAtLeastWhatIsUsed() {
        Arena arena = arena(1024);
        arena.allocate(100, 8);

        ArenaStatistics statistics = arena.statistics();

        assertThat(statistics.peak()).as("the javadoc allows -1 only for padding and allocations")
                .isGreaterThanOrEqualTo(statistics.used());
        assertThat(statistics.used()).isEqualTo(100);
        arena.reset();
        assertThat(arena.statistics().peak()).isGreaterThanOrEqualTo(100);
    }
}
