package io.github.arena4j;

import io.github.arena4j.internal.Events;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Reports arenas and frames that were left open: through the {@link System.Logger} named
 * {@code io.github.arena4j} (level {@code WARNING}), and as the Flight Recorder events
 * {@link Events.ArenaLeaked} and {@link Events.FrameLeftOpen}. Each is reported at most once.
 *
 * <p>An arena built by {@link Arena.Builder} is watched by one {@link Cleaner} registration, made
 * once per arena; scratch arenas, whose blobs the collector frees and which are dropped on
 * purpose when their thread ends, are not watched. A frame is watched only in
 * {@linkplain Debug debug mode}. A watch refers to nothing it watches (or the cleaner could never
 * run): only names, numbers, the site and, for the bytes held, the arena's chunks.
 *
 * <p>The memory of a leaked arena is not freed: slices of the arena may still be reachable when
 * the arena itself is not, and freeing the blob under them would turn a leak into a crash.
 */
final class Leaks {

    static final System.Logger LOG = System.getLogger("io.github.arena4j");

    private static final Cleaner CLEANER = Cleaner.create();

    private Leaks() {
    }

    /**
     * Watches {@code arena}, made at {@code site} (or {@code null} when not recorded), which holds
     * {@code held} bytes: reported if it becomes unreachable before {@link Watch#end()}.
     */
    static Watch watchArena(Arena arena, String backing, LongSupplier held, Site site) {
        ArenaWatch watch = new ArenaWatch(arena.name(), arena.id(), backing, held, site);
        watch.cleanable = CLEANER.register(arena, watch);
        return watch;
    }

    /** Watches {@code frame}, opened at {@code site}: reported if it becomes unreachable while open. */
    static Watch watchFrame(Frame frame, Arena arena, Site site) {
        FrameWatch watch = new FrameWatch(arena.name(), arena.id(), frame.depth, site);
        watch.cleanable = CLEANER.register(frame, watch);
        return watch;
    }

    /**
     * Reports a frame at {@code depth} that was still open when its arena closed, opened at
     * {@code site} (or {@code null} when not recorded).
     */
    static void frameLeftOpen(Arena arena, int depth, Site site, String when) {
        report(arena.name(), arena.id(), depth, site, when);
    }

    private static void report(String arena, long id, int depth, Site site, String when) {
        String message = "Frame left open: the frame at depth " + depth + " was still open when " + when
                + "; opened at " + Site.where(site) + " arena=" + arena;
        LOG.log(System.Logger.Level.WARNING, message, site == null ? null : site.trace("Frame opened here"));
        Events.FrameLeftOpen event = new Events.FrameLeftOpen();
        if (event.shouldCommit()) {
            event.set(arena, id, depth, when, site == null ? null : site.where());
            event.commit();
        }
    }

    /** What watches an arena or a frame: ended once, by a close or by a report. */
    abstract static class Watch implements Runnable {
        private final AtomicBoolean ended = new AtomicBoolean();
        Cleaner.Cleanable cleanable;

        /** Ends the watch, for a close: nothing is reported after this. */
        final void end() {
            ended.set(true);
            cleanable.clean();
        }

        /** Ends the watch, for a report made elsewhere. {@return whether it was not ended before} */
        final boolean endFirst() {
            boolean first = ended.compareAndSet(false, true);
            cleanable.clean();
            return first;
        }

        /** Runs on the cleaner's thread once the watched object is unreachable, or at {@link #end()}. */
        @Override
        public final void run() {
            if (ended.compareAndSet(false, true)) {
                report();
            }
        }

        abstract void report();
    }

    private static final class ArenaWatch extends Watch {
        private final String arena;
        private final long id;
        private final String backing;
        private final LongSupplier held;
        private final Site site;

        ArenaWatch(String arena, long id, String backing, LongSupplier held, Site site) {
            this.arena = arena;
            this.id = id;
            this.backing = backing;
            this.held = held;
            this.site = site;
        }

        @Override
        void report() {
            long bytes = held.getAsLong();
            String message = "Arena leaked: it became unreachable without close(); its " + bytes + " " + backing
                    + " bytes " + (backing.endsWith("native") && !backing.startsWith("wrapped")
                            ? "stay reserved until the JVM exits" : "are left to their owner or the collector")
                    + "; made at " + Site.where(site) + " arena=" + arena;
            LOG.log(System.Logger.Level.WARNING, message, site == null ? null : site.trace("Arena made here"));
            Events.ArenaLeaked event = new Events.ArenaLeaked();
            if (event.shouldCommit()) {
                event.set(arena, id, backing, bytes, site == null ? null : site.where());
                event.commit();
            }
        }
    }

    private static final class FrameWatch extends Watch {
        private final String arena;
        private final long id;
        private final int depth;
        private final Site site;

        FrameWatch(String arena, long id, int depth, Site site) {
            this.arena = arena;
            this.id = id;
            this.depth = depth;
            this.site = site;
        }

        @Override
        void report() {
            Leaks.report(arena, id, depth, site, "it became unreachable");
        }
    }
}
