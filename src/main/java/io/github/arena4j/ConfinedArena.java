package io.github.arena4j;

import io.github.arena4j.internal.Blob;
import io.github.arena4j.internal.Events;
import java.lang.foreign.MemorySegment;

/**
 * The single-threaded bump arena: every field is read and written by its owner thread only.
 *
 * <p>The hot path reads only the current chunk's fields ({@code slicer}, {@code base},
 * {@code limit}, {@code offset}); chunks, epochs, growth and budgets are handled on the cold path
 * when a request does not fit, a frame closes, or the arena resets.
 *
 * <p>Invariants, while open: {@code 0 <= offset <= limit == current chunk's capacity}; when
 * zeroing, every byte of every chunk at or past its consumed prefix reads as zero; each open frame
 * records the chunk and offset it began at, in non-decreasing order. Once closed:
 * {@code limit == -1} and {@code offset == 0}, so the one bounds comparison on the hot path also
 * rejects use after close, and the cold path tells the cases apart.
 */
final class ConfinedArena extends Arena {

    private static final long CLOSED = -1;

    private final Thread owner;
    private final boolean zeroing;
    private final long maxAlignment;
    private final String kind;
    /** Stale-slice detection scopes, or {@code null} when unchecked. */
    private final Epochs epochs;
    private final Chunks chunks;
    /** The reservation a fixed-looking arena grows into in place, or {@code null}. */
    private final InPlaceGrowth inPlace;
    /** Capacity of the first chunk: what a reset starts over with if it keeps no chunk. */
    private final long firstSize;

    // The current chunk: all the hot path reads.
    private Blob blob;
    /** The segment slices are cut from: the chunk, or its view in the current epoch's scope. */
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

    // Statistics: two additions per allocation, the rest on cold paths.
    private long allocations;
    private long requestedBytes;
    /** Bytes consumed and then released by resets and frames, for the cumulative padding. */
    private long releasedBytes;
    private long peak;
    /** Bytes consumed in chunks other than the current one. */
    private long usedElsewhere;

    private int openFrames;

    ConfinedArena(Blob first, boolean zeroing, boolean staleSliceChecks, Chunks.Policy growth, long budget) {
        this(first, zeroing, staleSliceChecks, growth, budget, null);
    }

    /** An arena over one blob that grows in place: to the hot path, a fixed arena. */
    ConfinedArena(InPlaceGrowth inPlace, boolean zeroing, boolean staleSliceChecks, long budget) {
        this(inPlace.first(), zeroing, staleSliceChecks, null, budget, inPlace);
    }

    private ConfinedArena(Blob first, boolean zeroing, boolean staleSliceChecks, Chunks.Policy growth, long budget,
            InPlaceGrowth inPlace) {
        this.inPlace = inPlace;
        this.owner = Thread.currentThread();
        this.zeroing = zeroing;
        this.maxAlignment = first.maxAlignment();
        this.kind = first.kind();
        this.firstSize = first.capacity();
        if (zeroing && !first.freshlyZeroed()) {
            first.segment().fill((byte) 0);
        }
        this.epochs = staleSliceChecks ? new Epochs() : null;
        this.chunks = new Chunks(first, growth, budget);
        enter(first, 0);
    }

    ConfinedArena(Blob blob, boolean zeroing, boolean staleSliceChecks) {
        this(blob, zeroing, staleSliceChecks, null, Long.MAX_VALUE);
    }

    @Override
    public MemorySegment allocate(long byteSize, long byteAlignment) {
        long padding = fit(byteSize, byteAlignment, limit);
        if (padding < 0) {
            return allocateSlow(byteSize, byteAlignment);
        }
        return slicer.asSlice(claim(padding, byteSize), byteSize);
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
            throw Failures.wrongThread(owner);
        }
        if (byteAlignment <= 0 || (byteAlignment & (byteAlignment - 1)) != 0 || byteAlignment > maxAlignment) {
            throw Failures.badAlignment(byteAlignment, maxAlignment, kind);
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
        long start = offset + padding;
        offset = start + byteSize;
        allocations++;
        requestedBytes += byteSize;
        return start;
    }

