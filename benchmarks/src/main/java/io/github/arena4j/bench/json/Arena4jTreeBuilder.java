package io.github.arena4j.bench.json;

import io.github.arena4j.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Variant (b): an {@link OffsetTree} whose nodes and strings are allocated one by one from an
 * arena4j {@link Arena}, which is reset before each document.
 *
 * <p>The arena hands out slices, while the tree needs offsets, and one segment to read and patch
 * nodes through. Both come from a zero-length slice allocated first after the reset: its address
 * is the blob's start, so a node's offset is {@code slice.address() - origin.address()}, and
 * {@code origin.reinterpret(capacity)} is a view of the whole blob with the origin's scope. On an
 * arena with stale-slice checks that scope is the reset epoch's, so the view, like every slice,
 * throws once the next reset has released the tree. {@code reinterpret} is a restricted method:
 * the benchmark forks run with {@code --enable-native-access=ALL-UNNAMED}. On a heap arena the
 * view is the blob's {@code long[]} itself.
 */
final class Arena4jTreeBuilder extends OffsetTreeBuilder {

    private final Arena arena;
    private long origin;

    /**
     * @throws IllegalArgumentException if the arena is larger than {@code int} offsets can address
     */
    Arena4jTreeBuilder(Arena arena) {
        if (arena.capacity() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Arena too large for int offsets: capacity=" + arena.capacity());
        }
        this.arena = arena;
    }

    @Override
    @SuppressWarnings("restricted") // the view spans the arena's own blob and shares its scope
    MemorySegment begin() {
        arena.reset();
        MemorySegment start = arena.allocate(0, OffsetTree.NODE_ALIGNMENT);
        origin = start.address();
        if (start.isNative()) {
            return start.reinterpret(arena.capacity());
        }
        return MemorySegment.ofArray((long[]) start.heapBase().orElseThrow()).asSlice(origin, arena.capacity());
    }

    @Override
    int allocate(long size, long alignment) {
        return (int) (arena.allocate(size, alignment).address() - origin);
    }
}
