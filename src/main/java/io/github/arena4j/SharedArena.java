package io.github.arena4j;

import io.github.arena4j.internal.Blob;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A bump arena any thread may allocate from: the write pointer advances by compare-and-set, with no
 * lock anywhere. Closing publishes a sentinel into that same word, so an allocation either
 * completed its compare-and-set before close (and its slice was handed out before close returned)
 * or sees the sentinel and fails.
 *
 * <p>Invariants: {@code 0 <= offset <= capacity} while open, {@code offset == capacity + 1} once
 * closed; each successful compare-and-set claims {@code [start, start + size)}, disjoint from every
 * other claim since the last reset.
 */
final class SharedArena extends Arena {

    private static final VarHandle OFFSET;

    static {
        try {
            OFFSET = MethodHandles.lookup().findVarHandle(SharedArena.class, "offset", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Blob blob;
    private final MemorySegment segment;
    private final long base;
    private final long capacity;
    private final long maxAlignment;
    private final boolean zeroing;
    /** Past any open offset: the closed state, folded into the word every allocation CASes. */
    private final long closed;

    @SuppressWarnings("unused") // accessed through OFFSET
    private volatile long offset;
    /** Made on first use; guarded by {@code this}. */
    private Lifetime lifetime;

    SharedArena(String name, Blob blob, boolean zeroing) {
        super(name, "shared-" + blob.kind());
        this.blob = blob;
        this.segment = blob.segment();
        this.base = segment.address();
        this.capacity = segment.byteSize();
        this.maxAlignment = blob.maxAlignment();
        this.zeroing = zeroing;
        this.closed = capacity + 1;
        if (zeroing && !blob.freshlyZeroed()) {
            segment.fill((byte) 0);
        }
    }

    @Override
    public MemorySegment allocate(long byteSize, long byteAlignment) {
        return segment.asSlice(claim(byteSize, byteAlignment), byteSize);
    }

    @Override
    public long allocateOffset(long byteSize, long byteAlignment) {
        return claim(byteSize, byteAlignment);
    }

    /** Claims an aligned block of {@code byteSize} bytes for the calling thread. {@return its offset} */
    private long claim(long byteSize, long byteAlignment) {
        if (byteAlignment <= 0 || (byteAlignment & (byteAlignment - 1)) != 0 || byteAlignment > maxAlignment) {
            throw Failures.badAlignment(byteAlignment, maxAlignment, blob.kind(), name());
        }
        while (true) {
            long offset = this.offset;
            long padding = -(base + offset) & (byteAlignment - 1);
            // When closed, capacity - offset is -1, so this rejects every size.
            if (byteSize < 0 || byteSize > capacity - offset - padding) {
                throw allocationFailure(offset, byteSize, byteAlignment);
            }
            long start = offset + padding;
            if (OFFSET.compareAndSet(this, offset, start + byteSize)) {
                return start;
            }
        }
    }

    @Override
    public MemorySegment segment() {
        if (!isOpen()) {
            throw Failures.closed(name());
        }
        return segment;
    }

    private RuntimeException allocationFailure(long offset, long byteSize, long byteAlignment) {
        if (offset == closed) {
            return Failures.closed(name());
        }
        if (byteSize < 0) {
            return Failures.negativeSize(byteSize, name());
        }
        return new ArenaExhaustedException(name(), byteSize, byteAlignment, offset, capacity);
    }

    @Override
    public long capacity() {
        return capacity;
    }

    @Override
    public long used() {
        long offset = this.offset;
        return offset == closed ? 0 : offset;
    }

    @Override
    public long remaining() {
        long offset = this.offset;
        return offset == closed ? 0 : capacity - offset;
    }

    @Override
    public boolean isOpen() {
        return offset != closed;
    }

    @Override
    public boolean isZeroing() {
        return zeroing;
    }

    @Override
    public StaleSliceChecks staleSliceChecks() {
        return StaleSliceChecks.NONE;
    }

    @Override
    public synchronized java.lang.foreign.Arena lifetime() {
        if (!isOpen()) {
            throw Failures.closed(name());
        }
        if (lifetime == null) {
            lifetime = new Lifetime(java.lang.foreign.Arena.ofShared());
        }
        return lifetime;
    }

    @Override
    public ArenaStatistics statistics() {
        long used = used();
        return new ArenaStatistics(used, isOpen() ? capacity : 0, used, -1, -1, isOpen() ? 1 : 0); // peak: at least used
    }

    @Override
    public Frame frame() {
        throw new UnsupportedOperationException(
                "Frames need a confined arena: a shared arena's pointer is bumped by several threads at once");
    }

    @Override
    public void reset() {
        while (true) {
            long offset = this.offset;
            if (offset == closed) {
                throw Failures.closed(name());
            }
            if (zeroing && offset > 0) {
                segment.asSlice(0, offset).fill((byte) 0);
            }
            // Fails if another thread allocated meanwhile: clear its bytes too, then try again.
            if (OFFSET.compareAndSet(this, offset, 0L)) {
                return;
            }
        }
    }

    @Override
    public void close() {
        OFFSET.getAndSet(this, closed);
        synchronized (this) {
            if (lifetime != null && lifetime.scope().isAlive()) {
                lifetime.end();
            }
        }
        // Checked apart from the sentinel so that a close refused by the JDK (memory in use by a
        // downcall) can be retried.
        java.lang.foreign.Arena owner = blob.owner();
        if (owner != null && owner.scope().isAlive()) {
            owner.close();
        }
    }

    @Override
    public String toString() {
        return "Arena[" + name() + ", shared " + blob.kind() + (isOpen() ? "" : ", closed") + ", used=" + used()
                + ", capacity=" + capacity + ", zeroing=" + zeroing + "]";
    }
}
