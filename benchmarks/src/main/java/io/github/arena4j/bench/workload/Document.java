package io.github.arena4j.bench.workload;

/**
 * A generated JSON document and what a correct tree of it must hold.
 *
 * @param json the document, UTF-8, exactly {@code json.length} bytes
 * @param utf8 the checksum with string lengths in UTF-8 bytes (trees of copied bytes)
 * @param utf16 the checksum with string lengths in UTF-16 code units (trees of {@code String}s)
 * @param strings how many strings the document holds, keys included
 */
public record Document(byte[] json, Checksum utf8, Checksum utf16, long strings) {

    /**
     * Generates the document of about {@code megabytes} × 10<sup>6</sup> bytes; the same size
     * always gives the same bytes.
     *
     * @param megabytes target size in decimal megabytes, at least 1
     * @return the document and its expected checksums
     */
    public static Document generate(int megabytes) {
        if (megabytes < 1) {
            throw new IllegalArgumentException("Invalid document size: " + megabytes + " MB (must be >= 1)");
        }
        return new PayloadGenerator(0x5eed_a4e_4a11L).generate(megabytes * 1_000_000L);
    }

    /**
     * {@return bytes enough for a tree of this document in fixed-size nodes}: every value a node of
     * {@code nodeSize} bytes aligned to {@code nodeAlignment}, every string's bytes copied once,
     * each followed by at most {@code nodeAlignment - 1} bytes of padding.
     */
    public long offsetTreeCapacity(int nodeSize, int nodeAlignment) {
        return utf8.nodes() * nodeSize + utf8.stringLength() + strings * (nodeAlignment - 1) + 64;
    }

    /** {@return the size of the document in decimal megabytes} */
    public double megabytes() {
        return json.length / 1e6;
    }
}
