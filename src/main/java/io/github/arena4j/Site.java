package io.github.arena4j;

import java.util.List;
import java.util.Set;

/**
 * Where an arena was made or a frame opened: the caller's stack, captured with a
 * {@link StackWalker} in {@linkplain Debug debug mode} only, from the first frame outside this
 * library's entry points. Immutable, so it may be read from the cleaner's thread.
 */
final class Site {

    /** How many of the caller's frames are kept: enough to tell one call site from another. */
    private static final int DEPTH = 12;

    /** The library's classes a site starts after: callers see their own code first. */
    private static final Set<String> LIBRARY = Set.of(
            Site.class.getName(), Debug.class.getName(), Arena.class.getName(), Arena.Builder.class.getName(),
            Assembly.class.getName(), ConfinedArena.class.getName(), SharedArena.class.getName(),
            FrameStack.class.getName(), RewindingFrames.class.getName(), QuarantiningFrames.class.getName(),
            Scratch.class.getName(), ScratchPool.class.getName());

    private static final StackWalker WALKER = StackWalker.getInstance();

    private final StackTraceElement[] frames;

    private Site(StackTraceElement[] frames) {
        this.frames = frames;
    }

    /** {@return the calling code's site} */
    static Site capture() {
        List<StackTraceElement> frames = WALKER.walk(stack -> stack
                .dropWhile(frame -> LIBRARY.contains(frame.getClassName()))
                .limit(DEPTH)
                .map(StackWalker.StackFrame::toStackTraceElement)
                .toList());
        return new Site(frames.toArray(StackTraceElement[]::new));
    }

    /** {@return the innermost frame of the site, as a stack trace prints it, for messages} */
    String where() {
        return frames.length == 0 ? "(unknown)" : frames[0].toString();
    }

    /** {@return where {@code site} is, or that it was not recorded} */
    static String where(Site site) {
        return site != null ? site.where()
                : "(not recorded: build the arena with debug(true), or run with -D" + Debug.PROPERTY + "=true)";
    }

    /**
     * {@return a throwable that prints as this site's stack under {@code message}}, to attach to
     * an exception as its cause, or to a log record.
     */
    Throwable trace(String message) {
        Throwable trace = new Origin(message);
        trace.setStackTrace(frames.clone());
        return trace;
    }

    @Override
    public String toString() {
        return where();
    }

    /** A stack trace that is a record of where something began, not an error. */
    static final class Origin extends Throwable {
        private static final long serialVersionUID = 1L;

        Origin(String message) {
            super(message, null, false, true);
        }
    }
}
