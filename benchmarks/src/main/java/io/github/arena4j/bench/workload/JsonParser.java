package io.github.arena4j.bench.workload;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A recursive-descent JSON parser (RFC 8259) over a UTF-8 {@code byte[]}, shared by every variant
 * of the benchmark: it lexes and checks the grammar, decodes escapes and numbers, and hands each
 * value to a {@link TreeSink}, which alone decides how the tree is stored.
 *
 * <p>Numbers: integers of up to 18 significant digits arrive as {@code long}; decimals of up to 15
 * significant digits with a decimal exponent within ±22 are computed exactly by one multiplication
 * or division of two exact doubles (Clinger's fast path), so they are correctly rounded; anything
 * else falls back to {@link Double#parseDouble}, which allocates (the generated documents never
 * take that path). Strings: escapes are decoded into a reused scratch buffer; a string without
 * escapes is passed as a range of the input, never copied. UTF-8 is not validated.
 *
 * <p>Steady state, the parser allocates nothing. Not thread-safe; reusable, one document at a time.
 */
public final class JsonParser {

    /** Deeper documents are rejected rather than allowed to overflow the stack. */
    static final int MAX_DEPTH = 512;

    private static final double[] POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    /** Eight input bytes as one little-endian {@code long}: the first byte is the lowest. */
    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** The literals as little-endian {@code int}s of their first four bytes. */
    private static final int TRUE = 't' | 'r' << 8 | 'u' << 16 | 'e' << 24;
    private static final int FALS = 'f' | 'a' << 8 | 'l' << 16 | 's' << 24;
    private static final int NULL = 'n' | 'u' << 8 | 'l' << 16 | 'l' << 24;
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[] in;
    private int pos;
    private int end;
    private TreeSink sink;
    /** Decoded bytes of a string that has escapes. */
    private byte[] scratch = new byte[256];

    /**
     * Parses {@code json[0, length)} into {@code sink}.
     *
     * @throws IllegalArgumentException if the input is not one JSON value (with the offset)
     */
    void parse(byte[] json, int length, TreeSink sink) {
        this.in = json;
        this.end = length;
        this.pos = 0;
        this.sink = sink;
        try {
            skipWhitespace();
            value(0);
            skipWhitespace();
            if (pos != end) {
                throw error("Trailing data");
            }
        } finally {
            this.in = null;
            this.sink = null;
        }
    }

    private void value(int depth) {
        if (pos >= end) {
            throw error("Unexpected end of input");
        }
        switch (in[pos]) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> {
                pos++;
                string(false);
            }
            case 't' -> {
                literal(TRUE, 4);
                sink.bool(true);
            }
            case 'f' -> {
                if (pos + 5 > end || in[pos + 4] != 'e') {
                    throw error("Invalid literal");
                }
                literal(FALS, 5);
                sink.bool(false);
            }
            case 'n' -> {
                literal(NULL, 4);
                sink.nil();
            }
            default -> number();
        }
    }

    private void object(int depth) {
        if (depth >= MAX_DEPTH) {
            throw error("Nesting deeper than " + MAX_DEPTH);
        }
        pos++;
        sink.startObject();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            sink.endObject();
            return;
        }
        while (true) {
            if (peek() != '"') {
                throw error("Expected a string key");
            }
            pos++;
            string(true);
            skipWhitespace();
            if (peek() != ':') {
                throw error("Expected ':'");
            }
            pos++;
            skipWhitespace();
            value(depth + 1);
            skipWhitespace();
            byte c = peek();
            pos++;
            if (c == ',') {
                skipWhitespace();
            } else if (c == '}') {
                sink.endObject();
                return;
            } else {
                pos--;
                throw error("Expected ',' or '}'");
            }
        }
    }

    private void array(int depth) {
        if (depth >= MAX_DEPTH) {
            throw error("Nesting deeper than " + MAX_DEPTH);
        }
        pos++;
        sink.startArray();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            sink.endArray();
            return;
        }
        while (true) {
            value(depth + 1);
            skipWhitespace();
            byte c = peek();
            pos++;
            if (c == ',') {
                skipWhitespace();
            } else if (c == ']') {
                sink.endArray();
                return;
            } else {
                pos--;
                throw error("Expected ',' or ']'");
            }
        }
    }

    /** Reads a string whose opening quote has been consumed. */
    private void string(boolean key) {
        byte[] in = this.in;
        int end = this.end;
        int start = pos;
        int p = start;
        // Eight bytes at a time to the first byte that needs a look: '"', '\\' or a control character.
        while (p + Long.BYTES <= end) {
            long special = special((long) WORDS.get(in, p));
            if (special != 0) {
                p += Long.numberOfTrailingZeros(special) >>> 3;
                break;
            }
            p += Long.BYTES;
        }
        while (p < end) {
            byte b = in[p];
            if (b == '"') {
                pos = p + 1;
                emit(key, in, start, p - start);
                return;
            }
            if (b == '\\') {
                escapedString(key, start, p);
                return;
            }
            if ((b & 0xff) < 0x20) {
                pos = p;
                throw error("Unescaped control character in string");
            }
            p++;
        }
        pos = p;
        throw error("Unterminated string");
    }

    /**
     * {@return a word with the high bit set in each byte of {@code w} that is '"', '\\' or below
     * 0x20}, or more precisely in the lowest such byte and perhaps in bytes above it: the
     * classic "has zero byte" test, {@code (x - 0x01..) & ~x & 0x80..}, borrows only upwards, so
     * the lowest bit set is exact (Hacker's Delight, 6-1). Bytes of 0x80 and above never match.
     */
    private static long special(long w) {
        long quote = w ^ 0x2222_2222_2222_2222L;
        long backslash = w ^ 0x5c5c_5c5c_5c5c_5c5cL;
        return ((quote - 0x0101_0101_0101_0101L) & ~quote
                | (backslash - 0x0101_0101_0101_0101L) & ~backslash
                | (w - 0x2020_2020_2020_2020L) & ~w)
                & 0x8080_8080_8080_8080L;
    }

    /** The slow path: {@code [start, p)} has no escape, {@code p} is the first backslash. */
    private void escapedString(boolean key, int start, int p) {
        byte[] in = this.in;
        int n = p - start;
        byte[] out = room(n, 0);
        System.arraycopy(in, start, out, 0, n);
        while (true) {
            if (p >= end) {
                pos = p;
                throw error("Unterminated string");
            }
            byte b = in[p];
            if (b == '"') {
                pos = p + 1;
                emit(key, out, 0, n);
                return;
            }
            if ((b & 0xff) < 0x20) {
                pos = p;
                throw error("Unescaped control character in string");
            }
            out = room(n, 4);
            if (b != '\\') {
                out[n++] = b;
                p++;
                continue;
            }
            if (p + 1 >= end) {
                pos = p;
                throw error("Unterminated string");
            }
            byte e = in[p + 1];
            p += 2;
            switch (e) {
                case '"', '\\', '/' -> out[n++] = e;
                case 'b' -> out[n++] = '\b';
                case 'f' -> out[n++] = '\f';
                case 'n' -> out[n++] = '\n';
                case 'r' -> out[n++] = '\r';
                case 't' -> out[n++] = '\t';
                case 'u' -> {
                    int c = hex4(p);
                    p += 4;
                    if (Character.isHighSurrogate((char) c) && p + 6 <= end && in[p] == '\\' && in[p + 1] == 'u') {
                        int low = hex4(p + 2);
                        if (Character.isLowSurrogate((char) low)) {
                            c = Character.toCodePoint((char) c, (char) low);
                            p += 6;
                        }
                    }
                    n = encodeUtf8(c, out, n);
                }
                default -> {
                    pos = p - 1;
                    throw error("Invalid escape");
                }
            }
        }
    }

    /** {@return the scratch buffer, grown so that {@code n + extra} bytes fit} */
    private byte[] room(int n, int extra) {
        if (n + extra > scratch.length) {
            scratch = Arrays.copyOf(scratch, Math.max(scratch.length * 2, n + extra));
        }
        return scratch;
    }

    private int hex4(int p) {
        if (p + 4 > end) {
            pos = p;
            throw error("Truncated \\u escape");
        }
        int value = 0;
        for (int i = p; i < p + 4; i++) {
            int digit = Character.digit(in[i], 16);
            if (digit < 0) {
                pos = i;
                throw error("Invalid hex digit in \\u escape");
            }
            value = value << 4 | digit;
        }
        return value;
    }

    /** Writes code point {@code c} (a lone surrogate as its 3-byte form) at {@code out[n]}; {@return the new length} */
    private static int encodeUtf8(int c, byte[] out, int n) {
        if (c < 0x80) {
            out[n++] = (byte) c;
        } else if (c < 0x800) {
            out[n++] = (byte) (0xc0 | c >> 6);
            out[n++] = (byte) (0x80 | c & 0x3f);
        } else if (c < 0x10000) {
            out[n++] = (byte) (0xe0 | c >> 12);
            out[n++] = (byte) (0x80 | c >> 6 & 0x3f);
            out[n++] = (byte) (0x80 | c & 0x3f);
        } else {
            out[n++] = (byte) (0xf0 | c >> 18);
            out[n++] = (byte) (0x80 | c >> 12 & 0x3f);
            out[n++] = (byte) (0x80 | c >> 6 & 0x3f);
            out[n++] = (byte) (0x80 | c & 0x3f);
        }
        return n;
    }

    private void emit(boolean key, byte[] utf8, int offset, int length) {
        if (key) {
            sink.key(utf8, offset, length);
        } else {
            sink.string(utf8, offset, length);
        }
    }

    private void number() {
        byte[] in = this.in;
        int end = this.end;
        int start = pos;
        int p = start;
        boolean negative = p < end && in[p] == '-';
        if (negative) {
            p++;
        }
        long mantissa = 0;
        int significant = 0;
        int digit = p < end ? in[p] - '0' : -1;
        if (digit == 0) {
            p++;
        } else if (digit > 0 && digit <= 9) {
            do {
                mantissa = mantissa * 10 + digit;
                significant++;
                digit = ++p < end ? in[p] - '0' : -1;
            } while (digit >= 0 && digit <= 9);
        } else {
            throw error("Invalid value");
        }
        boolean integral = true;
        int fractionDigits = 0;
        if (p < end && in[p] == '.') {
            integral = false;
            digit = ++p < end ? in[p] - '0' : -1;
            if (digit < 0 || digit > 9) {
                pos = p;
                throw error("Expected a digit after '.'");
            }
            do {
                mantissa = mantissa * 10 + digit;
                if (mantissa != 0) {
                    significant++;
                }
                fractionDigits++;
                digit = ++p < end ? in[p] - '0' : -1;
            } while (digit >= 0 && digit <= 9);
        }
        int exponent = 0;
        if (p < end && (in[p] | 0x20) == 'e') {
            integral = false;
            p++;
            boolean negativeExponent = false;
            if (p < end && (in[p] == '-' || in[p] == '+')) {
                negativeExponent = in[p] == '-';
                p++;
            }
            digit = p < end ? in[p] - '0' : -1;
            if (digit < 0 || digit > 9) {
                pos = p;
                throw error("Expected a digit in the exponent");
            }
            do {
                if (exponent < 100_000) {
                    exponent = exponent * 10 + digit;
                }
                digit = ++p < end ? in[p] - '0' : -1;
            } while (digit >= 0 && digit <= 9);
            if (negativeExponent) {
                exponent = -exponent;
            }
        }
        pos = p;
        if (integral && significant <= 18) {
            sink.integer(negative ? -mantissa : mantissa);
            return;
        }
        int power = exponent - fractionDigits;
        if (!integral && significant <= 15 && power >= -22 && power <= 22) {
            double value = power < 0 ? mantissa / POWERS_OF_TEN[-power] : mantissa * POWERS_OF_TEN[power];
            sink.decimal(negative ? -value : value);
            return;
        }
        sink.decimal(Double.parseDouble(new String(in, start, p - start, StandardCharsets.ISO_8859_1)));
    }

    /** Consumes a literal of {@code length} bytes whose first four are {@code first4}. */
    private void literal(int first4, int length) {
        if (pos + length > end || (int) INTS.get(in, pos) != first4) {
            throw error("Invalid literal");
        }
        pos += length;
    }

    private byte peek() {
        if (pos >= end) {
            throw error("Unexpected end of input");
        }
        return in[pos];
    }

    private void skipWhitespace() {
        byte[] in = this.in;
        int p = pos;
        while (p < end) {
            byte b = in[p];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                break;
            }
            p++;
        }
        pos = p;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at offset " + pos);
    }
}
