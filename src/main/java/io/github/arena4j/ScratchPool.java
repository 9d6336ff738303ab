package io.github.arena4j;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Scratch arenas lent to virtual threads for the life of an outermost frame. A virtual thread
 * borrows one when it opens its outermost scratch frame and gives it back, reset, when that frame
 * closes; so scratch memory grows with the frames open at one time, not with the virtual threads
 * ever started. At most {@code maxIdle} arenas wait in the pool; the rest are left to the garbage
 * collector, which frees their blobs.
 *
 * <p>Thread-safe. An arena in the pool has no frame open and no scope alive, so the thread that
 * borrows it can adopt it as its owner.
 */
final class ScratchPool {

    private final ConcurrentLinkedQueue<ConfinedArena> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private final int maxIdle;
    private final Supplier<ConfinedArena> factory;

    ScratchPool(int maxIdle, Supplier<ConfinedArena> factory) {
        this.maxIdle = maxIdle;
        this.factory = factory;
    }

    /** {@return an idle arena, now owned by the calling thread, or a new one} */
    ConfinedArena borrow() {
        ConfinedArena arena = idle.poll();
        if (arena == null) {
            return factory.get();
        }
        idleCount.decrementAndGet();
        arena.adopt();
        return arena;
    }

    /** Takes back {@code arena}, whose outermost frame the calling thread, its owner, just closed. */
    void giveBack(ConfinedArena arena) {
        arena.reset();
        arena.idle(); // this thread's scopes end here: the next borrower makes its own
        if (idleCount.incrementAndGet() <= maxIdle) {
            idle.offer(arena);
        } else {
            idleCount.decrementAndGet();
            arena.close();
        }
    }

    /** {@return how many arenas wait in the pool} */
    int idle() {
        return idleCount.get();
    }
}
