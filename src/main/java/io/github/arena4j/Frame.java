package io.github.arena4j;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A scope inside a confined {@link Arena}, and a {@link java.lang.foreign.Arena}: what is allocated
 * through the frame is released when it closes. Frames nest, last in first out, and are meant for
 * try-with-resources, exactly where code would otherwise open
 * {@link java.lang.foreign.Arena#ofConfined()}.
 *
 * {@snippet lang=java :
 * try (Frame frame = Scratch.frame()) {                      // or arena.frame()
 *     MemorySegment path = frame.allocateFrom("/etc/hosts");
 *     MemorySegment stub = LINKER.upcallStub(handler, DESCRIPTOR, frame); // lives as long as the frame
 *     int rc = (int) CALL.invokeExact(path, stub);
 * } // path released, stub freed
 * }
 *
 * <h2>A JDK arena</h2>
 * A frame can be handed to every API that takes a {@code java.lang.foreign.Arena}:
 * {@link java.lang.foreign.Linker#upcallStub Linker.upcallStub},
 * {@link MemorySegment#reinterpret(long, java.lang.foreign.Arena, java.util.function.Consumer)
 * MemorySegment.reinterpret} with a cleanup action, {@code FileChannel.map} and
 * {@link java.lang.foreign.SymbolLookup#libraryLookup(String, java.lang.foreign.Arena)
 * SymbolLookup.libraryLookup}. {@link #scope()} is alive exactly until the frame closes: stubs,
 * mappings and libraries attached to it are released, and cleanup actions run, when it closes.
 * Like the JDK's arenas, closing a frame twice, or allocating after it closed, throws
 * {@link IllegalStateException}; every method but {@link #scope()} throws
 * {@link WrongThreadException} off the arena's owner thread.
 *
 * <p>Where a frame differs from {@code Arena.ofConfined()}: its slices are cut from the arena's
 * blob, so they are heap segments on a heap arena; and unless the arena was built with
 * {@link StaleSliceChecks#ON_RELEASE}, its slices are not in {@link #scope()}: with the default
 * {@link StaleSliceChecks#ON_REUSE} a slice stays readable after the frame closes, seeing only its
 * own old bytes, and throws {@link IllegalStateException} from the moment its memory is reused;
 * with {@link StaleSliceChecks#NONE} (heap and wrapped blobs, or when asked) it aliases whatever is
 * allocated there next.
 *
 * <h2>Nesting</h2>
 * Only the innermost open frame allocates: allocating through an enclosing frame while a frame
 * opened after it is open throws {@link IllegalStateException}, since the slice would otherwise
 * die with the inner frame. Allocating through the arena itself allocates in the innermost open
 * frame. A frame must close after every frame opened after it.
 *
 * <p><strong>Note:</strong> a frame is confined to its arena's owner thread and is not
 * thread-safe.
 *
 * @since 0.1.0
 */
public final class Frame implements java.lang.foreign.Arena {

    private final ConfinedArena arena;
    /** 1 for the outermost frame; frames close in decreasing depth. */
    private final int depth;
    /** Tells this frame from later ones at the same depth. */
    private final long serial;
    /** What {@link #scope()} returns, made on first use. */
    private java.lang.foreign.Arena scope;
    private boolean closed;

    Frame(ConfinedArena arena, int depth, long serial) {
        this.arena = arena;
        this.depth = depth;
        this.serial = serial;
    }

    /**
     * Allocates in this frame; see {@link Arena#allocate(long, long)}. The slice is released when
     * the frame closes.
     *
     * @throws IllegalArgumentException if {@code byteSize < 0}
     * @throws IllegalArgumentException if {@code byteAlignment} is not a power of two, or exceeds
     *         what the blob guarantees
     * @throws ArenaExhaustedException if the slice does not fit
     * @throws IllegalStateException if the frame or its arena is closed
     * @throws IllegalStateException if a frame opened after this one is still open
     * @throws WrongThreadException if called from a thread other than the arena's owner
     */
    @Override
    public MemorySegment allocate(long byteSize, long byteAlignment) {
        return arena.allocate(depth, serial, byteSize, byteAlignment);
    }

    /**
     * {@inheritDoc} Every check the copy makes is made before anything is allocated, so a call
     * that throws leaves the arena as it was.
     */
    @Override
    public MemorySegment allocateFrom(ValueLayout elementLayout, MemorySegment source,
                                      ValueLayout sourceElementLayout, long sourceOffset, long elementCount) {
        return Copies.allocateFrom(this, arena, elementLayout, source, sourceElementLayout, sourceOffset, elementCount);
    }

    /**
     * {@inheritDoc} A heap {@code value} is rejected before anything is allocated.
     */
    @Override
    public MemorySegment allocateFrom(AddressLayout layout, MemorySegment value) {
        return Copies.allocateFrom(this, layout, value);
    }

    /**
     * {@return the scope of this frame}: alive until the frame closes, then never again. Memory
     * and resources attached to it (upcall stubs, {@code reinterpret} cleanups, mapped files,
     * library lookups) are released when the frame closes, before {@code close()} returns. With
     * {@link StaleSliceChecks#ON_RELEASE} it is also the scope of the frame's slices.
     *
     * @throws WrongThreadException if called from a thread other than the arena's owner
     */
    @Override
    public MemorySegment.Scope scope() {
        if (scope == null) {
            java.lang.foreign.Arena open = arena.frameScope(depth, serial);
            if (open == null) {
                // Asked only after the frame closed: a scope that is already over.
                open = java.lang.foreign.Arena.ofConfined();
                open.close();
            }
            scope = open;
        }
        return scope.scope();
    }

    /** {@return the arena this frame belongs to} */
    public Arena arena() {
        return arena;
    }

    /** {@return the nesting depth of this frame: 1 for an outermost frame} */
    public int depth() {
        return depth;
    }

    /** {@return whether this frame is still open}: false once it, or its arena, is closed. */
    public boolean isOpen() {
        return !closed && arena.isOpen(depth, serial);
    }

    /**
     * Closes the frame: releases everything allocated through it, and ends its {@link #scope()}.
     * On a zeroing arena released memory reads as zeros when it is handed out again. Chunks a
     * growable arena reserved while the frame was open are freed. If the arena was closed first,
     * the frame ended with it and this does nothing.
     *
     * @throws IllegalStateException if the frame is already closed
     * @throws IllegalStateException if a frame opened after this one is still open; nothing
     *         changes, and the frames can still be closed in the right order
     * @throws WrongThreadException if called from a thread other than the arena's owner
     */
    @Override
    public void close() {
        if (closed) {
            throw Failures.frameClosed(depth, arena.name());
        }
        arena.closeFrame(depth, serial);
        closed = true;
    }

    @Override
    public String toString() {
        return "Frame[depth=" + depth + (isOpen() ? "" : ", closed") + ", arena=" + arena + "]";
    }
}
