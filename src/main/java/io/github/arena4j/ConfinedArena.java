package io.github.arena4j;

import io.github.arena4j.internal.Blob;
import io.github.arena4j.internal.Events;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * The single-threaded bump arena: every field is read and written by its owner thread only.
 *
 * <p>The hot path reads only the current chunk's fields ({@code slicer}, {@code base},
 * {@code limit}, {@code offset}); chunks, scopes, growth, budgets and the reclaiming of
 * quarantined frames are handled on the cold path, when a request does not fit, a frame opens or
 * closes, or the arena resets.
 *
 * <p>Frames, by depth {@code d} (index 0 is the arena itself): {@code marks[d]} is where frame
 * {@code d} began and {@code runs[d]} where the quarantined memory of depth {@code d} and deeper
 * begins, {@code NO_RUN} when there is none. Memory is laid out, bottom to top, as: for each open
 * frame, the quarantined memory of its closed older siblings {@code [runs[d], marks[d])} and then
 * its own live allocations; above the innermost open frame's allocations, the quarantine of its
 * closed children {@code [runs[d + 1], offset)}. An allocation in frame {@code d} reclaims that top
 * run first, so live allocations of one frame are contiguous, and quarantine only ever sits below
 * an open frame or on top. A run never spans chunks: a frame that moved to another chunk is
 * reclaimed whole when it closes.
 *
 * <p>Invariants, while open: {@code 0 <= offset <= chunkEnd}; {@code limit == chunkEnd} unless a
 * run sits on top, when {@code limit == offset} so that the next allocation takes the cold path
 * and reclaims it; when zeroing, every byte of every chunk past its consumed prefix reads as zero;
 * {@code garbage} is the quarantined bytes of the current chunk, so the live bytes are
 * {@code usedElsewhere + offset - garbage}. Once closed: {@code limit == -1} and
 * {@code offset == 0}, so the one bounds comparison on the hot path also rejects use after close.
 */
final class ConfinedArena extends Arena {

    private static final long CLOSED = -1;
    private static final long NO_RUN = -1;

    /**
     * The most quarantine a new frame lets pile up before it reclaims it: small enough that the
     * memory cycles within the first levels of cache, large enough that one scope closes for
     * hundreds of small frames.
     */
    static final long QUARANTINE_WINDOW = 16 * 1024;

    private Thread owner;
    private final boolean zeroing;
    private final long maxAlignment;
    /** {@code -maxAlignment}: every bit at or above the largest alignment, a power of two. */
    private final long alignmentMask;
    private final String kind;
    private final StaleSliceChecks checks;
    private final Scopes scopes;
    /** Whether closed frames are quarantined ({@link StaleSliceChecks#ON_REUSE}) rather than reclaimed at once. */
    private final boolean quarantine;
    /** How much quarantine a new frame tolerates before reclaiming it. */
    private final long window;
    private final Chunks chunks;
    /** The reservation an arena that grows in place extends its one blob into, or {@code null}. */
    private final InPlaceGrowth inPlace;
    /** Capacity of the first chunk: what a reset starts over with if it keeps no chunk. */
    private final long firstSize;
    /** Where a pooled scratch arena goes when its outermost frame closes, or {@code null}. */
    private final ScratchPool pool;

    // The current chunk: all the hot path reads.
    private Blob blob;
    /** The segment slices are cut from: the chunk, or its view in the innermost depth's scope. */
    private MemorySegment slicer;
    /** Absolute address of the chunk's first byte: alignment rounds addresses, not offsets. */
    private long base;
    private long offset;
    private long limit;
    /**
     * The bound {@link #allocateOffset} checks against: {@code limit} on a fixed arena, and
     * {@code CLOSED} on a growable one, whose offsets would span chunks, so that the same one
     * comparison sends it to the slow path.
     */
    private long offsetLimit;
    private long chunkEnd;

    // Statistics: nothing per allocation unless it needs padding or allocations are counted.
    private final boolean countsAllocations;
    private long allocations;
    /** Alignment padding consumed since the arena was created. */
    private long padding;
    private long peak;
    /** Live bytes in chunks other than the current one. */
    private long usedElsewhere;
    /** Quarantined bytes of the current chunk. */
    private long garbage;

