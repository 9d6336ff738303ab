package io.github.arena4j;

import io.github.arena4j.internal.Blob;
import io.github.arena4j.internal.Reservation;
import java.lang.foreign.MemorySegment;

/**
 * How an arena built with {@link Growth#inPlace()} grows: one {@link Reservation} the
 * size of its budget, of which a prefix, the arena's <em>usable</em> part, is handed to the arena
 * as its one blob. Crossing the usable end is the arena's cold path: it comes here for a longer
 * blob at the same address, so every offset and every slice stays valid and nothing is copied.
 * {@code reset()} and frames come here to give memory back beyond the retention limit.
 *
 * <p>Invariants: {@code usable <= reservation.committed()}; every blob handed out covers exactly
 * {@code [0, usable)} and is scoped to {@code owner}, whose close releases the reservation, so no
 * segment can outlive the memory or cover a byte that would fault. Every byte at or past the
 * arena's write pointer that was ever discarded reads as zero.
 *
 * <p><strong>Note:</strong> not thread-safe; it belongs to one confined arena.
 */
final class InPlaceGrowth {

    /** Address space reserved when the builder sets no budget: far below the 47-bit user range. */
    static final long DEFAULT_RESERVATION = 64L << 30;

    /** Growth doubles the usable part, but adds at most this much at a time. */
    private static final long MAX_STEP = 1L << 30;

    private final Reservation reservation;
    /** Scopes every blob; closing it releases the reservation. */
    private final java.lang.foreign.Arena owner;
    private final MemorySegment start;
    /** The most the arena may use: its budget, at most the reservation. */
    private final long budget;
    /** What a reset keeps usable, and what a frame must have used beyond its mark to give back. */
    private final long retained;
    private long usable;

    /**
     * Reserves {@code budget} bytes of address space and makes the first {@code capacity} usable.
     *
     * @throws OutOfMemoryError if the reservation or the first commit is refused
     * @throws UnsupportedOperationException if the platform lacks the calls
     */
    @SuppressWarnings("restricted") // sound: the segments cover committed memory, scoped to owner
    InPlaceGrowth(long capacity, long budget, long retained) {
        this.reservation = Reservation.reserve(budget);
        this.budget = budget;
        this.retained = retained;
        this.owner = java.lang.foreign.Arena.ofConfined();
        try {
            reservation.commit(capacity);
            // Registered once: closing the owner, which ends every segment over the range, unmaps it.
            this.start = reservation.start().reinterpret(0, owner, ignored -> reservation.release());
        } catch (RuntimeException | Error e) {
            owner.close();
            reservation.release();
            throw e;
        }
        this.usable = capacity;
    }

    /** {@return the blob the arena starts with} */
    Blob first() {
        return blob();
    }

    /** {@return the bytes the operating system has committed: the usable part in whole pages} */
    long committed() {
        return reservation.committed();
    }

    /** {@return the address space reserved: the arena's budget} */
    long budget() {
        return budget;
    }

    /**
     * {@return how many bytes a frame must release past what a reset keeps before its close gives
     * memory back}: the retention limit, or {@code Long.MAX_VALUE} without one.
     */
    long retained() {
        return retained;
    }

    /** {@return the address space reserved} */
    long reservationSize() {
        return reservation.size();
    }

    /**
     * {@return a longer blob at the same address} in which {@code byteSize} bytes fit at
     * {@code offset + padding}: the usable part doubles (by at most {@value #MAX_STEP} bytes), and
     * is at least what the request needs, at most the budget. Nothing changes if this throws.
     *
     * @throws ArenaExhaustedException if the request would take the arena past its budget
     * @throws OutOfMemoryError if the operating system refuses to commit the memory
     */
    Blob grow(String arena, long offset, long padding, long byteSize, long byteAlignment, long used) {
        if (byteSize > budget - offset - padding) { // no overflow: offset <= budget, padding < 2^62
            throw new ArenaExhaustedException(arena, byteSize, byteAlignment, used, usable, budget);
        }
        long needed = offset + padding + byteSize;
        long target = Math.min(budget, Math.max(needed, usable + Math.min(usable, MAX_STEP)));
        try {
            reservation.commit(target);
        } catch (OutOfMemoryError refused) {
            target = needed; // what was asked for may still be granted where the doubling was not
            try {
                reservation.commit(target);
            } catch (OutOfMemoryError again) {
                ArenaExhaustedException failure = new ArenaExhaustedException(arena, byteSize, byteAlignment, used, usable);
                failure.initCause(again);
                throw failure;
            }
        }
        usable = target;
        return blob();
    }

    /**
     * Gives back the memory a reset ({@code frame == false}) or a frame's close is about to release,
     * beyond both the rewind target {@code mark} and the retention limit. A reset always does when
     * the usable part exceeds them; a frame only if it used more than the limit past them, so that
     * small frames never pay for system calls. {@return the shorter blob the arena continues with,
     * in which every byte from {@code min(offset, its capacity)} on reads as zero, or {@code null}
     * if nothing was given back}
     */
    @SuppressWarnings("restricted") // sound: the tail lies below usable, which is committed
    Blob giveBack(long mark, long offset, boolean frame) {
        long keep = Math.max(mark, Math.min(retained, usable));
        if (keep >= usable || (frame && offset - keep <= retained)) {
            return null;
        }
        long discardFrom = Reservation.roundUp(keep); // at most the committed end: keep < usable
        if (offset > keep) {
            // The used tail of the last kept granule, which the discard does not reach.
            long end = Math.min(offset, discardFrom);
            Zeros.clear(start.reinterpret(end), keep, end - keep);
        }
        reservation.discard(discardFrom);
        usable = keep;
        return blob();
    }

    @SuppressWarnings("restricted") // sound: [0, usable) is committed until the owner closes
    private Blob blob() {
        MemorySegment segment = start.reinterpret(usable);
        return new Blob(segment, owner, Blob.NATIVE_MAX_ALIGNMENT, "native", true);
    }
}
