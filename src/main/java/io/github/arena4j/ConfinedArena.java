package io.github.arena4j;

import io.github.arena4j.internal.Blob;
import java.lang.foreign.MemorySegment;

/**
 * The single-threaded bump arena: the write pointer over the current chunk, and the parts that
 * {@link Assembly} chose for it: its {@link FrameStack}, its {@link Scopes} and its
 * {@link Grower}. Every field is read and written by the owner thread only.
 *
 * <p>The hot path, {@link #allocate} and {@link #allocateOffset}, reads only the bump's fields
 * ({@code owner}, {@code slicer}, {@code base}, {@code offset}, {@code limit}); anything its one
 * bounds comparison rejects goes to {@link #allocateSlow}, which asks the frame stack to reclaim
 * quarantine and then the growth to make room.
 *
 * <p>Invariants, while open: {@code 0 <= offset <= chunkEnd}; {@code limit == chunkEnd}, or
 * {@code limit == offset} while the frame stack has quarantined memory on top that the next
 * allocation must reclaim first; {@code slicer} is what slices at the innermost depth are cut from,
 * or {@code null} until one is needed; when zeroing, every byte of every chunk past its consumed
 * prefix reads as zero; the live bytes are {@code usedElsewhere + offset - garbage}. Once closed:
 * {@code limit == -1} and {@code offset == 0}, so the one bounds comparison on the hot path also
 * rejects use after close.
 */
final class ConfinedArena extends Arena {

    static final long CLOSED = -1;

    private Thread owner;
    private final long maxAlignment;
    /** {@code -maxAlignment}: every bit at or above the largest alignment, a power of two. */
    private final long alignmentMask;
    private final String kind;
    private final boolean zeroing;
    private final StaleSliceChecks checks;
    private final boolean countsAllocations;
    /**
     * Whether released memory is filled with {@link Debug#POISON}: in debug mode, where stale
     * slices are not checked ({@link StaleSliceChecks#NONE}) and would read it.
     */
    final boolean poisons;
    /** Whether every allocation lies in one blob: {@code growth.oneBlob()}, read on every frame's open. */
    private final boolean oneBlob;
    /** Whether slices are native segments: every chunk is of the first one's kind. */
    private final boolean nativeSlices;
    /** Capacity of the first chunk: what a reset starts over with if it keeps no chunk. */
    final long firstSize;
    final Chunks chunks;
    final Grower growth;
    final Scopes scopes;
    final FrameStack frames;
    /** See {@link Grower#giveBackAbove()}: checked when a frame rewinds. */
    final long giveBackAbove;

    // The bump: all the hot path reads.
    /** What slices at the innermost depth are cut from, or {@code null} until needed. */
    MemorySegment slicer;
    /** Absolute address of the chunk's first byte: alignment rounds addresses, not offsets. */
    long base;
    long offset;
    long limit;
    /** {@code limit}, or {@code CLOSED} where offsets are refused, so that one comparison sends them to the slow path. */
    private long offsetLimit;

    // The current chunk, and where it stands among the chunks.
    Blob blob;
    long chunkEnd;
    /** The current chunk's index and the chunk count, {@code index << 32 | count}: a frame's chunk position. */
    long chunkPosition;
    /**
     * Changes whenever the views slices are cut from may have: a new or resized chunk, a scope
     * closed by a reclaim. A frame caches its view, and checks this before using it.
     */
    long epoch;

    // Statistics: nothing per allocation unless it needs padding or allocations are counted.
    private long allocations;
    private long padding;
    private long peak;
    /** Live bytes in chunks other than the current one. */
    long usedElsewhere;
    /** Quarantined bytes of the current chunk. */
    long garbage;

    private Lifetime lifetime;