    // Frames: four longs per depth in one array, so that opening a frame touches one array.
    private static final int MARK = 0;
    private static final int RUN = 1;
    private static final int SERIAL = 2;
    private static final int CHUNK = 3;
    private static final int STRIDE = 4;

    private int openFrames;
    private long serial;
    /** The serial of the innermost open frame, or {@code 0} when none is: the one frame that may allocate. */
    private long innermostSerial;
    /** At {@code depth * STRIDE}: the frame's mark, its depth's run, its serial and its chunk position. */
    private long[] frames = new long[8 * STRIDE];
    /** JDK arenas made for {@link Frame#scope()}, closed with their frame. */
    private java.lang.foreign.Arena[] frameScopes = new java.lang.foreign.Arena[8];
    /** The current chunk's index and the chunk count, {@code index << 32 | count}: a frame's chunk position. */
    private long chunkPosition;
    private final boolean growable;
    private Lifetime lifetime;

    ConfinedArena(String name, Blob first, boolean zeroing, StaleSliceChecks checks, Chunks.Policy growth,
                  long budget, ScratchPool pool, boolean countsAllocations) {
        this(name, first, zeroing, checks, growth, budget, pool, null, countsAllocations);
    }

    /** An arena over one blob that grows in place: to the hot path, a fixed arena. */
    ConfinedArena(String name, InPlaceGrowth inPlace, boolean zeroing, StaleSliceChecks checks, long budget,
                  boolean countsAllocations) {
        this(name, inPlace.first(), zeroing, checks, null, budget, null, inPlace, countsAllocations);
    }

    private ConfinedArena(String name, Blob first, boolean zeroing, StaleSliceChecks checks, Chunks.Policy growth,
                          long budget, ScratchPool pool, InPlaceGrowth inPlace, boolean countsAllocations) {
        super(name, first.kind());
        this.countsAllocations = countsAllocations;
        this.inPlace = inPlace;
        this.owner = Thread.currentThread();
        this.zeroing = zeroing;
        this.maxAlignment = first.maxAlignment();
        this.alignmentMask = -maxAlignment;
        this.kind = first.kind();
        this.firstSize = first.capacity();
        this.checks = checks;
        this.scopes = checks == StaleSliceChecks.NONE ? new Scopes.Unchecked() : new Scopes.Checked();
        this.quarantine = checks == StaleSliceChecks.ON_REUSE;
        this.window = Math.min(QUARANTINE_WINDOW, Math.max(1, first.capacity() / 4));
        this.pool = pool;
        if (zeroing && !first.freshlyZeroed()) {
            Zeros.clear(first.segment(), 0, first.capacity());
        }
        this.chunks = new Chunks(name(), first, growth, budget);
        this.growable = growth != null;
        frames[STRIDE + RUN] = NO_RUN;
        enter(first, 0);
    }


    @Override
    public MemorySegment allocate(long byteSize, long byteAlignment) {
        long padding = fit(byteSize, byteAlignment, limit);
        if (padding < 0) {
            return allocateSlow(byteSize, byteAlignment);
        }
        return slicer.asSlice(claim(padding, byteSize), byteSize);
    }

    /** Allocates through the frame at {@code depth}, which must be the innermost open one. */
    MemorySegment allocate(int depth, long serial, long byteSize, long byteAlignment) {
        if (serial != innermostSerial) { // serials are never reused: one test tells open and innermost
            throw frameCannotAllocate(depth, serial);
        }
        return allocate(byteSize, byteAlignment);
    }

    @Override
    public long allocateOffset(long byteSize, long byteAlignment) {
        long padding = fit(byteSize, byteAlignment, offsetLimit);
        if (padding < 0) {
            return allocateOffsetSlow(byteSize, byteAlignment);
        }
        return claim(padding, byteSize);
    }