    /** Everything the hot path's one comparison sends here: closed, bad size, full chunk. */
    private MemorySegment allocateSlow(long byteSize, long byteAlignment) {
        if (limit == CLOSED) {
            throw Failures.closed();
        }
        if (byteSize < 0) {
            throw Failures.negativeSize(byteSize);
        }
        if (inPlace != null) {
            // The blob was extended for it; claimed here, not by calling back into allocate, so
            // that the cold path stays out of the hot method's compiled shape.
            long start = claim(growInPlace(byteSize, byteAlignment), byteSize);
            return slicer.asSlice(start, byteSize); // the grown blob's slicer, read after growing
        }
        if (!chunks.growable()) {
            throw exhausted(byteSize, byteAlignment);
        }
        Chunks.Chunk chunk = chunks.grow(byteSize, byteAlignment, used()); // throws, changing nothing
        if (chunk.dedicated) {
            long padding = -chunk.blob.segment().address() & (byteAlignment - 1);
            chunk.used = padding + byteSize;
            usedElsewhere += chunk.used;
            allocations++;
            requestedBytes += byteSize;
            return view(chunk.blob).asSlice(padding, byteSize);
        }
        leaveCurrentChunk();
        chunks.makeCurrent(chunks.count() - 1);
        enter(chunk.blob, 0);
        return allocate(byteSize, byteAlignment); // fits: the chunk was sized for it
    }

    /** Everything {@link #allocateOffset}'s comparison sends here: closed, growable, bad size, full. */
    private long allocateOffsetSlow(long byteSize, long byteAlignment) {
        if (limit == CLOSED) {
            throw Failures.closed();
        }
        if (chunks.growable()) {
            throw Failures.offsetsOnGrowable();
        }
        if (byteSize < 0) {
            throw Failures.negativeSize(byteSize);
        }
        if (inPlace != null) {
            return claim(growInPlace(byteSize, byteAlignment), byteSize);
        }
        throw exhausted(byteSize, byteAlignment);
    }

    /**
     * Extends the one blob in place so the request fits, and {@return the padding before it at the
     * write pointer}; throws, changing nothing, if it cannot.
     */
    private long growInPlace(long byteSize, long byteAlignment) {
        long padding = -(base + offset) & (byteAlignment - 1);
        Blob grown = inPlace.grow(offset, padding, byteSize, byteAlignment, used());
        chunks.resizeCurrent(grown);
        enter(grown, offset); // same address: every offset and slice stays valid
        return padding;
    }

    /** Before a rewind to {@code mark}: lets an arena growing in place give memory back. */
    private void giveBackInPlace(long mark, boolean frame) {
        Blob kept = inPlace.giveBack(mark, offset, frame);
        if (kept != null) {
            chunks.resizeCurrent(kept);
            enter(kept, Math.min(offset, kept.capacity())); // the rest was discarded and reads as zero
        }
    }

    private ArenaExhaustedException exhausted(long byteSize, long byteAlignment) {
        Events.exhausted(byteSize, byteAlignment, used(), limit);
        return new ArenaExhaustedException(byteSize, byteAlignment, used(), limit);
    }

    /** Makes {@code chunk} the one the hot path bumps, with {@code offset} bytes already consumed. */
    private void enter(Blob chunk, long offset) {
        this.blob = chunk;
        this.slicer = view(chunk);
        this.base = chunk.segment().address();
        this.limit = chunk.capacity();
        this.offsetLimit = chunks.growable() ? CLOSED : limit;
        this.offset = offset;
    }

    private void leaveCurrentChunk() {
        chunks.current().used = offset;
        usedElsewhere += offset;
    }

    private MemorySegment view(Blob chunk) {
        return epochs == null ? chunk.segment() : epochs.view(chunk.segment());
    }

    @Override
    public MemorySegment segment() {
        checkOwnerAndOpen();
        if (chunks.growable()) {
            throw Failures.offsetsOnGrowable();
        }
        return slicer;
    }

    @Override
    public long capacity() {
        return limit == CLOSED ? firstSize : chunks.reserved();
    }

    @Override
    public long used() {
        return limit == CLOSED ? 0 : usedElsewhere + offset;
    }

