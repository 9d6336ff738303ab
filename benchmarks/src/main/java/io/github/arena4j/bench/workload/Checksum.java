package io.github.arena4j.bench.workload;

/**
 * What every variant computes by walking its tree once, in document order: how many values it
 * holds (containers and scalars; object keys are not values), the sum of its numbers, and the total
 * length of its strings, keys included.
 *
 * <p>String length is counted in the unit the tree stores: UTF-8 bytes for trees that copy the
 * decoded bytes (arena4j, the hand-rolled blob), UTF-16 code units ({@link String#length()}) for
 * trees of {@code String}s (heap objects, Jackson). The generator knows both for every string, so
 * each variant is checked against the exact expected value in its own unit, and no tree has to
 * re-decode its strings just to be compared.
 *
 * <p>The numbers are summed as {@code double}s in document order, so every correct tree produces
 * the same bits; {@link #equals} compares them exactly.
 *
 * @param nodes values in the tree, containers included
 * @param numberSum the sum of every number, as {@code double}, in document order
 * @param stringLength total length of keys and string values, in the tree's unit
 */
public record Checksum(long nodes, double numberSum, long stringLength) {

    /**
     * {@return this checksum} if it equals {@code expected}.
     *
     * @throws IllegalStateException if it does not: the variant built or walked a wrong tree
     */
    Checksum verify(Checksum expected, String variant) {
        if (!equals(expected)) {
            throw mismatch(expected, variant);
        }
        return this;
    }

    private IllegalStateException mismatch(Checksum expected, String variant) {
        return new IllegalStateException("Checksum mismatch in " + variant + ": expected=" + expected + " actual=" + this);
    }

    /** The running totals of one walk. Not thread-safe. */
    static final class Tally {
        long nodes;
        double numberSum;
        long stringLength;

        Checksum result() {
            return new Checksum(nodes, numberSum, stringLength);
        }
    }
}
