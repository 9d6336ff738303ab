package io.github.arena4j;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The state of one property-test program: an arena (or a frame on one) of a kind from
 * {@link ArenaKinds}, and a tiny model of what a bump arena must do, which every operation is
 * checked against. The model knows the live slices and the bytes last written through each, the
 * released (stale) ones, the frames the program opened, and, on one-blob kinds, exactly where the
 * next block goes.
 *
 * <p>Every check throws {@link AssertionError} naming the kind and the numbers; {@link Shrinker}
 * then cuts the {@link Program} down to a minimal sequence of operations that still fails.
 */
final class ArenaModel implements AutoCloseable {

    static final long CAPACITY = 4096;

    /** One slice the program holds: its bytes as last written, and the depth of the frame it belongs to. */
    record Live(MemorySegment slice, byte[] bytes, int depth, Object space, String origin) {
        long end() {
            return slice.address() + slice.byteSize();
        }
    }

    /** Native memory is one address space; each heap array is another. */
    private static final Object NATIVE = new Object();

    final ArenaKinds.Kind kind;
    private final ArenaKinds.Resources resources = new ArenaKinds.Resources();
    private final ArenaKinds.Subject subject;
    private final Arena arena;
    /** Computes what the JDK's own allocator writes for the same call: the expected bytes. */
    private final java.lang.foreign.Arena reference;

    private final List<Frame> frames = new ArrayList<>();
    private final List<Long> frameUsed = new ArrayList<>();
    private final List<Frame> closedFrames = new ArrayList<>();
    private final List<Live> live = new ArrayList<>();
    private final List<Live> released = new ArrayList<>();
    private final MemorySegment closedSource;

    // The model of the pointer, on one-blob kinds: base address, capacity, bytes consumed.
    private final long base;
    private final long capacity;
    private long offset;

    // The model of the statistics.
    private long allocations;
    private long requested;
    private long consumedAndReleased;
    private long peak;
    private int operations;

    /**
     * Whether an outer frame has allocated while an inner one was open: where that block lands is
     * the frame stack's business, so from then on the model checks bounds, alignment and
     * disjointness but no longer predicts addresses, used bytes or padding.
     */
    private boolean outerFramesAllocated;
    private boolean closedArena;

    ArenaModel(ArenaKinds.Kind kind) {
        this.kind = kind;
        this.subject = kind.open(CAPACITY, resources);
        this.arena = subject.arena();
        this.reference = resources.add(java.lang.foreign.Arena.ofConfined());
        java.lang.foreign.Arena gone = java.lang.foreign.Arena.ofConfined();
        this.closedSource = gone.allocate(16, 8);
        gone.close();
        this.base = kind.oneBlob() ? arena.segment().address() : -1;
        this.capacity = arena.capacity();
        this.offset = arena.used();
        ArenaStatistics start = arena.statistics();
        this.allocations = start.allocations();
        this.requested = start.used() - Math.max(0, start.padding());
        this.peak = arena.used();
    }

    @Override
    public void close() {
        resources.close();
    }

    @Override
    public String toString() {
        return kind + " after " + operations + " operations: " + arena;
    }

    private AssertionError fail(String message) {
        return new AssertionError("[" + kind + "] " + message + " (" + arena + ")");
    }

    private void check(boolean condition, String message) {
        if (!condition) {
            throw fail(message);
        }
    }

    /**
     * {@return whether the model knows the exact address of the next block}: on one-blob kinds
     * that hand released memory out again at once. With quarantine, a frame's released memory is
     * reclaimed later, so only bounds, alignment and disjointness are checked there.
     */
    private boolean predictable() {
        return kind.oneBlob() && !kind.quarantine() && !outerFramesAllocated;
    }

    private int depth() {
        return frames.size();
    }

    /** {@return the allocator that allocates in the innermost open scope} */
    private SegmentAllocator innermost() {
        return frames.isEmpty() ? subject.allocator() : frames.getLast();
    }

