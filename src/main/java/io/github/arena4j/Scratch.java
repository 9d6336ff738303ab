package io.github.arena4j;

import io.github.arena4j.internal.Blob;

/**
 * Per-thread scratch memory for short-lived temporaries around a native call: the
 * {@code stackPush()} idiom, with a lifetime that is written down.
 *
 * {@snippet lang=java :
 * try (Frame frame = Scratch.frame()) {
 *     MemorySegment path = frame.allocateFrom("/etc/hosts");
 *     MemorySegment stat = frame.allocate(STAT_LAYOUT);
 *     int rc = (int) STAT.invokeExact(path, stat);
 * } // both released; touching them now throws IllegalStateException
 * }
 *
 * <h2>Lifetime</h2>
 * Each thread that calls {@link #frame()} gets its own confined scratch {@link Arena} over a
 * native blob of {@link #capacity()} bytes, made on first use. The blob is owned by an
 * {@linkplain java.lang.foreign.Arena#ofAuto() automatic JDK arena}: when the thread ends, or
 * calls {@link #release()}, nothing refers to it any more and the garbage collector frees it. So a
 * thread pool never leaks scratch memory, and a long-lived pool thread keeps exactly one blob.
 *
 * <h2>Virtual threads</h2>
 * A virtual thread is a thread: it gets its own scratch arena, never one shared with other virtual
 * threads on the same carrier, so a frame stays correct when its thread blocks and moves to
 * another carrier mid-frame. The price is one blob per virtual thread that uses scratch memory,
 * made on its first {@code frame()} and freed after it ends; for very many short-lived virtual
 * threads, a smaller {@code arena4j.scratch.capacity} or an explicit {@link Arena} is cheaper.
 *
 * <h2>Safety</h2>
 * Scratch frames have stale-slice checks: a slice used after its frame closed throws
 * {@link IllegalStateException}. They cost a JDK scope per frame (about 40 ns and 200 bytes of
 * heap on the machine in {@code docs/benchmarks.md}), nothing per allocation; the system property
 * {@code arena4j.scratch.staleSliceChecks=false}, read once, turns them off for hot loops of tiny
 * frames. Frames nest and must close in reverse order, as with
 * {@link Arena#frame()}. Running out of scratch space is {@link ArenaExhaustedException}, with the
 * numbers in its message; the capacity comes from the system property
 * {@code arena4j.scratch.capacity} (bytes, default 65536), read once.
 *
 * <p>Scratch frames re-scope memory with a restricted method: grant arena4j native access, as
 * for any downcall.
 *
 * @since 0.1.0
 */
public final class Scratch {

    /** The default capacity of each thread's scratch arena: 64 KiB, as LWJGL's stack. */
    public static final long DEFAULT_CAPACITY = 64 * 1024;

    private static final long CAPACITY = Long.getLong("arena4j.scratch.capacity", DEFAULT_CAPACITY);

    private static final boolean CHECKED =
            Boolean.parseBoolean(System.getProperty("arena4j.scratch.staleSliceChecks", "true"));

    private static final ThreadLocal<ConfinedArena> ARENAS = new ThreadLocal<>();

    private Scratch() {
    }

    /**
     * Opens a frame on the calling thread's scratch arena, making the arena if this thread has
     * none yet.
     *
     * @return a new open frame; close it with try-with-resources
     * @throws IllegalArgumentException if {@code arena4j.scratch.capacity} is not positive
     */
    public static Frame frame() {
        ConfinedArena arena = ARENAS.get();
        if (arena == null) {
            arena = new ConfinedArena(Blob.ofAuto(CAPACITY), true, CHECKED);
            ARENAS.set(arena);
        }
        return arena.frame();
    }

    /** {@return the capacity, in bytes, of each thread's scratch arena} */
    public static long capacity() {
        return CAPACITY;
    }

    /**
     * Lets the calling thread's scratch blob go now rather than when the thread ends: the arena is
     * closed (its slices throw from now on) and the garbage collector frees the blob. The next
     * {@link #frame()} on this thread makes a new one. Does nothing if the thread has none.
     *
     * @throws IllegalStateException if a scratch frame is open on this thread
     */
    public static void release() {
        ConfinedArena arena = ARENAS.get();
        if (arena == null) {
            return;
        }
        if (arena.openFrames() > 0) {
            throw new IllegalStateException("Cannot release scratch memory with " + arena.openFrames()
                    + " open frame(s) on this thread");
        }
        arena.close();
        ARENAS.remove();
    }
}