    /**
     * The hot path's checks, shared by both allocation methods. {@return the padding before a
     * {@code byteAlignment}-aligned block of {@code byteSize} bytes at the write pointer, or
     * {@code -1} if the block does not end by {@code bound}} The one comparison also fails for a
     * negative size and, as {@code bound} is then {@code -1}, on a closed arena.
     */
    private long fit(long byteSize, long byteAlignment, long bound) {
        if (Thread.currentThread() != owner) {
            throw Failures.wrongThread(owner, name());
        }
        // One test for "a power of two in [1, maxAlignment]": byteAlignment - 1 then has no bit in
        // common with byteAlignment, nor any bit at or above maxAlignment's (0 and negatives do).
        if (((byteAlignment - 1) & (byteAlignment | alignmentMask)) != 0) {
            throw Failures.badAlignment(byteAlignment, maxAlignment, kind, name());
        }
        long offset = this.offset;
        // Bytes up to the next aligned address; exact even if base + offset wrapped, as only the
        // low bits matter. At most byteAlignment - 1 < 2^62, so bound - offset - padding cannot
        // overflow, and neither can the block's end once the check has passed.
        long padding = -(base + offset) & (byteAlignment - 1);
        return byteSize < 0 || byteSize > bound - offset - padding ? -1 : padding;
    }

    /** Consumes {@code padding + byteSize} bytes that {@link #fit} found room for. {@return the block's offset} */
    private long claim(long padding, long byteSize) {
        count(padding);
        long start = offset + padding;
        offset = start + byteSize;
        return start;
    }

    /**
     * Counts one allocation that needed {@code padding} bytes of padding. Free for aligned requests
     * on an arena that does not count allocations: a store per allocation would cost more than
     * a tenth of the hot path.
     */
    private void count(long padding) {
        if (padding != 0) {
            this.padding += padding;
        }
        if (countsAllocations) {
            allocations++;
        }
    }

    /**
     * Everything the hot path's one comparison sends here: closed, bad size, quarantine on top,
     * full chunk. Flight Recorder events are committed here, in the method the public one calls,
     * so that the caller is the third frame of their stack traces.
     */
    private MemorySegment allocateSlow(long byteSize, long byteAlignment) {
        checkRequest(byteSize);
        if (reclaimForAllocation()) {
            return allocate(byteSize, byteAlignment); // comes back here at most once per reclaimed run
        }
        ArenaExhaustedException failure = null;
        Chunks.Chunk chunk = null;
        if (inPlace != null) {
            try {
                long start = claim(growInPlace(byteSize, byteAlignment), byteSize);
                Events.Committed event = new Events.Committed();
                if (event.shouldCommit()) {
                    event.set(name(), id(), chunkEnd, inPlace.committed(), inPlace.budget());
                    event.commit();
                }
                // Claimed here rather than by calling back into allocate, so that the cold path
                // stays out of the hot method's compiled shape; the slicer is the grown blob's.
                return slicer.asSlice(start, byteSize);
            } catch (ArenaExhaustedException refused) {
                failure = refused;
            }
        } else if (!growable) {
            failure = new ArenaExhaustedException(name(), byteSize, byteAlignment, used(), chunkEnd);
        } else {
            try {
                chunk = chunks.grow(byteSize, byteAlignment, used()); // or throws, changing nothing
            } catch (ArenaExhaustedException refused) {
                failure = refused;
            }
        }
        if (chunk != null) {
            Events.ChunkReserved event = new Events.ChunkReserved();
            if (event.shouldCommit()) {
                event.set(name(), id(), chunk.capacity(), chunk.dedicated, chunks.reserved(), chunks.count());
                event.commit();
            }
            return allocateIn(chunk, byteSize, byteAlignment);
        }
        if (failure.budget() >= 0) {
            Events.BudgetExceeded event = new Events.BudgetExceeded();
            if (event.shouldCommit()) {
                event.set(name(), id(), byteSize, byteAlignment, failure.used(), failure.capacity(), failure.budget());
                event.commit();
            }
        } else {
            Events.Exhausted event = new Events.Exhausted();
            if (event.shouldCommit()) {
                event.set(name(), id(), byteSize, byteAlignment, failure.used(), failure.capacity());
                event.commit();
            }
        }
        throw failure;
    }

    /** Allocates from {@code chunk}, which growth just reserved for this request. */
    private MemorySegment allocateIn(Chunks.Chunk chunk, long byteSize, long byteAlignment) {
        if (chunk.dedicated) {
            long padding = -chunk.blob.segment().address() & (byteAlignment - 1);
            chunk.used = padding + byteSize;
            usedElsewhere += chunk.used;
            count(padding);
            chunkPosition = (long) chunks.currentIndex() << 32 | chunks.count();
            return scopes.view(chunk.blob.segment(), openFrames).asSlice(padding, byteSize);
        }
        leaveCurrentChunk();
        chunks.makeCurrent(chunks.count() - 1);
        enter(chunk.blob, 0);
        return allocate(byteSize, byteAlignment); // fits: the chunk was sized for it
    }

