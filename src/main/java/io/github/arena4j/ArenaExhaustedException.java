package io.github.arena4j;

import java.io.Serial;

/**
 * Thrown when an {@link Arena} cannot satisfy an allocation: the requested size, plus the padding
 * that its alignment needs, does not fit in what remains of the arena.
 *
 * <p>This is the one exception an arena throws for running out of space. The arena that throws it
 * is left exactly as it was: its {@linkplain Arena#used() used} byte count is unchanged and every
 * slice handed out before stays valid, so a caller may catch it, {@linkplain Arena#reset() reset}
 * or fall back to another allocator, and go on.
 *
 * <p>The message carries the numbers, for example
 * {@code "Arena exhausted: size=64 alignment=16 used=4090 capacity=4096"}, and each is also
 * available from an accessor. A growable arena throws it when the chunk a request needs would
 * take it past its {@linkplain Arena.Builder#budget(long) budget}:
 * {@code "Arena budget exceeded: size=64 alignment=16 used=1040000 capacity=1048576 budget=1048576"}.
 *
 * @since 0.1.0
 */
public final class ArenaExhaustedException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final long requestedSize;
    private final long requestedAlignment;
    private final long used;
    private final long capacity;
    private final long budget;

    /**
     * Creates an exception describing a failed allocation.
     *
     * @param requestedSize the size that was requested, in bytes
     * @param requestedAlignment the alignment that was requested, in bytes
     * @param used the bytes the arena had consumed when the request failed
     * @param capacity the arena's capacity in bytes
     */
    public ArenaExhaustedException(long requestedSize, long requestedAlignment, long used, long capacity) {
        this(requestedSize, requestedAlignment, used, capacity, -1,
                "Arena exhausted: size=" + requestedSize + " alignment=" + requestedAlignment
                        + " used=" + used + " capacity=" + capacity);
    }

    /**
     * Creates an exception describing an allocation refused because the chunk it needed would take
     * a growable arena past its budget.
     *
     * @param requestedSize the size that was requested, in bytes
     * @param requestedAlignment the alignment that was requested, in bytes
     * @param used the bytes the arena had consumed when the request failed
     * @param reserved the bytes the arena had reserved, over all its chunks
     * @param budget the most bytes the arena may reserve
     */
    public ArenaExhaustedException(long requestedSize, long requestedAlignment, long used, long reserved, long budget) {
        this(requestedSize, requestedAlignment, used, reserved, budget,
                "Arena budget exceeded: size=" + requestedSize + " alignment=" + requestedAlignment
                        + " used=" + used + " capacity=" + reserved + " budget=" + budget);
    }

    private ArenaExhaustedException(long requestedSize, long requestedAlignment, long used, long capacity,
                                    long budget, String message) {
        super(message);
        this.requestedSize = requestedSize;
        this.requestedAlignment = requestedAlignment;
        this.used = used;
        this.capacity = capacity;
        this.budget = budget;
    }

    /** {@return the size, in bytes, of the allocation that failed} */
    public long requestedSize() {
        return requestedSize;
    }

    /** {@return the alignment, in bytes, of the allocation that failed} */
    public long requestedAlignment() {
        return requestedAlignment;
    }

    /** {@return the bytes the arena had consumed when the allocation failed, padding included} */
    public long used() {
        return used;
    }

    /**
     * {@return the capacity, in bytes, of the arena that could not satisfy the allocation}: for a
     * growable arena, the bytes reserved over all its chunks
     */
    public long capacity() {
        return capacity;
    }

    /**
     * {@return the budget, in bytes, that refused the allocation}, or {@code -1} if the arena ran out
     * of space in a fixed blob rather than into its budget
     */
    public long budget() {
        return budget;
    }
}