    ConfinedArena(String name, Blob first, boolean zeroing, StaleSliceChecks checks, Grower growth, long budget,
                  Chunks.Policy policy, boolean countsAllocations, boolean debug) {
        super(name, first.kind());
        this.owner = Thread.currentThread();
        this.maxAlignment = first.maxAlignment();
        this.alignmentMask = -maxAlignment;
        this.kind = first.kind();
        this.zeroing = zeroing;
        this.checks = checks;
        this.countsAllocations = countsAllocations;
        this.firstSize = first.capacity();
        this.growth = growth;
        this.giveBackAbove = growth.giveBackAbove();
        this.oneBlob = growth.oneBlob();
        this.nativeSlices = first.segment().isNative();
        this.scopes = checks == StaleSliceChecks.NONE ? new Scopes.Unchecked() : new Scopes.Checked();
        this.frames = FrameStack.of(this, checks, zeroing, first.capacity(), debug);
        this.poisons = debug && checks == StaleSliceChecks.NONE;
        if (zeroing && !first.freshlyZeroed()) {
            Zeros.clear(first.segment(), 0, first.capacity());
        }
        this.chunks = new Chunks(name(), first, policy, budget);
        enter(first, 0);
    }

    @Override
    public MemorySegment allocate(long byteSize, long byteAlignment) {
        long padding = fit(byteSize, byteAlignment, limit);
        if (padding < 0) {
            return allocateSlow(byteSize, byteAlignment, false);
        }
        MemorySegment slicer = this.slicer;
        if (slicer == null) {
            // Made here rather than on the slow path: a slow path that runs in a loop is compiled
            // as a call, whose result merges with the fast path's slice and keeps the JIT from
            // removing that slice.
            this.slicer = slicer = scopes.view(frames.depth);
        }
        return slicer.asSlice(claim(padding, byteSize), byteSize);
    }