    // ---- allocation ------------------------------------------------------------------------

    enum Route { INNERMOST, ARENA, OFFSET }

    /** Allocates {@code size} bytes at {@code alignment} by {@code route}, checks the slice, fills it. */
    void allocate(long size, long requestedAlignment, Route route, byte fill) {
        operations++;
        long alignment = Math.min(requestedAlignment, kind.maxAlignment());
        if (route == Route.OFFSET && !kind.oneBlob()) {
            route = Route.INNERMOST;
        }
        Route how = route;
        MemorySegment slice = claim("allocate(" + size + ", " + alignment + ") by " + how, size, alignment, null, a -> switch (how) {
            case INNERMOST -> a.allocate(size, alignment);
            case ARENA -> arena.allocate(size, alignment);
            case OFFSET -> arena.segment().asSlice(arena.allocateOffset(size, alignment), size);
        });
        if (slice != null && size > 0) {
            slice.fill(fill);
            byte[] bytes = new byte[(int) size];
            Arrays.fill(bytes, fill);
            live.set(live.size() - 1, new Live(slice, bytes, depth(), space(slice), "allocate"));
        }
    }

    /** One way to fill a new block through a {@code SegmentAllocator.allocateFrom} method. */
    record Copy(String name, ValueLayout layout, long byteSize, Function<SegmentAllocator, MemorySegment> call) {
    }

    /** {@return the allocateFrom variants a program may use, chosen by {@code which}} */
    Copy copy(int which, int length, long seed) {
        long[] longs = new long[length];
        int[] ints = new int[length];
        for (int i = 0; i < length; i++) {
            longs[i] = seed * (i + 1);
            ints[i] = (int) (seed ^ i);
        }
        ValueLayout.OfInt anInt = fit(JAVA_INT);
        ValueLayout.OfLong aLong = fit(JAVA_LONG);
        List<Charset> charsets = JdkConformanceTest.CHARSETS;
        Charset charset = charsets.get(Math.floorMod(which, charsets.size()));
        String text = "s" + seed + "\u00e9".repeat(length % 4);
        return switch (Math.floorMod(which, 7)) {
            case 0 -> new Copy("string in " + charset, JAVA_BYTE, text.getBytes(charset).length + "\0".getBytes(charset).length,
                    a -> a.allocateFrom(text, charset));
            case 1 -> new Copy("int[" + length + "]", anInt, 4L * length, a -> a.allocateFrom(anInt, ints));
            case 2 -> new Copy("long[" + length + "]", aLong, 8L * length, a -> a.allocateFrom(aLong, longs));
            case 3 -> new Copy("long " + seed, aLong, 8, a -> a.allocateFrom(aLong, seed));
            case 4 -> new Copy("double " + seed, fit(ValueLayout.JAVA_DOUBLE), 8,
                    a -> a.allocateFrom(fit(ValueLayout.JAVA_DOUBLE), (double) seed));
            case 5 -> {
                MemorySegment source = MemorySegment.ofArray(ints);
                int from = length / 2;
                yield new Copy("ints " + from + ".." + length + " of a heap segment", anInt, 4L * (length - from),
                        a -> a.allocateFrom(anInt, source, JAVA_INT, 4L * from, length - from));
            }
            default -> {
                // Copies from a live slice of this very arena, as programs do.
                Live from = live.stream().filter(l -> l.slice().byteSize() > 0).reduce((x, y) -> y).orElse(null);
                if (from == null) {
                    yield new Copy("empty byte[]", JAVA_BYTE, 0, a -> a.allocateFrom(JAVA_BYTE, new byte[0]));
                }
                long n = Math.min(from.slice().byteSize(), 1 + length);
                yield new Copy("bytes of a live slice", JAVA_BYTE, n,
                        a -> a.allocateFrom(JAVA_BYTE, from.slice(), JAVA_BYTE, 0, n));
            }
        };
    }

