package io.github.arena4j;

import java.io.Serial;

/**
 * Thrown when an {@link Arena} cannot satisfy an allocation: the requested size, plus the padding
 * that its alignment needs, does not fit in what remains of the arena, and a growable arena could
 * not (or, within its budget, may not) reserve memory for it.
 *
 * <p>This is the one exception an arena throws for running out of space. The arena that throws it
 * is left exactly as it was: its {@linkplain Arena#used() used} byte count is unchanged and every
 * slice handed out before stays valid, so a caller may catch it, {@linkplain Arena#reset() reset}
 * or fall back to another allocator, and go on.
 *
 * <p>The message carries the numbers and the arena's {@linkplain Arena#name() name}, for example
 * {@code "Arena exhausted: size=64 alignment=16 used=4090 capacity=4096 arena=requests"}, and each
 * is also available from an accessor. A growable arena throws it when the chunk a request needs
 * would take it past its {@linkplain Arena.Builder#budget(long) budget}:
 * {@code "Arena budget exceeded: size=64 alignment=16 used=1040000 capacity=1048576 budget=1048576 arena=requests"}.
 *
 * @since 0.1.0
 */
public final class ArenaExhaustedException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 2L;

    /** The name of the arena that ran out. */
    private final String arena;
    /** The size of the request that failed, in bytes. */
    private final long requestedSize;
    /** The alignment of the request that failed, in bytes. */
    private final long requestedAlignment;
    /** The bytes the arena had consumed when the request failed. */
    private final long used;
    /** The arena's capacity, or what it had reserved in all, in bytes. */
    private final long capacity;
    /** The arena's budget, or -1 if it has none. */
    private final long budget;

    /**
     * Creates an exception describing a failed allocation.
     *
     * @param arena the name of the arena
     * @param requestedSize the size that was requested, in bytes
     * @param requestedAlignment the alignment that was requested, in bytes
     * @param used the bytes the arena had consumed when the request failed
     * @param capacity the arena's capacity in bytes
     */
    public ArenaExhaustedException(String arena, long requestedSize, long requestedAlignment, long used,
                                   long capacity) {
        this(arena, requestedSize, requestedAlignment, used, capacity, -1,
                "Arena exhausted: size=" + requestedSize + " alignment=" + requestedAlignment
                        + " used=" + used + " capacity=" + capacity + " arena=" + arena);
    }

    /**
     * Creates an exception describing an allocation refused because the chunk it needed would take
     * a growable arena past its budget.
     *
     * @param arena the name of the arena
     * @param requestedSize the size that was requested, in bytes
     * @param requestedAlignment the alignment that was requested, in bytes
     * @param used the bytes the arena had consumed when the request failed
     * @param reserved the bytes the arena had reserved, over all its chunks
     * @param budget the most bytes the arena may reserve
     */
    public ArenaExhaustedException(String arena, long requestedSize, long requestedAlignment, long used,
                                   long reserved, long budget) {
        this(arena, requestedSize, requestedAlignment, used, reserved, budget,
                "Arena budget exceeded: size=" + requestedSize + " alignment=" + requestedAlignment
                        + " used=" + used + " capacity=" + reserved + " budget=" + budget + " arena=" + arena);
    }

    private ArenaExhaustedException(String arena, long requestedSize, long requestedAlignment, long used,
                                    long capacity, long budget, String message) {
        super(message);
        this.arena = arena;
        this.requestedSize = requestedSize;
        this.requestedAlignment = requestedAlignment;
        this.used = used;
        this.capacity = capacity;
        this.budget = budget;
    }

    /** {@return the name of the arena that ran out} */
    public String arena() {
        return arena;
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
     * {@return the arena's capacity in bytes}: the blob's size for a fixed arena, the bytes reserved
     * over all chunks for a growable one
     */
    public long capacity() {
        return capacity;
    }

    /**
     * {@return the growable arena's budget in bytes, or {@code -1}} if the exception is not about a
     * budget
     */
    public long budget() {
        return budget;
    }
}
