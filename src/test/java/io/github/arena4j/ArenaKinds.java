package io.github.arena4j;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The one catalogue of arena kinds the tests run against. The contract suites, the JDK
 * conformance tests and the property tests all take their kinds from here, so a new kind gets
 * every test by adding one entry to {@link #ARENAS}; frames of every confined kind are derived
 * from it.
 *
 * <p>Each kind states its facts, which the tests read instead of testing {@code instanceof} or
 * names: the largest alignment it accepts, whether stale slices are detected, whether it is
 * shared, growable or budgeted, and whether it is exhausted exactly at the capacity asked for.
 * What the API lets one ask ({@link Arena#hasFrames()}, {@link Arena#hasOffsets()},
 * {@link Arena#isNative()}) the catalogue does not state: it asks an arena of the kind, once,
 * and the contract suites check the answers against behaviour.
 */
final class ArenaKinds {

    /** Native blobs take any alignment that fits. */
    static final long ANY_ALIGNMENT = 1L << 62;

    /** Chunk sizes of the growable kinds with tiny chunks: growth, chunk changes and dedicated chunks happen often. */
    static final long TINY_FIRST_CHUNK = 64;
    static final long TINY_MAX_CHUNK = 256;

    /** Bytes a frame kind allocates through its arena before it opens the frame: the frame's mark is not 0. */
    static final long FRAME_PREFIX = 13;

    private ArenaKinds() {
    }

    /** Closes what a kind made, last made first closed; {@code close()} is idempotent per item. */
    static final class Resources implements AutoCloseable {
        private final List<AutoCloseable> items = new ArrayList<>();

        <T extends AutoCloseable> T add(T item) {
            items.add(item);
            return item;
        }

        @Override
        public void close() {
            RuntimeException first = null;
            for (AutoCloseable item : items.reversed()) {
                try {
                    // Frames and JDK arenas throw when closed twice; a test may have closed them.
                    if (item instanceof Frame frame && !frame.isOpen()
                            || item instanceof java.lang.foreign.Arena jdk && !jdk.scope().isAlive()) {
                        continue;
                    }
                    item.close();
                } catch (Exception e) {
                    if (first == null) {
                        first = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                    }
                }
            }
            items.clear();
            if (first != null) {
                throw first;
            }
        }
    }

    @FunctionalInterface
    interface Factory {
        /** {@return a new, empty arena for a request of {@code capacity} bytes}, registering what must be closed */
        Arena make(long capacity, Resources resources);
    }

    /**
     * What a test allocates through and what it observes: for an arena kind both are the arena;
     * for a frame kind, {@code allocator} is a {@link Frame} open on {@code arena}.
     */
    record Subject(Kind kind, Arena arena, SegmentAllocator allocator, Frame frame) {
        /** {@return bytes the subject has consumed: the arena's used() less what it held before the frame} */
        long used() {
            return arena.used() - (frame == null ? 0 : kind.framePrefixUsed());
        }

        /** {@return everything a failed call must leave as it was} */
        Snapshot snapshot() {
            long next = kind.oneBlob() ? arena.segment().address() + arena.used() : -1;
            return new Snapshot(arena.used(), arena.remaining(), arena.capacity(), arena.statistics(), next);
        }

        /**
         * Fails unless the arena is exactly as {@code before} saw it, and the next one-byte
         * allocation lands where it would have landed (on one-blob kinds, where the model knows).
         * The probe allocation is then part of the arena's state.
         */
        void assertUnchanged(Snapshot before, String what) {
            Snapshot now = new Snapshot(arena.used(), arena.remaining(), arena.capacity(), arena.statistics(),
                    before.nextAddress());
            if (!now.equals(before)) {
                throw new AssertionError(what + " changed the " + kind + " arena: before " + before + ", after " + now);
            }
            if (before.nextAddress() >= 0) {
                long address = allocator.allocate(1, 1).address();
                if (address != before.nextAddress()) {
                    throw new AssertionError(what + " moved the " + kind + " arena's pointer: next slice at "
                            + address + ", expected " + before.nextAddress());
                }
            }
        }
    }

    /** What a failed call must not change. */
    record Snapshot(long used, long remaining, long capacity, ArenaStatistics statistics, long nextAddress) {
    }

    /**
     * One arena kind and its facts.
     *
     * @param name how reports name it
     * @param maxAlignment the largest alignment {@code allocate} accepts (a larger power of two is
     *        {@link IllegalArgumentException}; on native kinds a huge one is exhaustion instead)
     * @param checks how released slices are protected: {@code ON_REUSE} quarantines released memory,
     *        so a stale slice reads its own old bytes until the memory is reused, then throws;
     *        {@code ON_RELEASE} throws at once; {@code NONE} aliases
     * @param shared whether any thread may allocate
     * @param growable whether a full chunk chains another instead of failing
     * @param budgeted whether a growable kind has a budget
     * @param boundedAtCapacity whether the arena is exhausted exactly when the capacity asked for
     *        is used up (fixed kinds, and growable kinds whose budget is their first chunk)
     * @param zeroing whether new slices read as zeros
     * @param frame whether allocation goes through a {@link Frame} opened on the arena
     * @param factory makes the arena
     * @param asked what an arena of the kind answers to the API's capability queries
     */
    record Kind(String name, long maxAlignment, StaleSliceChecks checks, boolean shared,
                boolean growable, boolean budgeted, boolean boundedAtCapacity, boolean zeroing,
                boolean frame, Factory factory, Capabilities asked) {

        Kind(String name, long maxAlignment, StaleSliceChecks checks, boolean shared, boolean growable,
             boolean budgeted, boolean boundedAtCapacity, boolean zeroing, Factory factory) {
            this(name, maxAlignment, checks, shared, growable, budgeted, boundedAtCapacity, zeroing, false, factory,
                    Capabilities.ask(factory));
        }

        boolean confined() {
            return !shared;
        }

        /** {@return whether {@code allocateOffset} and {@code segment()} work}, as {@link Arena#hasOffsets()} says */
        boolean oneBlob() {
            return asked.offsets();
        }

        /** {@return whether slices are native segments}, as {@link Arena#isNative()} says */
        boolean nativeSlices() {
            return asked.nativeSlices();
        }

        /** {@return whether the arena opens frames}, as {@link Arena#hasFrames()} says */
        boolean hasFrames() {
            return asked.frames();
        }

        /** {@return whether a stale slice throws instead of aliasing newer data} */
        boolean staleChecks() {
            return checks != StaleSliceChecks.NONE;
        }

        /**
         * {@return whether released memory is quarantined, so that addresses after a frame close are
         * not a stack's}: to share scopes among sibling frames ({@code ON_REUSE}), or to clear
         * released memory in batches (zeroing).
         */
        boolean quarantine() {
            return !shared && (checks == StaleSliceChecks.ON_REUSE || zeroing);
        }

        /** {@return the capacity a new arena of this kind reports for a request of {@code requested} bytes} */
        long initialCapacity(long requested) {
            return growable && !boundedAtCapacity ? Math.min(requested, TINY_FIRST_CHUNK) : requested;
        }

        /** {@return what the arena had used before a frame kind opened its frame} */
        long framePrefixUsed() {
            return frame ? FRAME_PREFIX : 0;
        }

        /** {@return the exception message of running out at the capacity asked for} */
        String exhaustedMessage(Arena arena, long size, long alignment, long used, long capacity) {
            String numbers = "size=" + size + " alignment=" + alignment + " used=" + used + " capacity=" + capacity;
            return (growable ? "Arena budget exceeded: " + numbers + " budget=" + capacity : "Arena exhausted: " + numbers)
                    + " arena=" + arena.name();
        }

        /** {@return a new arena of this kind} Frame kinds return the arena their frame will be opened on. */
        Arena newArena(long capacity, Resources resources) {
            return factory.make(capacity, resources);
        }

        /**
         * {@return a new subject}: the arena, and for a frame kind a frame opened on it after
         * {@value #FRAME_PREFIX} bytes allocated outside it. Both are closed with {@code resources}.
         */
        Subject open(long capacity, Resources resources) {
            if (!frame) {
                Arena arena = resources.add(factory.make(capacity, resources));
                return new Subject(this, arena, arena, null);
            }
            Arena arena = resources.add(factory.make(capacity + FRAME_PREFIX, resources));
            arena.allocate(FRAME_PREFIX, 1);
            Frame opened = resources.add(arena.frame());
            return new Subject(this, arena, opened, opened);
        }

        /** {@return the frame kind of this confined kind} */
        Kind framed() {
            if (!hasFrames() || frame) {
                throw new IllegalStateException(name + " has no frames");
            }
            return new Kind("frame of " + name, maxAlignment, checks, shared, growable, budgeted,
                    boundedAtCapacity, zeroing, true, factory, asked);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static final StaleSliceChecks NONE = StaleSliceChecks.NONE;
    private static final StaleSliceChecks ON_REUSE = StaleSliceChecks.ON_REUSE;

    /** What an arena answers to {@link Arena#hasFrames()}, {@link Arena#hasOffsets()} and {@link Arena#isNative()}. */
    record Capabilities(boolean frames, boolean offsets, boolean nativeSlices) {
        /** {@return the answers of a small arena made by {@code factory}}, closed again at once */
        static Capabilities ask(Factory factory) {
            try (Resources resources = new Resources()) {
                Arena arena = resources.add(factory.make(64, resources));
                return new Capabilities(arena.hasFrames(), arena.hasOffsets(), arena.isNative());
            }
        }
    }

    private static Kind fixed(String name, long maxAlignment, StaleSliceChecks checks, boolean zeroing,
                              Factory factory) {
        return new Kind(name, maxAlignment, checks, false, false, false, true, zeroing, factory);
    }

    private static Kind growable(String name, long maxAlignment, StaleSliceChecks checks, boolean budgeted,
                                 boolean boundedAtCapacity, Factory factory) {
        return new Kind(name, maxAlignment, checks, false, true, budgeted, boundedAtCapacity, true, factory);
    }

    /** Garbage an arena over a caller's blob must clear before handing out slices. */
    private static MemorySegment dirty(MemorySegment blob) {
        blob.fill((byte) 0xEE);
        return blob;
    }

    /**
     * Every arena kind; frames are derived from the confined ones in {@link #ALL}. Some count
     * their allocations and some do not, so that the statistics are checked both ways.
     */
    static final List<Kind> ARENAS = List.of(
            fixed("native", ANY_ALIGNMENT, ON_REUSE, true, (capacity, r) -> Arena.ofNative(capacity)),
            fixed("native checked on release", ANY_ALIGNMENT, StaleSliceChecks.ON_RELEASE, true,
                    (capacity, r) -> Arena.builder().nativeMemory(capacity).staleSliceChecks(StaleSliceChecks.ON_RELEASE).countAllocations(true).build()),
            fixed("native unchecked", ANY_ALIGNMENT, NONE, true,
                    (capacity, r) -> Arena.builder().nativeMemory(capacity).staleSliceChecks(StaleSliceChecks.NONE).build()),
            fixed("native non-zeroing", ANY_ALIGNMENT, ON_REUSE, false,
                    (capacity, r) -> Arena.builder().nativeMemory(capacity).zeroing(false).countAllocations(true).build()),
            fixed("heap", 8, NONE, true, (capacity, r) -> Arena.ofHeap(capacity)),
            fixed("heap non-zeroing", 8, NONE, false,
                    (capacity, r) -> Arena.builder().heap(capacity).zeroing(false).countAllocations(true).build()),
            fixed("wrapped native", ANY_ALIGNMENT, NONE, true, (capacity, r) -> {
                java.lang.foreign.Arena owner = r.add(java.lang.foreign.Arena.ofConfined());
                return Arena.wrap(dirty(owner.allocate(capacity, 8)));
            }),
            fixed("wrapped heap long[]", 8, NONE, true, (capacity, r) -> {
                long[] words = new long[(int) ((capacity + 7) / 8)];
                Arrays.fill(words, -1L);
                return Arena.wrap(MemorySegment.ofArray(words).asSlice(0, capacity));
            }),
            fixed("wrapped heap byte[]", 1, NONE, true,
                    (capacity, r) -> Arena.wrap(dirty(MemorySegment.ofArray(new byte[(int) capacity])))),
            // Starts 3 bytes into a 16-aligned block: alignment must follow absolute addresses.
            fixed("wrapped odd-address slice", ANY_ALIGNMENT, NONE, true, (capacity, r) -> {
                java.lang.foreign.Arena owner = r.add(java.lang.foreign.Arena.ofConfined());
                return Arena.wrap(dirty(owner.allocate(capacity + 16, 16).asSlice(3, capacity)));
            }),
            // Arenas nest: a slice of another arena, one byte off its start.
            fixed("slice of another arena", ANY_ALIGNMENT, NONE, true, (capacity, r) -> {
                Arena outer = r.add(Arena.ofNative(capacity + 1));
                outer.allocate(1, 1);
                return Arena.wrap(outer.allocate(capacity, 1));
            }),
            growable("growable native tiny chunks", ANY_ALIGNMENT, ON_REUSE, false, false,
                    (capacity, r) -> Arena.builder().nativeMemory(Math.min(capacity, TINY_FIRST_CHUNK))
                            .growth(Growth.chunked(2.0, TINY_MAX_CHUNK)).countAllocations(true).build()),
            growable("growable native tiny chunks budget", ANY_ALIGNMENT, ON_REUSE, true, false,
                    (capacity, r) -> Arena.builder().nativeMemory(Math.min(capacity, TINY_FIRST_CHUNK))
                            .growth(Growth.chunked(2.0, TINY_MAX_CHUNK)).budget(budgetFor(capacity)).build()),
            growable("growable heap tiny chunks", 8, NONE, false, false,
                    (capacity, r) -> Arena.builder().heap(Math.min(capacity, TINY_FIRST_CHUNK))
                            .growth(Growth.chunked(1.5, TINY_MAX_CHUNK)).build()),
            growable("growable heap tiny chunks budget", 8, NONE, true, false,
                    (capacity, r) -> Arena.builder().heap(Math.min(capacity, TINY_FIRST_CHUNK))
                            .growth(Growth.chunked(1.5, TINY_MAX_CHUNK)).budget(budgetFor(capacity)).countAllocations(true).build()),
            // A budget equal to the first chunk: the growth machinery behind a fixed arena's contract.
            growable("growable native at budget", ANY_ALIGNMENT, ON_REUSE, true, true,
                    (capacity, r) -> Arena.builder().nativeMemory(capacity).growth(Growth.chunked()).budget(capacity).build()),
            growable("growable heap at budget", 8, NONE, true, true,
                    (capacity, r) -> Arena.builder().heap(capacity).growth(Growth.chunked()).budget(capacity).build()),
            // Growth in place: one blob at one address, so offsets and segment() work as it grows.
            new Kind("growing in place at budget", ANY_ALIGNMENT, ON_REUSE, false, true, true, true, true,
                    (capacity, r) -> Arena.builder().nativeMemory(capacity).growth(Growth.inPlace()).budget(capacity).build()),
            new Kind("growing in place at budget unchecked", ANY_ALIGNMENT, NONE, false, true, true, true, true,
                    (capacity, r) -> Arena.builder().nativeMemory(capacity).growth(Growth.inPlace()).budget(capacity)
                            .staleSliceChecks(StaleSliceChecks.NONE).countAllocations(true).build()),
            new Kind("shared", ANY_ALIGNMENT, NONE, true, false, false, true, true,
                    (capacity, r) -> Arena.ofShared(capacity)));

    /** The budget of the budgeted tiny-chunk kinds: room for the capacity asked for, in small chunks. */
    static long budgetFor(long capacity) {
        return Math.max(4 * capacity, 1024);
    }

    /** Every arena kind, then a frame of every confined kind. */
    static final List<Kind> ALL = Stream.concat(ARENAS.stream(),
            ARENAS.stream().filter(Kind::hasFrames).map(Kind::framed)).toList();

    /** For {@code @MethodSource}: every arena kind, no frames. */
    static Stream<Kind> arenas() {
        return ARENAS.stream();
    }

    /** For {@code @MethodSource}: every arena kind that has frames. */
    static Stream<Kind> confinedArenas() {
        return ARENAS.stream().filter(Kind::hasFrames);
    }

    /** For {@code @MethodSource}: every arena kind and a frame of every confined one. */
    static Stream<Kind> all() {
        return ALL.stream();
    }

    /** {@return the kind called {@code name}} */
    static Kind named(String name) {
        return ALL.stream().filter(k -> k.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No arena kind named " + name));
    }
}