    /** Fills a new block through {@code SegmentAllocator.allocateFrom}; the JDK's arena says what the bytes must be. */
    void allocateFrom(int which, int length, long seed) {
        operations++;
        Copy copy = copy(which, length, seed);
        byte[] expected = copy.call().apply(reference).toArray(JAVA_BYTE);
        check(expected.length == copy.byteSize(), "model: " + copy.name() + " is " + expected.length + " bytes");
        MemorySegment slice = claim("allocateFrom(" + copy.name() + ")", copy.byteSize(), copy.layout().byteAlignment(),
                expected, copy.call());
        if (slice != null) {
            check(slice.mismatch(MemorySegment.ofArray(expected)) == -1, "allocateFrom(" + copy.name() + ") wrote other bytes");
        }
    }

    /**
     * Runs {@code call} on the innermost allocator and checks the block against the model: size,
     * alignment, bounds, the exact address on one-blob kinds, no overlap with a live slice, zeros
     * on zeroing kinds (unless {@code contents} says what was written); or, where the model says
     * it cannot fit, {@link ArenaExhaustedException} and nothing changed. {@return the slice, or
     * {@code null} if it was refused}
     */
    private MemorySegment claim(String what, long size, long alignment, byte[] contents,
                                Function<SegmentAllocator, MemorySegment> call) {
        long expectedAddress = -1;
        boolean fits = true;
        boolean mayNotFit = false;
        Snapshot before = snapshot();
        if (predictable()) {
            long padding = -(base + offset) & (alignment - 1);
            fits = size <= capacity - offset - padding;
            expectedAddress = base + offset + padding;
        } else if (kind.oneBlob()) {
            // Quarantine: where the block lands depends on what is reclaimed; remaining() bounds it.
            fits = size <= before.remaining() - (alignment - 1);
            mayNotFit = size <= before.remaining();
        }
        MemorySegment slice;
        try {
            slice = call.apply(innermost());
        } catch (ArenaExhaustedException e) {
            check(!fits || !kind.oneBlob() && kind.budgeted(), what + " was refused, but the model says it fits: " + e
                    + " (remaining was " + before.remaining() + ")");
            check(e.requestedSize() == size && e.requestedAlignment() == alignment, what + ": exception numbers " + e);
            if (!kind.budgeted()) {
                check(!e.getMessage().contains("budget="), what + ": no budget was set, but " + e.getMessage());
            }
            unchanged(before, what);
            return null;
        }
        check(fits || mayNotFit, what + " succeeded, but the model says it does not fit (remaining was "
                + before.remaining() + ")");
        check(slice.byteSize() == size, what + ": size " + slice.byteSize());
        check(slice.address() % alignment == 0, what + ": address " + slice.address() + " not aligned");
        check(slice.isNative() == kind.nativeSlices(), what + ": native=" + slice.isNative());
        if (predictable()) {
            check(slice.address() == expectedAddress, what + ": address " + slice.address() + ", model " + expectedAddress
                    + " (base " + base + " offset " + offset + ")");
            offset = expectedAddress + size - base;
        } else if (kind.oneBlob()) {
            long grew = arena.used() - before.used();
            check(grew >= size && grew <= size + alignment - 1, what + ": used grew by " + grew);
            offset = arena.used();
        }
        if (kind.oneBlob()) {
            // an arena that grows in place keeps its address and extends its end
            check(slice.address() >= base && slice.address() + size <= base + Math.max(capacity, arena.capacity()),
                    what + ": outside the blob");
        }
        if (contents == null && kind.zeroing() && size > 0) {
            check(slice.mismatch(MemorySegment.ofArray(new byte[(int) size])) == -1, what + ": not zeroed");
        }
        if (size > 0) {
            for (Live other : live) {
                if (other.space() == space(slice) && other.slice().byteSize() > 0
                        && slice.address() < other.end() && other.slice().address() < slice.address() + size) {
                    throw fail(what + " at " + slice.address() + ".." + (slice.address() + size) + " overlaps a live "
                            + other.origin() + " at " + other.slice().address() + ".." + other.end());
                }
            }
        }
        if (allocations != ArenaStatistics.NOT_COUNTED) {
            allocations++;
        }
        requested += size;
        byte[] bytes = contents != null ? contents.clone() : size == 0 || !kind.zeroing() ? null : new byte[(int) size];
        if (bytes == null && size > 0) {
            bytes = slice.toArray(JAVA_BYTE); // uninitialized: whatever is there now is what it holds
        }
        live.add(new Live(slice, bytes == null ? new byte[0] : bytes, depth(), space(slice), what));
        peak = Math.max(peak, arena.used());
        return slice;
    }

