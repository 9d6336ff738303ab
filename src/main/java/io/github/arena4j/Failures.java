package io.github.arena4j;

/**
 * Cold helpers that build the exceptions arenas throw, kept out of the hot path so that the
 * allocation methods stay small enough to inline. The wording follows {@code java.lang.foreign};
 * every message ends with the arena's name, {@code arena=NAME}, so that one arena can be told
 * from another.
 */
final class Failures {

    private Failures() {
    }

    static IllegalStateException closed(String arena) {
        return new IllegalStateException("Already closed: arena=" + arena);
    }

    static WrongThreadException wrongThread(Thread owner, String arena) {
        return new WrongThreadException("Attempted access outside owning thread: owner=" + owner.getName()
                + " caller=" + Thread.currentThread().getName() + " arena=" + arena);
    }

    static IllegalArgumentException negativeSize(long byteSize, String arena) {
        return new IllegalArgumentException("The provided allocation size is negative: " + byteSize + " arena=" + arena);
    }

    static IllegalArgumentException badAlignment(long byteAlignment, long maxAlignment, String kind, String arena) {
        if (byteAlignment <= 0 || (byteAlignment & (byteAlignment - 1)) != 0) {
            return new IllegalArgumentException("Invalid alignment constraint: " + byteAlignment
                    + " (must be a power of two > 0) arena=" + arena);
        }
        return new IllegalArgumentException("Alignment " + byteAlignment + " exceeds the " + maxAlignment
                + "-byte alignment a " + kind + " blob guarantees"
                + (kind.endsWith("heap") ? " (heap access is aligned to the array's element size; use a native arena)" : "")
                + " arena=" + arena);
    }

    static UnsupportedOperationException offsetsOnGrowable(String arena) {
        return new UnsupportedOperationException("Offsets need a single blob: a growable arena's blocks lie in"
                + " several chunks (hasOffsets() is false); use allocate(), a fixed arena, or growth(Growth.inPlace())"
                + " arena=" + arena);
    }

    static IllegalStateException frameClosed(int depth, String arena) {
        return new IllegalStateException("Already closed: the frame at depth " + depth + " was closed arena=" + arena);
    }

    static IllegalStateException frameOutOfOrder(int depth, int openFrames, String arena, Site closing, Site innermost) {
        IllegalStateException failure = new IllegalStateException("Frame closed out of order: closing the frame at depth "
                + depth + " while " + (openFrames - depth) + " frame(s) opened after it are still open (innermost depth="
                + openFrames + "); close frames in reverse order of opening"
                + (closing == null && innermost == null ? "" : "; the closing frame was opened at "
                        + Site.where(closing) + ", the innermost at " + Site.where(innermost))
                + " arena=" + arena);
        if (innermost != null) {
            failure.initCause(innermost.trace("The innermost open frame, at depth " + openFrames + ", was opened here"));
        }
        return failure;
    }

    /** {@code innermost} is where the innermost open frame was opened, {@code null} unless in debug mode. */
    static IllegalStateException resetWithOpenFrames(int openFrames, String arena, Site innermost) {
        IllegalStateException failure = new IllegalStateException("Cannot reset with " + openFrames
                + " open frame(s): close them first, or close the arena"
                + (innermost == null ? "" : "; the innermost was opened at " + innermost.where()) + " arena=" + arena);
        if (innermost != null) {
            failure.initCause(innermost.trace("The innermost open frame, at depth " + openFrames + ", was opened here"));
        }
        return failure;
    }

    static IllegalStateException blobClosed(String kind, String arena) {
        return new IllegalStateException("Cannot reset: the " + kind + " blob's scope is closed, so it cannot be"
                + " cleared or allocated from again; close the arena arena=" + arena);
    }

    /**
     * Closes {@code scope} and {@return the first exception of a close}: {@code failure}, or what a
     * cleanup action attached to {@code scope} threw, which the JDK throws once the scope is
     * closed; later ones are added to the first as suppressed. A scope that refused to close (it
     * is still alive) throws at once.
     */
    static Throwable closeCollecting(java.lang.foreign.Arena scope, Throwable failure) {
        try {
            scope.close();
            return failure;
        } catch (RuntimeException | Error e) {
            if (scope.scope().isAlive()) {
                throw e;
            }
            return chain(failure, e);
        }
    }

    /** {@return {@code first} with {@code next} suppressed, or {@code next} if there was no first} */
    static Throwable chain(Throwable first, Throwable next) {
        if (first == null) {
            return next;
        }
        if (next != null && next != first) {
            first.addSuppressed(next);
        }
        return first;
    }

    /** Throws {@code failure}, an unchecked exception or error from a cleanup action, if there was one. */
    static void rethrowIfAny(Throwable failure) {
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
    }
}
