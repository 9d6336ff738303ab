package io.github.arena4j;

/**
 * Per-thread scratch memory for short-lived temporaries around a native call: the
 * {@code stackPush()} idiom, as a {@link java.lang.foreign.Arena} with a lifetime that is written
 * down. {@code Scratch.frame()} is a drop-in for {@code Arena.ofConfined()} in try-with-resources.
 *
 * {@snippet lang=java :
 * try (Frame frame = Scratch.frame()) {
 *     MemorySegment path = frame.allocateFrom("/etc/hosts");
 *     MemorySegment stat = frame.allocate(STAT_LAYOUT);
 *     int rc = (int) STAT.invokeExact(path, stat);
 * } // both released
 * }
 *
 * <h2>Lifetime</h2>
 * Each platform thread that calls {@link #frame()} gets its own confined scratch {@link Arena}
 * over native memory, made on first use, starting at {@link #capacity()} bytes. Its blob belongs
 * to an {@linkplain java.lang.foreign.Arena#ofAuto() automatic JDK arena}: when the thread ends,
 * or calls {@link #release()}, nothing refers to it any more and the garbage collector frees it.
 * So a thread pool never leaks scratch memory, and a long-lived pool thread keeps one arena.
 *
 * <h2>Virtual threads</h2>
 * A virtual thread borrows a scratch arena from a shared pool when it opens its outermost scratch
 * frame, and gives it back when that frame closes. Memory therefore grows with the scratch frames
 * open at one time, not with the virtual threads ever started, and a frame stays correct when its
 * thread blocks and moves to another carrier mid-frame (the arena is the thread's until the frame
 * closes). Handing the arena back costs a reset per outermost frame.
 *
 * <h2>Growth</h2>
 * Scratch arenas are {@linkplain Growth#chunked() growable}: a frame that needs more than
 * is left gets a new chunk (twice the last, up to 16 MiB, or one of its own for a larger request)
 * instead of failing, and the chunk is freed when that frame closes. The first chunk's size comes
 * from the system property {@code arena4j.scratch.capacity} (bytes, default 65536), read once.
 *
 * <h2>Safety</h2>
 * Scratch frames have {@linkplain StaleSliceChecks#ON_REUSE stale-slice checks}: a slice used
 * after its frame closed sees only its own old bytes until its memory is reused, and throws
 * {@link IllegalStateException} from then on; it never sees another frame's data. This costs
 * nothing per allocation and almost nothing per frame. The system property
 * {@code arena4j.scratch.staleSliceChecks}, read once, chooses another mode: {@code false} or
 * {@code NONE} for none, {@code ON_RELEASE} to throw the moment a frame closes (for debugging; a
 * JDK scope per frame). Frames nest and must close in reverse order, as with {@link Arena#frame()}.
 *
 * <p>A scratch frame's {@link Frame#arena()} belongs to the thread's scratch: use it while the
 * frame is open. If it is closed, the thread's next {@code frame()} starts a new scratch arena.
 *
 * <p>Scratch frames re-scope memory with a restricted method: grant arena4j native access, as
 * for any downcall.
 *
 * @since 0.1.0
 */
public final class Scratch {

    /** The default capacity of each scratch arena's first chunk: 64 KiB, as LWJGL's stack. */
    public static final long DEFAULT_CAPACITY = 64 * 1024;

    /** The largest normal chunk a scratch arena grows by: 16 MiB. */
    private static final long MAX_CHUNK = 16L << 20;

    private static final long CAPACITY = Long.getLong("arena4j.scratch.capacity", DEFAULT_CAPACITY);

    private static final StaleSliceChecks CHECKS = checks(System.getProperty("arena4j.scratch.staleSliceChecks"));

    /** The thread's scratch arena: for a virtual thread, only while it has a scratch frame open. */
    private static final ThreadLocal<ConfinedArena> ARENAS = new ThreadLocal<>();

    /** Scratch arenas lent to virtual threads, one outermost frame at a time. */
    private static final ScratchPool POOL = new ScratchPool(4 * Runtime.getRuntime().availableProcessors(),
            Scratch::newArena);

    private Scratch() {
    }

    /**
     * Opens a frame on the calling thread's scratch arena, making or borrowing the arena if this
     * thread has none yet.
     *
     * @return a new open frame; close it with try-with-resources
     * @throws IllegalArgumentException if {@code arena4j.scratch.capacity} is not positive
     */
    public static Frame frame() {
        ConfinedArena arena = ARENAS.get();
        if (arena == null || !arena.isOpen()) {
            arena = attach();
        }
        Frame frame = arena.frame();
        if (frame.depth == 1 && Thread.currentThread().isVirtual()) {
            lend(arena, frame);
        }
        return frame;
    }

    private static ConfinedArena attach() {
        ConfinedArena arena = Thread.currentThread().isVirtual() ? POOL.borrow() : newArena();
        ARENAS.set(arena);
        return arena;
    }

    /** Gives a virtual thread's arena back to the pool when its outermost frame, {@code frame}, closes. */
    private static void lend(ConfinedArena arena, Frame frame) {
        arena.frames.afterClose(frame, () -> {
            if (ARENAS.get() == arena) {
                ARENAS.remove();
            }
            POOL.giveBack(arena);
        });
    }

    private static ConfinedArena newArena() {
        return Assembly.scratch(CAPACITY, MAX_CHUNK, CHECKS);
    }

    private static StaleSliceChecks checks(String property) {
        if (property == null || property.equalsIgnoreCase("true")) {
            return StaleSliceChecks.ON_REUSE;
        }
        if (property.equalsIgnoreCase("false")) {
            return StaleSliceChecks.NONE;
        }
        return StaleSliceChecks.valueOf(property.toUpperCase(java.util.Locale.ROOT));
    }

    /** {@return the capacity, in bytes, of each scratch arena's first chunk} */
    public static long capacity() {
        return CAPACITY;
    }

    /** {@return how many scratch arenas wait, idle, for a virtual thread to borrow them} */
    static int pooled() {
        return POOL.idle();
    }

    /**
     * Lets the calling thread's scratch arena go now rather than when the thread ends: the arena is
     * closed (its slices throw from now on) and the garbage collector frees its blob. The next
     * {@link #frame()} on this thread makes a new one. Does nothing if the thread has none (a
     * virtual thread has one only while a scratch frame is open).
     *
     * @throws IllegalStateException if a scratch frame is open on this thread
     */
    public static void release() {
        ConfinedArena arena = ARENAS.get();
        if (arena == null) {
            return;
        }
        if (arena.frames.depth > 0) {
            throw new IllegalStateException("Cannot release scratch memory with " + arena.frames.depth
                    + " open frame(s) on this thread");
        }
        ARENAS.remove();
        arena.close();
    }
}
