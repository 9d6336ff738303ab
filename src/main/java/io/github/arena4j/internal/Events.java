package io.github.arena4j.internal;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JDK Flight Recorder events for what an arena does on its cold paths: chunk growth, growth in
 * place, exhaustion,
 * budget refusals. They are only ever created on those paths, and only committed when a recording
 * has them enabled, so the allocation path never sees them.
 */
public final class Events {

    private Events() {
    }

    /** A growable arena reserved a chunk. */
    @Name("io.github.arena4j.ChunkReserved")
    @Label("Arena Chunk Reserved")
    @Category({"arena4j"})
    @Description("A growable arena reserved another chunk")
    @StackTrace(true)
    static final class ChunkReserved extends Event {
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
    }

    /** An arena that grows in place made more of its reservation usable. */
    @Name("io.github.arena4j.Committed")
    @Label("Arena Memory Committed")
    @Category({"arena4j"})
    @Description("An arena that grows in place made more of its reserved address space usable")
    @StackTrace(true)
    static final class Committed extends Event {
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
    }

    /** An allocation did not fit. */
    @Name("io.github.arena4j.Exhausted")
    @Label("Arena Exhausted")
    @Category({"arena4j"})
    @Description("An allocation did not fit in a fixed arena")
    @StackTrace(true)
    static final class Exhausted extends Event {
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
    }

    /** A growable arena refused a chunk that would take it past its budget. */
    @Name("io.github.arena4j.BudgetExceeded")
    @Label("Arena Budget Exceeded")
    @Category({"arena4j"})
    @Description("A growable arena refused to reserve past its budget")
    @StackTrace(true)
    static final class BudgetExceeded extends Event {
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
    }

    /** Records that a chunk was reserved. */
    public static void chunkReserved(long chunkSize, boolean dedicated, long reserved, int chunks) {
        ChunkReserved event = new ChunkReserved();
        if (event.shouldCommit()) {
            event.chunkSize = chunkSize;
            event.dedicated = dedicated;
            event.reserved = reserved;
            event.chunks = chunks;
            event.commit();
        }
    }

    /** Records that an arena growing in place made {@code usable} bytes usable. */
    public static void committed(long usable, long committed, long reservation) {
        Committed event = new Committed();
        if (event.shouldCommit()) {
            event.usable = usable;
            event.committed = committed;
            event.reservation = reservation;
            event.commit();
        }
    }

    /** Records that an allocation did not fit in a fixed arena. */
    public static void exhausted(long size, long alignment, long used, long capacity) {
        Exhausted event = new Exhausted();
        if (event.shouldCommit()) {
            event.size = size;
            event.alignment = alignment;
            event.used = used;
            event.capacity = capacity;
            event.commit();
        }
    }

    /** Records that a chunk was refused for the budget. */
    public static void budgetExceeded(long size, long alignment, long used, long reserved, long budget) {
        BudgetExceeded event = new BudgetExceeded();
        if (event.shouldCommit()) {
            event.size = size;
            event.alignment = alignment;
            event.used = used;
            event.reserved = reserved;
            event.budget = budget;
            event.commit();
        }
    }
}
