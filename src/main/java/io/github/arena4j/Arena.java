package io.github.arena4j;

import io.github.arena4j.internal.Blob;
import java.lang.foreign.AddressLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bump allocator over one {@link MemorySegment} blob: slices are handed out by advancing a
 * write pointer, and all of them are released together, by {@link #reset()} or {@link #close()}.
 * There is no per-allocation {@code free}.
 *
 * {@snippet lang=java :
 * try (Arena arena = Arena.ofNative(1 << 20)) {
 *     MemorySegment point = arena.allocate(POINT);                 // sized and aligned by the layout
 *     MemorySegment name = arena.allocateFrom("hello");            // a NUL-terminated C string
 *     MemorySegment ints = arena.allocate(ValueLayout.JAVA_INT, 1000);
 *     // ... hand them to native code, fill them, read them
 * } // every slice is released here, in one step
 * }
 *
 * <h2>Backings</h2>
 * The blob is one of:
 * <ul>
 *   <li>{@linkplain #ofNative(long) native memory} owned by the arena and freed by {@code close()};
 *       its slices can be passed to native code, and throw {@link IllegalStateException} when
 *       accessed after the arena is closed;</li>
 *   <li>{@linkplain #ofHeap(long) a {@code long[]} on the Java heap}, which needs no native access,
 *       supports alignments up to 8 bytes, and is reclaimed by the garbage collector once neither
 *       the arena nor any slice refers to it;</li>
 *   <li>{@linkplain #wrap(MemorySegment) a segment the caller owns}: native, heap, a mapped file or
 *       a slice of another arena; {@code close()} stops allocation but leaves the memory to its
 *       owner.</li>
 * </ul>
 *
 * <h2>Allocation</h2>
 * {@link #allocate(long, long)} rounds the <em>absolute address</em> of the write pointer up to the
 * requested alignment, so {@code slice.address() % alignment == 0} always holds, then advances the
 * pointer past the slice. Every other allocation method is inherited from {@link SegmentAllocator}
 * and goes through it. Zero-length allocations are allowed and consume only alignment padding.
 * A request that does not fit throws {@link ArenaExhaustedException}; any failed call leaves the
 * arena exactly as it was.
 *
 * <h2>Zeroing</h2>
 * By default every new slice reads as zeros, as with {@link java.lang.foreign.Arena}. The price is
 * not paid per allocation: the arena keeps the invariant that every byte past its write pointer is
 * zero, so allocation is an add and a compare. A fresh native or heap blob is already zero, a
 * wrapped blob is cleared once when it is wrapped, and {@link #reset()} clears the used prefix in
 * bulk. {@code Arena.builder()...zeroing(false)} opts out for malloc-like, uninitialized slices:
 * then neither wrap nor reset writes to the blob.
 *
 * <h2>Frames and stale slices</h2>
 * {@link #frame()} opens a scope whose allocations are released when it closes; frames nest, and
 * a {@link Frame} is a {@link java.lang.foreign.Arena}, accepted wherever the JDK takes one.
 * {@link #lifetime()} is the arena's own life as a JDK arena. How a slice behaves once a frame or
 * a {@link #reset()} has released it is the arena's {@link #staleSliceChecks()}: by default, on
 * arenas that own native memory, it reads only its own old bytes until the memory is handed out
 * again and throws {@link IllegalStateException} from then on, so it never sees newer data. That
 * exception comes from the JDK, whose message is a bare {@code "Already closed"}: on a slice of an
 * arena4j arena it means "the frame or reset that released this slice has had its memory reused,
 * or the arena is closed".
 *
 * <h2>Names</h2>
 * Every arena has a {@linkplain #name() name} ({@code native-3} by default, or
 * {@link Builder#name(String)}), which {@link #toString()}, every exception message an arena writes
 * ({@code ... arena=native-3}) and every Flight Recorder event carry.
 *
 * <h2>Threads</h2>
 * An arena is confined to the thread that created it: allocation, frames, {@code reset()} and
 * {@code close()} from any other thread throw {@link WrongThreadException}. Slices of an
 * arena-owned native blob are likewise confined to that thread, exactly like the segments of a
 * {@link java.lang.foreign.Arena#ofConfined() confined JDK arena}; heap slices can be read from any
 * thread. {@link #ofShared(long)} makes an arena any thread may allocate from, lock-free.
 *
 * <h2>Growth</h2>
 * A fixed arena throws {@link ArenaExhaustedException} when full. One built
 * growing {@linkplain Growth#chunked() by chunks} chains a new chunk instead, within an optional
 * {@linkplain Builder#budget(long) budget}; {@link #statistics()} reports what it did. A native
 * arena built to grow {@linkplain Growth#inPlace() in place} extends its one blob where it is,
 * within address space reserved up front, so that offsets and {@link #segment()} keep working.
 *
 * <h2>What an arena can do</h2>
 * Every arena allocates; not every one has frames or offsets. {@link #hasFrames()} (false for a
 * shared arena), {@link #hasOffsets()} (false for one that grows by chunks) and {@link #isNative()}
 * (false for a heap arena, whose slices and frames' slices are heap segments) say so, and never
 * change over an arena's life.
 *
 * <h2>Living with {@code java.lang.foreign.Arena}</h2>
 * This type shares its simple name with the JDK's {@link java.lang.foreign.Arena}. Import this one
 * and refer to the JDK's by its qualified name, or the other way round:
 * {@snippet lang=java :
 * import io.github.arena4j.Arena;
 *
 * try (Arena scratch = Arena.ofNative(64 * 1024);
 *      java.lang.foreign.Arena global = java.lang.foreign.Arena.ofConfined()) {
 *     MemorySegment longLived = global.allocate(1024);   // freed on its own
 *     MemorySegment temp = scratch.allocate(256);        // freed with the batch
 * }
 * }
 *
 * @implNote Allocation is a thread check, an alignment check, an add and a compare, then
 * {@link MemorySegment#asSlice(long, long)}; when the slice does not escape, the JIT removes the
 * slice object too, so an allocation allocates nothing on the Java heap.
 *
 * @since 0.1.0
 */
public abstract sealed class Arena implements SegmentAllocator, AutoCloseable permits ConfinedArena, SharedArena {

    private static final AtomicLong IDS = new AtomicLong();

    private final String name;
    private final long id;
    /** Reports the arena if it becomes unreachable while open; {@code null} for scratch arenas. */
    private Leaks.Watch watch;

    /** @param name the arena's name, or {@code null} for {@code kind-id} */
    Arena(String name, String kind) {
        this.id = IDS.incrementAndGet();
        this.name = name != null ? name : kind + "-" + id;
    }

    /**
     * {@return the arena's name}: the one given to {@link Builder#name(String)}, else the backing
     * and a number unique in the process, such as {@code native-3}. It appears in
     * {@link #toString()}, in the message of every exception an arena throws
     * ({@code ... arena=native-3}), and in every Flight Recorder event, with {@link #id()}.
     */
    public final String name() {
        return name;
    }

    /** {@return a number that tells this arena from every other one made in this process} */
    public final long id() {
        return id;
    }

    /** Watches the arena for a leak, once it is built. */
    final void watch(Leaks.Watch watch) {
        this.watch = watch;
    }

    /** Ends the leak watch, for the close: idempotent, from any thread. */
    final void endWatch() {
        Leaks.Watch watch = this.watch;
        if (watch != null) {
            watch.end();
        }
    }

    /**
     * Creates an arena over a new native blob of {@code capacity} bytes, confined to the calling
     * thread, whose slices read as zeros, with {@linkplain StaleSliceChecks#ON_REUSE stale-slice
     * checks}: a slice used after the {@link #reset()} or {@link #close()} that released it throws
     * {@link IllegalStateException}, and one used after its {@link Frame} closed reads only its own
     * old bytes until the memory is handed out again, then throws; it never sees newer data.
     * {@link #close()} frees the blob.
     *
     * <p>Stale-slice checks re-scope the blob with a restricted method, so grant native access to
     * arena4j ({@code --enable-native-access}); on JDK 22 to 25 a missing grant prints a warning.
     * {@code Arena.builder().nativeMemory(capacity).staleSliceChecks(StaleSliceChecks.NONE)} turns
     * them off.
     *
     * @param capacity the size of the blob in bytes
     * @return a new, empty arena
     * @throws IllegalArgumentException if {@code capacity <= 0}
     * @throws OutOfMemoryError if the operating system cannot reserve {@code capacity} bytes
     */
    public static Arena ofNative(long capacity) {
        return builder().nativeMemory(capacity).build();
    }

    /**
     * Creates an arena over a new native blob of {@code capacity} bytes that any thread may
     * allocate from, lock-free, and whose slices any thread may access. {@link #close()} frees the
     * blob as {@link java.lang.foreign.Arena#ofShared()} does: once it returns, no slice is handed
     * out any more, and every slice throws {@link IllegalStateException} on access. A shared arena
     * has no frames and no stale-slice checks, and {@link #reset()} requires that no other thread
     * is using the arena or its slices at the time.
     *
     * <p>Each thread claims a block of the blob with one atomic operation and bumps inside it, so
     * threads do not contend on every allocation; a thread alone allocates contiguously, as from a
     * confined arena. With several threads, {@link #used()} also counts the unused tails of blocks
     * that threads gave up (at most an eighth of the bytes claimed), and a request may be refused
     * while up to an eighth of the capacity is still free in other threads' blocks.
     *
     * @param capacity the size of the blob in bytes
     * @return a new, empty, thread-safe arena
     * @throws IllegalArgumentException if {@code capacity <= 0}
     * @throws OutOfMemoryError if the operating system cannot reserve {@code capacity} bytes
     */
    public static Arena ofShared(long capacity) {
        return builder().nativeMemory(capacity).shared().build();
    }

    /**
     * Creates an arena over a new heap blob of {@code capacity} bytes, confined to the calling
     * thread, whose slices read as zeros. The blob is a {@code long[]}, so slices may be aligned to
     * 1, 2, 4 or 8 bytes; larger alignments throw {@link IllegalArgumentException}. Needs no native
     * access.
     *
     * @param capacity the size of the blob in bytes
     * @return a new, empty arena
     * @throws IllegalArgumentException if {@code capacity <= 0}
     * @throws IllegalArgumentException if {@code capacity} exceeds what one {@code long[]} holds
     *         (about 16 GiB)
     */
    public static Arena ofHeap(long capacity) {
        return builder().heap(capacity).build();
    }

    /**
     * Creates an arena over {@code blob}, a segment the caller owns: native memory, a heap array, a
     * mapped file or a slice of another arena. The blob is zeroed once, here, so slices read as
     * zeros; {@code Arena.builder().wrap(blob).zeroing(false)} skips that. {@link #close()} stops
     * allocation but does not free the blob, and slices stay accessible for as long as the blob's
     * own scope is alive.
     *
     * <p>While the arena is open, the caller should not write to the blob except through slices:
     * the arena relies on the bytes past its write pointer being zero.
     *
     * @param blob the memory to allocate from
     * @return a new, empty arena confined to the calling thread
     * @throws NullPointerException if {@code blob == null}
     * @throws IllegalArgumentException if {@code blob.isReadOnly()}
     * @throws IllegalStateException if {@code !blob.scope().isAlive()}
     * @throws WrongThreadException if {@code blob} is confined to another thread (zeroing accesses it)
     */
    public static Arena wrap(MemorySegment blob) {
        return builder().wrap(blob).build();
    }

    /**
     * {@return a builder for arenas with non-default settings}
     *
     * {@snippet lang=java :
     * try (Arena arena = Arena.builder().nativeMemory(1 << 20).zeroing(false).build()) {
     *     MemorySegment buffer = arena.allocate(4096);   // uninitialized, like malloc
     * }
     * }
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Allocates a slice of {@code byteSize} bytes whose address is a multiple of
     * {@code byteAlignment}. The slice reads as zeros unless the arena was built with
     * {@code zeroing(false)}.
     *
     * @param byteSize the size of the slice in bytes
     * @param byteAlignment the alignment of the slice's address in bytes, a power of two
     * @return a new slice of the blob
     * @throws IllegalArgumentException if {@code byteSize < 0}
     * @throws IllegalArgumentException if {@code byteAlignment <= 0} or is not a power of two
     * @throws IllegalArgumentException if {@code byteAlignment} exceeds what the blob guarantees
     *         (8 for a {@code long[]} heap blob, the element size for other heap arrays)
     * @throws ArenaExhaustedException if the slice and its alignment padding do not fit in
     *         {@link #remaining()}
     * @throws IllegalStateException if the arena is closed
     * @throws WrongThreadException if called from a thread other than the arena's owner
     */
    @Override
    public abstract MemorySegment allocate(long byteSize, long byteAlignment);

    /**
     * Allocates a block exactly as {@link #allocate(long, long)} does, but returns where it starts
     * in {@link #segment()} instead of a slice. Structures that link their records by offset (a
     * tree of fixed-size nodes, say) need the offset, not the slice, and skip making one and
     * checking its bounds. The block reads as zeros unless the arena was built with
     * {@code zeroing(false)}, and counts in {@link #used()} and {@link #statistics()} like any
     * other allocation.
     *
     * {@snippet lang=java :
     * MemorySegment blob = arena.segment();
     * long node = arena.allocateOffset(NODE_SIZE, 8);               // no slice is made
     * blob.set(ValueLayout.JAVA_INT, node + KIND, kind);
     * blob.set(ValueLayout.JAVA_INT, parent + FIRST_CHILD, (int) node); // linked by offset
     * }
     *
     * <p>The block's address, {@code segment().address() + offset}, is a multiple of
     * {@code byteAlignment}, and so is the offset itself whenever the blob's address is: always
     * for a blob the arena owns, and for a wrapped blob that is itself aligned.
     *
     * @param byteSize the size of the block in bytes
     * @param byteAlignment the alignment of the block's address in bytes, a power of two
     * @return the offset of the block's first byte in {@link #segment()}
     * @throws IllegalArgumentException if {@code byteSize < 0}
     * @throws IllegalArgumentException if {@code byteAlignment <= 0} or is not a power of two
     * @throws IllegalArgumentException if {@code byteAlignment} exceeds what the blob guarantees
     * @throws ArenaExhaustedException if the block and its alignment padding do not fit in
     *         {@link #remaining()}
     * @throws UnsupportedOperationException if {@code !hasOffsets()}: the arena grows
     *         {@linkplain Growth#chunked() by chunks}, so one segment cannot hold its blocks (an
     *         arena that grows {@linkplain Growth#inPlace() in place} can)
     * @throws IllegalStateException if the arena is closed
     * @throws WrongThreadException if called from a thread other than the arena's owner
     */
    public abstract long allocateOffset(long byteSize, long byteAlignment);

    /**
     * {@return the whole blob, as a segment the offsets from {@link #allocateOffset(long, long)}
     * index into} Its address is that of the blob's first byte and its size is
     * {@link #capacity()}. On an arena that grows {@linkplain Growth#inPlace() in place},
     * that is the part usable now: the address never changes, but growth makes the blob longer,
     * so call {@code segment()} again once an offset lies past the end of the segment at hand.
     *
     * <p>The segment has the lifetime a slice allocated now would have: on an arena with
     * {@linkplain #hasStaleSliceChecks() stale-slice checks} it throws
     * {@link IllegalStateException} when accessed after the innermost open {@link Frame} closes,
     * after the next {@link #reset()}, or after {@link #close()}; call {@code segment()} again
     * after those. Only the bytes of blocks you allocated are yours: the rest is free space that
     * later allocations hand out, and writes to it are not checked.
     *
     * @throws UnsupportedOperationException if {@code !hasOffsets()}: the arena grows
     *         {@linkplain Growth#chunked() by chunks}
     * @throws IllegalStateException if the arena is closed
     * @throws WrongThreadException if called from a thread other than the arena's owner
     */
    public abstract MemorySegment segment();

    /**
     * {@return the bytes reserved: the size of the blob} It does not change over the life of a
     * fixed arena; a {@linkplain Growth#chunked() growable} arena's grows as it adds chunks and
     * shrinks when {@link #reset()} or a {@link Frame} frees them. For an arena that
     * grows {@linkplain Growth#inPlace() in place} it is the usable part of its reservation,
     * which grows as it fills and shrinks when memory is given back.
     */
    public abstract long capacity();

    /**
     * {@return the bytes consumed since the arena was created or last reset, alignment padding
     * included} Zero once the arena is closed.
     */
    public abstract long used();

    /**
     * {@return the bytes still free in the current blob: {@code capacity() - used()} for a fixed
     * arena while open, zero once closed} An allocation fits without growing if its size plus its
     * alignment padding is at most this.
     */
    public abstract long remaining();

    /**
     * {@return a snapshot of the arena's statistics}: used and reserved bytes, the high-water mark,
     * padding and chunk counts, and the allocation count if the arena was built with
     * {@link Builder#countAllocations(boolean) countAllocations(true)}. Cheap enough to call often;
     * keeping the figures costs an allocation nothing unless it needs padding or is counted.
     *
     * {@snippet lang=java :
     * System.out.println(arena.statistics());
     * // used=4024 reserved=1048576 peak=8192 padding=2 chunks=1
     * }
     */
    public abstract ArenaStatistics statistics();

    /** {@return whether the arena is open}: false once {@link #close()} has been called. */
    public abstract boolean isOpen();

    /**
     * {@return whether new slices read as zeros}: true unless the arena was built with
     * {@code zeroing(false)}.
     */
    public abstract boolean isZeroing();

    /**
     * {@return how slices are protected once a frame or a reset has released them}
     * {@link StaleSliceChecks#ON_REUSE} by default for {@link #ofNative(long)};
     * {@link StaleSliceChecks#NONE} for heap blobs (the JDK cannot re-scope heap segments), wrapped
     * blobs (their scope belongs to the caller) and shared arenas.
     */
    public abstract StaleSliceChecks staleSliceChecks();

    /**
     * {@return whether a stale slice throws {@link IllegalStateException} instead of aliasing newer
     * data}: whether {@link #staleSliceChecks()} is not {@link StaleSliceChecks#NONE}.
     */
    public final boolean hasStaleSliceChecks() {
        return staleSliceChecks() != StaleSliceChecks.NONE;
    }

    /**
     * {@return whether {@link #frame()} opens frames}: true for every confined arena, false for a
     * {@linkplain #ofShared(long) shared} one, whose {@code frame()} throws
     * {@link UnsupportedOperationException}. It never changes over the arena's life.
     *
     * {@snippet lang=java :
     * if (arena.hasFrames()) {
     *     try (Frame frame = arena.frame()) {
     *         work(frame);
     *     }
     * } else {
     *     work(arena);   // released with the next reset or close
     * }
     * }
     */
    public abstract boolean hasFrames();

    /**
     * {@return whether {@link #allocateOffset(long, long)} and {@link #segment()} work}: whether
     * every block the arena hands out lies in one blob. True for fixed and shared arenas and for
     * one that {@linkplain Growth#inPlace() grows in place}; false for one that grows
     * {@linkplain Growth#chunked() by chunks}, whose {@code allocateOffset} and {@code segment()}
     * throw {@link UnsupportedOperationException}. It never changes over the arena's life.
     */
    public abstract boolean hasOffsets();

    /**
     * {@return whether the arena's slices are native segments}, which native code can be handed:
     * true for an arena over native memory (its own, or a wrapped native segment or mapped file),
     * false for one over the heap, whose slices, and the slices of its {@linkplain Frame frames},
     * are heap segments. It never changes over the arena's life.
     */
    public abstract boolean isNative();

    /**
     * {@return this arena's whole life as a {@link java.lang.foreign.Arena}}, for what must live
     * exactly until {@link #close()}, across resets and frames, and is attached to a JDK arena:
     * upcall stubs, {@code MemorySegment.reinterpret} cleanups, mapped files, library lookups.
     * Its scope is alive until this arena closes, and then never again. Memory allocated through
     * it comes from its own JDK arena, not from the blob. It cannot be closed on its own:
     * its {@code close()} throws {@link UnsupportedOperationException}.
     *
     * {@snippet lang=java :
     * MemorySegment callback = LINKER.upcallStub(handler, DESCRIPTOR, arena.lifetime());
     * SymbolLookup library = SymbolLookup.libraryLookup(path, arena.lifetime());
     * // both stay valid through every reset and frame, and go when the arena closes
     * }
     *
     * <p>It is confined to the arena's owner thread, or shared when the arena is.
     *
     * @throws IllegalStateException if the arena is closed
     * @throws WrongThreadException if called from a thread other than the arena's owner
     */
    public abstract java.lang.foreign.Arena lifetime();

    /**
     * {@inheritDoc} Every check the copy makes on the source is made before anything is allocated,
     * so a call that throws leaves the arena exactly as it was.
     */
    @Override
    public MemorySegment allocateFrom(ValueLayout elementLayout, MemorySegment source,
                                      ValueLayout sourceElementLayout, long sourceOffset, long elementCount) {
        return Copies.allocateFrom(this, this, elementLayout, source, sourceElementLayout, sourceOffset, elementCount);
    }

    /**
     * {@return whether {@code scope} is one of this arena's own scopes}, whose segments the next
     * allocation may release. Only confined arenas with stale-slice checks have any.
     */
    boolean owns(MemorySegment.Scope scope) {
        return false;
    }

    /**
     * {@inheritDoc} A heap {@code value} is rejected before anything is allocated.
     */
    @Override
    public MemorySegment allocateFrom(AddressLayout layout, MemorySegment value) {
        return Copies.allocateFrom(this, layout, value);
    }

    /**
     * Opens a {@link Frame}: everything allocated until the frame closes is released when it
     * closes, and the write pointer returns to where it is now. Frames nest and must be closed in
     * reverse order of opening, which try-with-resources does.
     *
     * {@snippet lang=java :
     * try (Frame frame = arena.frame()) {
     *     MemorySegment args = frame.allocate(ARGS_LAYOUT);
     *     callNative(args);
     * } // args released; with stale-slice checks, touching it now throws
     * }
     *
     * @return a new open frame
     * @throws IllegalStateException if the arena is closed
     * @throws WrongThreadException if called from a thread other than the arena's owner
     * @throws UnsupportedOperationException if {@code !hasFrames()}: the arena is
     *         {@linkplain #ofShared(long) shared}
     */
    public abstract Frame frame();

    /**
     * Rewinds the write pointer to the start of the blob, keeping the blob. Slices handed out
     * before must no longer be used: their memory will be handed out again, and with
     * {@linkplain #hasStaleSliceChecks() stale-slice checks} they throw
     * {@link IllegalStateException} when accessed. On a zeroing arena the used prefix is cleared
     * here, in one bulk fill, so that new slices read as zeros.
     *
     * @throws IllegalStateException if the arena is closed
     * @throws IllegalStateException if a {@link Frame} is open: close it first
     * @throws WrongThreadException if called from a thread other than the arena's owner
     */
    public abstract void reset();

    /**
     * Releases every slice in one batch. After this, allocation throws
     * {@link IllegalStateException}; slices of an arena-owned native blob throw
     * {@link IllegalStateException} when accessed, as segments of a closed JDK arena do. A heap
     * blob is left to the garbage collector and a wrapped blob to its owner.
     *
     * <p>Closing an arena that is already closed does nothing, so {@code close()} may be called
     * from both a {@code finally} block and a try-with-resources statement. Frames still open are
     * ended with it, and reported as left open; closing them afterwards does nothing.
     *
     * <p>An arena that becomes unreachable without being closed is reported once, as a
     * {@code WARNING} of the {@link System.Logger} named {@code io.github.arena4j} and as the Flight
     * Recorder event {@code io.github.arena4j.ArenaLeaked}; its native memory stays reserved until
     * the JVM exits, since its slices may outlive it. Scratch arenas are never reported.
     *
     * @throws WrongThreadException if called from a thread other than the arena's owner
     */
    @Override
    public abstract void close();

    /**
     * Builds arenas with non-default settings. A builder is not thread-safe; it may be reused, and
     * each {@link #build()} creates a new arena with a new blob (or over the same wrapped blob).
     *
     * {@snippet lang=java :
     * Arena heapScratch = Arena.builder().heap(64 * 1024).zeroing(false).build();
     * }
     *
     * @since 0.1.0
     */
    public static final class Builder {

        enum Backing { NATIVE, HEAP, WRAPPED }

        Backing backing;
        long capacity;
        MemorySegment wrapped;
        boolean zeroing = true;
        boolean countsAllocations;
        boolean debug = Debug.ALL;
        boolean shared;
        /** {@code null}: the default, {@code ON_REUSE} exactly where checks are possible (arena-owned native, confined). */
        StaleSliceChecks staleSliceChecks;
        Growth growth = Growth.fixed();
        long maxRetained = Long.MAX_VALUE;
        long budget = Long.MAX_VALUE;
        String name;

        private Builder() {
        }

        /**
         * Names the arena, for {@link Arena#toString()}, exception messages and Flight Recorder
         * events. By default an arena is named after its backing and a number, such as
         * {@code native-3}.
         *
         * @param name the arena's name
         * @return this builder
         * @throws NullPointerException if {@code name == null}
         * @throws IllegalArgumentException if {@code name} is blank
         */
        public Builder name(String name) {
            if (Objects.requireNonNull(name, "name").isBlank()) {
                throw new IllegalArgumentException("Invalid arena name: '" + name + "' (must not be blank)");
            }
            this.name = name;
            return this;
        }

        /**
         * Backs the arena with a new native blob of {@code capacity} bytes, freed on close.
         *
         * @param capacity the size of the blob in bytes
         * @return this builder
         * @throws IllegalArgumentException if {@code capacity <= 0}
         */
        public Builder nativeMemory(long capacity) {
            return backing(Backing.NATIVE, checkCapacity(capacity), null);
        }

        /**
         * Backs the arena with a new {@code long[]} heap blob of {@code capacity} bytes.
         *
         * @param capacity the size of the blob in bytes
         * @return this builder
         * @throws IllegalArgumentException if {@code capacity <= 0}
         * @throws IllegalStateException if stale-slice checks other than {@code NONE}, or
         *         {@link Growth#inPlace()}, were chosen: the JDK cannot re-scope heap segments, nor
         *         extend a {@code long[]} in place
         */
        public Builder heap(long capacity) {
            return backing(Backing.HEAP, checkCapacity(capacity), null);
        }

        /**
         * Backs the arena with {@code blob}, a segment the caller owns and frees.
         *
         * @param blob the memory to allocate from
         * @return this builder
         * @throws NullPointerException if {@code blob == null}
         * @throws IllegalStateException if stale-slice checks other than {@code NONE}, or a growth
         *         other than {@link Growth#fixed()}, were chosen: the blob's scope and size belong
         *         to its owner
         */
        public Builder wrap(MemorySegment blob) {
            return backing(Backing.WRAPPED, 0, Objects.requireNonNull(blob, "blob"));
        }

        /**
         * Chooses whether new slices read as zeros (the default, {@code true}) or hold whatever the
         * blob held (like {@code malloc}). Without zeroing, {@code reset()} does not clear the used
         * prefix and {@code wrap} does not clear the blob; allocation costs the same either way.
         *
         * @param zeroing whether slices read as zeros
         * @return this builder
         */
        public Builder zeroing(boolean zeroing) {
            this.zeroing = zeroing;
            return this;
        }

        /**
         * Chooses whether the arena counts its allocations for
         * {@link ArenaStatistics#allocations()}; by default ({@code false}) it does not, and that
         * figure is {@link ArenaStatistics#NOT_COUNTED}. Every other statistic is always kept. A
         * count costs a store on every allocation, about a sixth of the time of a small one.
         *
         * @param countsAllocations whether to count allocations
         * @return this builder
         */
        public Builder countAllocations(boolean countsAllocations) {
            this.countsAllocations = countsAllocations;
            return this;
        }

        /**
         * Chooses whether the arena runs in debug mode, which shows where misuse began. By default
         * it does not, unless the JVM runs with {@code -Darena4j.debug=true}, which turns the mode
         * on for every arena, scratch arenas included. In debug mode the arena records the stack
         * where it was made and where each of its frames opened, and names those places when a
         * frame closes out of order, is still open at {@link Arena#reset()} or {@link Arena#close()},
         * or becomes unreachable while open, and when the arena itself is collected without being
         * closed. Memory that a frame's close or a reset releases under
         * {@link StaleSliceChecks#NONE} is filled with {@code 0xDE} bytes, so that a stale slice
         * reads a recognisable pattern (a zeroing arena still hands it out again as zeros).
         *
         * <p>Out of debug mode, an arena costs nothing for it. In it, every frame's open walks the
         * stack and registers the frame with a {@link java.lang.ref.Cleaner}: a few microseconds,
         * which suits tests and diagnosis, not production.
         *
         * @param debug whether the arena runs in debug mode
         * @return this builder
         */
        public Builder debug(boolean debug) {
            this.debug = debug;
            return this;
        }

        /**
         * Makes the arena thread-safe: any thread may allocate from it, lock-free, as from
         * {@link Arena#ofShared(long)}. A shared native blob's slices are accessible from any
         * thread. Shared arenas have no {@linkplain Arena#hasFrames() frames}, no stale-slice
         * checks and no growth.
         *
         * @return this builder
         * @throws IllegalStateException if stale-slice checks or a growth other than
         *         {@link Growth#fixed()} were chosen
         */
        public Builder shared() {
            Assembly.refuseConflicts(backing, true, growth, staleSliceChecks);
            this.shared = true;
            return this;
        }

        /**
         * Chooses how slices are protected once a frame or a reset has released them; see
         * {@link StaleSliceChecks}. The default is {@link StaleSliceChecks#ON_REUSE} on confined
         * arenas over native memory they own, and {@link StaleSliceChecks#NONE} elsewhere, where
         * checks are impossible. Checks cost nothing per allocation and need native access (they
         * re-scope the blob with a restricted method).
         *
         * {@snippet lang=java :
         * Arena debug = Arena.builder().nativeMemory(1 << 20)
         *         .staleSliceChecks(StaleSliceChecks.ON_RELEASE)   // throw the moment a frame closes
         *         .build();
         * Arena fast = Arena.builder().nativeMemory(1 << 20)
         *         .staleSliceChecks(StaleSliceChecks.NONE)         // stale slices alias newer data
         *         .build();
         * }
         *
         * @param checks the protection of released slices
         * @return this builder
         * @throws NullPointerException if {@code checks == null}
         * @throws IllegalStateException if {@code checks != NONE} and the backing chosen is not
         *         native memory the arena owns, or the arena is {@linkplain #shared() shared}
         */
        public Builder staleSliceChecks(StaleSliceChecks checks) {
            Objects.requireNonNull(checks, "checks");
            Assembly.refuseConflicts(backing, shared, growth, checks);
            this.staleSliceChecks = checks;
            return this;
        }

        /**
         * Chooses what the arena does when a request does not fit: {@link Growth#fixed()} (the
         * default) refuses it, {@link Growth#chunked()} chains a new chunk,
         * {@link Growth#inPlace()} extends the one blob where it is. The last choice made counts.
         *
         * {@snippet lang=java :
         * Arena arena = Arena.builder()
         *         .nativeMemory(64 * 1024)              // first chunk
         *         .growth(Growth.chunked(2.0, 16 << 20)) // doubling, up to 16 MiB a chunk
         *         .retainOnReset(1 << 20)               // reset keeps at most a 1 MiB chunk
         *         .budget(256 << 20)                    // never reserve more than 256 MiB in all
         *         .build();
         * }
         *
         * @param growth how the arena grows
         * @return this builder
         * @throws NullPointerException if {@code growth == null}
         * @throws IllegalStateException if {@code growth} is not {@link Growth#fixed()} and the
         *         arena is {@linkplain #shared() shared} or {@linkplain #wrap wrapped}, or
         *         {@code growth} is {@link Growth#inPlace()} and the backing is not native memory
         */
        public Builder growth(Growth growth) {
            Objects.requireNonNull(growth, "growth");
            Assembly.refuseConflicts(backing, shared, growth, staleSliceChecks);
            this.growth = growth;
            return this;
        }

        /**
         * Limits what {@link Arena#reset()} keeps of a growable arena. By default a reset keeps the
         * largest chunk and frees the others, so that the next round allocates without growing;
         * with a limit it keeps the largest chunk of at most {@code maxRetainedBytes}, or, if every
         * chunk is larger, frees them all and starts again with a chunk of the first size (capped at
         * the limit).
         *
         * @param maxRetainedBytes the largest chunk a reset may keep
         * @return this builder
         * @throws IllegalArgumentException if {@code maxRetainedBytes <= 0}
         */
        public Builder retainOnReset(long maxRetainedBytes) {
            if (maxRetainedBytes <= 0) {
                throw new IllegalArgumentException("Invalid retention limit: " + maxRetainedBytes + " (must be > 0)");
            }
            this.maxRetained = maxRetainedBytes;
            return this;
        }

        /**
         * Sets a hard limit on the bytes the arena may reserve, every chunk counted, the current
         * one included. A growable arena that would need more throws
         * {@link ArenaExhaustedException} ({@code "Arena budget exceeded: ..."}, with the numbers)
         * and keeps everything it has; when the budget leaves less than the next chunk's normal
         * size but enough for the request, the chunk is shrunk to fit the budget.
         *
         * @param maxReservedBytes the most bytes the arena may reserve in all
         * @return this builder
         * @throws IllegalArgumentException if {@code maxReservedBytes <= 0}
         */
        public Builder budget(long maxReservedBytes) {
            if (maxReservedBytes <= 0) {
                throw new IllegalArgumentException("Invalid budget: " + maxReservedBytes + " (must be > 0)");
            }
            this.budget = maxReservedBytes;
            return this;
        }

        /**
         * {@return a new arena, confined to the calling thread unless {@link #shared()}}
         *
         * @throws IllegalStateException if no backing was chosen
         * @throws IllegalStateException if stale-slice checks were asked for where they are not
         *         possible (a heap, wrapped or shared arena), growth on a wrapped or shared arena,
         *         or growth in place on any but a confined native arena; the builder refuses each
         *         of these already at the call that makes the conflict
         * @throws OutOfMemoryError if an arena that grows in place cannot reserve its budget of
         *         address space, or commit its first capacity
         * @throws UnsupportedOperationException if growth in place was asked for on a platform
         *         without the system calls it needs (64-bit Linux, macOS and Windows have them)
         * @throws IllegalArgumentException if the budget is smaller than the first blob, or the
         *         maximum chunk size smaller than the first chunk
         * @throws IllegalArgumentException if the capacity is too large for a heap blob
         * @throws IllegalArgumentException if the wrapped blob is read-only
         * @throws IllegalStateException if the wrapped blob's scope is not alive
         * @throws OutOfMemoryError if a native blob cannot be reserved
         */
        public Arena build() {
            return Assembly.build(this);
        }

        private Builder backing(Backing backing, long capacity, MemorySegment wrapped) {
            Assembly.refuseConflicts(backing, shared, growth, staleSliceChecks);
            this.backing = backing;
            this.capacity = capacity;
            this.wrapped = wrapped;
            return this;
        }

        private static long checkCapacity(long capacity) {
            Blob.checkCapacity(capacity);
            return capacity;
        }
    }
}