    /**
     * Everything {@link #allocateOffset}'s comparison sends here: closed, growable by chunks, bad
     * size, quarantine, full. Shaped like {@link #allocateSlow}, and records the same events, here
     * for the same reason.
     */
    private long allocateOffsetSlow(long byteSize, long byteAlignment) {
        if (limit == CLOSED) {
            throw Failures.closed(name());
        }
        if (growable) {
            throw Failures.offsetsOnGrowable(name()); // before the size: offsets are refused outright
        }
        checkRequest(byteSize);
        if (reclaimForAllocation()) {
            return allocateOffset(byteSize, byteAlignment);
        }
        ArenaExhaustedException failure;
        if (inPlace != null) {
            try {
                long start = claim(growInPlace(byteSize, byteAlignment), byteSize);
                Events.Committed event = new Events.Committed();
                if (event.shouldCommit()) {
                    event.set(name(), id(), chunkEnd, inPlace.committed(), inPlace.budget());
                    event.commit();
                }
                return start;
            } catch (ArenaExhaustedException refused) {
                failure = refused;
            }
        } else {
            failure = new ArenaExhaustedException(name(), byteSize, byteAlignment, used(), chunkEnd);
        }
        if (failure.budget() >= 0) {
            Events.BudgetExceeded event = new Events.BudgetExceeded();
            if (event.shouldCommit()) {
                event.set(name(), id(), byteSize, byteAlignment, failure.used(), failure.capacity(), failure.budget());
                event.commit();
            }
        } else {
            Events.Exhausted event = new Events.Exhausted();
            if (event.shouldCommit()) {
                event.set(name(), id(), byteSize, byteAlignment, failure.used(), failure.capacity());
                event.commit();
            }
        }
        throw failure;
    }

    private void checkRequest(long byteSize) {
        if (limit == CLOSED) {
            throw Failures.closed(name());
        }
        if (byteSize < 0) {
            throw Failures.negativeSize(byteSize, name());
        }
    }

    /**
     * Extends the one blob in place so the request fits, and {@return the padding before it at the
     * write pointer}; throws, changing nothing, if it cannot.
     */
    private long growInPlace(long byteSize, long byteAlignment) {
        long padding = -(base + offset) & (byteAlignment - 1);
        Blob grown = inPlace.grow(name(), offset, padding, byteSize, byteAlignment, used());
        chunks.resizeCurrent(grown);
        enter(grown, offset); // same address: every offset and slice stays valid
        return padding;
    }

    /**
     * Before a rewind to {@code mark}: lets an arena growing in place give memory back to the
     * operating system. What lies past the kept part then reads as zero.
     */
    private void giveBackInPlace(long mark, boolean frame) {
        Blob kept = inPlace.giveBack(mark, offset, frame);
        if (kept != null) {
            chunks.resizeCurrent(kept);
            enter(kept, Math.min(offset, kept.capacity()));
        }
    }

    /**
     * Makes room by reclaiming quarantine, one step at a time: first the closed children of the
     * innermost frame sitting on top, then, if that frame has allocated nothing yet, its closed
     * older siblings below it. {@return whether anything was reclaimed}
     */
    private boolean reclaimForAllocation() {
        int depth = openFrames;
        int at = depth * STRIDE;
        long run = frames[at + STRIDE + RUN];
        if (run != NO_RUN) {
            reclaim(depth + 1, run);
            frames[at + STRIDE + RUN] = NO_RUN;
            restoreLimits();
            return true;
        }
        if (emptyAboveQuarantine(depth, offset)) {
            reclaim(depth, frames[at + RUN]); // the frame has no slice yet, so its own scope may close too
            frames[at + MARK] = offset;
            slicer = scopes.view(depth);
            return true;
        }
        return false;
    }

