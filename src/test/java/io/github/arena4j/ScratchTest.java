package io.github.arena4j;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ScratchTest {

    enum Kind {
        PLATFORM, VIRTUAL;

        Thread start(Runnable task) {
            return this == PLATFORM ? Thread.ofPlatform().start(task) : Thread.ofVirtual().start(task);
        }
    }

    /** Runs {@code test} on a new thread of {@code kind}, rethrowing what it threw. */
    private static void on(Kind kind, Runnable test) throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        kind.start(() -> {
            try {
                test.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        }).join();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void framesReleaseTheirTemporariesAndNest(Kind kind) throws InterruptedException {
        on(kind, () -> {
            try (Frame outer = Scratch.frame()) {
                MemorySegment kept = outer.allocateFrom("outer");
                Arena scratch = outer.arena();
                long used = scratch.used();
                try (Frame inner = Scratch.frame()) {
                    assertThat(inner.arena()).isSameAs(scratch);
                    assertThat(inner.depth()).isEqualTo(2);
                    inner.allocate(1000);
                }
                assertThat(scratch.used()).isEqualTo(used);
                assertThat(kept.getString(0)).isEqualTo("outer");
            }
        });
    }

    /**
     * A slice of a closed scratch frame reads only its own bytes until its memory is reused, and
     * throws from then on: it never sees a later frame's data.
     */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void staleScratchSlicesNeverSeeALaterFramesData(Kind kind) throws InterruptedException {
        on(kind, () -> {
            MemorySegment stale;
            try (Frame frame = Scratch.frame()) {
                stale = frame.allocate(JAVA_LONG);
                stale.set(JAVA_LONG, 0, 42L);
                assertThat(frame.arena().staleSliceChecks()).isEqualTo(StaleSliceChecks.ON_REUSE);
            }
            boolean threw = false;
            for (int round = 0; round < 10_000 && !threw; round++) {
                try (Frame frame = Scratch.frame()) {
                    frame.allocate(JAVA_LONG).set(JAVA_LONG, 0, -1L);
                }
                try {
                    assertThat(stale.get(JAVA_LONG, 0)).isEqualTo(42L);
                } catch (IllegalStateException reused) {
                    threw = true;
                }
            }
            assertThat(threw).as("the stale slice throws once its memory is reused").isTrue();
        });
    }

    @Test
    void eachPlatformThreadHasItsOwnScratch() throws InterruptedException {
        List<Arena> seen = new ArrayList<>();
        Consumer<List<Arena>> record = list -> {
            try (Frame frame = Scratch.frame()) {
                synchronized (list) {
                    list.add(frame.arena());
                }
            }
        };
        on(Kind.PLATFORM, () -> record.accept(seen));
        on(Kind.PLATFORM, () -> record.accept(seen));
        on(Kind.PLATFORM, () -> {
            record.accept(seen);
            record.accept(seen);
        });

        assertThat(seen.get(0)).isNotSameAs(seen.get(1));
        assertThat(seen.get(2)).isSameAs(seen.get(3));
    }

    /** Two virtual threads with scratch frames open at the same time never share an arena. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void virtualThreadsWithFramesOpenAtOnceHaveTheirOwnArenas() throws InterruptedException {
        CountDownLatch bothOpen = new CountDownLatch(2);
        List<Arena> seen = Collections.synchronizedList(new ArrayList<>());
        Runnable task = () -> {
            try (Frame frame = Scratch.frame()) {
                seen.add(frame.arena());
                bothOpen.countDown();
                bothOpen.await();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        };
        Thread first = Thread.ofVirtual().start(task);
        Thread second = Thread.ofVirtual().start(task);
        first.join();
        second.join();

        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)).isNotSameAs(seen.get(1));
    }

    /**
     * Virtual threads borrow scratch arenas for their frames and give them back: thousands of
     * threads use a handful of arenas, not one each.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void scratchMemoryOfVirtualThreadsIsBoundedByTheFramesOpenAtOnce() throws InterruptedException {
        Set<Arena> arenas = Collections.newSetFromMap(new IdentityHashMap<>());
        AtomicInteger open = new AtomicInteger();
        AtomicInteger mostOpen = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2_000; t++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try (Frame frame = Scratch.frame()) {
                    mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
                    frame.allocate(64, 8).fill((byte) 1);
                    synchronized (arenas) {
                        arenas.add(frame.arena());
                    }
                    open.decrementAndGet();
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(arenas.size()).as("arenas for 2,000 threads, at most %d frames open at once", mostOpen.get())
                .isLessThanOrEqualTo(mostOpen.get() + 4 * Runtime.getRuntime().availableProcessors());
        assertThat(Scratch.pooled()).isLessThanOrEqualTo(4 * Runtime.getRuntime().availableProcessors());
        assertThat(arenas).allSatisfy(arena -> assertThat(arena.used()).isZero());
    }

    /**
     * Many virtual threads, each writing its own pattern into a scratch frame and yielding
     * mid-frame so that it may resume on another carrier; no frame sees another's bytes.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void virtualThreadsThatMoveBetweenCarriersKeepTheirOwnScratch() throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        ConcurrentHashMap<Integer, Throwable> failures = new ConcurrentHashMap<>();
        for (int t = 0; t < 200; t++) {
            int id = t;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    for (int round = 0; round < 20; round++) {
                        try (Frame frame = Scratch.frame()) {
                            MemorySegment mine = frame.allocate(256, 8);
                            mine.fill((byte) id);
                            Thread.yield(); // unmount; another virtual thread may run on this carrier
                            for (long i = 0; i < 256; i++) {
                                if (mine.get(JAVA_BYTE, i) != (byte) id) {
                                    throw new AssertionError("thread " + id + " saw a foreign byte at " + i);
                                }
                            }
                        }
                    }
                } catch (Throwable e) {
                    failures.put(id, e);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void releaseClosesTheScratchAndTheNextFrameMakesAFreshOne() throws InterruptedException {
        on(Kind.PLATFORM, () -> {
            Arena first;
            MemorySegment slice;
            try (Frame frame = Scratch.frame()) {
                first = frame.arena();
            }
            slice = first.allocate(JAVA_LONG);

            Scratch.release();

            assertThat(first.isOpen()).isFalse();
            assertThatThrownBy(() -> slice.get(JAVA_LONG, 0)).isInstanceOf(IllegalStateException.class);
            try (Frame frame = Scratch.frame()) {
                assertThat(frame.arena()).isNotSameAs(first);
            }
            Scratch.release();
            Scratch.release(); // nothing to release: no-op
        });
    }

    @Test
    void aVirtualThreadHasNoScratchToReleaseOnceItsFramesClosed() throws InterruptedException {
        on(Kind.VIRTUAL, () -> {
            Arena borrowed;
            try (Frame frame = Scratch.frame()) {
                borrowed = frame.arena();
            }
            Scratch.release(); // the arena went back to the pool with the frame: nothing to do
            assertThat(borrowed.isOpen()).isTrue();
            assertThat(borrowed.used()).isZero();
        });
    }

    @Test
    void releaseWithAnOpenFrameIsRejected() throws InterruptedException {
        on(Kind.PLATFORM, () -> {
            try (Frame frame = Scratch.frame()) {
                assertThatThrownBy(Scratch::release)
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("1 open frame(s)");
                assertThat(frame.isOpen()).isTrue();
            }
        });
    }

    /** Running out of the first chunk grows the scratch; the chunk goes when the frame closes. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void scratchGrowsInsteadOfRunningOutAndShrinksBack(Kind kind) throws InterruptedException {
        on(kind, () -> {
            Arena scratch;
            try (Frame frame = Scratch.frame()) {
                scratch = frame.arena();
                MemorySegment big = frame.allocate(Scratch.capacity() + 1, 1);
                big.fill((byte) 7);
                MemorySegment more = frame.allocate(Scratch.capacity() / 2, 8);
                assertThat(big.get(JAVA_BYTE, Scratch.capacity())).isEqualTo((byte) 7);
                assertThat(more.toArray(JAVA_BYTE)).containsOnly((byte) 0);
                assertThat(scratch.capacity()).isGreaterThan(Scratch.capacity());
            }
            assertThat(scratch.capacity()).isEqualTo(Scratch.capacity());
        });
        assertThat(Scratch.capacity()).isEqualTo(Scratch.DEFAULT_CAPACITY);
    }

    /** Closing the arena behind a scratch frame does not break the thread's scratch. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void closingTheScratchArenaFromOutsideDoesNotBreakLaterFrames(Kind kind) throws InterruptedException {
        on(kind, () -> {
            Arena closed;
            try (Frame frame = Scratch.frame()) {
                closed = frame.arena();
                closed.close();
                assertThat(frame.isOpen()).isFalse();
            }
            try (Frame frame = Scratch.frame()) {
                assertThat(frame.arena()).isNotSameAs(closed);
                assertThat(frame.allocateFrom("works").getString(0)).isEqualTo("works");
            }
        });
    }

    /** A platform thread that ends leaves nothing behind that keeps its scratch arena reachable. */
    @Test
    void aFinishedThreadsScratchBecomesGarbage() throws InterruptedException {
        AtomicReference<WeakReference<Arena>> ref = new AtomicReference<>();
        on(Kind.PLATFORM, () -> {
            try (Frame frame = Scratch.frame()) {
                ref.set(new WeakReference<>(frame.arena()));
            }
        });

        for (int i = 0; i < 50 && ref.get().get() != null; i++) {
            System.gc();
        }

        assertThat(ref.get().get()).isNull();
    }

    /** The thread's scratch arena must not be breakable from outside: closing it through a frame. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void closingTheScratchArenaThroughAFrameDoesNotBreakTheNextFrame(Kind kind) throws InterruptedException {
        on(kind, () -> {
            try (Frame frame = Scratch.frame()) {
                frame.allocate(16, 8);
                frame.arena().close();
            }

            try (Frame next = Scratch.frame()) {
                MemorySegment text = next.allocateFrom("still works");
                assertThat(text.getString(0)).isEqualTo("still works");
                assertThat(next.arena().isOpen()).isTrue();
            }
        });
    }

    @Test
    void aClosedScratchFrameAllocatesNothing() {
        Frame frame = Scratch.frame();
        Arena scratch = frame.arena();
        frame.close();
        long used = scratch.used();

        for (int i = 0; i < 1000; i++) {
            assertThatThrownBy(() -> frame.allocate(64)).isInstanceOf(IllegalStateException.class);
        }
        assertThat(scratch.used()).isEqualTo(used);
        try (Frame big = Scratch.frame()) {
            assertThat(big.allocate(Scratch.capacity() - 64).byteSize()).isEqualTo(Scratch.capacity() - 64);
        }
    }
}