    private static Object space(MemorySegment slice) {
        return slice.heapBase().orElse(NATIVE);
    }

    @SuppressWarnings("unchecked")
    private <L extends ValueLayout> L fit(L layout) {
        return layout.byteAlignment() <= kind.maxAlignment() ? layout : (L) layout.withByteAlignment(1);
    }

    // ---- writes and reads ------------------------------------------------------------------

    /** Writes {@code fill} through the {@code index}-th live slice, at a place {@code at} picks. */
    void write(int index, int at, int length, byte fill) {
        operations++;
        List<Live> writable = live.stream().filter(l -> l.slice().byteSize() > 0).toList();
        if (writable.isEmpty()) {
            return;
        }
        Live target = writable.get(Math.floorMod(index, writable.size()));
        int size = (int) target.slice().byteSize();
        int from = Math.floorMod(at, size);
        int n = Math.min(size - from, 1 + Math.floorMod(length, 64));
        target.slice().asSlice(from, n).fill(fill);
        Arrays.fill(target.bytes(), from, from + n, fill);
    }

    /** Every live slice still holds the bytes last written through it. */
    void verifyLive() {
        for (Live l : live) {
            if (l.slice().byteSize() > 0 && l.slice().mismatch(MemorySegment.ofArray(l.bytes())) != -1) {
                throw fail("live " + l.origin() + " at " + l.slice().address() + " lost its contents at byte "
                        + l.slice().mismatch(MemorySegment.ofArray(l.bytes())));
            }
        }
    }

    /**
     * A released slice, on a kind with stale-slice checks, either throws
     * {@link IllegalStateException} or still reads exactly what was last written through it,
     * never a newer slice's bytes. Kinds without checks promise nothing.
     */
    void readStale(int index) {
        operations++;
        if (!kind.staleChecks()) {
            return;
        }
        List<Live> readable = released.stream().filter(l -> l.slice().byteSize() > 0).toList();
        if (readable.isEmpty()) {
            return;
        }
        Live stale = readable.get(Math.floorMod(index, readable.size()));
        byte[] now;
        try {
            now = stale.slice().toArray(JAVA_BYTE);
        } catch (IllegalStateException e) {
            return;
        }
        check(Arrays.equals(now, stale.bytes()), "a stale " + stale.origin() + " at " + stale.slice().address()
                + " reads bytes it was not given: aliased by a newer slice");
    }

