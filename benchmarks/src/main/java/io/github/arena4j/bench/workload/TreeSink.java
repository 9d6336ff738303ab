package io.github.arena4j.bench.workload;

/**
 * Receives a document from {@link JsonParser} in document order and stores it as a tree: the one
 * thing the variants do differently. A member of an object arrives as {@link #key} followed by its
 * value; the bytes passed to {@code key} and {@code string} are decoded UTF-8 (escapes resolved)
 * and are valid only during the call.
 */
interface TreeSink {

    void startObject();

    void endObject();

    void startArray();

    void endArray();

    void key(byte[] utf8, int offset, int length);

    void string(byte[] utf8, int offset, int length);

    void integer(long value);

    void decimal(double value);

    void bool(boolean value);

    void nil();
}