    /**
     * {@return whether frame {@code depth} has allocated nothing ({@code top} is its mark) above
     * quarantine of its closed older siblings in the same chunk}
     */
    private boolean emptyAboveQuarantine(int depth, long top) {
        int at = depth * STRIDE;
        return depth > 0 && top == frames[at + MARK] && frames[at + RUN] < top
                && (int) (frames[at + CHUNK] >>> 32) == chunks.currentIndex();
    }

    /**
     * Hands {@code [from, offset)} of the current chunk, all of it quarantined memory of frames at
     * {@code depth} or deeper, back to the write pointer: their scopes close first, so that no
     * stale slice can see the memory again, then it is cleared.
     */
    private void reclaim(int depth, long from) {
        scopes.closeFrom(depth);
        garbage -= offset - from;
        if (inPlace != null) {
            giveBackInPlace(from, depth > 0);
        }
        if (zeroing && offset > from) {
            Zeros.clear(blob.segment(), from, offset - from);
        }
        offset = from;
    }

    /** Makes {@code chunk} the one the hot path bumps, with {@code offset} bytes already consumed. */
    private void enter(Blob chunk, long offset) {
        this.blob = chunk;
        this.base = chunk.segment().address();
        this.chunkEnd = chunk.capacity();
        this.offset = offset;
        this.chunkPosition = (long) chunks.currentIndex() << 32 | chunks.count();
        scopes.enter(chunk.segment());
        this.slicer = scopes.view(openFrames);
        restoreLimits();
    }

    private void restoreLimits() {
        limit = chunkEnd;
        offsetLimit = growable ? CLOSED : chunkEnd;
    }

    /** Sends the next allocation to the cold path, which reclaims the run now on top first. */
    private void lowerLimits() {
        limit = offset;
        offsetLimit = growable ? CLOSED : offset;
    }

    private void leaveCurrentChunk() {
        Chunks.Chunk current = chunks.current();
        current.used = offset;
        current.garbage = garbage;
        usedElsewhere += offset - garbage;
        garbage = 0;
    }

    private long live() {
        return usedElsewhere + offset - garbage;
    }

    @Override
    public MemorySegment segment() {
        checkOwnerAndOpen();
        if (chunks.growable()) {
            throw Failures.offsetsOnGrowable(name());
        }
        return slicer;
    }

    @Override
    public long capacity() {
        return limit == CLOSED ? firstSize : chunks.reserved();
    }

    @Override
    public long used() {
        return limit == CLOSED ? 0 : live();
    }

    @Override
    public long remaining() {
        if (limit == CLOSED) {
            return 0;
        }
        long free = chunkEnd - offset;
        int depth = openFrames;
        long top = offset;
        long run = frames[(depth + 1) * STRIDE + RUN];
        if (run != NO_RUN) {
            free += offset - run;
            top = run;
        }
        if (emptyAboveQuarantine(depth, top)) {
            free += top - frames[depth * STRIDE + RUN];
        }
        return free;
    }

    @Override
    public boolean isOpen() {
        return limit != CLOSED;
    }

    @Override
    public boolean isZeroing() {
        return zeroing;
    }

    @Override
    public StaleSliceChecks staleSliceChecks() {
        return checks;
    }

    @Override
    public ArenaStatistics statistics() {
        long used = used();
        return new ArenaStatistics(used, limit == CLOSED ? 0 : chunks.reserved(), Math.max(peak, used),
                padding, countsAllocations ? allocations : ArenaStatistics.NOT_COUNTED, limit == CLOSED ? 0 : chunks.count());
    }

    @Override
    public Frame frame() {
        checkOwnerAndOpen();
        int depth = openFrames + 1;
        int at = depth * STRIDE;
        long[] frames = this.frames;
        if (at + 2 * STRIDE > frames.length) {
            frames = growFrames();
        }
        long offset = this.offset;
        long run = frames[at + RUN];
        if (run == NO_RUN) {
            frames[at + RUN] = offset;
        } else if (offset - run >= window) {
            reclaim(depth, run);
            offset = run;
        }
        frames[at + MARK] = offset;
        long serial = ++this.serial;
        frames[at + SERIAL] = serial;
        frames[at + CHUNK] = chunkPosition;
        frames[at + STRIDE + RUN] = NO_RUN;
        openFrames = depth;
        innermostSerial = serial;
        slicer = scopes.view(depth);
        restoreLimits();
        return new Frame(this, depth, serial);
    }