    /**
     * Copies a released slice into a new block. Where released memory is quarantined the source
     * may still be readable: then the copy holds exactly its old bytes; or it is not, and the call
     * throws {@link IllegalStateException} and changes nothing (the copy must not reclaim the very
     * memory it reads). Where stale slices throw at once it always throws; unchecked kinds alias,
     * so they are skipped.
     */
    void copyFromReleased(int index) {
        operations++;
        if (!kind.staleChecks()) {
            return;
        }
        List<Live> sources = released.stream().filter(l -> l.slice().byteSize() > 0).toList();
        if (sources.isEmpty()) {
            return;
        }
        Live stale = sources.get(Math.floorMod(index, sources.size()));
        long size = stale.slice().byteSize();
        String what = "allocateFrom(a released " + stale.origin() + ")";
        if (stale.slice().scope().isAlive()) {
            Snapshot before = snapshot();
            MemorySegment copied;
            try {
                copied = claim(what, size, 1, stale.bytes(), a -> a.allocateFrom(JAVA_BYTE, stale.slice(), JAVA_BYTE, 0, size));
            } catch (IllegalStateException refused) {
                unchanged(before, what + " refused");
                return;
            }
            if (copied == null) {
                return; // exhausted: claim checked that nothing changed
            }
            Live copy = live.getLast();
            check(copy.slice().mismatch(MemorySegment.ofArray(stale.bytes())) == -1, what + " copied other bytes");
        } else {
            Snapshot before = snapshot();
            try {
                innermost().allocateFrom(JAVA_BYTE, stale.slice(), JAVA_BYTE, 0, size);
            } catch (IllegalStateException expected) {
                unchanged(before, what);
                return;
            }
            throw fail(what + " copied from a dead slice");
        }
    }

    // ---- frames and reset ------------------------------------------------------------------

    void openFrame() {
        operations++;
        if (!kind.hasFrames()) {
            return;
        }
        Frame frame = resources.add(arena.frame());
        frames.add(frame);
        frameUsed.add(arena.used());
        check(frame.isOpen(), "a new frame is open");
    }

    void closeFrame() {
        operations++;
        if (frames.isEmpty()) {
            return;
        }
        long usedBefore = arena.used();
        Frame frame = frames.removeLast();
        long mark = frameUsed.removeLast();
        frame.close();
        closedFrames.add(frame);
        check(!frame.isOpen(), "a closed frame is not open");
        if (!outerFramesAllocated) {
            check(arena.used() == mark, "closing a frame rewinds to " + mark + ", not " + arena.used());
        }
        consumedAndReleased += usedBefore - arena.used();
        offset = kind.oneBlob() ? arena.used() : offset;
        release(l -> l.depth() > frames.size());
        verifyLive();
    }

    /** Closing a frame that is not the innermost throws and changes nothing. */
    void closeOuterFrame(int index) {
        operations++;
        if (frames.size() < 2) {
            return;
        }
        Frame outer = frames.get(Math.floorMod(index, frames.size() - 1));
        Snapshot before = snapshot();
        try {
            outer.close();
        } catch (IllegalStateException expected) {
            check(outer.isOpen(), "a refused close leaves the frame open");
            unchanged(before, "closing an outer frame");
            return;
        }
        throw fail("closing frame at depth " + outer.depth() + " while " + frames.size() + " are open succeeded");
    }

    /**
     * {@return whether a frame refuses to allocate while a frame opened after it is still open}
     * The one place that states this rule: flip it when outer frames may allocate, and
     * {@link #allocateThroughOuterFrame} checks the new behaviour instead.
     */
    static boolean outerFramesRefuseWhileInnerOpen() {
        return false;
    }

