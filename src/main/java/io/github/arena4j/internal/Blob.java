package io.github.arena4j.internal;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * The one segment an arena bumps through, with what it guarantees and who frees it.
 *
 * @param segment the whole blob; every slice is cut from it (or from a re-scoped view of it)
 * @param owner the JDK arena that frees the blob on close, or {@code null} when the blob belongs
 *              to the caller (wrapped) or to the garbage collector (heap)
 * @param maxAlignment the largest alignment, a power of two, that a slice of this blob can honour
 * @param kind a word for messages and {@code toString()}: {@code native}, {@code heap},
 *             {@code wrapped-native} or {@code wrapped-heap}
 * @param freshlyZeroed whether every byte of the blob is known to read as zero already
 */
public record Blob(MemorySegment segment, java.lang.foreign.Arena owner, long maxAlignment,
                   String kind, boolean freshlyZeroed) {

    /**
     * Native blobs may be aligned to any power of two the address arithmetic can hold without
     * overflowing; an alignment the blob cannot fit is exhaustion, not a bad argument.
     */
    public static final long NATIVE_MAX_ALIGNMENT = 1L << 62;

    /**
     * A cache line: the JDK's copy routine clears a block that starts on one about twice as fast
     * as one that does not, and a reset clears from the blob's start. Costs at most 48 bytes over
     * the 16 that {@code malloc} aligns to anyway.
     */
    private static final long NATIVE_BLOB_ALIGNMENT = 64;

    /** Longest {@code long[]} every mainstream JVM can allocate (a few words below 2^31). */
    private static final long MAX_HEAP_WORDS = Integer.MAX_VALUE - 8;

    /** The largest capacity, in bytes, a heap blob backed by one {@code long[]} can have. */
    public static final long MAX_HEAP_CAPACITY = MAX_HEAP_WORDS * Long.BYTES;

    /**
     * Reserves a zeroed native blob owned by a new JDK arena: confined to the calling thread, or
     * shared by all threads.
     *
     * @throws IllegalArgumentException if {@code capacity <= 0}
     * @throws OutOfMemoryError if the operating system refuses the reservation
     */
    public static Blob ofNative(long capacity, boolean shared) {
        checkCapacity(capacity);
        java.lang.foreign.Arena owner = shared ? java.lang.foreign.Arena.ofShared() : java.lang.foreign.Arena.ofConfined();
        try {
            // The JDK zeroes what it allocates, which is the state a zeroing arena starts from.
            MemorySegment segment = owner.allocate(capacity, NATIVE_BLOB_ALIGNMENT);
            return new Blob(segment, owner, NATIVE_MAX_ALIGNMENT, "native", true);
        } catch (OutOfMemoryError | IllegalArgumentException e) {
            owner.close();
            OutOfMemoryError error = new OutOfMemoryError(
                    "Cannot reserve a native blob: capacity=" + capacity + " (" + e.getMessage() + ")");
            error.initCause(e);
            throw error;
        }
    }

    /**
     * Reserves a zeroed native blob owned by an automatic JDK arena: the garbage collector frees
     * it once nothing refers to the segment any more. The arena over it must not try to free it.
     *
     * @throws IllegalArgumentException if {@code capacity <= 0}
     */
    public static Blob ofAuto(long capacity) {
        checkCapacity(capacity);
        MemorySegment segment = java.lang.foreign.Arena.ofAuto().allocate(capacity, NATIVE_BLOB_ALIGNMENT);
        return new Blob(segment, null, NATIVE_MAX_ALIGNMENT, "scratch", true);
    }

    /**
     * Allocates a zeroed heap blob backed by a {@code long[]}, so that 8-byte alignment holds.
     *
     * @throws IllegalArgumentException if {@code capacity <= 0} or
     *         {@code capacity > MAX_HEAP_CAPACITY}
     */
    public static Blob ofHeap(long capacity) {
        checkCapacity(capacity);
        if (capacity > MAX_HEAP_CAPACITY) {
            throw new IllegalArgumentException("Capacity too large for a heap blob: capacity=" + capacity
                    + " max=" + MAX_HEAP_CAPACITY + " (one long[] of at most " + MAX_HEAP_WORDS
                    + " elements); use a native arena");
        }
        long[] words = new long[(int) ((capacity + Long.BYTES - 1) / Long.BYTES)];
        MemorySegment segment = MemorySegment.ofArray(words).asSlice(0, capacity);
        return new Blob(segment, null, Long.BYTES, "heap", true);
    }

    /**
     * Describes a segment that the caller owns.
     *
     * @throws NullPointerException if {@code segment == null}
     * @throws IllegalArgumentException if the segment is read-only
     * @throws IllegalStateException if the segment's scope is not alive
     */
    public static Blob wrap(MemorySegment segment) {
        Objects.requireNonNull(segment, "segment");
        if (segment.isReadOnly()) {
            throw new IllegalArgumentException("Cannot wrap a read-only segment: " + segment);
        }
        if (!segment.scope().isAlive()) {
            throw new IllegalStateException("Cannot wrap a segment whose scope is already closed: " + segment);
        }
        if (segment.isNative()) {
            return new Blob(segment, null, NATIVE_MAX_ALIGNMENT, "wrapped-native", false);
        }
        Object array = segment.heapBase().orElseThrow(); // present: the segment is writable
        return new Blob(segment, null, heapAlignment(array), "wrapped-heap", false);
    }

    /**
     * {@return the access alignment a heap segment over {@code array} supports}: the JDK allows
     * accesses aligned to at most the size of the array's elements.
     */
    private static long heapAlignment(Object array) {
        return switch (array) {
            case byte[] ignored -> 1;
            case short[] ignored -> 2;
            case char[] ignored -> 2;
            case int[] ignored -> 4;
            case float[] ignored -> 4;
            case long[] ignored -> 8;
            case double[] ignored -> 8;
            default -> 1; // boolean[] cannot back a segment today; be conservative if one ever does
        };
    }

    /** {@return the capacity of the blob in bytes} */
    public long capacity() {
        return segment.byteSize();
    }

    /**
     * Rejects a capacity no blob can have.
     *
     * @throws IllegalArgumentException if {@code capacity <= 0}
     */
    public static void checkCapacity(long capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("Invalid arena capacity: " + capacity + " (must be > 0)");
        }
    }
}
