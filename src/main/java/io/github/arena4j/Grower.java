package io.github.arena4j;

import io.github.arena4j.internal.Blob;
import io.github.arena4j.internal.Events;
import java.lang.foreign.MemorySegment;

/**
 * What a confined arena does when a request does not fit: one kind per arena, chosen when it is
 * built. {@link Fixed} refuses, {@link Chunked} chains a new chunk, {@link InPlace} extends the one
 * blob where it is. Everything here is the cold path, and this is the one class that makes the
 * growth and refusal Flight Recorder events.
 */
abstract sealed class Grower permits Grower.Fixed, Grower.Chunked, Grower.InPlace {

    /**
     * Makes room for {@code byteSize} bytes at {@code byteAlignment} past the write pointer, or
     * {@return a dedicated chunk's whole segment} for a request too large for a normal chunk, or
     * {@code null} once the current chunk has room. Changes nothing if it throws; the caller
     * records the refusal with {@link #recorded}.
     *
     * @throws ArenaExhaustedException if no room can be made
     */
    abstract MemorySegment grow(ConfinedArena arena, long byteSize, long byteAlignment);

    /** {@return whether every allocation lies in one blob, so that offsets into it work} */
    boolean oneBlob() {
        return true;
    }

    /**
     * {@return how many bytes past a rewind target a frame must release before a close gives memory
     * back to the operating system}: never, except for an arena that grows in place with a
     * retention limit.
     */
    long giveBackAbove() {
        return Long.MAX_VALUE;
    }

    /** Gives memory beyond {@code mark} back, as a rewind to it is about to release it. */
    void giveBack(ConfinedArena arena, long mark, boolean frame) {
    }

    /** Rewinds the chunks for {@code reset()}: the arena then clears and reuses the current one. */
    void reset(ConfinedArena arena) {
    }

    /** {@return {@code failure}}, once recorded as a Flight Recorder event. */
    static ArenaExhaustedException recorded(ConfinedArena arena, ArenaExhaustedException failure) {
        if (failure.budget() >= 0) {
            Events.BudgetExceeded event = new Events.BudgetExceeded();
            if (event.shouldCommit()) {
                event.set(arena.name(), arena.id(), failure.requestedSize(), failure.requestedAlignment(), failure.used(),
                        failure.capacity(), failure.budget());
                event.commit();
            }
        } else {
            Events.Exhausted event = new Events.Exhausted();
            if (event.shouldCommit()) {
                event.set(arena.name(), arena.id(), failure.requestedSize(), failure.requestedAlignment(), failure.used(),
                        failure.capacity());
                event.commit();
            }
        }
        return failure;
    }

    /** One blob, never more. */
    static final class Fixed extends Grower {

        @Override
        MemorySegment grow(ConfinedArena arena, long byteSize, long byteAlignment) {
            throw new ArenaExhaustedException(arena.name(), byteSize, byteAlignment, arena.used(),
                    arena.chunks.reserved());
        }
    }

    /** A chain of chunks, each larger than the last; see {@link Chunks}. */
    static final class Chunked extends Grower {

        @Override
        boolean oneBlob() {
            return false;
        }

        @Override
        MemorySegment grow(ConfinedArena arena, long byteSize, long byteAlignment) {
            Chunks chunks = arena.chunks;
            Chunks.Chunk chunk = chunks.grow(byteSize, byteAlignment, arena.used()); // or throws, changing nothing
            Events.ChunkReserved event = new Events.ChunkReserved();
            if (event.shouldCommit()) {
                event.set(arena.name(), arena.id(), chunk.capacity(), chunk.dedicated, chunks.reserved(), chunks.count());
                event.commit();
            }
            if (chunk.dedicated) {
                return chunk.blob.segment();
            }
            arena.leaveCurrentChunk();
            chunks.makeCurrent(chunks.count() - 1);
            arena.enter(chunk.blob, 0);
            return null;
        }

        @Override
        void reset(ConfinedArena arena) {
            if (!arena.chunks.keepsCurrentOnReset()) {
                arena.leaveCurrentChunk();
                Chunks.Chunk kept = arena.chunks.retainForReset(arena.firstSize);
                arena.enter(kept.blob, kept.used);
            }
        }
    }

    /** One blob that extends in place within address space reserved up front; see {@link InPlaceGrowth}. */
    static final class InPlace extends Grower {

        private final InPlaceGrowth reservation;
        private final long giveBackAbove;

        InPlace(InPlaceGrowth reservation) {
            this.reservation = reservation;
            this.giveBackAbove = reservation.retained();
        }

        @Override
        MemorySegment grow(ConfinedArena arena, long byteSize, long byteAlignment) {
            long offset = arena.offset;
            long padding = -(arena.base + offset) & (byteAlignment - 1);
            Blob grown = reservation.grow(arena.name(), offset, padding, byteSize, byteAlignment, arena.used());
            arena.chunks.resizeCurrent(grown);
            arena.enter(grown, offset); // same address: every offset and slice stays valid
            Events.Committed event = new Events.Committed();
            if (event.shouldCommit()) {
                event.set(arena.name(), arena.id(), grown.capacity(), reservation.committed(), reservation.budget());
                event.commit();
            }
            return null;
        }

        @Override
        long giveBackAbove() {
            return giveBackAbove;
        }

        @Override
        void giveBack(ConfinedArena arena, long mark, boolean frame) {
            Blob kept = reservation.giveBack(mark, arena.offset, frame);
            if (kept != null) {
                arena.chunks.resizeCurrent(kept);
                arena.enter(kept, Math.min(arena.offset, kept.capacity()));
            }
        }

        @Override
        void reset(ConfinedArena arena) {
            giveBack(arena, 0, false);
        }
    }
}
