package io.github.arena4j;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
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

    @ParameterizedTest
    @EnumSource(Kind.class)
    void staleScratchSlicesThrow(Kind kind) throws InterruptedException {
        on(kind, () -> {
            MemorySegment stale;
            try (Frame frame = Scratch.frame()) {
                stale = frame.allocate(JAVA_LONG);
            }
            assertThatThrownBy(() -> stale.get(JAVA_LONG, 0)).isInstanceOf(IllegalStateException.class);
            assertThat(Scratch.frame().arena().hasStaleSliceChecks()).isTrue();
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void eachThreadHasItsOwnScratch(Kind kind) throws InterruptedException {
        List<Arena> seen = new ArrayList<>();
        Consumer<List<Arena>> record = list -> {
            try (Frame frame = Scratch.frame()) {
                synchronized (list) {
                    list.add(frame.arena());
                }
            }
        };
        on(kind, () -> record.accept(seen));
        on(kind, () -> record.accept(seen));
        on(kind, () -> {
            record.accept(seen);
            record.accept(seen);
        });

        assertThat(seen.get(0)).isNotSameAs(seen.get(1));
        assertThat(seen.get(2)).isSameAs(seen.get(3));
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

    @ParameterizedTest
    @EnumSource(Kind.class)
    void releaseClosesTheScratchAndTheNextFrameMakesAFreshOne(Kind kind) throws InterruptedException {
        on(kind, () -> {
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

    @Test
    void runningOutOfScratchIsTheExhaustionExceptionWithTheNumbers() throws InterruptedException {
        on(Kind.PLATFORM, () -> {
            try (Frame frame = Scratch.frame()) {
                assertThatThrownBy(() -> frame.allocate(Scratch.capacity() + 1, 1))
                        .isInstanceOf(ArenaExhaustedException.class)
                        .hasMessage("Arena exhausted: size=" + (Scratch.capacity() + 1) + " alignment=1 used=0 capacity="
                                + Scratch.capacity());
            }
        });
        assertThat(Scratch.capacity()).isEqualTo(Scratch.DEFAULT_CAPACITY);
    }

    /** A thread that ends leaves nothing behind that keeps its scratch arena reachable. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void aFinishedThreadsScratchBecomesGarbage(Kind kind) throws InterruptedException {
        AtomicReference<WeakReference<Arena>> ref = new AtomicReference<>();
        on(kind, () -> {
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
}
