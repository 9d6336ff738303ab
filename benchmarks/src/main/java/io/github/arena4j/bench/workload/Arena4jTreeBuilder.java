package io.github.arena4j.bench.workload;

import io.github.arena4j.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Variant (b): an {@link OffsetTree} whose nodes and strings are allocated one by one from an
 * arena4j {@link Arena}, which is reset before each document.
 *
 * <p>The tree links its nodes by offset, so it asks the arena for offsets
 * ({@link Arena#allocateOffset(long, long)}) and reads and patches nodes through the arena's
 * {@link Arena#segment()}, the whole blob. On an arena with stale-slice checks that segment is
 * scoped to the reset epoch: once the next reset has released the tree, it throws when accessed.
 * An arena that grows in place extends that segment where it is: when an offset lies past the end
 * of the segment at hand, the builder asks for the segment again, and every offset stays valid.
 */
final class Arena4jTreeBuilder extends OffsetTreeBuilder {

    private final Arena arena;
    /** The size of the segment the tree is written in: past it, an arena growing in place grew. */
    private long end;

    /**
     * @throws IllegalArgumentException if the arena is larger than {@code int} offsets can address
     *         (an arena growing in place must have a budget that they can)
     */
    Arena4jTreeBuilder(Arena arena) {
        if (arena.capacity() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Arena too large for int offsets: capacity=" + arena.capacity());
        }
        this.arena = arena;
    }

    @Override
    MemorySegment begin() {
        arena.reset();
        MemorySegment tree = arena.segment();
        end = tree.byteSize();
        return tree;
    }

    @Override
    int allocate(long size, long alignment) {
        long at = arena.allocateOffset(size, alignment);
        if (at + size > end) { // only an arena that grows in place gets here
            MemorySegment tree = arena.segment();
            end = tree.byteSize();
            grew(tree);
        }
        return (int) at;
    }
}
