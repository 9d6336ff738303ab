package io.github.arena4j;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * The open frames of a confined arena, and what a frame's close does with its memory: one kind per
 * arena, chosen when it is built. {@link RewindingFrames} moves the write pointer back at once;
 * {@link QuarantiningFrames} leaves closed frames' memory in quarantine and reclaims it in
 * batches, so that sibling frames can share one scope and zeroing is done in bulk.
 *
 * <p>Per depth {@code d} (1 for the outermost frame), one stride of longs in {@code frames}:
 * {@code MARK}, where the frame's own allocations begin; {@code CHUNK}, the arena's chunk position
 * when the frame opened; and {@code RUN}, which only the quarantining kind uses. {@code rare[d]}
 * holds what few frames need: the JDK arena behind {@link Frame#scope()}, an action to run after
 * the close. Opening a frame is a few stores into that one array; the {@link Frame} object keeps
 * nothing the arena needs, so it is never stored anywhere, and where the caller's code is compiled
 * together with it, the JIT can remove it.
 *
 * <p>A frame may also allocate while frames opened after it are open, as nested JDK arenas can:
 * the slice is cut at the top, in the allocating frame's scope, and the inner frames' marks are
 * raised past it, so their memory stays in use (pinned, and counted in {@code used()}) until the
 * allocating frame closes.
 *
 * <p>With {@link StaleSliceChecks#ON_RELEASE} every frame has a JDK session of its own
 * ({@code ownSessions}), held by the {@link Frame} alone: its slices are re-scoped to it, and it
 * closes with the frame. As the arena cannot reach those sessions, an arena closed while such
 * frames are open keeps its chunks until the last of them closes.
 */
abstract sealed class FrameStack permits RewindingFrames, QuarantiningFrames {

    static final int MARK = 0;
    static final int RUN = 1;
    static final int CHUNK = 2;
    /**
     * Flags: {@code HAS_RARE} while {@code rare[d]} holds something, {@code VIEW_TAKEN} once the
     * arena's own view for the depth was handed out ({@code segment()}), so that the depth's scope
     * must stay open even if the frame allocates nothing. Zero on the fast path.
     */
    static final int RARE = 3;
    static final long HAS_RARE = 1;
    static final long VIEW_TAKEN = 2;
    static final int STRIDE = 4;
    static final long NO_RUN = -1;

    final ConfinedArena arena;
    final Scopes scopes;
    /** Whether every frame has a JDK session of its own ({@link StaleSliceChecks#ON_RELEASE}). */
    private final boolean ownSessions;
    /** Whether the arena is in {@linkplain Debug debug mode}: every frame records its site in {@code rare}. */
    private final boolean debug;
    /** How many frames are open. */
    int depth;
    /** Per depth, {@code STRIDE} longs: see the class comment. Room for {@code depth + 1} at least. */
    long[] frames = new long[8 * STRIDE];
    /** Per depth, what few frames need, or {@code null}. */
    private Rare[] rare = new Rare[8];
    /** Frames with sessions of their own still open after the arena closed: the last frees the chunks. */
    private int outliving;

    FrameStack(ConfinedArena arena, Scopes scopes, boolean ownSessions, boolean debug) {
        this.arena = arena;
        this.scopes = scopes;
        this.ownSessions = ownSessions;
        this.debug = debug;
    }

    /** The frame stack for an arena with these settings. */
    static FrameStack of(ConfinedArena arena, StaleSliceChecks checks, boolean zeroing, long capacity, boolean debug) {
        Scopes scopes = arena.scopes;
        boolean ownSessions = checks == StaleSliceChecks.ON_RELEASE;
        // Quarantine shares one scope among sibling frames (ON_REUSE) and batches their clearing;
        // a frame whose memory needs neither can rewind at once.
        return checks == StaleSliceChecks.ON_REUSE || zeroing
                ? new QuarantiningFrames(arena, scopes, ownSessions, debug, capacity)
                : new RewindingFrames(arena, scopes, ownSessions, debug);
    }

    /** Opens a frame; the caller checked the owner and that the arena is open. */
    final Frame open() {
        int depth = this.depth + 1;
        int at = depth * STRIDE;
        if (at + 2 * STRIDE > frames.length) {
            growFrames();
        }
        long[] frames = this.frames;
        ConfinedArena arena = this.arena;
        frames[at + MARK] = start(depth, at);
        frames[at + CHUNK] = arena.chunkPosition;
        this.depth = depth;
        forgetArenaView();
        if (debug) {
            return openDebug(depth);
        }
        if (ownSessions) { // made here, not in a method that returns it, so that the JIT can remove it
            return new Frame(this, depth, java.lang.foreign.Arena.ofConfined(), arena.blob.segment(), arena.epoch);
        }
        MemorySegment view = scopes.views[depth];
        if (view == null) {
            view = scopes.view(depth);
        }
        return new Frame(this, depth, null, view, arena.epoch);
    }

    /**
     * Cold: opens a frame in debug mode, which records where it was opened and watches it for a
     * leak (the frame then escapes into the watch: debug mode costs a heap frame per scope).
     */
    private Frame openDebug(int depth) {
        Frame frame;
        if (ownSessions) {
            frame = new Frame(this, depth, java.lang.foreign.Arena.ofConfined(), arena.blob.segment(), arena.epoch);
        } else {
            MemorySegment view = scopes.views[depth];
            frame = new Frame(this, depth, null, view != null ? view : scopes.view(depth), arena.epoch);
        }
        Rare rare = rare(depth);
        rare.site = Site.capture();
        rare.watch = Leaks.watchFrame(frame, arena, rare.site);
        return frame;
    }

    /**
     * Closes {@code frame}, open and not yet closed. Completes even if a cleanup action attached to
     * the frame's scope throws: the frame is popped and its memory released, then the first
     * exception is rethrown.
     */
    final void close(Frame frame) {
        ConfinedArena arena = this.arena;
        arena.checkOwner();
        int depth = frame.depth;
        if (depth != this.depth || !arena.isOpen()) {
            closeCold(frame);
            return;
        }
        int at = depth * STRIDE;
        Throwable failure = null;
        java.lang.foreign.Arena session = frame.session;
        if (session != null) {
            failure = Failures.closeCollecting(session, null); // first: no slice outlives the release
            scopes.closeFrom(depth); // and the arena's own allocations in this frame
        }
        frame.closed = true;
        if (frames[at + RARE] != 0) {
            closeRare(depth, failure);
            return;
        }
        pop(depth, at);
        if (failure != null) {
            Failures.rethrowIfAny(failure);
        }
    }

    /** Releases the innermost frame's memory and pops it. */
    private void pop(int depth, int at) {
        if (frames[at + CHUNK] != arena.chunkPosition) {
            arena.notePeak();
            releaseAcrossChunks(depth, at);
        } else {
            release(depth, at);
        }
        this.depth = depth - 1;
        forgetArenaView();
    }

    /**
     * The arena's own allocations cut their slices from the innermost depth's view: one that
     * depends on the depth is made again on the next such allocation, rather than stored at every
     * open and close (a reference store costs the garbage collector's barriers).
     */
    private void forgetArenaView() {
        if (scopes.byDepth && arena.slicer != null) {
            arena.slicer = null;
        }
    }

    /**
     * Cold: closes the innermost frame, at {@code depth}, which has a scope made for
     * {@link Frame#scope()} or an action to run after it closes; {@code failure} is what its own
     * session's close threw.
     */
    private void closeRare(int depth, Throwable failure) {
        Rare rare = this.rare[depth];
        if (rare != null) {
            failure = rare.endScope(failure);
            if (rare.watch != null) {
                rare.watch.end();
            }
        }
        int at = depth * STRIDE;
        if (arena.poisons && frames[at + CHUNK] == arena.chunkPosition) {
            arena.poison(frames[at + MARK]); // before the release: a zeroing arena's clearing comes after
        }
        pop(depth, at);
        this.rare[depth] = null;
        frames[depth * STRIDE + RARE] = 0;
        if (rare != null && rare.afterClose != null) {
            rare.afterClose.run();
        }
        Failures.rethrowIfAny(failure);
    }

    /**
     * Notes that the arena's own view for the innermost depth is about to be handed out
     * ({@code segment()}), so that depth's scope must stay open until the frame closes: what could
     * only be reclaimed by closing it is reclaimed now, before the view exists.
     */
    final void viewTaken() {
        beforeViewTaken();
        frames[depth * STRIDE + RARE] |= VIEW_TAKEN;
    }

    /** Reclaims the run of the innermost frame's closed children on top, if there is one. */
    void reclaimTop() {
    }

    /** Reclaims now what a view handed out would keep from being reclaimed later. */
    void beforeViewTaken() {
    }

    /** Cold: a frame that is not the innermost open one, or whose arena is closed. */
    private void closeCold(Frame frame) {
        if (!arena.isOpen()) {
            frame.closed = true; // it ended with the arena
            if (frame.session != null) {
                Throwable failure = Failures.closeCollecting(frame.session, null);
                if (--outliving == 0) {
                    arena.freeChunksLeftOpen();
                }
                Failures.rethrowIfAny(failure);
            }
            return;
        }
        throw Failures.frameOutOfOrder(frame.depth, depth, arena.name(), siteOf(frame.depth), siteOf(depth));
    }

    /**
     * {@return where a frame at {@code depth} starts}: the write pointer, once whatever this kind of
     * stack does when a frame opens is done.
     */
    abstract long start(int depth, int at);

    /** Releases the memory of the innermost frame, at {@code depth}, which stayed in the current chunk. */
    abstract void release(int depth, int at);

    /**
     * Releases the memory of the innermost frame, at {@code depth}, which moved to later chunks:
     * their scopes end, they are freed, and the frame's first chunk becomes current again.
     */
    abstract void releaseAcrossChunks(int depth, int at);

    /** {@return whether quarantine was reclaimed to make room for an allocation} */
    abstract boolean reclaimForAllocation();

    /** {@return the bytes an allocation could reclaim from quarantine now} */
    abstract long reclaimable();

    /** Forgets quarantine for a reset, which releases everything. */
    abstract void reset();

    /** Notes that allocations through frames at depths in {@code (depth, this.depth]} are now pinned below {@code end}. */
    abstract void pinned(int depth, long end);

    /**
     * The cold path of {@link Frame#allocate}: allocates through the frame at {@code depth}, which
     * is the innermost open frame whose allocation did not fit (or whose view the arena replaced),
     * or throws because it is closed, or is an enclosing frame: then the slice is cut at
     * the top and the inner frames' memory pinned below it. {@code raw} slices are cut from the
     * chunk itself, for the frame to re-scope. Takes no frame object, so that the frame stays a
     * local of its caller.
     */
    final MemorySegment allocateSlow(int depth, boolean closed, boolean raw, long byteSize, long byteAlignment) {
        arena.checkOwner();
        if (closed) {
            throw Failures.frameClosed(depth, arena.name());
        }
        arena.checkOpen();
        if (depth == this.depth) {
            return arena.allocateSlow(byteSize, byteAlignment, raw);
        }
        reclaimTop(); // a run of closed frames on top would be trapped below the pinned slice
        MemorySegment slice = arena.allocateSlow(byteSize, byteAlignment, true); // or throws, changing nothing
        long end = arena.offset;
        pinned(depth, end);
        for (int inner = depth + 1; inner <= this.depth; inner++) {
            frames[inner * STRIDE + MARK] = end;
            frames[inner * STRIDE + CHUNK] = arena.chunkPosition;
        }
        return raw ? slice : scopes.view(slice, depth);
    }

    /** {@return the JDK arena behind {@link Frame#scope()} of {@code frame}, made on first use} */
    final java.lang.foreign.Arena scopeOf(Frame frame) {
        arena.checkOwner();
        if (frame.closed || !arena.isOpen()) {
            java.lang.foreign.Arena over = java.lang.foreign.Arena.ofConfined();
            over.close();
            return over;
        }
        Rare rare = rare(frame.depth);
        if (rare.scope == null) {
            rare.scope = java.lang.foreign.Arena.ofConfined();
        }
        return rare.scope;
    }

    /** Runs {@code action} right after {@code frame} closes. */
    final void afterClose(Frame frame, Runnable action) {
        rare(frame.depth).afterClose = action;
    }

    private Rare rare(int depth) {
        Rare rare = this.rare[depth];
        if (rare == null) {
            this.rare[depth] = rare = new Rare();
            frames[depth * STRIDE + RARE] |= HAS_RARE;
        }
        return rare;
    }

    /**
     * {@return where the frame at {@code depth} was opened}, or {@code null} if it is not open or
     * the arena is not in debug mode.
     */
    final Site siteOf(int depth) {
        Rare rare = depth <= this.depth ? this.rare[depth] : null;
        return rare == null ? null : rare.site;
    }

    /**
     * Ends every open frame, for the arena's close, and reports each as left open.
     * {@return the first exception a cleanup action threw}
     */
    final Throwable endAll() {
        Throwable failure = null;
        for (int depth = this.depth; depth > 0; depth--) {
            Rare rare = this.rare[depth];
            if (rare == null || rare.watch == null || rare.watch.endFirst()) {
                Leaks.frameLeftOpen(arena, depth, rare == null ? null : rare.site, "its arena closed");
            }
            if (rare != null) {
                failure = rare.endScope(failure);
                this.rare[depth] = null;
            }
            frames[depth * STRIDE + RARE] = 0;
        }
        outliving = ownSessions ? depth : 0;
        depth = 0;
        return failure;
    }

    /** {@return whether frames with sessions of their own outlive the arena's close, and keep its chunks} */
    final boolean outlived() {
        return outliving > 0;
    }

    private void growFrames() {
        frames = Arrays.copyOf(frames, frames.length * 2);
        rare = Arrays.copyOf(rare, frames.length / STRIDE);
        scopes.ensureDepths(frames.length / STRIDE);
        for (int at = rare.length / 2 * STRIDE; at < frames.length; at += STRIDE) {
            frames[at + RUN] = NO_RUN;
        }
    }

    /** What few frames need: kept out of the per-depth longs so that opening a frame stays a few stores. */
    private static final class Rare {
        /** What {@link Frame#scope()} returned, for frames without a session of their own. */
        java.lang.foreign.Arena scope;
        /** Run right after the frame closes. */
        Runnable afterClose;
        /** Where the frame was opened, in debug mode. */
        Site site;
        /** Reports the frame if it becomes unreachable while open, in debug mode. */
        Leaks.Watch watch;

        Throwable endScope(Throwable failure) {
            if (scope == null) {
                return failure;
            }
            java.lang.foreign.Arena ending = scope;
            scope = null;
            return Failures.closeCollecting(ending, failure);
        }
    }
}
