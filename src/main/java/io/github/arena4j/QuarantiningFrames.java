package io.github.arena4j;

/**
 * Frames whose memory, once closed, is quarantined rather than handed out again at once: the
 * arena keeps bumping past it, and reclaims the memory of many closed frames together, closing the
 * scopes their slices were cut from and clearing it in one bulk fill. Sibling frames can then share
 * one scope per depth ({@link StaleSliceChecks#ON_REUSE}), and a zeroing arena clears released
 * memory in batches rather than at every close.
 *
 * <p>Per depth {@code d}, {@code RUN} is where the quarantined memory of depth {@code d} and
 * deeper begins, {@code NO_RUN} when there is none. Memory is laid out, bottom to top, as: for each
 * open frame, the quarantined memory of its closed older siblings {@code [RUN[d], MARK[d])} and
 * then its own live allocations; above the innermost open frame's allocations, the quarantine of
 * its closed children {@code [RUN[d + 1], offset)}. An allocation in frame {@code d} reclaims that
 * top run first (the arena's limit is lowered to send it to the cold path), so the live allocations
 * of one frame are contiguous, and quarantine only ever sits below an open frame or on top. A run
 * never spans chunks: a frame that moved to another chunk is reclaimed whole when it closes.
 * Quarantined bytes of the current chunk are the arena's {@code garbage}.
 */
final class QuarantiningFrames extends FrameStack {

    /**
     * The most quarantine that piles up at one depth before a frame's close reclaims it: small
     * enough that the memory cycles within the first levels of cache, large enough that one scope
     * closes for hundreds of small frames.
     */
    static final long QUARANTINE_WINDOW = 16 * 1024;

    /** How much quarantine piles up at one depth before it is reclaimed. */
    private final long window;

    QuarantiningFrames(ConfinedArena arena, Scopes scopes, boolean ownSessions, boolean debug, long capacity) {
        super(arena, scopes, ownSessions, debug);
        this.window = Math.min(QUARANTINE_WINDOW, Math.max(1, capacity / 4));
        for (int at = 0; at < frames.length; at += STRIDE) {
            frames[at + RUN] = NO_RUN;
        }
    }

    @Override
    long start(int depth, int at) {
        long[] frames = this.frames;
        ConfinedArena arena = this.arena;
        long offset = arena.offset;
        if (frames[at + RUN] == NO_RUN) {
            frames[at + RUN] = offset;
        }
        frames[at + STRIDE + RUN] = NO_RUN;
        arena.restoreLimits(); // a run on top is now the new frame's older siblings'
        return offset;
    }

    /**
     * Quarantines the frame's memory with its older siblings', and reclaims the whole run once it
     * reaches the window: no frame is open at this depth any more, so its scope may close.
     */
    @Override
    void release(int depth, int at) {
        long[] frames = this.frames;
        ConfinedArena arena = this.arena;
        long offset = arena.offset;
        long run = frames[at + RUN];
        long childRun = frames[at + STRIDE + RUN];
        long own = (childRun == NO_RUN ? offset : childRun) - frames[at + MARK];
        if (own != 0) {
            arena.notePeak();
            arena.garbage += own;
        }
        if (offset - run >= window) {
            arena.reclaim(depth, run);
            frames[at + RUN] = NO_RUN;
            arena.restoreLimits(); // a child's close may have lowered them for the run just reclaimed
        } else if (offset > run) {
            arena.lowerLimits(); // the enclosing scope's next allocation reclaims the run first
        } else {
            frames[at + RUN] = NO_RUN;
        }
    }

