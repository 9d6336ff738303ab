package io.github.arena4j;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What only a shared arena does: threads. Its contract runs on the "shared" kind of {@link ArenaKinds}. */
class SharedArenaTest extends ArenaTestSupport {

    private static Arena newArena(long capacity) {
        return Arena.builder().nativeMemory(capacity).shared().countAllocations(true).build();
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
        try (Arena arena = Arena.builder().nativeMemory((long) threads * perThread * 48).shared().countAllocations(true).build()) {
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
            // Every byte accounted for: the counters agree with what the threads were handed, and
            // what is neither requested nor alignment padding (given-up block tails) stays within
            // the documented eighth of the bytes claimed from the shared pointer.
            long requested = Arrays.stream(sizes).flatMapToLong(Arrays::stream).sum();
            ArenaStatistics stats = arena.statistics();
            assertThat(stats.allocations()).isEqualTo((long) threads * perThread);
            assertThat(stats.used()).isEqualTo(arena.used());
            assertThat(stats.used() - stats.padding()).as("requested bytes").isEqualTo(requested);
            long maxAlignmentPadding = (long) threads * perThread * 7;
            SharedArena shared = (SharedArena) arena;
            long claimedAtMost = stats.used() + shared.slotCount() * shared.maxBlock();
            assertThat(stats.padding()).as("padding and given-up tails")
                    .isLessThanOrEqualTo(maxAlignmentPadding + claimedAtMost / 8);
            assertThat(stats.peak()).isEqualTo(stats.used());
            long last = intervals[intervals.length - 1][0] + intervals[intervals.length - 1][1];
            assertThat(last - intervals[0][0]).as("every slice lies below the shared pointer")
                    .isLessThanOrEqualTo(claimedAtMost);
        }
    }

    @Test
    @SuppressWarnings("restricted") // reinterpret attaches the throwing cleanups
    void closeFreesTheBlobWhenALifetimeCleanupThrowsAndRethrowsIt() {
        Arena arena = Arena.ofShared(1024);
        MemorySegment slice = arena.allocate(8, 8);
        IllegalArgumentException first = new IllegalArgumentException("first cleanup");
        IllegalStateException second = new IllegalStateException("second cleanup");
        MemorySegment.ofAddress(42).reinterpret(arena.lifetime(), x -> { throw first; });
        MemorySegment.ofAddress(43).reinterpret(arena.lifetime(), x -> { throw second; });

        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(arena::close);

        assertThat(thrown).as("one of the cleanups' exceptions, the other suppressed").isIn(first, second);
        assertThat(thrown.getSuppressed()).hasSize(1).containsAnyOf(first, second);
        assertThat(arena.isOpen()).isFalse();
        assertThatThrownBy(() -> slice.set(JAVA_LONG, 0, 7L))
                .as("the blob is freed").isInstanceOf(IllegalStateException.class);
        arena.close(); // already closed: nothing to do, nothing thrown
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
    void oneThreadAllocatesContiguouslyLikeAConfinedArena() {
        Arena arena = arena(1 << 20);
        long start = ArenaContractTest.blobStart(arena);
        long expected = start;
        for (int i = 0; i < 10_000; i++) {
            long size = i % 200;
            long alignment = 1L << (i % 5);
            expected = (expected + alignment - 1) & -alignment;
            MemorySegment slice = arena.allocate(size, alignment);
            assertThat(slice.address()).isEqualTo(expected);
            expected += size;
            assertThat(arena.used()).isEqualTo(expected - start);
        }
    }

    @Test
    void statisticsCountAllocationsPaddingAndPeak() {
        Arena arena = newArena(1024);
        arena.allocate(3, 1);
        arena.allocate(8, 8); // 5 bytes of padding: the blob is 16-byte aligned

        assertThat(arena.statistics()).isEqualTo(new ArenaStatistics(16, 1024, 16, 5, 2, 1));
        arena.reset();
        arena.allocate(4, 1);
        assertThat(arena.statistics()).isEqualTo(new ArenaStatistics(4, 1024, 16, 5, 3, 1));
        arena.close();
        assertThat(arena.statistics()).isEqualTo(new ArenaStatistics(0, 0, 16, 5, 3, 0));
    }

    @Test
    void statisticsAddUpOverThreads() {
        Arena arena = arena(1 << 20);
        for (int t = 0; t < 3; t++) {
            assertThat(onAnotherThread(() -> {
                for (int i = 0; i < 100; i++) {
                    arena.allocate(24, 8);
                }
            })).isNull();
        }

        ArenaStatistics stats = arena.statistics();
        assertThat(stats.allocations()).isEqualTo(300);
        assertThat(stats.used() - stats.padding()).isEqualTo(300 * 24);
        assertThat(stats.peak()).isEqualTo(stats.used());
    }

    @Test
    void exhaustionIsRecordedInFlightRecorder(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("shared.jfr");
        try (Recording recording = new Recording()) {
            recording.start();
            try (Arena arena = Arena.ofShared(256)) {
                arena.allocate(200, 1);
                assertThatThrownBy(() -> arena.allocate(100, 8)).isInstanceOf(ArenaExhaustedException.class);
            }
            recording.stop();
            recording.dump(file);
        }

        List<RecordedEvent> exhausted = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("io.github.arena4j.Exhausted")).toList();
        assertThat(exhausted).hasSize(1);
        RecordedEvent event = exhausted.getFirst();
        assertThat(event.getLong("size")).isEqualTo(100);
        assertThat(event.getLong("alignment")).isEqualTo(8);
        assertThat(event.getLong("used")).isEqualTo(200);
        assertThat(event.getLong("capacity")).isEqualTo(256);
    }