    /**
     * Allocates {@code size} bytes through an open frame that is not the innermost (the subject's
     * own frame counts, on frame kinds). Refused: {@link IllegalStateException} and nothing
     * changed. Allowed: a block in bounds, aligned, overlapping no live slice, that lives until
     * that outer frame closes.
     */
    void allocateThroughOuterFrame(int index, long size) {
        operations++;
        List<Frame> outer = new ArrayList<>();
        if (kind.frame()) {
            outer.add(subject.frame());
        }
        outer.addAll(frames);
        if (!outer.isEmpty()) {
            outer.removeLast();
        }
        if (outer.isEmpty()) {
            return;
        }
        int which = Math.floorMod(index, outer.size());
        Frame frame = outer.get(which);
        String what = "allocate(" + size + ", 1) through the frame at depth " + frame.depth() + " of " + depth();
        Snapshot before = snapshot();
        if (outerFramesRefuseWhileInnerOpen()) {
            try {
                frame.allocate(size, 1);
            } catch (IllegalStateException expected) {
                unchanged(before, what);
                return;
            }
            throw fail(what + " succeeded while an inner frame is open");
        }
        long remaining = arena.remaining();
        MemorySegment slice;
        try {
            slice = frame.allocate(size, 1);
        } catch (ArenaExhaustedException exhausted) {
            check(size > remaining, what + " was refused though " + remaining + " bytes remained: " + exhausted);
            unchanged(before, what);
            return;
        }
        outerFramesAllocated = true;
        check(slice.byteSize() == size, what + ": size " + slice.byteSize());
        for (Live other : live) {
            if (other.space() == space(slice) && other.slice().byteSize() > 0 && size > 0
                    && slice.address() < other.end() && other.slice().address() < slice.address() + size) {
                throw fail(what + " overlaps a live " + other.origin());
            }
        }
        if (allocations != ArenaStatistics.NOT_COUNTED) {
            allocations++;
        }
        requested += size;
        offset = arena.used();
        // it lives as long as its frame: depth 0 is the arena itself, 1 the first frame the program opened
        int owner = kind.frame() ? which : which + 1;
        live.add(new Live(slice, slice.toArray(JAVA_BYTE), owner, space(slice), what));
        peak = Math.max(peak, arena.used());
    }

    /**
     * Closes the arena, which ends the program: the arena and every frame report closed,
     * allocating through either throws {@link IllegalStateException}, so do reset and a second
     * close, and a live slice either throws when read (the arena owned its memory) or still holds
     * its bytes.
     */
    void closeArena() {
        operations++;
        arena.close();
        check(!arena.isOpen(), "a closed arena is not open");
        List<Frame> ended = new ArrayList<>(frames);
        if (kind.frame()) {
            ended.add(subject.frame());
        }
        for (Frame frame : ended) {
            check(!frame.isOpen(), "closing the arena ends the frame at depth " + frame.depth());
        }
        arena.close(); // closing twice does nothing
        expectClosed("allocate after close", () -> arena.allocate(8, 1));
        expectClosed("allocate through a frame after close", () -> innermost().allocate(8, 1));
        expectClosed("reset after close", arena::reset);
        for (Live l : live) {
            if (l.slice().byteSize() == 0) {
                continue;
            }
            byte[] now;
            try {
                now = l.slice().toArray(JAVA_BYTE);
            } catch (IllegalStateException gone) {
                continue;
            }
            check(Arrays.equals(now, l.bytes()), "a " + l.origin() + " reads other bytes after close");
        }
        closedArena = true;
    }

    private void expectClosed(String what, Runnable call) {
        try {
            call.run();
        } catch (IllegalStateException expected) {
            return;
        }
        throw fail(what + " did not throw IllegalStateException");
    }

    /** {@return whether {@link #closeArena} ended the program} */
    boolean isClosed() {
        return closedArena;
    }

    void reset() {
        operations++;
        Snapshot before = snapshot();
        if (!frames.isEmpty() || kind.frame()) {
            try {
                arena.reset();
            } catch (IllegalStateException expected) {
                unchanged(before, "reset with open frames");
                return;
            }
            throw fail("reset with open frames succeeded");
        }
        long usedBefore = arena.used();
        arena.reset();
        check(arena.used() == 0, "reset leaves used=" + arena.used());
        consumedAndReleased += usedBefore;
        offset = 0;
        release(l -> true);
    }

    private void release(java.util.function.Predicate<Live> which) {
        for (var it = live.iterator(); it.hasNext(); ) {
            Live l = it.next();
            if (which.test(l)) {
                it.remove();
                released.add(l);
            }
        }
        while (released.size() > 64) {
            released.removeFirst();
        }
    }

    // ---- bad input -------------------------------------------------------------------------

