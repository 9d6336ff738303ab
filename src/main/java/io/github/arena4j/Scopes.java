package io.github.arena4j;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * What a confined arena cuts its slices from, per frame depth: depth 0 is the arena itself
 * (allocations outside any frame, until the next reset), depth {@code d} the frames opened at
 * that depth. Chosen once, when the arena is built.
 *
 * <p>{@link Unchecked} cuts every slice from the chunk itself, so a stale slice aliases whatever
 * is allocated there next. {@link Checked} keeps one JDK confined scope per depth and cuts slices
 * from a view of the chunk re-scoped to it: closing the scopes of a depth and everything deeper
 * makes every slice cut at those depths throw {@link IllegalStateException} on access. The arena
 * closes them before it hands the memory out again, and before it frees any chunk they cover,
 * so a view never outlives its memory.
 */
abstract sealed class Scopes permits Scopes.Unchecked, Scopes.Checked {

    /** The chunk slices are cut from. */
    MemorySegment chunk;

    /** {@return what slices at {@code depth} are cut from} */
    abstract MemorySegment view(int depth);

    /** Ends the scopes of {@code depth} and every deeper one: their slices throw from now on. */
    abstract void closeFrom(int depth);

    /** Makes {@code chunk} the memory views are cut from; views of the previous chunk are dropped. */
    abstract void enter(MemorySegment chunk);

    /** {@return the JDK arena behind {@code depth}'s scope, or {@code null} when unchecked} */
    abstract java.lang.foreign.Arena scope(int depth);

    /** {@return {@code other}, a chunk that is not the current one, as slices at {@code depth} see it} */
    abstract MemorySegment view(MemorySegment other, int depth);

    /** Slices are plain slices of the chunk. */
    static final class Unchecked extends Scopes {

        @Override
        MemorySegment view(int depth) {
            return chunk;
        }

        @Override
        void closeFrom(int depth) {
        }

        @Override
        void enter(MemorySegment chunk) {
            this.chunk = chunk;
        }

        @Override
        java.lang.foreign.Arena scope(int depth) {
            return null;
        }

        @Override
        MemorySegment view(MemorySegment other, int depth) {
            return other;
        }
    }

    /**
     * One JDK confined scope per depth, made on first use and re-made after it is closed; views
     * cached per depth so that opening a frame costs an array load.
     */
    static final class Checked extends Scopes {

        private java.lang.foreign.Arena[] scopes = new java.lang.foreign.Arena[8];
        private MemorySegment[] views = new MemorySegment[8];
        /** One past the deepest depth whose scope may be open. */
        private int end;

        @Override
        MemorySegment view(int depth) {
            MemorySegment[] views = this.views;
            if (depth < views.length) {
                MemorySegment view = views[depth];
                if (view != null) {
                    return view;
                }
            }
            return newView(depth);
        }

        @SuppressWarnings("restricted") // sound: the arena closes every scope before it frees the chunk
        private MemorySegment newView(int depth) {
            if (depth >= scopes.length) {
                int length = Math.max(depth + 1, scopes.length * 2);
                scopes = Arrays.copyOf(scopes, length);
                views = Arrays.copyOf(views, length);
            }
            if (scopes[depth] == null) {
                scopes[depth] = java.lang.foreign.Arena.ofConfined();
                end = Math.max(end, depth + 1);
            }
            return views[depth] = chunk.reinterpret(scopes[depth], null);
        }

        @Override
        void closeFrom(int depth) {
            for (int i = end - 1; i >= depth; i--) { // innermost first
                if (scopes[i] != null) {
                    scopes[i].close();
                    scopes[i] = null;
                }
                views[i] = null;
            }
            end = Math.min(end, depth);
        }

        @Override
        void enter(MemorySegment chunk) {
            this.chunk = chunk;
            Arrays.fill(views, null);
        }

        @Override
        java.lang.foreign.Arena scope(int depth) {
            view(depth);
            return scopes[depth];
        }

        @Override
        @SuppressWarnings("restricted") // sound: the arena closes every scope before it frees the chunk
        MemorySegment view(MemorySegment other, int depth) {
            return other.reinterpret(scope(depth), null);
        }
    }
}