    private long[] growFrames() {
        frames = Arrays.copyOf(frames, frames.length * 2);
        frameScopes = Arrays.copyOf(frameScopes, frames.length / STRIDE);
        scopes.ensureDepths(frames.length / STRIDE);
        return frames;
    }

    /** {@return how many frames are open} */
    int openFrames() {
        return openFrames;
    }

    /** {@return whether the frame at {@code depth} with {@code serial} is open} */
    boolean isOpen(int depth, long serial) {
        return limit != CLOSED && depth <= openFrames && frames[depth * STRIDE + SERIAL] == serial;
    }

    /**
     * Closes the frame at {@code depth}; called by {@link Frame#close()}. {@return whether the frame
     * was open}: false if the arena's close already ended it.
     */
    boolean closeFrame(int depth, long serial) {
        if (Thread.currentThread() != owner) {
            throw Failures.wrongThread(owner, name());
        }
        long[] frames = this.frames;
        int at = depth * STRIDE;
        if (serial != innermostSerial) {
            return cannotClose(depth, serial);
        }
        long before = live();
        if (frames[at + CHUNK] != chunkPosition) {
            closeAcrossChunks(depth);
        } else {
            long childRun = frames[at + STRIDE + RUN];
            garbage += (childRun == NO_RUN ? offset : childRun) - frames[at + MARK]; // the frame's own bytes
            if (!quarantine) {
                reclaim(depth, frames[at + RUN]);
                frames[at + RUN] = NO_RUN;
            } else if (offset > frames[at + RUN]) {
                lowerLimits(); // the enclosing scope's next allocation reclaims the run first
            } else {
                frames[at + RUN] = NO_RUN;
            }
        }
        java.lang.foreign.Arena scope = frameScopes[depth];
        if (scope != null) {
            frameScopes[depth] = null;
            scope.close();
        }
        openFrames = depth - 1;
        innermostSerial = depth == 1 ? 0 : frames[at - STRIDE + SERIAL];
        slicer = scopes.view(depth - 1);
        peak = Math.max(peak, before);
        if (depth == 1 && pool != null) {
            pool.giveBack(this);
        }
        return true;
    }

    /** Cold: a frame that is not the innermost open one. {@return false if the arena's close ended it} */
    private boolean cannotClose(int depth, long serial) {
        if (limit == CLOSED) {
            return false; // the arena's close ended every frame
        }
        if (depth < openFrames && frames[depth * STRIDE + SERIAL] == serial) {
            throw Failures.frameOutOfOrder(depth, openFrames, name());
        }
        throw Failures.frameClosed(depth, name());
    }

    /** Closes a frame that moved to other chunks: they are freed, and the frame's first chunk rewound. */
    private void closeAcrossChunks(int depth) {
        int at = depth * STRIDE;
        long position = frames[at + CHUNK];
        // A run of closed children on top lies in the current chunk: it counts only if that is
        // still the frame's first chunk (it moved only by a dedicated chunk).
        long childRun = chunks.currentIndex() == (int) (position >>> 32) ? frames[at + STRIDE + RUN] : NO_RUN;
        scopes.closeFrom(depth); // first: no view may outlive the chunks freed below
        leaveCurrentChunk();
        chunks.freeFrom((int) position);
        chunks.makeCurrent((int) (position >>> 32));
        Chunks.Chunk resumed = chunks.current();
        garbage = resumed.garbage;
        usedElsewhere = chunks.liveOutsideCurrent();
        enter(resumed.blob, resumed.used);
        garbage += (childRun == NO_RUN ? offset : childRun) - frames[at + MARK]; // the frame's own bytes
        reclaim(depth, frames[at + RUN]);
        frames[at + RUN] = NO_RUN;
    }

    /**
     * {@return the JDK arena behind the scope of the open frame at {@code depth}}: the scope its
     * slices are cut from when every frame has its own, else one made for it now and closed with
     * it. {@code null} if the frame is not open.
     */
    java.lang.foreign.Arena frameScope(int depth, long serial) {
        checkOwner();
        if (!isOpen(depth, serial)) {
            return null;
        }
        if (checks == StaleSliceChecks.ON_RELEASE) {
            return scopes.scope(depth);
        }
        java.lang.foreign.Arena scope = frameScopes[depth];
        if (scope == null) {
            frameScopes[depth] = scope = java.lang.foreign.Arena.ofConfined();
        }
        return scope;
    }

