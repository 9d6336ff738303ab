package io.github.arena4j.bench;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.github.arena4j.Arena;
import io.github.arena4j.StaleSliceChecks;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.lwjgl.system.MemoryStack;

/**
 * The allocators an allocation scenario compares, built for one capacity at the start of a trial
 * and closed together at its end: the set-up the scenario classes share, written once. The rows
 * of every scenario are named after these allocators ({@code arena4j_native},
 * {@code arena4j_native_uninit}, {@code jdk_slicing}, {@code raw_bump}, {@code lwjgl_stack}, ...).
 *
 * <p>A scenario names the allocators it uses and only those are built, so a fork loads no arena
 * class that its benchmarks never call: a second loaded subclass of {@link Arena} can change how
 * the JIT compiles every call through {@code Arena}. An allocator a scenario did not ask for is
 * {@code null}.
 */
final class Subjects implements AutoCloseable {

    /** What a scenario can ask for. */
    enum Kind {
        /** {@code Arena.ofNative}: zeroed slices, stale-slice checks (the defaults). */
        NATIVE,
        /** A native arena built with {@code zeroing(false)}. */
        NATIVE_UNINIT,
        /** The same with {@code staleSliceChecks(StaleSliceChecks.NONE)}. */
        NATIVE_UNINIT_UNCHECKED,
        /** {@code NATIVE_UNINIT} with {@code countAllocations(true)}. */
        NATIVE_UNINIT_COUNTING,
        /** {@code Arena.ofShared}, zeroed. */
        SHARED,
        /** {@code Arena.ofHeap}: a {@code long[]} blob, zeroed. */
        HEAP,
        /** A heap arena built with {@code zeroing(false)}. */
        HEAP_UNINIT,
        /** A JDK-allocated blob for {@code SegmentAllocator.slicingAllocator}. */
        SLICING_BLOB,
        /** The hand-written floor, {@link RawBump}, over its own JDK-allocated blob. */
        RAW_BUMP,
        /** An LWJGL {@code MemoryStack} of the capacity. */
        LWJGL_STACK
    }

    final Arena nativeZeroed;
    final Arena nativeUninit;
    final Arena nativeUninitUnchecked;
    final Arena nativeUninitCounting;
    final Arena shared;
    final Arena heapZeroed;
    final Arena heapUninit;
    final MemorySegment slicingBlob;
    final RawBump raw;
    final MemoryStack stack;

    private final java.lang.foreign.Arena blobs = java.lang.foreign.Arena.ofConfined();

    /** Checks native access, then builds the allocators named, each of {@code capacity} bytes. */
    Subjects(long capacity, Kind... kinds) {
        Support.requireNativeAccess();
        Set<Kind> wanted = EnumSet.noneOf(Kind.class);
        wanted.addAll(Arrays.asList(kinds));
        nativeZeroed = wanted.contains(Kind.NATIVE) ? Arena.ofNative(capacity) : null;
        nativeUninit = wanted.contains(Kind.NATIVE_UNINIT)
                ? Arena.builder().nativeMemory(capacity).zeroing(false).build() : null;
        nativeUninitUnchecked = wanted.contains(Kind.NATIVE_UNINIT_UNCHECKED)
                ? Arena.builder().nativeMemory(capacity).zeroing(false).staleSliceChecks(StaleSliceChecks.NONE).build() : null;
        nativeUninitCounting = wanted.contains(Kind.NATIVE_UNINIT_COUNTING)
                ? Arena.builder().nativeMemory(capacity).zeroing(false).countAllocations(true).build() : null;
        shared = wanted.contains(Kind.SHARED) ? Arena.ofShared(capacity) : null;
        heapZeroed = wanted.contains(Kind.HEAP) ? Arena.ofHeap(capacity) : null;
        heapUninit = wanted.contains(Kind.HEAP_UNINIT) ? Arena.builder().heap(capacity).zeroing(false).build() : null;
        // JDK blobs start on a cache line, as arena4j's native blobs do.
        slicingBlob = wanted.contains(Kind.SLICING_BLOB) ? blobs.allocate(capacity, 64) : null;
        raw = wanted.contains(Kind.RAW_BUMP) ? new RawBump(blobs.allocate(capacity, 64)) : null;
        stack = wanted.contains(Kind.LWJGL_STACK) ? MemoryStack.create(Math.toIntExact(capacity)) : null;
    }

    /**
     * The arena4j rows of a batch scenario: {@code count} slices of {@code size} bytes aligned to
     * {@value RawBump#ALIGN}, one {@code long} written into each, then {@code reset()}.
     */
    static void writeBatchAndReset(Arena arena, int count, long size) {
        for (int i = 0; i < count; i++) {
            arena.allocate(size, RawBump.ALIGN).set(JAVA_LONG, 0, i);
        }
        arena.reset();
    }

    @Override
    public void close() {
        for (Arena arena : new Arena[] {nativeZeroed, nativeUninit, nativeUninitUnchecked, nativeUninitCounting,
                shared, heapZeroed, heapUninit}) {
            if (arena != null) {
                arena.close();
            }
        }
        blobs.close();
    }
}
