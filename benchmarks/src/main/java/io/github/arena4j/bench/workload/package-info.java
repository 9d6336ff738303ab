/**
 * The JSON workload: one recursive-descent parser, {@link io.github.arena4j.bench.workload.JsonParser},
 * builds the same document into differently stored trees, and each tree is walked once into a
 * {@link io.github.arena4j.bench.workload.Checksum} that must equal the generator's.
 *
 * <p>Conventions:
 * <ul>
 *   <li>Only node storage differs between variants: the lexer, the grammar, escape and number
 *       decoding are shared and feed a {@code TreeSink}. Heap objects ({@code heap_objects}),
 *       fixed-size records linked by offsets in an arena4j arena ({@code arena4j_*}) or in a
 *       hand-rolled blob ({@code hand_rolled_blob}, the same layout with the bump written inline:
 *       what arena4j costs over doing it by hand), and Jackson's {@code readTree}
 *       ({@code jackson_tree}, its own parser: what users would pick instead).</li>
 *   <li>Each benchmark fork creates one variant only, so the shared parser's call sites see one
 *       sink type, as in an application; each variant is checked against the generator's
 *       expected checksum in {@code @Setup} and in every operation, and a mismatch throws.</li>
 *   <li>Every baseline is written as well as we can: exact-size child arrays and a key cache for
 *       the heap tree, Jackson's fast double parser. Nothing is tuned to flatter arena4j.</li>
 *   <li>Documents are generated in {@code @Setup} (deterministic, never committed); {@code docMB}
 *       is a {@code @Param}, and {@code -p docMB=1} makes a quick smoke run.</li>
 *   <li>{@link io.github.arena4j.bench.workload.JsonReport} turns the JMH JSON of a run into the
 *       published table (MB/s of input, ratios, B/op, GC counts) and chart.</li>
 * </ul>
 */
package io.github.arena4j.bench.workload;