    /** Cold: why the frame at {@code depth} cannot allocate. */
    private RuntimeException frameCannotAllocate(int depth, long serial) {
        checkOwner();
        if (limit == CLOSED) {
            return Failures.closed(name());
        }
        if (depth > openFrames || frames[depth * STRIDE + SERIAL] != serial) {
            return Failures.frameClosed(depth, name());
        }
        return Failures.frameNotInnermost(depth, openFrames, name());
    }

    @Override
    public void reset() {
        checkOwnerAndOpen();
        if (openFrames != 0) {
            throw Failures.resetWithOpenFrames(openFrames, name());
        }
        if (!blob.segment().scope().isAlive()) {
            throw Failures.blobClosed(kind, name()); // before anything changes: the blob cannot be cleared
        }
        long before = live();
        scopes.closeFrom(0); // first: every slice dies before any chunk is freed or reused
        if (!chunks.keepsCurrentOnReset()) {
            leaveCurrentChunk();
            Chunks.Chunk kept = chunks.retainForReset(firstSize);
            enter(kept.blob, kept.used);
        }
        if (inPlace != null) {
            giveBackInPlace(0, false);
        }
        if (zeroing && offset > 0) {
            Zeros.clear(blob.segment(), 0, offset);
        }
        offset = 0;
        garbage = 0;
        usedElsewhere = 0;
        frames[STRIDE + RUN] = NO_RUN;
        slicer = scopes.view(0);
        restoreLimits();
        peak = Math.max(peak, before);
    }

    @Override
    public java.lang.foreign.Arena lifetime() {
        checkOwnerAndOpen();
        if (lifetime == null) {
            lifetime = new Lifetime(java.lang.foreign.Arena.ofConfined());
        }
        return lifetime;
    }

    @Override
    public void close() {
        checkOwner();
        if (limit == CLOSED) {
            return;
        }
        peak = Math.max(peak, live());
        limit = CLOSED;
        offsetLimit = CLOSED;
        offset = 0;
        garbage = 0;
        usedElsewhere = 0;
        for (int depth = openFrames; depth > 0; depth--) {
            if (frameScopes[depth] != null) {
                frameScopes[depth].close();
                frameScopes[depth] = null;
            }
        }
        openFrames = 0;
        innermostSerial = 0;
        scopes.closeFrom(0); // before any chunk is freed: no view may outlive its memory
        if (lifetime != null) {
            lifetime.end();
        }
        slicer = null;
        chunks.freeAll();
    }

    /**
     * Readies a reset arena to be handed to another thread: ends the owner's scopes, since only
     * it may close them. Until {@link #adopt()}, slices cut from it throw on access.
     */
    void idle() {
        checkOwner();
        scopes.closeFrom(0);
    }

    /**
     * {@return whether {@code scope} is one of this arena's scopes}: a segment in it may lose its
     * memory to the next allocation, which can reclaim quarantine.
     */
    @Override
    boolean owns(MemorySegment.Scope scope) {
        return scopes.owns(scope);
    }

    /** Hands an {@linkplain #idle() idle} arena to the calling thread, with a scope of its own. */
    void adopt() {
        owner = Thread.currentThread();
        slicer = scopes.view(openFrames);
    }

    /** The hot path inlines this same test; every other entry point calls here. */
    private void checkOwner() {
        if (Thread.currentThread() != owner) {
            throw Failures.wrongThread(owner, name());
        }
    }

    private void checkOwnerAndOpen() {
        checkOwner();
        if (limit == CLOSED) {
            throw Failures.closed(name());
        }
    }

    @Override
    public String toString() {
        return "Arena[" + name() + ", " + kind + (isOpen() ? "" : ", closed") + ", used=" + used()
                + ", capacity=" + capacity() + (chunks.growable() ? ", chunks=" + chunks.count() : "")
                + ", zeroing=" + zeroing + ", staleSliceChecks=" + checks
                + (openFrames > 0 ? ", openFrames=" + openFrames : "") + "]";
    }
}