    @Override
    public long remaining() {
        return Math.max(0, limit - offset);
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
    public boolean hasStaleSliceChecks() {
        return epochs != null;
    }

    @Override
    public ArenaStatistics statistics() {
        long used = used();
        long consumed = releasedBytes + used;
        return new ArenaStatistics(used, limit == CLOSED ? 0 : chunks.reserved(), Math.max(peak, used),
                consumed - requestedBytes, allocations, limit == CLOSED ? 0 : chunks.count());
    }

    @Override
    public Frame frame() {
        checkOwnerAndOpen();
        if (epochs != null) {
            epochs.push();
            slicer = view(blob);
        }
        return new Frame(this, ++openFrames, offset, chunks.currentIndex(), chunks.count());
    }

    /** {@return how many frames are open} */
    int openFrames() {
        return openFrames;
    }

    /**
     * Closes the frame at {@code depth}, which began at {@code mark} in chunk {@code chunkIndex}
     * when there were {@code chunkCount} chunks; called by {@link Frame#close()}.
     */
    void closeFrame(int depth, long mark, int chunkIndex, int chunkCount) {
        checkOwner();
        if (limit == CLOSED) {
            return; // the arena's close ended every frame
        }
        if (depth != openFrames) {
            throw Failures.frameOutOfOrder(depth, openFrames);
        }
        long usedBefore = used();
        peak = Math.max(peak, usedBefore);
        if (epochs != null) {
            epochs.pop(); // first: the frame's slices die before any chunk they cover is freed
        }
        if (chunks.currentIndex() != chunkIndex || chunks.count() != chunkCount) {
            leaveCurrentChunk();
            chunks.freeFrom(chunkCount);
            chunks.makeCurrent(chunkIndex);
            Chunks.Chunk resumed = chunks.current();
            enter(resumed.blob, resumed.used);
            usedElsewhere = chunks.usedOutsideCurrent();
        } else if (epochs != null) {
            slicer = view(blob);
        }
        if (inPlace != null) {
            giveBackInPlace(mark, true);
        }
        rewindTo(mark);
        releasedBytes += usedBefore - used();
        openFrames--;
    }

    @Override
    public void reset() {
        checkOwnerAndOpen();
        if (openFrames != 0) {
            throw Failures.resetWithOpenFrames(openFrames);
        }
        long usedBefore = used();
        peak = Math.max(peak, usedBefore);
        releasedBytes += usedBefore;
        if (epochs != null) {
            epochs.renew(); // first: every slice dies before any chunk is freed
        }
        if (chunks.keepsCurrentOnReset()) {
            // The common case, a fixed arena: no chunk to choose or free, only a rewind.
            if (epochs != null) {
                slicer = view(blob);
            }
        } else {
            leaveCurrentChunk();
            Chunks.Chunk kept = chunks.retainForReset(firstSize);
            enter(kept.blob, kept.used);
        }
        usedElsewhere = 0;
        if (inPlace != null) {
            giveBackInPlace(0, false);
        }
        rewindTo(0);
    }

    /** Releases {@code [mark, offset)} of the current chunk, keeping every byte past the pointer zero. */
    private void rewindTo(long mark) {
        if (zeroing && offset > mark) {
            blob.segment().asSlice(mark, offset - mark).fill((byte) 0);
        }
        offset = mark;
    }

    @Override
    public void close() {
        checkOwner();
        if (limit == CLOSED) {
            return;
        }
        peak = Math.max(peak, used());
        limit = CLOSED;
        offsetLimit = CLOSED;
        offset = 0;
        openFrames = 0;
        if (epochs != null) {
            epochs.closeAll(); // before any chunk is freed: no view may outlive its memory
        }
        slicer = null;
        chunks.freeAll();
    }

    /** The hot path inlines this same test; every other entry point calls here. */
    private void checkOwner() {
        if (Thread.currentThread() != owner) {
            throw Failures.wrongThread(owner);
        }
    }

    private void checkOwnerAndOpen() {
        checkOwner();
        if (limit == CLOSED) {
            throw Failures.closed();
        }
    }

    @Override
    public String toString() {
        return "Arena[" + kind + (isOpen() ? "" : ", closed") + ", used=" + used()
                + ", capacity=" + capacity() + (chunks.growable() ? ", chunks=" + chunks.count() : "")
                + ", zeroing=" + zeroing + ", staleSliceChecks=" + (epochs != null)
                + (openFrames > 0 ? ", openFrames=" + openFrames : "") + "]";
    }
}
