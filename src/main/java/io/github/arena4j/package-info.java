/**
 * Arena (bump) allocators over the Foreign Function and Memory API.
 *
 * <p>{@link io.github.arena4j.Arena} hands out {@link java.lang.foreign.MemorySegment} slices of
 * one blob by bumping a write pointer, and releases them all in one batch.
 *
 * <p>Conventions of this package: every public type is small and final (or sealed); arguments are
 * checked with the JDK's wording ({@code IllegalArgumentException} for bad sizes and alignments,
 * {@code IllegalStateException} once closed, {@code WrongThreadException} off the owner thread,
 * {@code NullPointerException} for null references); a call that throws changes nothing; nothing
 * here is thread-safe unless its class says so.
 */
package io.github.arena4j;
