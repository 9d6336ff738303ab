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
 *
 * <p>Views are cached per depth, so that opening a frame costs an array load: {@code views[d]} is
 * what slices at depth {@code d} are cut from, or {@code null} until the first slice at that depth
 * needs it (never for {@link Unchecked}, whose views are all the chunk).
 */
abstract sealed class Scopes permits Scopes.Unchecked, Scopes.Checked {

    /** Whether the view depends on the depth: then the arena's own allocations need the innermost one. */
    final boolean byDepth = this instanceof Checked;

    /** The chunk slices are cut from. */
    MemorySegment chunk;
    /** What slices at each depth are cut from, or {@code null} until first needed. */
    MemorySegment[] views = new MemorySegment[8];

    /** {@return what slices at {@code depth} are cut from}; {@code depth < views.length} */
    final MemorySegment view(int depth) {
        MemorySegment view = views[depth];
        return view != null ? view : newView(depth);
    }

    /** Makes room for depths below {@code length}. */
    void ensureDepths(int length) {
        if (length > views.length) {
            views = Arrays.copyOf(views, length);
        }
    }

    /** Makes {@code chunk} the memory views are cut from; views of the previous chunk are dropped. */
    void enter(MemorySegment chunk) {
        this.chunk = chunk;
        Arrays.fill(views, null);
    }

    /** Makes, caches and {@return the view for {@code depth}} */
    abstract MemorySegment newView(int depth);

    /** Ends the scopes of {@code depth} and every deeper one: their slices throw from now on. */
    abstract void closeFrom(int depth);

    /**
     * {@return {@code other}, memory of the arena cut from outside the current view (a dedicated
     * chunk, or a raw slice), as slices at {@code depth} see it}
     */
    abstract MemorySegment view(MemorySegment other, int depth);

    /** {@return whether {@code scope} is the scope of one of these depths} */
    abstract boolean owns(MemorySegment.Scope scope);

    /** Slices are plain slices of the chunk. */
    static final class Unchecked extends Scopes {

        @Override
        void enter(MemorySegment chunk) {
            this.chunk = chunk;
            Arrays.fill(views, chunk);
        }

        @Override
        void ensureDepths(int length) {
            int from = views.length;
            super.ensureDepths(length);
            Arrays.fill(views, from, views.length, chunk);
        }

        @Override
        MemorySegment newView(int depth) {
            return views[depth] = chunk;
        }

        @Override
        void closeFrom(int depth) {
        }

        @Override
        MemorySegment view(MemorySegment other, int depth) {
            return other;
        }

        @Override
        boolean owns(MemorySegment.Scope scope) {
            return false;
        }
    }

    /** One JDK confined scope per depth, made on first use and made again after it is closed. */
    static final class Checked extends Scopes {

        private java.lang.foreign.Arena[] scopes = new java.lang.foreign.Arena[8];
        /** One past the deepest depth whose scope may be open. */
        private int end;

        @Override
        void ensureDepths(int length) {
            super.ensureDepths(length);
            if (length > scopes.length) {
                scopes = Arrays.copyOf(scopes, length);
            }
        }

        @Override
        @SuppressWarnings("restricted") // sound: the arena closes every scope before it frees the chunk
        MemorySegment newView(int depth) {
            return views[depth] = chunk.reinterpret(scope(depth), null);
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

        /** {@return the JDK arena behind {@code depth}'s scope, made on first use} */
        private java.lang.foreign.Arena scope(int depth) {
            java.lang.foreign.Arena scope = scopes[depth];
            if (scope == null) {
                scopes[depth] = scope = java.lang.foreign.Arena.ofConfined();
                end = Math.max(end, depth + 1);
            }
            return scope;
        }

        @Override
        @SuppressWarnings("restricted") // sound: the arena closes every scope before it frees the chunk
        MemorySegment view(MemorySegment other, int depth) {
            return other.reinterpret(scope(depth), null);
        }

        @Override
        boolean owns(MemorySegment.Scope scope) {
            for (int i = 0; i < end; i++) {
                if (scopes[i] != null && scopes[i].scope().equals(scope)) {
                    return true;
                }
            }
            return false;
        }
    }
}
