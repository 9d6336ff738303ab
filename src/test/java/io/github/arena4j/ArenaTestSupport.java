package io.github.arena4j;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.ValueLayout;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;

/**
 * What every test class over arenas needs: closing what a test made, and running a call on another
 * thread. The suites parameterized by {@link ArenaKinds} extend {@link KindTest}.
 */
abstract class ArenaTestSupport {

    private final ArenaKinds.Resources resources = new ArenaKinds.Resources();

    /** Registers something to close after the test: an arena, the owner of a wrapped blob, a frame. */
    final <T extends AutoCloseable> T closeAfterTest(T resource) {
        return resources.add(resource);
    }

    /** {@return the registry of what to close after the test}, for {@link ArenaKinds.Kind#open} */
    final ArenaKinds.Resources resources() {
        return resources;
    }

    @AfterEach
    final void closeResources() {
        resources.close();
    }

    /** {@return what {@code action} threw on a new platform thread, or {@code null}} */
    static Throwable onAnotherThread(Runnable action) {
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    action.run();
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            }, command -> new Thread(command).start()).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * A test parameterized by an arena kind from {@link ArenaKinds}: each concrete subclass is a
     * {@code @ParameterizedClass} whose {@code @MethodSource} picks the kinds it applies to.
     */
    abstract static class KindTest extends ArenaTestSupport {

        final ArenaKinds.Kind kind;

        KindTest(ArenaKinds.Kind kind) {
            this.kind = kind;
        }

        /** {@return a new arena of the kind under test, closed after the test} */
        final Arena arena(long capacity) {
            return closeAfterTest(kind.newArena(capacity, resources()));
        }

        /** {@return a new subject of the kind under test (a frame for frame kinds), closed after the test} */
        final ArenaKinds.Subject subject(long capacity) {
            return kind.open(capacity, resources());
        }

        final long maxAlignment() {
            return kind.maxAlignment();
        }

        /** {@return the largest alignment at most {@code alignment} this kind accepts} */
        final long align(long alignment) {
            return Math.min(alignment, kind.maxAlignment());
        }

        /** {@return {@code layout}, or its unaligned twin where this kind cannot align it} */
        @SuppressWarnings("unchecked")
        final <L extends ValueLayout> L fit(L layout) {
            return layout.byteAlignment() <= kind.maxAlignment() ? layout : (L) layout.withByteAlignment(1);
        }

        /** Skips the test unless the kind runs out exactly at the capacity asked for. */
        final void assumeBoundedAtCapacity() {
            assumeTrue(kind.boundedAtCapacity(), "exhausted only at a budget or never");
        }
    }
}
