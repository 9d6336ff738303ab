package io.github.arena4j;

/**
 * How a confined arena that owns native memory protects its slices once they are released, by a
 * {@link Frame}'s close or by {@link Arena#reset()}: chosen once, with
 * {@link Arena.Builder#staleSliceChecks(StaleSliceChecks)}.
 *
 * <p>Whatever the mode, a slice of a <em>closed</em> arena throws {@link IllegalStateException}
 * when accessed, and memory is never freed while a slice could still reach it.
 *
 * @since 0.1.0
 */
public enum StaleSliceChecks {

    /**
     * No checks: memory released by a frame or a reset is handed out again at once, and a stale
     * slice silently reads and writes whatever is allocated there next, as with LWJGL's
     * {@code MemoryStack} or the JDK's {@code slicingAllocator}. The fastest mode, and the only
     * one for heap and wrapped blobs, whose segments cannot be re-scoped.
     */
    NONE,

    /**
     * The default for arenas that own native memory. A frame's released memory is quarantined
     * instead of being handed out again at once: the arena keeps bumping past it, and reclaims the
     * memory of many closed frames together, closing one JDK scope for all of them, when enough has
     * piled up, when the enclosing scope allocates again, or when an allocation needs the space.
     * A stale slice therefore never sees memory that was handed out again: until its memory is
     * reclaimed it reads only its own old bytes, and from then on it throws
     * {@link IllegalStateException}. {@link Arena#reset()} reclaims everything at once, so a slice
     * from before a reset throws at once. Costs nothing per allocation and almost nothing per
     * frame.
     */
    ON_REUSE,

    /**
     * Every slice throws {@link IllegalStateException} the moment the frame or reset that released
     * it completes, exactly like a segment of a closed {@link java.lang.foreign.Arena#ofConfined()
     * confined JDK arena}: every frame has a JDK session of its own, closed with it, that its
     * slices are re-scoped to. The frame holds the session alone, so where the caller's code is
     * compiled together with the frame the JIT removes both; and an arena closed while such frames
     * are open keeps its memory until the last of them closes.
     */
    ON_RELEASE
}
