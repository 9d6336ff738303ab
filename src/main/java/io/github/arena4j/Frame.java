package io.github.arena4j;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;

/**
 * A scope inside an {@link Arena}: what is allocated while the frame is open is released when it
 * closes, and the arena's write pointer returns to where the frame began. Frames nest, last in
 * first out, and are meant for try-with-resources.
 *
 * {@snippet lang=java :
 * try (Arena arena = Arena.ofNative(1 << 20)) {
 *     MemorySegment config = arena.allocateFrom("kept for the arena's life");
 *     for (Request request : requests) {
 *         try (Frame frame = arena.frame()) {
 *             MemorySegment temp = frame.allocate(4096);   // released at the end of each iteration
 *             handle(request, config, temp);
 *         }
 *     }
 * }
 * }
 *
 * <p>A frame is also a {@link SegmentAllocator}: allocating through it is the same as allocating
 * through its arena, so code that takes an allocator can be handed the frame.
 *
 * <p>On an arena with stale-slice checks (the default for {@link Arena#ofNative(long)}), a slice
 * allocated in a frame throws {@link IllegalStateException} when accessed after the frame closes,
 * instead of silently aliasing whatever is allocated there next.
 *
 * <p><strong>Note:</strong> a frame is confined to its arena's owner thread and is not thread-safe.
 *
 * @since 0.1.0
 */
public final class Frame implements SegmentAllocator, AutoCloseable {

    private final ConfinedArena arena;
    /** 1 for the outermost frame; frames close in decreasing depth. */
    private final int depth;
    /** The arena's write pointer when the frame opened: where close() rewinds it to. */
    private final long mark;
    /** The chunk the pointer was in, and how many chunks there were, when the frame opened. */
    private final int chunkIndex;
    private final int chunkCount;
    private boolean closed;

    Frame(ConfinedArena arena, int depth, long mark, int chunkIndex, int chunkCount) {
        this.arena = arena;
        this.depth = depth;
        this.mark = mark;
        this.chunkIndex = chunkIndex;
        this.chunkCount = chunkCount;
    }

    /**
     * Allocates from the frame's arena; see {@link Arena#allocate(long, long)}. The slice is
     * released when the innermost open frame closes, which is this frame unless a nested one is
     * open.
     *
     * @throws IllegalArgumentException if {@code byteSize < 0}
     * @throws IllegalArgumentException if {@code byteAlignment} is not a power of two, or exceeds
     *         what the blob guarantees
     * @throws ArenaExhaustedException if the slice does not fit
     * @throws IllegalStateException if the arena is closed
     * @throws WrongThreadException if called from a thread other than the arena's owner
     */
    @Override
    public MemorySegment allocate(long byteSize, long byteAlignment) {
        return arena.allocate(byteSize, byteAlignment);
    }

    /** {@return the arena this frame belongs to} */
    public Arena arena() {
        return arena;
    }

    /** {@return the nesting depth of this frame: 1 for an outermost frame} */
    public int depth() {
        return depth;
    }

    /** {@return whether this frame is still open} */
    public boolean isOpen() {
        return !closed && arena.isOpen();
    }

    /**
     * Releases everything allocated since the frame opened and rewinds the arena to where the frame
     * began. Chunks a growable arena reserved while the frame was open are freed. On a zeroing arena the released bytes are cleared here, so the next slices read as
     * zeros. Closing a closed frame, or a frame whose arena is closed, does nothing.
     *
     * @throws IllegalStateException if a frame opened after this one is still open; nothing
     *         changes, and the frames can still be closed in the right order
     * @throws WrongThreadException if called from a thread other than the arena's owner
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        arena.closeFrame(depth, mark, chunkIndex, chunkCount);
        closed = true;
    }

    @Override
    public String toString() {
        return "Frame[depth=" + depth + ", mark=" + mark + (closed ? ", closed" : "") + "]";
    }
}
