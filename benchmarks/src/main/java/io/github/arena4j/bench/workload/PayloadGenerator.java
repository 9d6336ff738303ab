package io.github.arena4j.bench.workload;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Writes a deterministic document shaped like a page of a REST API's answer: a {@code meta} object,
 * a {@code data} array of customer records (nested address, geo point, orders, preferences, tags,
 * metrics), a trailing {@code summary} and {@code links}. Strings carry escapes ({@code \"},
 * {@code \\}, {@code \n}, {@code \t}, {@code \/}, {@code \u00e9}, surrogate pairs) and raw UTF-8
 * (accented and non-Latin names); numbers are integers, fixed-point decimals and a few in
 * exponent form, some negative; there are booleans and nulls. Minified, as APIs send it.
 *
 * <p>While writing, it counts what a correct tree must hold, so every variant is checked against
 * the generator rather than against another parser. Expected number sums use
 * {@link Double#parseDouble} on the very text written, the correctly rounded value every correct
 * parser must produce.
 *
 * <p>The random source is SplitMix64 written out here, so the bytes never depend on the JDK.
 * Not thread-safe; one generator per document.
 */
final class PayloadGenerator {

    private static final String[] FIRST = {"Ana", "Björn", "Chloé", "Dmitri", "Émile", "François", "Günter",
        "Hana", "İlkay", "Jürgen", "Łukasz", "Mårten", "Nuño", "Oğuz", "Renée", "Søren", "Tomás", "Yūki",
        "Wei", "Zoë", "Анна", "李娜", "Aarav", "Olivia", "Noah", "Emma", "Liam", "Mia", "Lucas", "Sofia"};
    private static final String[] LAST = {"Müller", "García", "O'Brien", "Nguyễn", "Smith", "Kowalski", "Dubois",
        "Rossi", "Andersson", "Tanaka", "Ivanova", "Schäfer", "Johnson", "Silva", "Öztürk", "Brown",
        "Martin", "Jensen", "Novák", "Williams"};
    private static final String[] CITIES = {"Zürich", "München", "São Paulo", "Kraków", "Montréal", "Reykjavík",
        "Göteborg", "Málaga", "London", "New York", "Tokyo", "東京", "Berlin", "Paris", "Seattle", "Austin"};
    private static final String[] COUNTRIES = {"CH", "DE", "BR", "PL", "CA", "IS", "SE", "ES", "GB", "US", "JP", "FR"};
    private static final String[] STREETS = {"Bahnhofstrasse", "Rue de l'Église", "Hauptstraße", "Main St",
        "Avenida Paulista", "ul. Floriańska", "Calle Larios", "Baker Street", "Broadway", "Kärntner Straße"};
    private static final String[] TAGS = {"vip", "beta", "eu", "newsletter", "churn-risk", "b2b", "trial",
        "enterprise", "mobile", "early-adopter", "support:priority", "region/emea"};
    private static final String[] PRODUCTS = {"Wireless Mouse", "USB-C Hub (7-in-1)", "Ergonomic Chair",
        "Standing Desk 160×80", "Noise-cancelling Headphones", "4K Monitor 27\"", "Mechanical Keyboard",
        "Laptop Sleeve 14\"", "Webcam 1080p", "Café Crème Beans 1kg"};
    private static final String[] WORDS = {"customer", "asked", "about", "the", "invoice", "delivery", "was",
        "late", "refund", "issued", "please", "call", "back", "after", "5pm", "prefers", "email", "résumé",
        "naïve", "coöperate", "ok", "—", "order", "#4521", "C:\\Users\\ana", "\"urgent\"", "follow-up", "re:",
        "🙂", "✓", "€12.50", "→", "done"};
    private static final String[] CURRENCIES = {"EUR", "USD", "CHF", "GBP", "JPY", "SEK", "PLN"};
    private static final String[] LANGUAGES = {"de-CH", "en-US", "fr-FR", "pt-BR", "ja-JP", "sv-SE", "pl-PL"};
    private static final String[] SOURCES = {"web", "ios", "android", "partner-api", "import"};

    private long state;
    private byte[] out;
    private int size;
    /** Whether the next member or element is the first of its container, per nesting level. */
    private final boolean[] first = new boolean[64];
    private int depth;

    private long nodes;
    private double numberSum;
    private long utf8;
    private long utf16;
    private long strings;

    PayloadGenerator(long seed) {
        this.state = seed;
    }

    Document generate(long targetBytes) {
        // Sized once: the largest record is far below 64 KiB, so the buffer never grows.
        out = new byte[Math.toIntExact(targetBytes + (1 << 16))];
        startObject();
        field("meta");
        startObject();
        field("request_id");
        string("req_" + Long.toHexString(next()));
        field("api_version");
        string("2024-06-01");
        field("generated_at");
        string(timestamp());
        field("page");
        integer(1);
        field("cursor");
        nil();
        endObject();
        field("data");
        startArray();
        int records = 0;
        while (size < targetBytes - 2048) {
            item();
            record(++records);
        }
        endArray();
        field("summary");
        startObject();
        field("count");
        integer(records);
        field("has_more");
        bool(true);
        endObject();
        field("links");
        startObject();
        field("self");
        stringSlashEscaped("https://api.example.com/v1/customers?page=1&per_page=" + records);
        field("next");
        stringSlashEscaped("https://api.example.com/v1/customers?page=2&per_page=" + records);
        field("prev");
        nil();
        endObject();
        endObject();
        byte[] json = Arrays.copyOf(out, size);
        out = null;
        return new Document(json, new Checksum(nodes, numberSum, utf8), new Checksum(nodes, numberSum, utf16), strings);
    }

    private void record(int id) {
        startObject();
        field("id");
        integer(100_000L + id);
        field("uuid");
        string(uuid());
        field("type");
        string(chance(10) ? "business" : "customer");
        field("active");
        bool(!chance(7));
        String first = pick(FIRST);
        String last = pick(LAST);
        field("name");
        string(chance(15) ? first + " \"" + first.substring(0, 1) + "\" " + last : first + " " + last);
        field("email");
        string(emailPart(first) + "." + emailPart(last) + id + "@example.com");
        field("phone");
        if (chance(4)) {
            nil();
        } else {
            string("+41 44 " + (100 + below(900)) + " " + (10 + below(90)) + " " + (10 + below(90)));
        }
        field("balance");
        decimal(below(2_000_000) - 200_000, 2);
        field("score");
        decimal(below(1_000_000), 6);
        field("rating");
        decimal(10 + below(41), 1);
        field("login_count");
        integer(below(5000));
        field("created_at");
        string(timestamp());
        field("updated_at");
        string(timestamp());
        field("tags");
        startArray();
        for (int i = below(5); i > 0; i--) {
            item();
            string(pick(TAGS));
        }
        endArray();
        field("address");
        address();
        field("orders");
        startArray();
        for (int i = below(5); i > 0; i--) {
            item();
            order();
        }
        endArray();
        field("preferences");
        preferences();
        field("notes");
        if (chance(3)) {
            nil();
        } else {
            notes();
        }
        field("metrics");
        startArray();
        for (int i = below(6); i > 0; i--) {
            item();
            if (chance(5)) {
                exponent();
            } else {
                decimal(below(100_000), 3);
            }
        }
        endArray();
        endObject();
    }

    private void address() {
        startObject();
        field("street");
        string((1 + below(200)) + " " + pick(STREETS));
        field("city");
        string(pick(CITIES));
        field("postcode");
        string(String.valueOf(1000 + below(9000)));
        field("country");
        string(pick(COUNTRIES));
        field("geo");
        startObject();
        field("lat");
        decimal(below(180_000_000) - 90_000_000, 6);
        field("lng");
        decimal(below(360_000_000) - 180_000_000, 6);
        endObject();
        endObject();
    }

    private void order() {
        startObject();
        field("id");
        integer(5_000_000L + below(1_000_000));
        field("sku");
        string("SKU-" + (100_000 + below(900_000)));
        field("title");
        string(pick(PRODUCTS));
        field("quantity");
        integer(1 + below(9));
        field("unit_price");
        decimal(99 + below(250_000), 2);
        field("currency");
        string(pick(CURRENCIES));
        field("discount");
        if (chance(2)) {
            nil();
        } else {
            decimal(5 + below(40), 2);
        }
        field("shipped");
        bool(chance(2));
        endObject();
    }

    private void preferences() {
        startObject();
        field("newsletter");
        bool(chance(2));
        field("language");
        string(pick(LANGUAGES));
        field("theme");
        if (chance(2)) {
            nil();
        } else {
            string(chance(2) ? "dark" : "light");
        }
        field("source");
        string(pick(SOURCES));
        field("notifications");
        startObject();
        field("email");
        bool(true);
        field("sms");
        bool(chance(3));
        field("push");
        bool(chance(2));
        endObject();
        endObject();
    }

    /** Free text: spaces, newlines and tabs, and non-ASCII written as {@code \\uXXXX} escapes. */
    private void notes() {
        StringBuilder text = new StringBuilder();
        for (int i = 3 + below(14); i > 0; i--) {
            text.append(pick(WORDS));
            text.append(chance(8) ? "\n" : chance(12) ? "\t" : " ");
        }
        text.setLength(text.length() - 1);
        nodes++;
        count(text.toString());
        writeString(text.toString(), true, false);
    }

    // ---- values, each counted as the tree will count it ----

    private void startObject() {
        nodes++;
        put('{');
        first[++depth] = true;
    }

    private void endObject() {
        depth--;
        put('}');
    }

    private void startArray() {
        nodes++;
        put('[');
        first[++depth] = true;
    }

    private void endArray() {
        depth--;
        put(']');
    }

    /** Starts an object member: separator, then the key. */
    private void field(String key) {
        separate();
        count(key);
        writeString(key, false, false);
        put(':');
    }

    /** Starts an array element. */
    private void item() {
        separate();
    }

    private void separate() {
        if (first[depth]) {
            first[depth] = false;
        } else {
            put(',');
        }
    }

    private void string(String value) {
        nodes++;
        count(value);
        writeString(value, false, false);
    }

    private void stringSlashEscaped(String value) {
        nodes++;
        count(value);
        writeString(value, false, true);
    }

    private void integer(long value) {
        nodes++;
        numberSum += value;
        ascii(Long.toString(value));
    }

    /** Writes {@code unscaled / 10^scale} in fixed point, e.g. {@code -1234.56}. */
    private void decimal(long unscaled, int scale) {
        String digits = Long.toString(Math.abs(unscaled));
        if (digits.length() <= scale) {
            digits = "0".repeat(scale - digits.length() + 1) + digits;
        }
        String text = (unscaled < 0 ? "-" : "") + digits.substring(0, digits.length() - scale) + "." + digits.substring(digits.length() - scale);
        number(text);
    }

    /** Writes a number in exponent form, e.g. {@code 4.2e-3} or {@code 1.5E+7}. */
    private void exponent() {
        int exponent = below(17) - 8;
        String text = (1 + below(9)) + "." + below(10) + (chance(2) ? "e" : "E") + (exponent >= 0 && chance(2) ? "+" : "") + exponent;
        number(text);
    }

    private void number(String text) {
        nodes++;
        numberSum += Double.parseDouble(text);
        ascii(text);
    }

    private void bool(boolean value) {
        nodes++;
        ascii(value ? "true" : "false");
    }

    private void nil() {
        nodes++;
        ascii("null");
    }

    private void count(String s) {
        strings++;
        utf16 += s.length();
        utf8 += s.getBytes(StandardCharsets.UTF_8).length;
    }

    // ---- output ----

    /**
     * Writes a JSON string literal: quotes, backslashes and control characters escaped; non-ASCII
     * as {@code \\uXXXX} (surrogate pairs as two) if {@code escapeNonAscii}, else as raw UTF-8;
     * {@code /} as {@code \/} if {@code escapeSlash}, as some serializers do.
     */
    private void writeString(String s, boolean escapeNonAscii, boolean escapeSlash) {
        put('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> ascii("\\\"");
                case '\\' -> ascii("\\\\");
                case '\n' -> ascii("\\n");
                case '\t' -> ascii("\\t");
                case '\r' -> ascii("\\r");
                case '\b' -> ascii("\\b");
                case '\f' -> ascii("\\f");
                case '/' -> ascii(escapeSlash ? "\\/" : "/");
                default -> {
                    if (c < 0x20 || (c >= 0x80 && escapeNonAscii)) {
                        ascii(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else if (c < 0x80) {
                        put(c);
                    } else {
                        int end = Character.isHighSurrogate(c) ? i + 2 : i + 1;
                        byte[] utf8 = s.substring(i, end).getBytes(StandardCharsets.UTF_8);
                        System.arraycopy(utf8, 0, out, size, utf8.length);
                        size += utf8.length;
                        i = end - 1;
                    }
                }
            }
        }
        put('"');
    }

    private void ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            put(s.charAt(i));
        }
    }

    private void put(char c) {
        out[size++] = (byte) c;
    }

    // ---- randomness ----

    private long next() {
        long z = (state += 0x9e3779b97f4a7c15L);
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** {@return a number in {@code [0, bound)}} */
    private int below(int bound) {
        return (int) Math.floorMod(next(), (long) bound);
    }

    /** {@return true with probability 1 in {@code n}} */
    private boolean chance(int n) {
        return below(n) == 0;
    }

    private String pick(String[] values) {
        return values[below(values.length)];
    }

    private String uuid() {
        String hex = Long.toHexString(next() | Long.MIN_VALUE) + Long.toHexString(next() | Long.MIN_VALUE);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-4" + hex.substring(13, 16) + "-a"
                + hex.substring(17, 20) + "-" + hex.substring(20, 32);
    }

    private String timestamp() {
        return String.format(Locale.ROOT, "20%02d-%02d-%02dT%02d:%02d:%02dZ", 18 + below(7), 1 + below(12), 1 + below(28),
                below(24), below(60), below(60));
    }

    /** Lower-cased ASCII letters of a name, for an e-mail address. */
    private static String emailPart(String name) {
        StringBuilder b = new StringBuilder();
        for (char c : name.toLowerCase(Locale.ROOT).toCharArray()) {
            if (c >= 'a' && c <= 'z') {
                b.append(c);
            }
        }
        return b.isEmpty() ? "user" : b.toString();
    }
}