    @Override
    void releaseAcrossChunks(int depth, int at) {
        long position = frames[at + CHUNK];
        int first = (int) (position >>> 32);
        // A run of closed children on top lies in the current chunk: it counts only if that is
        // still the frame's first chunk (it moved only by a dedicated chunk).
        long childRun = arena.chunks.currentIndex() == first ? frames[at + STRIDE + RUN] : NO_RUN;
        scopes.closeFrom(depth); // first: no view may outlive the chunks freed below
        arena.resumeChunk(first, (int) position);
        arena.garbage += (childRun == NO_RUN ? arena.offset : childRun) - frames[at + MARK]; // the frame's own bytes
        arena.reclaim(depth, frames[at + RUN]);
        frames[at + RUN] = NO_RUN;
    }

    /**
     * Makes room by reclaiming quarantine, one step at a time: first the closed children of the
     * innermost frame sitting on top, then, if that frame has allocated nothing yet, its closed
     * older siblings below it.
     */
    @Override
    boolean reclaimForAllocation() {
        return reclaimTopRun() || reclaimBelowEmptyFrame();
    }

    @Override
    void reclaimTop() {
        reclaimTopRun();
    }

    /** Reclaims the innermost frame's closed children on top. {@return whether there were any} */
    private boolean reclaimTopRun() {
        int at = (depth + 1) * STRIDE;
        long run = frames[at + RUN];
        if (run == NO_RUN) {
            return false;
        }
        arena.reclaim(depth + 1, run);
        frames[at + RUN] = NO_RUN;
        arena.restoreLimits();
        return true;
    }

    /**
     * Reclaims the quarantine of the innermost frame's closed older siblings if that frame has
     * allocated nothing and handed out no view: its own scope may then close too. {@return whether
     * anything was reclaimed}
     */
    private boolean reclaimBelowEmptyFrame() {
        int depth = this.depth;
        int at = depth * STRIDE;
        if (!emptyAboveQuarantine(depth, arena.offset)) {
            return false;
        }
        arena.reclaim(depth, frames[at + RUN]);
        frames[at + MARK] = arena.offset;
        arena.slicer = scopes.views[depth];
        return true;
    }

    /** Before a view of the innermost depth's scope is handed out, which keeps that scope open. */
    @Override
    void beforeViewTaken() {
        long run = frames[(depth + 1) * STRIDE + RUN];
        if (run != NO_RUN && emptyAboveQuarantine(depth, run)) {
            reclaimTopRun(); // only closed children lie above the frame's siblings: both go
        }
        reclaimBelowEmptyFrame();
    }

    /**
     * {@return whether frame {@code depth} has allocated nothing ({@code top} is its mark) above
     * quarantine of its closed older siblings in the same chunk, and handed out no view}
     */
    private boolean emptyAboveQuarantine(int depth, long top) {
        int at = depth * STRIDE;
        return depth > 0 && top == frames[at + MARK] && frames[at + RUN] < top
                && (int) (frames[at + CHUNK] >>> 32) == arena.chunks.currentIndex()
                && (frames[at + RARE] & VIEW_TAKEN) == 0; // a segment() taken in the frame lives in its scope
    }

    @Override
    long reclaimable() {
        long free = 0;
        long top = arena.offset;
        long run = frames[(depth + 1) * STRIDE + RUN];
        if (run != NO_RUN) {
            free += top - run;
            top = run;
        }
        if (emptyAboveQuarantine(depth, top)) {
            free += top - frames[depth * STRIDE + RUN];
        }
        return free;
    }

    @Override
    void reset() {
        frames[STRIDE + RUN] = NO_RUN;
    }

    /**
     * The runs of closed siblings below the inner frames are trapped under the pinned slice until
     * the frame at {@code depth} closes: they count as that frame's memory from now on, not as
     * quarantine, and each inner frame's run starts afresh at {@code end}.
     */
    @Override
    void pinned(int depth, long end) {
        for (int inner = depth + 1; inner <= this.depth; inner++) {
            int at = inner * STRIDE;
            long run = frames[at + RUN];
            if (run != NO_RUN) {
                arena.unquarantine((int) (frames[at + CHUNK] >>> 32), frames[at + MARK] - run);
            }
            frames[at + RUN] = end;
        }
    }
}