    /** One call that must fail, and the exception type it must fail with. */
    record Bad(String name, Class<? extends Throwable> type, Function<SegmentAllocator, ?> call) {
    }

    /**
     * The names of every bad call a program may make. Programs pick one by its index here, so
     * committed fuzz inputs keep their meaning only if new names go at the end.
     */
    static final List<String> BAD_CALLS = List.of("negative size", "zero alignment", "alignment 3", "alignment -8",
            "negative count", "count that overflows", "alignment beyond the heap's", "negative offset size", "exhaustion",
            "impossible size", "allocateFrom: layout sizes differ", "allocateFrom: misaligned source offset",
            "allocateFrom: index out of range", "allocateFrom: negative index", "allocateFrom: closed source",
            "allocateFrom: address of a heap segment", "allocateFrom: stale source",
            "allocate through a closed frame");

    /** {@return the bad calls that apply now} */
    List<Bad> badCalls() {
        List<Bad> bad = new ArrayList<>();
        bad.add(new Bad("negative size", IllegalArgumentException.class, a -> a.allocate(-1, 1)));
        bad.add(new Bad("zero alignment", IllegalArgumentException.class, a -> a.allocate(8, 0)));
        bad.add(new Bad("alignment 3", IllegalArgumentException.class, a -> a.allocate(8, 3)));
        bad.add(new Bad("alignment -8", IllegalArgumentException.class, a -> a.allocate(8, -8)));
        bad.add(new Bad("negative count", IllegalArgumentException.class, a -> a.allocate(JAVA_BYTE, -1)));
        bad.add(new Bad("count that overflows", IllegalArgumentException.class,
                a -> a.allocate(JAVA_LONG, Long.MAX_VALUE)));
        if (kind.maxAlignment() < ArenaKinds.ANY_ALIGNMENT) {
            bad.add(new Bad("alignment beyond the heap's", IllegalArgumentException.class,
                    a -> a.allocate(8, kind.maxAlignment() * 2)));
        }
        if (kind.oneBlob()) {
            bad.add(new Bad("negative offset size", IllegalArgumentException.class, a -> arena.allocateOffset(-5, 1)));
        }
        if (!kind.growable() || kind.budgeted()) {
            long tooMuch = kind.budgeted() ? ArenaKinds.budgetFor(CAPACITY + ArenaKinds.FRAME_PREFIX) + 1 : capacity + 1;
            bad.add(new Bad("exhaustion", ArenaExhaustedException.class, a -> a.allocate(tooMuch, 1)));
        }
        bad.add(new Bad("impossible size", ArenaExhaustedException.class,
                a -> a.allocate(Long.MAX_VALUE - 100, 1)));
        MemorySegment src = MemorySegment.ofArray(new long[2]);
        ValueLayout.OfInt into = fit(JAVA_INT);
        bad.add(new Bad("allocateFrom: layout sizes differ", IllegalArgumentException.class,
                a -> a.allocateFrom(into, src, JAVA_BYTE, 0, 1)));
        bad.add(new Bad("allocateFrom: misaligned source offset", IllegalArgumentException.class,
                a -> a.allocateFrom(into, src, JAVA_INT, 1, 1)));
        bad.add(new Bad("allocateFrom: index out of range", IndexOutOfBoundsException.class,
                a -> a.allocateFrom(into, src, JAVA_INT.withByteAlignment(1), 16, 1)));
        bad.add(new Bad("allocateFrom: negative index", IndexOutOfBoundsException.class,
                a -> a.allocateFrom(into, src, JAVA_INT.withByteAlignment(1), -4, 1)));
        bad.add(new Bad("allocateFrom: closed source", IllegalStateException.class,
                a -> a.allocateFrom(into, closedSource, JAVA_INT, 0, 1)));
        bad.add(new Bad("allocateFrom: address of a heap segment", IllegalArgumentException.class,
                a -> a.allocateFrom(ADDRESS, src)));
        if (kind.staleChecks()) {
            released.stream().filter(l -> l.slice().byteSize() >= 4 && !l.slice().scope().isAlive()).findFirst()
                    .ifPresent(stale -> bad.add(new Bad("allocateFrom: stale source", IllegalStateException.class,
                            a -> a.allocateFrom(JAVA_BYTE, stale.slice(), JAVA_BYTE, 0, 4))));
        }
        if (!closedFrames.isEmpty()) {
            Frame closed = closedFrames.getLast();
            bad.add(new Bad("allocate through a closed frame", IllegalStateException.class, a -> closed.allocate(8, 1)));
        }
        return bad;
    }

