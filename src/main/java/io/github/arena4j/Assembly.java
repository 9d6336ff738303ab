package io.github.arena4j;

import io.github.arena4j.Arena.Builder;
import io.github.arena4j.Arena.Builder.Backing;
import io.github.arena4j.internal.Blob;
import java.util.Locale;

/**
 * Turns a {@link Builder}'s settings into an arena and its parts, checked and chosen once here:
 * the blob, the {@link Grower}, and (inside {@link ConfinedArena}) the {@link Scopes} and the
 * {@link FrameStack} for the stale-slice mode. Nothing else constructs arenas.
 */
final class Assembly {

    private Assembly() {
    }

    /**
     * See {@link Builder#build()}, which documents what this throws. The arena is watched for a
     * leak: reported if it becomes unreachable before it is closed.
     */
    static Arena build(Builder settings) {
        Site site = settings.debug ? Site.capture() : null;
        Arena arena = assemble(settings);
        arena.watch(switch (arena) {
            case ConfinedArena confined -> {
                Chunks chunks = confined.chunks; // the watch must not refer to the arena
                yield Leaks.watchArena(arena, confined.blob.kind(), chunks::reserved, site);
            }
            case SharedArena shared -> {
                long capacity = shared.capacity();
                yield Leaks.watchArena(arena, "shared-" + shared.blob.kind(), () -> capacity, site);
            }
        });
        return arena;
    }

    private static Arena assemble(Builder settings) {
        Backing backing = settings.backing;
        if (backing == null) {
            throw new IllegalStateException("No backing chosen: call nativeMemory(capacity), heap(capacity) or wrap(blob)");
        }
        boolean shared = settings.shared;
        refuseConflicts(backing, shared, settings.growth, settings.staleSliceChecks);
        boolean checksPossible = backing == Backing.NATIVE && !shared;
        StaleSliceChecks asked = settings.staleSliceChecks;
        Growth.Kind growth = settings.growth.kind;
        long firstCapacity = backing == Backing.WRAPPED ? settings.wrapped.byteSize() : settings.capacity;
        if (settings.budget < firstCapacity) {
            throw new IllegalArgumentException("Budget smaller than the first blob: budget=" + settings.budget
                    + " capacity=" + firstCapacity);
        }
        StaleSliceChecks checks = !checksPossible ? StaleSliceChecks.NONE : asked == null ? StaleSliceChecks.ON_REUSE : asked;
        if (growth == Growth.Kind.IN_PLACE) {
            long reservation = settings.budget == Long.MAX_VALUE
                    ? Math.max(Growth.DEFAULT_RESERVATION, settings.capacity) : settings.budget;
            InPlaceGrowth inPlace = new InPlaceGrowth(settings.capacity, reservation, settings.maxRetained);
            return new ConfinedArena(settings.name, inPlace.first(), settings.zeroing, checks, new Grower.InPlace(inPlace),
                    reservation, null, settings.countsAllocations, settings.debug);
        }
        if (growth == Growth.Kind.CHUNKED && settings.growth.maxChunkSize < settings.capacity) {
            throw new IllegalArgumentException("Maximum chunk size smaller than the first chunk: maxChunkSize="
                    + settings.growth.maxChunkSize + " capacity=" + settings.capacity);
        }
        Blob blob = switch (backing) {
            case NATIVE -> Blob.ofNative(settings.capacity, shared);
            case HEAP -> Blob.ofHeap(settings.capacity);
            case WRAPPED -> Blob.wrap(settings.wrapped);
        };
        if (shared) {
            return new SharedArena(settings.name, blob, settings.zeroing, settings.countsAllocations);
        }
        if (growth == Growth.Kind.FIXED) {
            return new ConfinedArena(settings.name, blob, settings.zeroing, checks, new Grower.Fixed(), settings.budget,
                    null, settings.countsAllocations, settings.debug);
        }
        Chunks.Policy policy = new Chunks.Policy(
                backing == Backing.NATIVE ? size -> Blob.ofNative(size, false) : Blob::ofHeap,
                settings.growth.factor, settings.growth.maxChunkSize, settings.maxRetained);
        return new ConfinedArena(settings.name, blob, settings.zeroing, checks, new Grower.Chunked(), settings.budget,
                policy, settings.countsAllocations, settings.debug);
    }

    /**
     * A scratch arena: zeroing, growable by chunks of up to {@code maxChunk} bytes, its blobs owned
     * by the garbage collector so that a thread that ends leaks nothing: such an arena is dropped
     * on purpose, so it is not watched for leaks. In debug mode if the JVM is.
     */
    static ConfinedArena scratch(long capacity, long maxChunk, StaleSliceChecks checks) {
        Chunks.Policy policy = new Chunks.Policy(Blob::ofAuto, 2.0, Math.max(maxChunk, capacity), capacity);
        return new ConfinedArena(null, Blob.ofAuto(capacity), true, checks, new Grower.Chunked(), Long.MAX_VALUE,
                policy, false, Debug.ALL);
    }

    /**
     * Throws if the settings given, any of which may not be chosen yet ({@code null} backing and
     * checks), cannot make an arena: the builder calls this with a setting's new value before it
     * takes it, so that a conflict is refused at the call that makes it and a refused call
     * changes nothing.
     *
     * @throws IllegalStateException on stale-slice checks where the arena cannot re-scope its blob,
     *         growth of a shared or wrapped arena, or growth in place of any but a native one
     */
    static void refuseConflicts(Backing backing, boolean shared, Growth growth, StaleSliceChecks checks) {
        boolean nativeOrUnchosen = backing == null || backing == Backing.NATIVE;
        if (checks != null && checks != StaleSliceChecks.NONE && (shared || !nativeOrUnchosen)) {
            throw new IllegalStateException("Stale-slice checks need a confined arena that owns a native blob;"
                    + " this one is " + describe(backing, shared)
                    + (backing == Backing.HEAP ? " (the JDK cannot re-scope heap segments)" : "")
                    + (backing == Backing.WRAPPED ? " (the wrapped blob's scope belongs to its owner)" : "")
                    + ": staleSliceChecks=" + checks);
        }
        if (growth.kind != Growth.Kind.FIXED && (shared || backing == Backing.WRAPPED)) {
            throw new IllegalStateException("Growth needs a confined arena over native or heap memory; this one is "
                    + describe(backing, shared) + (shared ? "" : " (a wrapped blob cannot be extended)")
                    + ": growth=" + growth);
        }
        if (growth.kind == Growth.Kind.IN_PLACE && !nativeOrUnchosen) {
            throw new IllegalStateException("Growth in place needs a confined arena over native memory; this one is "
                    + describe(backing, shared) + ": growth=" + growth + " (use Growth.chunked() for chunked growth)");
        }
    }

    private static String describe(Backing backing, boolean shared) {
        return shared ? "shared" : backing == null ? "of no backing yet" : backing.name().toLowerCase(Locale.ROOT);
    }
}
