package io.github.arena4j;

/**
 * What a confined arena does when a request does not fit, chosen once with
 * {@link Arena.Builder#growth(Growth)}: refuse it ({@link #fixed()}, the default), chain a new
 * chunk ({@link #chunked()}), or extend its one blob where it is ({@link #inPlace()}).
 *
 * {@snippet lang=java :
 * Arena arena = Arena.builder()
 *         .nativeMemory(64 * 1024)                      // the first chunk
 *         .growth(Growth.chunked(2.0, 16 << 20))        // doubling, up to 16 MiB a chunk
 *         .budget(256 << 20)                            // never more than 256 MiB in all
 *         .build();
 * }
 *
 * <table class="striped">
 *   <caption>The growth kinds</caption>
 *   <thead><tr><th>growth</th><th>backings</th><th>when full</th><th>{@link Arena#hasOffsets()}</th></tr></thead>
 *   <tbody>
 *   <tr><td>{@link #fixed()}</td><td>every one</td><td>{@link ArenaExhaustedException}</td><td>true</td></tr>
 *   <tr><td>{@link #chunked()}</td><td>native, heap</td><td>a new chunk</td><td>false</td></tr>
 *   <tr><td>{@link #inPlace()}</td><td>native</td><td>the blob gets longer, at the same address</td><td>true</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>Growth is for confined arenas: a {@linkplain Arena.Builder#shared() shared} or
 * {@linkplain Arena.Builder#wrap(java.lang.foreign.MemorySegment) wrapped} arena is fixed, and the
 * builder refuses any other growth for it at the call that makes the conflict.
 *
 * @since 0.1.0
 */
public final class Growth {

    /** Each normal chunk of {@link #chunked()} is this many times the size of the one before. */
    public static final double DEFAULT_GROWTH_FACTOR = 2.0;

    /** The largest normal chunk of {@link #chunked()}: 64 MiB. */
    public static final long DEFAULT_MAX_CHUNK_SIZE = 64L << 20;

    /**
     * The address space an arena that grows {@linkplain #inPlace() in place} reserves when no
     * {@linkplain Arena.Builder#budget(long) budget} is set: 64 GiB, which costs no memory until used.
     */
    public static final long DEFAULT_RESERVATION = InPlaceGrowth.DEFAULT_RESERVATION;

    enum Kind { FIXED, CHUNKED, IN_PLACE }

    private static final Growth FIXED = new Growth(Kind.FIXED, 1.0, 0);
    private static final Growth IN_PLACE = new Growth(Kind.IN_PLACE, 1.0, 0);
    private static final Growth CHUNKED = new Growth(Kind.CHUNKED, DEFAULT_GROWTH_FACTOR, DEFAULT_MAX_CHUNK_SIZE);

    final Kind kind;
    final double factor;
    final long maxChunkSize;

    private Growth(Kind kind, double factor, long maxChunkSize) {
        this.kind = kind;
        this.factor = factor;
        this.maxChunkSize = maxChunkSize;
    }

    /**
     * {@return no growth}: the arena is its first blob, and a request that does not fit throws
     * {@link ArenaExhaustedException}. The default.
     */
    public static Growth fixed() {
        return FIXED;
    }

    /**
     * {@return growth by chunks with the default policy}: each new chunk twice the size of the
     * last, up to {@value #DEFAULT_MAX_CHUNK_SIZE} bytes
     *
     * @see #chunked(double, long)
     */
    public static Growth chunked() {
        return CHUNKED;
    }

    /**
     * {@return growth by chunks}: when the current chunk is full, the arena reserves a new chunk of
     * the same kind instead of failing. The capacity given to the builder is the first chunk's; each
     * normal chunk is {@code growthFactor} times the previous one, up to {@code maxChunkSize}, and
     * at least as large as the request that needed it. A request larger than {@code maxChunkSize}
     * gets a dedicated chunk of its own size, which neither becomes the current chunk nor changes
     * the size of later ones. The hot path is a fixed arena's; all of this is the cold path.
     *
     * <p>Blocks then lie in several chunks, so the arena has no
     * {@linkplain Arena#hasOffsets() offsets}: {@link Arena#allocateOffset(long, long)} and
     * {@link Arena#segment()} throw. {@link #inPlace()} keeps them.
     *
     * @param growthFactor how much larger each normal chunk is than the previous, {@code >= 1}
     * @param maxChunkSize the largest normal chunk, in bytes
     * @throws IllegalArgumentException if {@code growthFactor < 1} or is not finite
     * @throws IllegalArgumentException if {@code maxChunkSize <= 0}
     */
    public static Growth chunked(double growthFactor, long maxChunkSize) {
        if (!(growthFactor >= 1.0) || Double.isInfinite(growthFactor)) {
            throw new IllegalArgumentException("Invalid growth factor: " + growthFactor + " (must be finite and >= 1)");
        }
        if (maxChunkSize <= 0) {
            throw new IllegalArgumentException("Invalid maximum chunk size: " + maxChunkSize + " (must be > 0)");
        }
        return new Growth(Kind.CHUNKED, growthFactor, maxChunkSize);
    }

    /**
     * {@return growth in place, for a confined arena over native memory}: it reserves address space
     * for its whole {@linkplain Arena.Builder#budget(long) budget} (by default
     * {@value #DEFAULT_RESERVATION} bytes), of which the capacity given to
     * {@link Arena.Builder#nativeMemory(long)} is usable at first, and makes more of it usable when
     * it is full. The arena stays <em>one blob at one address</em>: nothing is copied or chained,
     * every slice and every offset from {@link Arena#allocateOffset(long, long)} stays valid, and
     * {@link Arena#segment()} covers everything allocated.
     *
     * {@snippet lang=java :
     * try (Arena arena = Arena.builder()
     *         .nativeMemory(64 * 1024)              // usable at first
     *         .growth(Growth.inPlace())             // then grows in place, up to the budget
     *         .retainOnReset(1 << 20)               // reset gives back all but 1 MiB
     *         .build()) {
     *     long node = arena.allocateOffset(24, 8);  // offsets work, whatever the size
     *     arena.segment().set(ValueLayout.JAVA_LONG, node, 42L);
     * }
     * }
     *
     * <p>Memory is used as pages are touched: the operating system backs the reserved range
     * lazily, and {@link Arena#capacity()} and {@link ArenaStatistics#reserved()} report the
     * usable part, not the address space. {@link Arena.Builder#retainOnReset(long)} makes
     * {@code reset()}, and a frame that used more than that limit, hand the memory beyond the
     * limit back to the operating system. Not every platform can: where the reservation is
     * refused, {@link Arena.Builder#build()} throws, and {@link #chunked()} is the portable
     * alternative.
     */
    public static Growth inPlace() {
        return IN_PLACE;
    }

    /** {@return the growth as the code that chose it reads}, such as {@code chunked(2.0, 67108864)} */
    @Override
    public String toString() {
        return switch (kind) {
            case FIXED -> "fixed()";
            case IN_PLACE -> "inPlace()";
            case CHUNKED -> "chunked(" + factor + ", " + maxChunkSize + ")";
        };
    }
}
