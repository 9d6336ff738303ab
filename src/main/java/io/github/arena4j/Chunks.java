package io.github.arena4j;

import io.github.arena4j.internal.Blob;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * The blobs of a confined arena and the policy that adds more: one chunk for a fixed arena, a list
 * for a growable one. Everything here runs on the cold path, when the current chunk is full or the
 * arena rewinds; the hot path only ever sees the current chunk's fields, copied into the arena.
 *
 * <p>Invariants: {@code chunks.get(current)} is the chunk being bumped; {@code reserved} is the sum
 * of every chunk's capacity and never exceeds {@code budget}; a dedicated chunk holds exactly one
 * slice, too large for a normal chunk, and never becomes current, so one huge request neither
 * strands the current chunk nor inflates the size of later ones.
 */
final class Chunks {

    /**
     * One blob, how many of its bytes were consumed when it last stopped being current, and how
     * many of those were quarantined frames' memory rather than live allocations.
     */
    static final class Chunk {
        final Blob blob;
        final boolean dedicated;
        long used;
        long garbage;

        Chunk(Blob blob, boolean dedicated) {
            this.blob = blob;
            this.dedicated = dedicated;
        }

        long capacity() {
            return blob.capacity();
        }
    }

    /** How a growable arena adds chunks. */
    record Policy(LongFunction<Blob> reserve, double factor, long maxChunk, long maxRetained) {
    }

    private final List<Chunk> chunks = new ArrayList<>(4);
    /** The arena's name, for messages. */
    private final String arena;
    private final Policy policy;
    private final long budget;
    private int current;
    private long reserved;
    /** Capacity of the next normal chunk; grows by the factor up to the maximum chunk size. */
    private long nextSize;

    Chunks(String arena, Blob first, Policy policy, long budget) {
        this.arena = arena;
        this.policy = policy;
        this.budget = budget;
        add(new Chunk(first, false));
        this.nextSize = policy == null ? 0 : grownSize(first.capacity());
    }

    boolean growable() {
        return policy != null;
    }

    Chunk current() {
        return chunks.get(current);
    }

    /** {@return the chunk at {@code index}} */
    Chunk at(int index) {
        return chunks.get(index);
    }

    /** {@return the chunk added last} */
    Chunk newest() {
        return chunks.getLast();
    }

    int currentIndex() {
        return current;
    }

    int count() {
        return chunks.size();
    }

    long reserved() {
        return reserved;
    }

    long budget() {
        return budget;
    }

    /** {@return the bytes of live allocations in every chunk but the current one} */
    long liveOutsideCurrent() {
        long used = 0;
        for (int i = 0; i < chunks.size(); i++) {
            if (i != current) {
                used += chunks.get(i).used - chunks.get(i).garbage;
            }
        }
        return used;
    }

    /**
     * Reserves a chunk that can hold {@code size} bytes at {@code alignment}: a normal chunk, which
     * the caller makes current, or a dedicated one if the request exceeds the maximum chunk size.
     * Nothing changes if this throws.
     *
     * @throws ArenaExhaustedException if the chunk would take the arena past its budget, or no
     *         chunk that large can be reserved (more than the address space, or than one heap
     *         array holds, or than the operating system gives)
     */
    Chunk grow(long size, long alignment, long used) {
        long worstCase = size > Long.MAX_VALUE - (alignment - 1) ? Long.MAX_VALUE : size + alignment - 1;
        boolean dedicated = worstCase > policy.maxChunk();
        long chunkSize = dedicated ? worstCase : Math.max(nextSize, worstCase);
        long left = budget - reserved;
        if (chunkSize > left) {
            if (dedicated || worstCase > left) {
                throw refused(size, alignment, used, null);
            }
            chunkSize = left; // the last normal chunk the budget allows
        }
        Blob blob;
        try {
            blob = policy.reserve().apply(chunkSize);
        } catch (OutOfMemoryError | IllegalArgumentException e) {
            throw refused(size, alignment, used, e);
        }
        Chunk chunk = new Chunk(blob, dedicated);
        add(chunk);
        if (!dedicated) {
            nextSize = grownSize(chunkSize);
        }
        return chunk;
    }

    /**
     * {@return the exhaustion of a request no chunk can serve}: over the budget if one was set and
     * the request would fit without it, else plain exhaustion, with what refused the chunk as the
     * cause.
     */
    private ArenaExhaustedException refused(long size, long alignment, long used, Throwable cause) {
        ArenaExhaustedException failure = budget != Long.MAX_VALUE && cause == null
                ? new ArenaExhaustedException(arena, size, alignment, used, reserved, budget)
                : new ArenaExhaustedException(arena, size, alignment, used, reserved);
        if (cause != null) {
            failure.initCause(cause);
        }
        return failure;
    }

    /**
     * Replaces the current chunk's blob with {@code resized}: the same memory, extended or shortened
     * in place by an arena that grows in place, which has only this one chunk.
     */
    void resizeCurrent(Blob resized) {
        Chunk chunk = new Chunk(resized, false);
        reserved += resized.capacity() - current().capacity();
        chunks.set(current, chunk);
    }

    /** Makes the normal chunk at {@code index} current. */
    void makeCurrent(int index) {
        current = index;
    }

    /** Frees every chunk from {@code index} on; the current chunk must lie before it. */
    void freeFrom(int index) {
        while (chunks.size() > index) {
            free(chunks.removeLast());
        }
    }

    /** {@return whether a reset keeps exactly the current chunk}: the only one, within the limit. */
    boolean keepsCurrentOnReset() {
        return chunks.size() == 1 && (policy == null || current().capacity() <= policy.maxRetained());
    }

    /**
     * Rewinds for {@code reset()}: keeps the largest chunk within the retention limit as the
     * current one, frees the rest, and {@return the kept chunk}, whose {@code used} prefix the
     * caller clears. With no chunk small enough to keep, reserves a fresh one of the first size.
     */
    Chunk retainForReset(long firstSize) {
        long limit = policy == null ? Long.MAX_VALUE : policy.maxRetained();
        Chunk keep = null;
        for (Chunk chunk : chunks) {
            if (chunk.capacity() <= limit && (keep == null || chunk.capacity() > keep.capacity())) {
                keep = chunk;
            }
        }
        for (Chunk chunk : chunks) {
            if (chunk != keep) {
                free(chunk);
            }
        }
        chunks.clear();
        reserved = 0;
        current = 0;
        if (keep == null) {
            keep = new Chunk(policy.reserve().apply(Math.min(firstSize, limit)), false);
            keep.used = 0;
        }
        add(keep);
        return keep;
    }

    /** Frees every chunk. */
    void freeAll() {
        for (Chunk chunk : chunks) {
            free(chunk);
        }
        chunks.clear();
    }

    private void add(Chunk chunk) {
        chunks.add(chunk);
        reserved += chunk.capacity();
    }

    private void free(Chunk chunk) {
        reserved -= chunk.capacity();
        if (chunk.blob.owner() != null) {
            chunk.blob.owner().close();
        }
    }

    private long grownSize(long size) {
        double grown = Math.ceil(size * policy.factor());
        return grown >= policy.maxChunk() ? policy.maxChunk() : Math.max(size, (long) grown);
    }
}
