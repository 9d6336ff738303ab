package io.github.arena4j.internal;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JDK Flight Recorder events for what an arena does on its cold paths: chunk growth, exhaustion,
 * budget refusals. They are only ever created on those paths, and only committed when a recording
 * has them enabled, so the allocation path never sees them. Every event names its arena and
 * carries the arena's id, unique in the process.
 *
 * <p>An event's stack trace starts at the method that commits it, so arenas commit events within
 * two calls of the cold-path method that their public method calls: the caller is then at most the
 * fourth frame, within {@code jfr print}'s default depth of five.
 */
public final class Events {

    private Events() {
    }

    /** What every arena event carries: which arena it is about. */
    abstract static class ArenaEvent extends Event {
        @Label("Arena")
        @Description("The arena's name")
        String arena;

        @Label("Arena Id")
        @Description("Unique in the process")
        long arenaId;
    }

    /** A growable arena reserved a chunk. */
    @Name("io.github.arena4j.ChunkReserved")
    @Label("Arena Chunk Reserved")
    @Category({"arena4j"})
    @Description("A growable arena reserved another chunk")
    @StackTrace(true)
    public static final class ChunkReserved extends ArenaEvent {
        @Label("Chunk Size")
        @DataAmount
        long chunkSize;

        @Label("Dedicated")
        @Description("Reserved for one request larger than the maximum chunk size")
        boolean dedicated;

        @Label("Reserved")
        @Description("Bytes reserved over all chunks, this one included")
        @DataAmount
        long reserved;

        @Label("Chunks")
        int chunks;

        /** Fills in the event; commit it from the arena's cold path. */
        public void set(String arena, long arenaId, long chunkSize, boolean dedicated, long reserved, int chunks) {
            this.arena = arena;
            this.arenaId = arenaId;
            this.chunkSize = chunkSize;
            this.dedicated = dedicated;
            this.reserved = reserved;
            this.chunks = chunks;
        }
    }

    /** An arena that grows in place made more of its reservation usable. */
    @Name("io.github.arena4j.Committed")
    @Label("Arena Memory Committed")
    @Category({"arena4j"})
    @Description("An arena that grows in place made more of its reserved address space usable")
    @StackTrace(true)
    public static final class Committed extends ArenaEvent {
        @Label("Usable")
        @Description("Bytes the arena may now use, from the start of its blob")
        @DataAmount
        long usable;

        @Label("Committed")
        @Description("Bytes committed by the operating system: the usable part rounded up to whole pages")
        @DataAmount
        long committed;

        @Label("Reservation")
        @Description("Address space reserved: the arena's budget")
        @DataAmount
        long reservation;

        /** Fills in the event; commit it from the arena's cold path. */
        public void set(String arena, long arenaId, long usable, long committed, long reservation) {
            this.arena = arena;
            this.arenaId = arenaId;
            this.usable = usable;
            this.committed = committed;
            this.reservation = reservation;
        }
    }

    /** An allocation did not fit. */
    @Name("io.github.arena4j.Exhausted")
    @Label("Arena Exhausted")
    @Category({"arena4j"})
    @Description("An allocation did not fit in an arena")
    @StackTrace(true)
    public static final class Exhausted extends ArenaEvent {
        @Label("Requested Size")
        @DataAmount
        long size;

        @Label("Requested Alignment")
        long alignment;

        @Label("Used")
        @DataAmount
        long used;

        @Label("Capacity")
        @DataAmount
        long capacity;

        /** Fills in the event; commit it from the arena's cold path. */
        public void set(String arena, long arenaId, long size, long alignment, long used, long capacity) {
            this.arena = arena;
            this.arenaId = arenaId;
            this.size = size;
            this.alignment = alignment;
            this.used = used;
            this.capacity = capacity;
        }
    }

    /** A growable arena refused a chunk that would take it past its budget. */
    @Name("io.github.arena4j.BudgetExceeded")
    @Label("Arena Budget Exceeded")
    @Category({"arena4j"})
    @Description("A growable arena refused to reserve past its budget")
    @StackTrace(true)
    public static final class BudgetExceeded extends ArenaEvent {
        @Label("Requested Size")
        @DataAmount
        long size;

        @Label("Requested Alignment")
        long alignment;

        @Label("Used")
        @DataAmount
        long used;

        @Label("Reserved")
        @DataAmount
        long reserved;

        @Label("Budget")
        @DataAmount
        long budget;

        /** Fills in the event; commit it from the arena's cold path. */
        public void set(String arena, long arenaId, long size, long alignment, long used, long reserved, long budget) {
            this.arena = arena;
            this.arenaId = arenaId;
            this.size = size;
            this.alignment = alignment;
            this.used = used;
            this.reserved = reserved;
            this.budget = budget;
        }
    }

    /** An arena became unreachable without being closed. */
    @Name("io.github.arena4j.ArenaLeaked")
    @Label("Arena Leaked")
    @Category({"arena4j"})
    @Description("An arena became unreachable without being closed; committed from the cleaner's thread")
    @StackTrace(false)
    public static final class ArenaLeaked extends ArenaEvent {
        @Label("Backing")
        @Description("What the arena's memory is: native, heap, wrapped-native, wrapped-heap or shared-...")
        String backing;

        @Label("Bytes Held")
        @Description("Bytes the arena had reserved when it was collected")
        @DataAmount
        long bytes;

        @Label("Made At")
        @Description("The first caller's frame where the arena was made, in debug mode; else empty")
        String origin;

        /** Fills in the event. */
        public void set(String arena, long arenaId, String backing, long bytes, String origin) {
            this.arena = arena;
            this.arenaId = arenaId;
            this.backing = backing;
            this.bytes = bytes;
            this.origin = origin;
        }
    }

    /** A frame was still open when its arena closed, or became unreachable while open. */
    @Name("io.github.arena4j.FrameLeftOpen")
    @Label("Arena Frame Left Open")
    @Category({"arena4j"})
    @Description("A frame was still open when its arena closed, or (debug mode) became unreachable while open")
    @StackTrace(false)
    public static final class FrameLeftOpen extends ArenaEvent {
        @Label("Depth")
        @Description("The frame's nesting depth: 1 for an outermost frame")
        int depth;

        @Label("Found")
        @Description("When it was found: when the arena closed, or when it became unreachable")
        String found;

        @Label("Opened At")
        @Description("The first caller's frame where the frame was opened, in debug mode; else empty")
        String origin;

        /** Fills in the event. */
        public void set(String arena, long arenaId, int depth, String found, String origin) {
            this.arena = arena;
            this.arenaId = arenaId;
            this.depth = depth;
            this.found = found;
            this.origin = origin;
        }
    }
}