    /**
     * A failed call claims, reserves and counts nothing: the statistics are equal before and after,
     * and the next allocation lands exactly where it would have without the failed call; checked
     * on a thread with a block and on one without.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"negative size", "zero alignment", "odd alignment", "too large", "huge alignment",
            "offset too large", "after close"})
    void failedCallLeavesTheArenaExactlyAsItWas(String failure) {
        Consumer<Arena> call = switch (failure) {
            case "negative size" -> a -> a.allocate(-1, 8);
            case "zero alignment" -> a -> a.allocate(8, 0);
            case "odd alignment" -> a -> a.allocate(8, 3);
            case "too large" -> a -> a.allocate(a.capacity(), 1);
            case "huge alignment" -> a -> a.allocate(1, 1L << 40);
            case "offset too large" -> a -> a.allocateOffset(Long.MAX_VALUE, 8);
            case "after close" -> a -> a.allocate(8, 8);
            default -> throw new IllegalArgumentException(failure);
        };
        if (failure.equals("after close")) {
            Arena arena = newArena(1 << 16);
            arena.allocate(10, 1);
            arena.close();
            ArenaStatistics before = arena.statistics();
            assertThatThrownBy(() -> arena.allocate(8, 8)).isInstanceOf(IllegalStateException.class);
            assertThat(onAnotherThread(() -> arena.allocateOffset(8, 8))).isInstanceOf(IllegalStateException.class);
            assertThat(arena.statistics()).isEqualTo(before);
            return;
        }
        Arena arena = arena(1 << 16);
        assertThat(onAnotherThread(() -> arena.allocate(100, 1))).isNull(); // another thread's block
        MemorySegment last = arena.allocate(13, 1);
        long next = (last.address() + 13 + 7) & -8; // where the next 8-aligned block goes
        ArenaStatistics before = arena.statistics();

        assertThatThrownBy(() -> call.accept(arena)).isInstanceOfAny(IllegalArgumentException.class,
                ArenaExhaustedException.class);
        Throwable elsewhere = onAnotherThread(() -> call.accept(arena)); // a thread with no block yet
        assertThat(elsewhere).isInstanceOfAny(IllegalArgumentException.class, ArenaExhaustedException.class);

        assertThat(arena.statistics()).isEqualTo(before);
        assertThat(arena.remaining()).isEqualTo(arena.capacity() - before.used());
        assertThat(arena.allocate(8, 8).address()).isEqualTo(next);
    }

    @Test
    void closeRacingWithAllocationOnHeapHandsOutNothingAfterItReturns() throws Exception {
        // A heap blob is not freed by close, so only the arena's own closed check can refuse
        // allocations that start after close returned.
        for (int round = 0; round < 50; round++) {
            Arena arena = Arena.builder().heap(16 << 20).shared().build();
            AtomicBoolean closeReturned = new AtomicBoolean();
            AtomicLong afterClose = new AtomicLong();
            AtomicLong before = new AtomicLong();
            CountDownLatch started = new CountDownLatch(2);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                workers.add(Thread.ofPlatform().start(() -> {
                    started.countDown();
                    while (true) {
                        boolean closedBefore = closeReturned.get();
                        try {
                            arena.allocate(8, 8);
                        } catch (IllegalStateException | ArenaExhaustedException e) {
                            return;
                        }
                        (closedBefore ? afterClose : before).incrementAndGet();
                    }
                }));
            }
            started.await();
            while (before.get() == 0) {
                Thread.onSpinWait();
            }
            arena.close();
            closeReturned.set(true);
            for (Thread worker : workers) {
                worker.join();
            }
            assertThat(afterClose.get()).as("allocations that started after close returned").isZero();
            assertThat(arena.used()).isZero();
        }
    }

    @Test
    void manyShortLivedThreadsShareABoundedSetOfSlots() throws Exception {
        SharedArena arena = (SharedArena) arena(1 << 20);
        for (int t = 0; t < 200; t++) {
            Thread thread = Thread.ofPlatform().start(() -> arena.allocate(16, 8));
            thread.join();
        }

        assertThat(arena.statistics().allocations()).isEqualTo(200);
        assertThat(arena.slotsOwnedByLiveThreads()).isZero();
        // The next thread takes over a dead thread's slot and goes on bumping its block.
        assertThat(onAnotherThread(() -> arena.allocate(16, 8))).isNull();
        assertThat(arena.statistics().used() - arena.statistics().padding()).isEqualTo(201 * 16);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void threadsClosingAtOnceAllReturnNormally() throws Exception {
        for (int round = 0; round < 20; round++) {
            Arena arena = Arena.ofShared(4096);
            arena.allocate(8, 8);
            CyclicBarrier start = new CyclicBarrier(4);
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Thread> closers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                closers.add(Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                        arena.close();
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            for (Thread closer : closers) {
                closer.join();
            }
            assertThat(failures).isEmpty();
            assertThat(arena.isOpen()).isFalse();
            assertThat(arena.statistics()).isEqualTo(new ArenaStatistics(0, 0, 8, 0, ArenaStatistics.NOT_COUNTED, 0));
        }
    }
}
