/**
 * Arena (bump) allocators over the Foreign Function and Memory API.
 *
 * <p>Exports the package {@code io.github.arena4j} only. Stale-slice checks re-scope memory with
 * a restricted method, so grant this module native access:
 * {@code java --enable-native-access=io.github.arena4j ...}.
 *
 * @since 0.1.0
 */
module io.github.arena4j {
    // Chunk growth, exhaustion and budget refusals are Flight Recorder events.
    requires jdk.jfr;

    exports io.github.arena4j;
}
