package io.github.arena4j;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * The copying {@code allocateFrom} methods of {@link SegmentAllocator}, checked before anything is
 * allocated. The JDK's defaults allocate first and copy after, so a copy the JDK then rejects (a
 * misaligned or closed source, mismatched layouts, an index out of range) would leave the
 * allocation behind; an arena promises that a failed call claims nothing. Every check the copy
 * makes on its source is made here first, with the JDK's exception types, so that the copy after
 * the allocation cannot fail.
 */
final class Copies {

    private Copies() {
    }

    /**
     * Allocates {@code elementCount} elements from {@code allocator}, which allocates in
     * {@code arena}, and copies them from {@code source}.
     */
    static MemorySegment allocateFrom(SegmentAllocator allocator, Arena arena, ValueLayout elementLayout,
                                      MemorySegment source, ValueLayout sourceElementLayout, long sourceOffset,
                                      long elementCount) {
        long byteSize = checkSource(elementLayout, source, sourceElementLayout, sourceOffset, elementCount);
        if (arena.owns(source.scope())) {
            // A released slice of the same arena: the allocation may reuse its memory, so its
            // bytes are taken first.
            source = copyOf(source, sourceOffset, byteSize);
            sourceOffset = 0;
            sourceElementLayout = sourceElementLayout.withByteAlignment(1);
        }
        MemorySegment dest = allocator.allocate(elementLayout, elementCount);
        MemorySegment.copy(source, sourceElementLayout, sourceOffset, dest, elementLayout, 0, elementCount);
        return dest;
    }

    private static MemorySegment copyOf(MemorySegment source, long offset, long byteSize) {
        if (byteSize > Integer.MAX_VALUE - 8) {
            MemorySegment copy = java.lang.foreign.Arena.ofAuto().allocate(byteSize);
            return copy.copyFrom(source.asSlice(offset, byteSize));
        }
        return MemorySegment.ofArray(source.asSlice(offset, byteSize).toArray(ValueLayout.JAVA_BYTE));
    }

    /** Allocates an address from {@code allocator} and stores {@code value} in it. */
    static MemorySegment allocateFrom(SegmentAllocator allocator, AddressLayout layout, MemorySegment value) {
        Objects.requireNonNull(value);
        Objects.requireNonNull(layout);
        if (!value.isNative()) {
            throw new IllegalArgumentException("Heap segment not allowed: " + value);
        }
        MemorySegment segment = allocator.allocate(layout);
        segment.set(layout, 0, value);
        return segment;
    }

    /**
     * Throws what {@link MemorySegment#copy(MemorySegment, ValueLayout, long, MemorySegment,
     * ValueLayout, long, long)} would throw for this source, before the destination exists.
     * {@return the bytes to copy}
     */
    private static long checkSource(ValueLayout elementLayout, MemorySegment source, ValueLayout sourceElementLayout,
                                    long sourceOffset, long elementCount) {
        Objects.requireNonNull(source);
        Objects.requireNonNull(sourceElementLayout);
        Objects.requireNonNull(elementLayout);
        if (elementCount < 0) {
            throw new IllegalArgumentException("Negative array size: " + elementCount);
        }
        if (elementLayout.byteSize() != sourceElementLayout.byteSize()) {
            throw new IllegalArgumentException("Source and destination layouts must have same size: source="
                    + sourceElementLayout + " destination=" + elementLayout);
        }
        if (sourceElementLayout.byteAlignment() > sourceElementLayout.byteSize()) {
            throw new IllegalArgumentException("Source layout alignment greater than its size: " + sourceElementLayout);
        }
        if (elementLayout.byteAlignment() > elementLayout.byteSize()) {
            throw new IllegalArgumentException("Destination layout alignment greater than its size: " + elementLayout);
        }
        long byteSize;
        try {
            byteSize = Math.multiplyExact(elementCount, sourceElementLayout.byteSize());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("Size overflow: " + elementCount + " elements of " + sourceElementLayout, e);
        }
        // Bounds first (IndexOutOfBoundsException), then the element alignment of the source
        // address (IllegalArgumentException), exactly as the slice checks them.
        source.asSlice(sourceOffset, byteSize, sourceElementLayout.byteAlignment());
        if (!source.scope().isAlive()) {
            throw new IllegalStateException("Already closed: the source segment's scope is not alive");
        }
        if (!source.isAccessibleBy(Thread.currentThread())) {
            throw new WrongThreadException("Attempted access outside owning thread: source=" + source);
        }
        return byteSize;
    }
}
