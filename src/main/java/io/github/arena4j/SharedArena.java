package io.github.arena4j;

import io.github.arena4j.internal.Blob;
import io.github.arena4j.internal.Events;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bump arena any thread may allocate from, built like the JVM's thread-local allocation buffers:
 * each thread claims a <em>block</em> of the blob from the shared write pointer ({@code top}) with
 * one compare-and-set, then bumps inside its block with plain arithmetic. Blocks start at
 * {@value #MIN_BLOCK} bytes and double with each claim a thread makes, up to {@code maxBlock}
 * (at most {@value #MAX_BLOCK} bytes and at most an eighth of the capacity divided among the slots).
 * A slot keeps its block size across {@code reset()}, so an arena that is reset often does not go
 * back to small blocks and frequent claims; and no claim takes more than a quarter of what remains
 * past {@code top}, so that near the end, when blocks are all that is left, the bytes stranded in
 * other threads' blocks shrink with what remains.
 *
 * <h2>Finding a thread's block</h2>
 * Blocks live in a fixed array of {@code slots}, a power of two about twice the number of
 * processors, indexed by the thread's id; a slot belongs to one thread ({@code owner}), which alone
 * writes its block. The hot path reads the home slot, checks that the caller owns it, and bumps:
 * plain loads and one plain store, like a confined arena's, with no fence and no shared line
 * written, so the compiler may keep the block in registers across a loop of allocations.
 * A thread whose home slot another live thread owns probes a few neighbours, and if all are taken,
 * allocates straight from {@code top}. A slot whose owner has terminated is taken over, block,
 * counters and all, so an arena used by many short-lived threads keeps a bounded number of slots.
 * Each slot is padded to its own cache lines, as is {@code top}, so threads bumping their blocks
 * share no written line; {@code top} is contended only when a block is claimed.
 *
 * <h2>Claims</h2>
 * When a request does not fit in the caller's block:
 * <ul>
 *   <li>if the block ends at {@code top}, the block is extended in place (one compare-and-set from
 *       its end), so that a thread alone allocates contiguously, exactly like a confined arena;</li>
 *   <li>else, if the request is at most {@code maxBlock} and the block's unused tail is at most an
 *       eighth of the block's last claim, the tail is given up and a new block claimed at
 *       {@code top};</li>
 *   <li>else the request is served straight from {@code top}, and the block is kept.</li>
 * </ul>
 * Given-up tails are never handed out again before a reset: they count in {@code used()}, and as
 * {@code padding} in the statistics. Each tail is at most an eighth of one claim and each claim
 * loses at most one tail, so tails waste at most an eighth of the bytes claimed. The unused parts
 * of live blocks (at most {@code maxBlock} per slot, so at most an eighth of the capacity in all)
 * count as free, but only their owner can use them: a request may be refused while that many
 * bytes are free in other threads' blocks (fewer near the end, as claims shrink with what remains).
 *
 * <h2>Invariants</h2>
 * While open: {@code 0 <= top <= capacity}; every slot's block {@code [cursor, end)} lies below
 * {@code top}; blocks, given-up tails and direct claims are disjoint ranges of {@code [0, top)},
 * each claimed by exactly one successful compare-and-set on {@code top} since the last reset; and
 * when zeroing, every byte at or past {@code top} and every byte of every block at or past its
 * cursor reads as zero. {@code used() == top - sum(end - cursor)}.
 *
 * <h2>Close, and why nothing is handed out after it returns</h2>
 * {@code close()} first sets {@code closed} (a volatile compare-and-set), then swaps {@code top} to
 * {@code CLOSED}, then closes the blob's shared JDK arena, which the JDK does with a handshake.
 * The hot path reads {@code closed} with a plain load, which is free; every other path reads it
 * with a volatile load. The promise rests on happens-before, the only meaning "after" has between
 * threads: an allocation that happens after {@code close()} returned (in the closing thread, or in
 * one that learned of it through a volatile, a lock, a join...) happens after the write of
 * {@code closed}, so even its plain load must return {@code true}, and it fails. Once a thread has
 * been refused, it read {@code true} with a volatile load, which synchronizes with close's write,
 * so its later loads return {@code true} too: a refusal is final. An allocation that does not
 * happen after close's return races with it, and may take effect: from its block, or by a claim
 * from {@code top} whose compare-and-set precedes close's swap (any later one fails, as {@code top}
 * then holds {@code CLOSED}, and the retry reports the arena closed). Slices of an arena-owned
 * native blob are scoped to the JDK arena, so once close returns, even a slice that such a racing
 * allocation hands out late throws on access; heap and wrapped blobs are not freed, so such a slice
 * stays valid memory.
 *
 * <h2>Reset</h2>
 * {@code reset()} requires that no other thread uses the arena meanwhile: it clears the used prefix
 * {@code [0, top)} when zeroing, empties every slot's block, and rewinds {@code top}. The caller's
 * own synchronization (a join, a barrier) orders it with the threads' earlier and later
 * allocations.
 */
final class SharedArena extends Arena {

    /** A thread's first block, in bytes. */
    static final long MIN_BLOCK = 512;
    /** The largest block, in bytes, however large the arena: refills are then rare enough. */
    static final long MAX_BLOCK = 256 * 1024;
    /** A block's tail is given up only if at most {@code 1 / 2^TAIL_SHIFT} of its last claim. */
    private static final int TAIL_SHIFT = 3;
    /** How many slots a thread tries, starting at its home slot. */
    private static final int PROBES = 4;
    /** {@code top} once closed: below every valid offset, so no claim can compare-and-set past it. */
    private static final long CLOSED = -1;

    private static final VarHandle TOP;
    private static final VarHandle OWNER;
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Slot[].class);
    private static final VarHandle CLOSED_FLAG;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            TOP = lookup.findVarHandle(Top.class, "value", long.class);
            OWNER = lookup.findVarHandle(SlotFields.class, "owner", Thread.class);
            CLOSED_FLAG = lookup.findVarHandle(SharedArena.class, "closed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Blob blob;
    private final MemorySegment segment;
    private final long base;
    private final long capacity;
    private final long maxAlignment;
    /** {@code -maxAlignment}: one test with it checks an alignment (see {@link #claim}). */
    private final long alignmentMask;
    private final boolean zeroing;
    private final boolean countsAllocations;
    private final Slot[] slots;
    private final int mask;
    private final long maxBlock;
    private final Top top = new Top();

    /**
     * Written once, through {@code CLOSED_FLAG} (a volatile compare-and-set); read plainly by the
     * hot path and through {@code CLOSED_FLAG} with volatile semantics everywhere else.
     */
    private boolean closed;
    /** Made on first use; guarded by {@code this}. */
    private Lifetime lifetime;

    // Counters of allocations by threads that found no slot; the cold path only.
    private final AtomicLong unslottedAllocations = new AtomicLong();
    private final AtomicLong unslottedPadding = new AtomicLong();
    // Written by reset (no concurrent use) and by the one close that wins.
    private volatile long peak;

    SharedArena(String name, Blob blob, boolean zeroing, boolean countsAllocations) {
        super(name, "shared-" + blob.kind());
        this.countsAllocations = countsAllocations;
        this.blob = blob;
        this.segment = blob.segment();
        this.base = segment.address();
        this.capacity = segment.byteSize();
        this.maxAlignment = blob.maxAlignment();
        this.alignmentMask = -maxAlignment;
        this.zeroing = zeroing;
        int slotCount = slotsFor(Runtime.getRuntime().availableProcessors());
        this.slots = new Slot[slotCount];
        this.mask = slotCount - 1;
        this.maxBlock = Math.min(MAX_BLOCK, capacity / (8L * slotCount));
        if (zeroing && !blob.freshlyZeroed()) {
            Zeros.clear(segment, 0, capacity);
        }
    }

    /** {@return the number of slots for {@code processors}}: a power of two from 4 to 256. */
    static int slotsFor(int processors) {
        int wanted = Math.clamp(2L * processors, 4, 256);
        return Integer.highestOneBit(wanted - 1) << 1;
    }

    @Override
    public MemorySegment allocate(long byteSize, long byteAlignment) {
        return segment.asSlice(claim(byteSize, byteAlignment), byteSize);
    }

    @Override
    public long allocateOffset(long byteSize, long byteAlignment) {
        return claim(byteSize, byteAlignment);
    }

    /**
     * The hot path: the caller's block, if it owns its home slot and the request fits there.
     * {@return the offset of an aligned block of {@code byteSize} bytes}
     */
    private long claim(long byteSize, long byteAlignment) {
        // One test for "a power of two in [1, maxAlignment]": byteAlignment - 1 then has no bit in
        // common with byteAlignment, nor any bit at or above maxAlignment's (0 and negatives do).
        if (((byteAlignment - 1) & (byteAlignment | alignmentMask)) != 0) {
            throw Failures.badAlignment(byteAlignment, maxAlignment, blob.kind(), name());
        }
        Thread thread = Thread.currentThread();
        Slot[] slots = this.slots;
        Slot slot = slots[(int) thread.threadId() & (slots.length - 1)];
        // Plain loads only. A slot the caller owns, it took itself, so it sees its owner and block;
        // a slot another thread made may look unowned here, and the slow path then looks again.
        // Why a plain load of closed keeps close's promise: see the class comment.
        if (slot != null && slot.owner == thread && !closed) {
            long cursor = slot.cursor;
            long padding = -(base + cursor) & (byteAlignment - 1);
            if (byteSize >= 0 && byteSize <= slot.end - cursor - padding) {
                long start = cursor + padding;
                slot.cursor = start + byteSize;
                count(slot, padding);
                return start;
            }
        }
        return claimSlow(thread, byteSize, byteAlignment);
    }

    /** Everything the hot path does not take: closed, bad size, no slot yet, a full block. */
    private long claimSlow(Thread thread, long byteSize, long byteAlignment) {
        if ((boolean) CLOSED_FLAG.getVolatile(this)) {
            throw Failures.closed(name());
        }
        if (byteSize < 0) {
            throw Failures.negativeSize(byteSize, name());
        }
        Slot slot = slotOf(thread);
        if (slot == null) {
            long start = claimFromTop(byteSize, byteAlignment, null);
            if (countsAllocations) {
                unslottedAllocations.incrementAndGet();
            }
            return start;
        }
        long cursor = slot.cursor;
        long padding = -(base + cursor) & (byteAlignment - 1);
        if (byteSize <= slot.end - cursor - padding) {
            long start = cursor + padding;
            slot.cursor = start + byteSize;
            count(slot, padding);
            return start;
        }
        long start = claimFromTop(byteSize, byteAlignment, slot); // counts the padding and any tail
        count(slot, 0);
        return start;
    }

    /**
     * Counts one allocation by {@code slot}'s owner that needed {@code padding} bytes of padding:
     * no store for an aligned request on an arena that does not count allocations.
     */
    private void count(Slot slot, long padding) {
        if (padding != 0) {
            slot.padding += padding;
        }
        if (countsAllocations) {
            slot.allocations++;
        }
    }

    /**
     * Claims from {@code top} what {@code slot}'s block cannot hold: extends the block, replaces it,
     * or serves the request directly (see the class comment). Changes nothing unless it succeeds.
     * {@return the offset of the request's first byte}
     *
     * @param slot the caller's slot, or {@code null} if it has none: then the request is direct
     */
    private long claimFromTop(long byteSize, long byteAlignment, Slot slot) {
        long top = (long) TOP.getVolatile(this.top);
        while (true) {
            if (top == CLOSED) {
                throw Failures.closed(name());
            }
            if (slot != null && slot.end == top) {
                // The block is the frontier: extend it, so a lone thread allocates contiguously.
                long cursor = slot.cursor;
                long padding = -(base + cursor) & (byteAlignment - 1);
                if (byteSize > capacity - cursor - padding) {
                    throw exhausted(byteSize, byteAlignment);
                }
                long needEnd = cursor + padding + byteSize;
                long newEnd = blockEnd(top, needEnd, slot);
                long witness = (long) TOP.compareAndExchange(this.top, top, newEnd);
                if (witness == top) {
                    slot.cursor = needEnd;
                    slot.end = newEnd;
                    slot.claimed(newEnd - top, maxBlock);
                    slot.padding += padding;
                    return cursor + padding;
                }
                top = witness;
                continue;
            }
            long padding = -(base + top) & (byteAlignment - 1);
            if (byteSize > capacity - top - padding) {
                throw exhausted(byteSize, byteAlignment);
            }
            long start = top + padding;
            long needEnd = start + byteSize;
            boolean refill = slot != null && byteSize <= maxBlock
                    && slot.end - slot.cursor <= slot.lastClaim >>> TAIL_SHIFT;
            long newEnd = refill ? blockEnd(top, needEnd, slot) : needEnd;
            long witness = (long) TOP.compareAndExchange(this.top, top, newEnd);
            if (witness == top) {
                if (slot == null) {
                    unslottedPadding.addAndGet(padding);
                    return start;
                }
                if (refill) {
                    padding += slot.end - slot.cursor; // the tail given up
                    slot.cursor = needEnd;
                    slot.end = newEnd;
                    slot.claimed(newEnd - top, maxBlock);
                }
                slot.padding += padding;
                return start;
            }
            top = witness;
        }
    }

    /**
     * {@return the end of a block claimed at {@code top} for {@code slot}}: its next block size,
     * but at most a quarter of what remains past {@code top}, and at least {@code needEnd}.
     */
    private long blockEnd(long top, long needEnd, Slot slot) {
        long bytes = Math.min(slot.nextBlock, (capacity - top) >>> 2);
        return Math.min(capacity, Math.max(needEnd, top + bytes));
    }

    /**
     * {@return the caller's slot}: its home slot or a neighbour it owns, a new or orphaned one it
     * takes, or {@code null} if live threads own all it may try.
     */
    private Slot slotOf(Thread thread) {
        int home = (int) thread.threadId() & mask;
        int probes = Math.min(PROBES, slots.length);
        // First the slot the thread already owns, if any, so that it keeps to one block. Plain
        // loads see it: the thread made or took it itself, and no live owner's slot is taken.
        for (int i = 0; i < probes; i++) {
            Slot slot = slots[(home + i) & mask];
            if (slot != null && slot.owner == thread) {
                return slot;
            }
        }
        for (int i = 0; i < probes; i++) {
            int index = (home + i) & mask;
            Slot slot = (Slot) SLOTS.getAcquire(slots, index);
            if (slot == null) {
                Slot fresh = new Slot(thread, Math.min(MIN_BLOCK, maxBlock));
                slot = (Slot) SLOTS.compareAndExchange(slots, index, null, fresh);
                if (slot == null) {
                    return fresh;
                }
            }
            Thread owner = (Thread) OWNER.getVolatile(slot);
            // A terminated owner's writes happen-before isAlive() returning false: the block and
            // counters are handed over intact, so taking a slot over changes nothing observable.
            if (!owner.isAlive() && OWNER.compareAndSet(slot, owner, thread)) {
                return slot;
            }
        }
        return null;
    }

    private ArenaExhaustedException exhausted(long byteSize, long byteAlignment) {
        long used = used();
        Events.Exhausted event = new Events.Exhausted();
        if (event.shouldCommit()) {
            event.set(name(), id(), byteSize, byteAlignment, used, capacity);
            event.commit();
        }
        return new ArenaExhaustedException(name(), byteSize, byteAlignment, used, capacity);
    }

    @Override
    public MemorySegment segment() {
        if (!isOpen()) {
            throw Failures.closed(name());
        }
        return segment;
    }

    @Override
    public long capacity() {
        return capacity;
    }

    /** Exact when no allocation is in flight; a snapshot clamped to {@code [0, capacity]} otherwise. */
    @Override
    public long used() {
        long top = (long) TOP.getVolatile(this.top);
        if (top == CLOSED || !isOpen()) {
            return 0;
        }
        long free = 0;
        for (int i = 0; i < slots.length; i++) {
            Slot slot = (Slot) SLOTS.getAcquire(slots, i);
            if (slot != null) {
                free += Math.max(0, slot.end - slot.cursor);
            }
        }
        return Math.clamp(top - free, 0, capacity);
    }

    @Override
    public long remaining() {
        return isOpen() ? capacity - used() : 0;
    }

    @Override
    public boolean isOpen() {
        return !(boolean) CLOSED_FLAG.getVolatile(this);
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
        long allocations = unslottedAllocations.get();
        long padding = unslottedPadding.get();
        for (int i = 0; i < slots.length; i++) {
            Slot slot = (Slot) SLOTS.getAcquire(slots, i);
            if (slot != null) {
                allocations += slot.allocations;
                padding += slot.padding;
            }
        }
        boolean open = isOpen();
        return new ArenaStatistics(used, open ? capacity : 0, Math.max(peak, used),
                padding, countsAllocations ? allocations : ArenaStatistics.NOT_COUNTED,
                open ? 1 : 0);
    }

    @Override
    public boolean hasFrames() {
        return false;
    }

    @Override
    public boolean hasOffsets() {
        return true;
    }

    @Override
    public boolean isNative() {
        return segment.isNative();
    }

    @Override
    public Frame frame() {
        throw new UnsupportedOperationException(
                "Frames need a confined arena (hasFrames() is false): a shared arena's pointer is bumped by"
                + " several threads at once arena=" + name());
    }

    @Override
    public void reset() {
        if (!isOpen()) {
            throw Failures.closed(name());
        }
        long used = used();
        peak = Math.max(peak, used);
        long top = (long) TOP.getVolatile(this.top);
        if (zeroing && top > 0) {
            Zeros.clear(segment, 0, top);
        }
        for (int i = 0; i < slots.length; i++) {
            Slot slot = (Slot) SLOTS.getAcquire(slots, i);
            if (slot != null) {
                slot.cursor = 0;
                slot.end = 0;
                slot.lastClaim = 0;
            }
        }
        // Last, with release semantics: whoever sees the new top sees the emptied blocks.
        TOP.setVolatile(this.top, 0L);
    }

    @Override
    public void close() {
        endWatch();
        if (CLOSED_FLAG.compareAndSet(this, false, true)) {
            // Allocation already fails here; the accounting below is exact unless one raced close.
            long top = (long) TOP.getAndSet(this.top, CLOSED);
            long free = 0;
            for (int i = 0; i < slots.length; i++) {
                Slot slot = (Slot) SLOTS.getAcquire(slots, i);
                if (slot != null) {
                    free += Math.max(0, slot.end - slot.cursor);
                }
            }
            long used = Math.clamp(top - free, 0, capacity);
            peak = Math.max(peak, used);
        }
        // A cleanup action attached to lifetime() may throw: the blob is freed all the same, and
        // the first such exception is rethrown last, as the JDK's close does.
        Throwable failure = null;
        synchronized (this) {
            if (lifetime != null && lifetime.scope().isAlive()) {
                failure = Failures.closeCollecting(lifetime.jdk(), null);
            }
        }
        // Checked apart from the flag so that a close refused by the JDK (memory in use by a
        // downcall) can be retried.
        java.lang.foreign.Arena owner = blob.owner();
        if (owner != null && owner.scope().isAlive()) {
            try {
                owner.close();
            } catch (IllegalStateException e) {
                if (owner.scope().isAlive()) {
                    throw e; // refused (memory in use by a downcall): a later close() retries
                }
                // else another thread's close() won the race: closed either way
            }
        }
        Failures.rethrowIfAny(failure);
    }

    /** {@return how many slots the arena has}: for tests. */
    int slotCount() {
        return slots.length;
    }

    /** {@return the largest block a thread claims, in bytes}: for tests. */
    long maxBlock() {
        return maxBlock;
    }

    /** {@return how many slots belong to threads that are still alive}: for tests. */
    int slotsOwnedByLiveThreads() {
        int live = 0;
        for (int i = 0; i < slots.length; i++) {
            Slot slot = (Slot) SLOTS.getAcquire(slots, i);
            if (slot != null && ((Thread) OWNER.getVolatile(slot)).isAlive()) {
                live++;
            }
        }
        return live;
    }

    @Override
    public String toString() {
        return "Arena[" + name() + ", shared " + blob.kind() + (isOpen() ? "" : ", closed") + ", used=" + used()
                + ", capacity=" + capacity + ", zeroing=" + zeroing + "]";
    }

    // Padding: 128 bytes on each side keeps the written fields off every neighbour's cache lines,
    // adjacent-line prefetch included. The JVM lays out a superclass's fields before a subclass's.

    /** Padding before {@link Top}'s value. */
    abstract static class TopPad {
        long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
    }

    /** The shared write pointer, alone on its cache lines: written only when a block is claimed. */
    static final class Top extends TopPad {
        volatile long value;
        long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;
    }

    /** Padding before a slot's fields. */
    abstract static class SlotPad {
        long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
    }

    /** A slot's fields: written by its owner only (and by reset, which no thread races). */
    abstract static class SlotFields extends SlotPad {
        /** Set by compare-and-set, only ever to the thread doing it. */
        Thread owner;
        /** The block {@code [cursor, end)}: what the owner may still bump through. */
        long cursor;
        long end;
        /** Bytes of the last claim from {@code top}: a tail up to an eighth of it may be given up. */
        long lastClaim;
        /**
         * Bytes of the next claim: doubles with each claim, up to {@code maxBlock}; kept by
         * {@code reset()}, so that an arena reset often keeps claiming large blocks.
         */
        long nextBlock;
        long allocations;
        /** Alignment padding and given-up block tails, in bytes. */
        long padding;
    }

    /** One thread's block and counters, padded to its own cache lines. */
    static final class Slot extends SlotFields {
        long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;

        Slot(Thread owner, long firstBlock) {
            this.owner = owner;
            this.nextBlock = firstBlock;
        }

        /** Records a claim of {@code bytes} from {@code top}, and grows the next one. */
        void claimed(long bytes, long maxBlock) {
            lastClaim = bytes;
            nextBlock = Math.min(maxBlock, Math.max(nextBlock, 1) * 2);
        }
    }
}