    /**
     * Makes the bad call named {@code name} if it applies in the current state (a program shrinks
     * better when an operation means the same whatever precedes it); it must throw its exception
     * and change nothing.
     */
    void badCall(String name) {
        operations++;
        Bad call = badCalls().stream().filter(b -> b.name().equals(name)).findFirst().orElse(null);
        if (call == null) {
            return;
        }
        Snapshot before = snapshot();
        Throwable thrown = null;
        try {
            call.call().apply(innermost());
        } catch (Throwable t) {
            thrown = t;
        }
        if (thrown == null || !call.type().isInstance(thrown)) {
            AssertionError error = fail(call.name() + " should throw " + call.type().getSimpleName() + ", threw " + thrown);
            if (thrown != null) {
                error.initCause(thrown);
            }
            throw error;
        }
        unchanged(before, call.name());
    }

    // ---- what must not change, and the invariants ------------------------------------------

    record Snapshot(long used, long remaining, long capacity, ArenaStatistics statistics) {
    }

    private Snapshot snapshot() {
        return new Snapshot(arena.used(), arena.remaining(), arena.capacity(), arena.statistics());
    }

    private void unchanged(Snapshot before, String what) {
        Snapshot after = snapshot();
        check(after.equals(before), what + " changed the arena: before " + before + ", after " + after);
    }

    /** Checked after every operation. */
    void invariants() {
        long used = arena.used();
        check(arena.isOpen(), "open");
        if (kind.oneBlob()) {
            check(used == offset, "used " + used + ", model " + offset);
            check(arena.capacity() == capacity, "capacity " + arena.capacity());
        }
        if (predictable()) {
            check(arena.remaining() == capacity - offset, "remaining " + arena.remaining() + ", model " + (capacity - offset));
        }
        ArenaStatistics stats = arena.statistics();
        check(stats.used() == used, "statistics used " + stats.used() + " vs " + used);
        check(stats.reserved() == arena.capacity(), "statistics reserved " + stats.reserved() + " vs capacity " + arena.capacity());
        if (kind.budgeted()) {
            long budget = kind.boundedAtCapacity() ? CAPACITY + kind.framePrefixUsed()
                    : ArenaKinds.budgetFor(CAPACITY + kind.framePrefixUsed());
            check(stats.reserved() <= budget, "reserved " + stats.reserved() + " beyond the budget " + budget);
        }
        if (kind.shared()) {
            return; // counts only used and reserved; its peak is SharedArenaTest's
        }
        // NOT_COUNTED from the start stays so: the model counts only what the arena counts
        check(stats.allocations() == allocations, "statistics allocations " + stats.allocations() + ", model " + allocations);
        check(stats.peak() >= Math.max(peak, used), "statistics peak " + stats.peak() + " below " + Math.max(peak, used));
        check(stats.padding() >= 0, "negative padding " + stats.padding());
        check(outerFramesAllocated || stats.padding() == consumedAndReleased + used - requested,
                "padding " + stats.padding() + ", model " + (consumedAndReleased + used - requested));
        long liveBytes = live.stream().mapToLong(l -> l.slice().byteSize()).sum();
        check(used >= liveBytes, "used " + used + " below the live slices' " + liveBytes);
    }
}