    /**
     * The hot path of a frame's allocation: {@return a slice of {@code view}, or {@code null} if the
     * request does not fit as it is} ({@link #fit} throws for a bad alignment or the wrong thread).
     */
    MemorySegment tryAllocate(MemorySegment view, long byteSize, long byteAlignment) {
        long padding = fit(byteSize, byteAlignment, limit);
        return padding < 0 ? null : view.asSlice(claim(padding, byteSize), byteSize);
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
     * The hot path's checks, shared by every allocation method. {@return the padding before a
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
     * Counts one allocation that needed {@code padding} bytes of padding: free for aligned requests
     * on an arena that does not count allocations, as a store per allocation would cost a
     * noticeable share of the hot path.
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
     * Everything the hot path's comparison sends here, for slices: closed, bad size, a view not
     * made yet, quarantine in the way (reclaimed first), a full chunk (growth makes room, or
     * refuses). {@code raw} slices are cut from the chunk itself; others from the innermost depth's
     * view. The growth and refusal events are committed within a few frames of the caller, so that
     * {@code jfr print} shows it.
     */
    MemorySegment allocateSlow(long byteSize, long byteAlignment, boolean raw) {
        checkRequest(byteSize);
        long padding;
        while ((padding = fit(byteSize, byteAlignment, limit)) < 0) {
            if (frames.reclaimForAllocation()) {
                continue;
            }
            MemorySegment dedicated;
            try {
                dedicated = growth.grow(this, byteSize, byteAlignment);
            } catch (ArenaExhaustedException refused) {
                throw Grower.recorded(this, refused);
            }
            if (dedicated != null) {
                return allocateDedicated(dedicated, byteSize, byteAlignment, raw);
            }
        }
        MemorySegment from = raw ? blob.segment() : scopes.view(frames.depth);
        if (!raw) {
            slicer = from;
        }
        return from.asSlice(claim(padding, byteSize), byteSize);
    }

    /** {@return the slice of a chunk of its own that growth just reserved for this request} */
    private MemorySegment allocateDedicated(MemorySegment chunkSegment, long byteSize, long byteAlignment, boolean raw) {
        long padding = -chunkSegment.address() & (byteAlignment - 1);
        Chunks.Chunk chunk = chunks.newest();
        chunk.used = padding + byteSize;
        usedElsewhere += chunk.used;
        count(padding);
        chunkPosition = (long) chunks.currentIndex() << 32 | chunks.count();
        MemorySegment slice = chunkSegment.asSlice(padding, byteSize);
        return raw ? slice : scopes.view(slice, frames.depth);
    }

    /** Everything {@link #allocateOffset}'s comparison sends here: as {@link #allocateSlow}, with offsets refused where blocks lie in several chunks. */
    private long allocateOffsetSlow(long byteSize, long byteAlignment) {
        checkOpen();
        if (!oneBlob) {
            throw Failures.offsetsOnGrowable(name()); // before the size: offsets are refused outright
        }
        checkRequest(byteSize);
        long padding;
        while ((padding = fit(byteSize, byteAlignment, offsetLimit)) < 0) {
            if (frames.reclaimForAllocation()) {
                continue;
            }
            try {
                growth.grow(this, byteSize, byteAlignment); // one blob: never a dedicated chunk
            } catch (ArenaExhaustedException refused) {
                throw Grower.recorded(this, refused);
            }
        }
        return claim(padding, byteSize);
    }

    private void checkRequest(long byteSize) {
        checkOpen();
        if (byteSize < 0) {
            throw Failures.negativeSize(byteSize, name());
        }
    }

    /** Makes {@code chunk} the one the hot path bumps, with {@code offset} bytes already consumed. */
    void enter(Blob chunk, long offset) {
        this.blob = chunk;
        this.base = chunk.segment().address();
        this.chunkEnd = chunk.capacity();
        this.offset = offset;
        this.chunkPosition = (long) chunks.currentIndex() << 32 | chunks.count();
        this.epoch++;
        scopes.enter(chunk.segment());
        this.slicer = scopes.view(frames.depth);
        restoreLimits();
    }

    void restoreLimits() {
        limit = chunkEnd;
        offsetLimit = oneBlob ? chunkEnd : CLOSED;
    }

    /** Sends the next allocation to the cold path, which reclaims the quarantine now on top first. */
    void lowerLimits() {
        limit = offset;
        offsetLimit = oneBlob ? offset : CLOSED;
    }

    /** Records the chunk being left: how far it was consumed, and how much of that is quarantine. */
    void leaveCurrentChunk() {
        Chunks.Chunk current = chunks.current();
        current.used = offset;
        current.garbage = garbage;
        usedElsewhere += offset - garbage;
        garbage = 0;
    }

    /** Returns to the chunk at {@code index}, freeing every chunk from {@code firstFreed} on. */
    void resumeChunk(int index, int firstFreed) {
        leaveCurrentChunk();
        chunks.freeFrom(firstFreed);
        chunks.makeCurrent(index);
        Chunks.Chunk resumed = chunks.current();
        garbage = resumed.garbage;
        usedElsewhere = chunks.liveOutsideCurrent();
        enter(resumed.blob, resumed.used);
    }

    /**
     * Hands {@code [from, offset)} of the current chunk, all of it released memory of frames at
     * {@code depth} or deeper, back to the write pointer: their scopes close first, so that no
     * stale slice can see the memory again, then it is cleared.
     */
    void reclaim(int depth, long from) {
        scopes.closeFrom(depth);
        epoch++;
        garbage -= offset - from;
        rewind(from, depth > 0);
    }

    /** Fills {@code [from, offset)} of the current chunk, memory being released, with {@link Debug#POISON}. */
    void poison(long from) {
        if (offset > from) {
            blob.segment().asSlice(from, offset - from).fill(Debug.POISON);
        }
    }

    /** Moves the write pointer back to {@code mark}, clearing what lay above it if zeroing. */
    void rewind(long mark, boolean frame) {
        if (offset - mark > giveBackAbove) {
            growth.giveBack(this, mark, frame);
        }
        if (zeroing && offset > mark) {
            Zeros.clear(blob.segment(), mark, offset - mark);
        }
        offset = mark;
    }

    /** Counts {@code bytes} of quarantine in the chunk at {@code index} as live again: they are pinned. */
    void unquarantine(int index, long bytes) {
        if (index == chunks.currentIndex()) {
            garbage -= bytes;
        } else {
            chunks.at(index).garbage -= bytes;
            usedElsewhere += bytes;
        }
    }

    /** Raises the high-water mark to the bytes live now: called just before a release lowers them. */
    void notePeak() {
        peak = Math.max(peak, live());
    }

    private long live() {
        return usedElsewhere + offset - garbage;
    }

    @Override
    public MemorySegment segment() {
        checkOwnerAndOpen();
        if (!oneBlob) {
            throw Failures.offsetsOnGrowable(name());
        }
        frames.viewTaken();
        if (slicer == null) {
            slicer = scopes.view(frames.depth);
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
        return limit == CLOSED ? 0 : chunkEnd - offset + frames.reclaimable();
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
                padding, countsAllocations ? allocations : ArenaStatistics.NOT_COUNTED,
                limit == CLOSED ? 0 : chunks.count());
    }

    @Override
    public boolean hasFrames() {
        return true;
    }

    @Override
    public boolean hasOffsets() {
        return oneBlob;
    }

    @Override
    public boolean isNative() {
        return nativeSlices;
    }

    @Override
    public Frame frame() {
        checkOwnerAndOpen();
        return frames.open();
    }

    @Override
    public void reset() {
        checkOwnerAndOpen();
        if (frames.depth != 0) {
            throw Failures.resetWithOpenFrames(frames.depth, name(), frames.siteOf(frames.depth));
        }
        if (!blob.segment().scope().isAlive()) {
            throw Failures.blobClosed(kind, name()); // before anything changes: the blob cannot be cleared
        }
        notePeak();
        scopes.closeFrom(0); // first: every slice dies before any chunk is freed or reused
        if (poisons) {
            poison(0); // before the clearing below, so that a zeroing arena still hands out zeros
        }
        growth.reset(this);
        if (zeroing && offset > 0) {
            Zeros.clear(blob.segment(), 0, offset);
        }
        offset = 0;
        garbage = 0;
        usedElsewhere = 0;
        frames.reset();
        slicer = scopes.view(0); // made now, so that the next batch's allocations never meet a missing view
        restoreLimits();
    }

    @Override
    public java.lang.foreign.Arena lifetime() {
        checkOwnerAndOpen();
        if (lifetime == null) {
            lifetime = new Lifetime(java.lang.foreign.Arena.ofConfined());
        }
        return lifetime;
    }

    /**
     * {@inheritDoc} Completes even when a cleanup action attached to {@link #lifetime()} or to an
     * open frame's scope throws: every scope ends and the blob is freed, then the first exception
     * is rethrown, with any later ones suppressed.
     */
    @Override
    public void close() {
        checkOwner();
        if (limit == CLOSED) {
            return;
        }
        notePeak();
        endWatch();
        limit = CLOSED;
        offsetLimit = CLOSED;
        offset = 0;
        garbage = 0;
        usedElsewhere = 0;
        slicer = null;
        Throwable failure = frames.endAll(); // frames' scopes first, then the arena's own
        scopes.closeFrom(0); // before any chunk is freed: no view may outlive its memory
        if (lifetime != null) {
            failure = Failures.closeCollecting(lifetime.jdk(), failure);
        }
        if (!frames.outlived()) {
            chunks.freeAll();
        }
        Failures.rethrowIfAny(failure);
    }

    /** Frees the chunks that frames with scopes of their own kept past the arena's close. */
    void freeChunksLeftOpen() {
        chunks.freeAll();
    }

    /**
     * Readies a reset arena to be handed to another thread: ends the owner's scopes, since only
     * it may close them. Until {@link #adopt()}, slices cut from it throw on access.
     */
    void idle() {
        checkOwner();
        scopes.closeFrom(0);
        slicer = scopes.views[0];
    }

    /** Hands an {@linkplain #idle() idle} arena to the calling thread, which becomes its owner. */
    void adopt() {
        owner = Thread.currentThread();
    }

    /**
     * {@return whether {@code scope} is one of this arena's scopes}: a segment in it may lose its
     * memory to the next allocation, which can reclaim quarantine.
     */
    @Override
    boolean owns(MemorySegment.Scope scope) {
        return scopes.owns(scope);
    }

    /** The hot path inlines this same test; every other entry point calls here. */
    void checkOwner() {
        if (Thread.currentThread() != owner) {
            throw Failures.wrongThread(owner, name());
        }
    }

    void checkOpen() {
        if (limit == CLOSED) {
            throw Failures.closed(name());
        }
    }

    private void checkOwnerAndOpen() {
        checkOwner();
        checkOpen();
    }

    @Override
    public String toString() {
        return "Arena[" + name() + ", " + kind + (isOpen() ? "" : ", closed") + ", used=" + used()
                + ", capacity=" + capacity() + (chunks.growable() ? ", chunks=" + chunks.count() : "")
                + ", zeroing=" + zeroing + ", staleSliceChecks=" + checks
                + (frames.depth > 0 ? ", openFrames=" + frames.depth : "") + "]";
    }
}
