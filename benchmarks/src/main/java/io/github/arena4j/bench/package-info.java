/**
 * JMH benchmarks of arena4j against malloc-style allocation and the JDK's own allocators.
 *
 * <p>Conventions, shared by every class here:
 * <ul>
 *   <li>One class per scenario; the subject ({@code arena4j_*}) and its baselines sit side by side
 *       in the same class, with snake_case names, so one run gives every ratio. The report tool
 *       ({@code bench.report}) finds rows by these names.</li>
 *   <li>What scenarios share is written once: {@link io.github.arena4j.bench.Subjects} builds the
 *       allocators a scenario names, {@link io.github.arena4j.bench.RawBump} is the hand-written
 *       floor, {@link io.github.arena4j.bench.Support} holds the libc baselines. The JSON tree
 *       workload has its own package, {@code bench.workload}.</li>
 *   <li>Every allocation writes one {@code long} into its slice (or the scenario's own data), so
 *       nothing can be optimised away; slices are not handed to a {@code Blackhole}, because that
 *       would make them escape and cost a heap object that a real, non-escaping use does not pay.
 *       Heap arrays, which escape analysis could delete, are.</li>
 *   <li>Sizes are {@code @Param}s; alignment is 8. Batches report time per allocation through
 *       {@code @OperationsPerInvocation}.</li>
 *   <li>Every fork runs with {@code --enable-native-access=ALL-UNNAMED}; states that downcall or
 *       re-scope check it in {@code @Setup} rather than run with warnings.</li>
 *   <li>Every fork also gets a fixed, pre-touched heap ({@code -Xms256m -Xmx256m
 *       -XX:+AlwaysPreTouch}). On the microVMs this suite was first measured on, the first touch
 *       of a page costs about 12 µs, so a short run with a growing heap charges
 *       {@code new byte[]} for page faults of a heap it has not warmed yet (256-byte arrays measured
 *       at ~800 ns instead of ~15 ns). Pre-touching helps the heap baseline, not arena4j, whose
 *       blobs are touched in {@code @Setup} anyway.</li>
 *   <li>Baselines are written as well as we can write them, never to flatter arena4j.</li>
 * </ul>
 */
package io.github.arena4j.bench;
