package io.github.arena4j.bench.workload;

import io.github.arena4j.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Variant (b) as it had to be written before {@link Arena#allocateOffset(long, long)}: every node
 * and string is an {@link Arena#allocate(long, long)} slice, turned into an offset by subtracting
 * the address of a zero-length slice allocated first after the reset, and nodes are read and
 * patched through that slice reinterpreted to the arena's capacity (a restricted method: the forks
 * run with {@code --enable-native-access=ALL-UNNAMED}). Kept to measure what the offset API saves;
 * native arenas only.
 */
final class Arena4jSliceTreeBuilder extends OffsetTreeBuilder {

    private final Arena arena;
    private long origin;

    /**
     * @throws IllegalArgumentException if the arena is not native, or larger than {@code int}
     *         offsets can address
     */
    Arena4jSliceTreeBuilder(Arena arena) {
        if (arena.capacity() > Integer.MAX_VALUE || !arena.segment().isNative()) {
            throw new IllegalArgumentException("Needs a native arena of at most 2 GiB: " + arena);
        }
        this.arena = arena;
    }

    @Override
    @SuppressWarnings("restricted") // the view spans the arena's own blob and shares its scope
    MemorySegment begin() {
        arena.reset();
        MemorySegment start = arena.allocate(0, OffsetTree.NODE_ALIGNMENT);
        origin = start.address();
        return start.reinterpret(arena.capacity());
    }

    @Override
    int allocate(long size, long alignment) {
        return (int) (arena.allocate(size, alignment).address() - origin);
    }
}
