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
 * blob, so <strong>a frame of a heap arena returns heap segments</strong> from
 * {@link #allocate(long, long)}, where {@link java.lang.foreign.Arena#allocate(long, long)} says
 * an arena returns native ones: such a frame is for code that reads and writes its slices in
 * Java, not for downcalls that need native memory, and {@code frame.arena().isNative()}
 * ({@link Arena#isNative()}) tells the two apart. A frame stays a JDK arena on every backing
 * because its scope and lifetime are a JDK arena's whatever the backing, and code that takes a
 * {@code java.lang.foreign.Arena} to attach cleanups or stubs works with it. And unless the arena
 * was built with
 * {@link StaleSliceChecks#ON_RELEASE}, its slices are not in {@link #scope()}: with the default
 * {@link StaleSliceChecks#ON_REUSE} a slice stays readable after the frame closes, seeing only its
 * own old bytes, and throws {@link IllegalStateException} from the moment its memory is reused;
 * with {@link StaleSliceChecks#NONE} (heap and wrapped blobs, or when asked) it aliases whatever is
 * allocated there next.
 *
 * <h2>Nesting</h2>
 * Frames nest like JDK arenas: any open frame allocates, and its slices live until it closes.
 * Allocating through the innermost frame is the fast path. Allocating through an enclosing frame
 * while frames opened after it are open cuts the slice above theirs, so their memory stays in use
 * (and counts in {@link Arena#used()}) until the enclosing frame closes, not until they do; the
 * typical case is a method that returns a result allocated from its caller's frame while it uses
 * scratch of its own. Allocating through the arena itself allocates in the innermost open frame. A
 * frame must close after every frame opened after it.
 *
 * <p><strong>Note:</strong> a frame is confined to its arena's owner thread and is not
 * thread-safe.
 *
 * @since 0.1.0
 */
public final class Frame implements java.lang.foreign.Arena {

    final FrameStack stack;
    /** 1 for the outermost frame; frames close in decreasing depth. */
    final int depth;
    /**
     * The frame's own JDK session, which its slices are re-scoped to and which closes with it
     * ({@link StaleSliceChecks#ON_RELEASE}), or {@code null}.
     */
    final java.lang.foreign.Arena session;
    /** What the frame cuts its slices from: its depth's view, or the chunk itself to re-scope. */
    private final MemorySegment view;
    /** The arena's {@code epoch} when the frame opened: {@code view} stays valid while it is unchanged. */
    private final long epoch;
    /** Set once the frame has closed; a frame the arena's close ended is closed when asked again. */
    boolean closed;
    /** What {@link #scope()} returned, cached. */
    private java.lang.foreign.Arena scope;

    Frame(FrameStack stack, int depth, java.lang.foreign.Arena session, MemorySegment view, long epoch) {
        this.stack = stack;
        this.depth = depth;
        this.session = session;
        this.view = view;
        this.epoch = epoch;
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
     * @throws WrongThreadException if called from a thread other than the arena's owner
     */
    @Override
    public MemorySegment allocate(long byteSize, long byteAlignment) {
        FrameStack stack = this.stack;
        ConfinedArena arena = stack.arena;
        MemorySegment slice = null;
        if (!closed && depth == stack.depth && epoch == arena.epoch) { // innermost, and its view current
            slice = arena.tryAllocate(view, byteSize, byteAlignment);
        }
        if (slice == null) { // cold: no room, closed, bad size, not the innermost frame, or a new view
            slice = stack.allocateSlow(depth, closed, session != null, byteSize, byteAlignment);
        }
        java.lang.foreign.Arena session = this.session;
        return session == null ? slice : rescope(slice, session);
    }

    /** {@return {@code slice} in {@code session}'s scope} */
    @SuppressWarnings("restricted") // sound: the arena keeps the memory until every such session is closed
    static MemorySegment rescope(MemorySegment slice, java.lang.foreign.Arena session) {
        return slice.reinterpret(session, null);
    }

    /**
     * {@inheritDoc} Every check the copy makes is made before anything is allocated, so a call
     * that throws leaves the arena as it was.
     */
    @Override
    public MemorySegment allocateFrom(ValueLayout elementLayout, MemorySegment source,
                                      ValueLayout sourceElementLayout, long sourceOffset, long elementCount) {
        return Copies.allocateFrom(this, stack.arena, elementLayout, source, sourceElementLayout, sourceOffset,
                elementCount);
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
     * {@link StaleSliceChecks#ON_RELEASE} it is also the scope of the slices allocated through the
     * frame.
     *
     * @throws WrongThreadException if called from a thread other than the arena's owner
     */
    @Override
    public MemorySegment.Scope scope() {
        if (session != null) {
            return session.scope();
        }
        if (scope == null) {
            scope = stack.scopeOf(this);
        }
        return scope.scope();
    }

    /** {@return the arena this frame belongs to} */
    public Arena arena() {
        return stack.arena;
    }

    /** {@return the nesting depth of this frame: 1 for an outermost frame} */
    public int depth() {
        return depth;
    }

    /** {@return whether this frame is still open}: false once it, or its arena, is closed. */
    public boolean isOpen() {
        return !closed && stack.arena.isOpen();
    }

    /**
     * Closes the frame: releases everything allocated through it, and ends its {@link #scope()}.
     * On a zeroing arena released memory reads as zeros when it is handed out again. Chunks a
     * growable arena reserved while the frame was open are freed. If the arena was closed first,
     * the frame ended with it, and this only ends the frame's own session, if it has one.
     *
     * <p>Like a JDK arena's close, this completes even if a cleanup action attached to the frame's
     * scope throws: the frame is closed and its memory released, then the first such exception is
     * rethrown, with any later ones suppressed.
     *
     * @throws IllegalStateException if the frame is already closed
     * @throws IllegalStateException if a frame opened after this one is still open; nothing
     *         changes, and the frames can still be closed in the right order
     * @throws WrongThreadException if called from a thread other than the arena's owner
     */
    @Override
    public void close() {
        if (closed) {
            throw Failures.frameClosed(depth, stack.arena.name());
        }
        stack.close(this);
    }

    @Override
    public String toString() {
        return "Frame[depth=" + depth + (isOpen() ? "" : ", closed") + ", arena=" + stack.arena + "]";
    }
}
