package io.github.arena4j;

import java.lang.foreign.MemorySegment;

/**
 * An arena's whole life as a {@link java.lang.foreign.Arena}: a JDK arena that its arena4j arena
 * closes, and nobody else. What it allocates comes from the JDK arena, not from the blob, so it
 * lives across resets and frames.
 */
final class Lifetime implements java.lang.foreign.Arena {

    private final java.lang.foreign.Arena jdk;

    Lifetime(java.lang.foreign.Arena jdk) {
        this.jdk = jdk;
    }

    @Override
    public MemorySegment allocate(long byteSize, long byteAlignment) {
        return jdk.allocate(byteSize, byteAlignment);
    }

    @Override
    public MemorySegment.Scope scope() {
        return jdk.scope();
    }

    /** Always throws: a lifetime ends when its arena4j arena closes. */
    @Override
    public void close() {
        throw new UnsupportedOperationException("This JDK arena is the lifetime of an arena4j Arena: it is closed"
                + " by that arena's close()");
    }

    /** {@return the JDK arena behind this lifetime}, for the arena's close to end it. */
    java.lang.foreign.Arena jdk() {
        return jdk;
    }

    @Override
    public String toString() {
        return "Lifetime[" + (jdk.scope().isAlive() ? "alive" : "ended") + "]";
    }
}
