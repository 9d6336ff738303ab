package io.github.arena4j;

import io.github.arena4j.internal.Blob;
import java.lang.foreign.MemorySegment;

/**
 * The single-threaded bump arena: every field is read and written by its owner thread only.
 *
 * <p>Invariants, while open: {@code 0 <= offset <= limit == capacity}; when zeroing, every byte of
 * the blob at or past {@code offset} reads as zero; {@code openFrames} frames are open, and their
 * marks are non-decreasing with depth. Once closed: {@code limit == -1} and {@code offset == 0},
 * so the one bounds comparison on the hot path also rejects use after close, and the cold path
 * tells the two apart.
 */
final class ConfinedArena extends Arena {

    private static final long CLOSED = -1;

    private final Blob blob;
    /** Absolute address of the blob's first byte: alignment rounds addresses, not offsets. */
    private final long base;
    private final long capacity;
    private final long maxAlignment;
    private final boolean zeroing;
    private final Thread owner;
    /** Re-scoped views of the blob for stale-slice detection, or {@code null} when unchecked. */
    private final Epochs epochs;

    /** The segment slices are cut from: the blob, or the current epoch's view of it. */
    private MemorySegment slicer;
    private long offset;
    private long limit;
    private int openFrames;

    ConfinedArena(Blob blob, boolean zeroing, boolean staleSliceChecks) {
        this.blob = blob;
        MemorySegment segment = blob.segment();
        this.base = segment.address();
        this.capacity = segment.byteSize();
        this.maxAlignment = blob.maxAlignment();
        this.zeroing = zeroing;
        this.owner = Thread.currentThread();
        if (zeroing && !blob.freshlyZeroed()) {
            segment.fill((byte) 0);
        }
        this.epochs = staleSliceChecks ? new Epochs(segment) : null;
        this.slicer = staleSliceChecks ? epochs.push() : segment;
        this.limit = capacity;
    }

    @Override
    public MemorySegment allocate(long byteSize, long byteAlignment) {
        if (Thread.currentThread() != owner) {
            throw Failures.wrongThread(owner);
        }
        if (byteAlignment <= 0 || (byteAlignment & (byteAlignment - 1)) != 0 || byteAlignment > maxAlignment) {
            throw Failures.badAlignment(byteAlignment, maxAlignment, blob.kind());
        }
        long offset = this.offset;
        // Bytes up to the next aligned address; exact even if base + offset wrapped, as only the
        // low bits matter. At most byteAlignment - 1 < 2^62, so limit - offset - padding cannot
        // overflow, and neither can start + byteSize once the check below has passed.
        long padding = -(base + offset) & (byteAlignment - 1);
        if (byteSize < 0 || byteSize > limit - offset - padding) {
            throw allocationFailure(byteSize, byteAlignment);
        }
        long start = offset + padding;
        this.offset = start + byteSize;
        return slicer.asSlice(start, byteSize);
    }

    private RuntimeException allocationFailure(long byteSize, long byteAlignment) {
        if (limit == CLOSED) {
            return Failures.closed();
        }
        if (byteSize < 0) {
            return Failures.negativeSize(byteSize);
        }
        return new ArenaExhaustedException(byteSize, byteAlignment, offset, capacity);
    }

    @Override
    public long capacity() {
        return capacity;
    }

    @Override
    public long used() {
        return offset;
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
    public Frame frame() {
        checkOwnerAndOpen();
        if (epochs != null) {
            slicer = epochs.push();
        }
        return new Frame(this, ++openFrames, offset);
    }

    /** {@return how many frames are open} */
    int openFrames() {
        return openFrames;
    }

    /** Closes the frame at {@code depth}, which began at {@code mark}; called by {@link Frame#close()}. */
    void closeFrame(int depth, long mark) {
        if (Thread.currentThread() != owner) {
            throw Failures.wrongThread(owner);
        }
        if (limit == CLOSED) {
            return; // the arena's close ended every frame
        }
        if (depth != openFrames) {
            throw Failures.frameOutOfOrder(depth, openFrames);
        }
        rewindTo(mark);
        if (epochs != null) {
            slicer = epochs.pop();
        }
        openFrames--;
    }

    @Override
    public void reset() {
        checkOwnerAndOpen();
        if (openFrames != 0) {
            throw Failures.resetWithOpenFrames(openFrames);
        }
        rewindTo(0);
        if (epochs != null) {
            slicer = epochs.renew();
        }
    }

    /** Releases {@code [mark, offset)}, keeping invariant: all bytes past the pointer are zero. */
    private void rewindTo(long mark) {
        if (zeroing && offset > mark) {
            blob.segment().asSlice(mark, offset - mark).fill((byte) 0);
        }
        offset = mark;
    }

    @Override
    public void close() {
        if (Thread.currentThread() != owner) {
            throw Failures.wrongThread(owner);
        }
        if (limit == CLOSED) {
            return;
        }
        limit = CLOSED;
        offset = 0;
        openFrames = 0;
        if (epochs != null) {
            epochs.closeAll(); // before the blob is freed: no view may outlive its memory
        }
        slicer = null;
        if (blob.owner() != null) {
            blob.owner().close();
        }
    }

    private void checkOwnerAndOpen() {
        if (Thread.currentThread() != owner) {
            throw Failures.wrongThread(owner);
        }
        if (limit == CLOSED) {
            throw Failures.closed();
        }
    }

    @Override
    public String toString() {
        return "Arena[" + blob.kind() + (isOpen() ? "" : ", closed") + ", used=" + offset
                + ", capacity=" + capacity + ", zeroing=" + zeroing
                + ", staleSliceChecks=" + (epochs != null)
                + (openFrames > 0 ? ", openFrames=" + openFrames : "") + "]";
    }
}
