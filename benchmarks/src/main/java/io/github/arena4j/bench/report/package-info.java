/**
 * Turns JMH's JSON results into what {@code docs/benchmarks.md} publishes: a markdown table per
 * benchmark class with ratio columns, the verdict on each performance target, and the PNG
 * chart of the headline comparison. {@link io.github.arena4j.bench.report.RunAndReport} runs JMH
 * first, in the same JVM as JMH's own launcher would, then reports.
 *
 * <p>Conventions: the number every ratio is computed from is the <em>median</em> of all measured
 * iterations of all forks (robust on a noisy two-core machine); JMH's mean and its 99.9% error are
 * shown beside it. A ratio is {@code time / baseline time}: below 1 is faster than the baseline.
 * Nothing here measures anything.
 */
package io.github.arena4j.bench.report;
