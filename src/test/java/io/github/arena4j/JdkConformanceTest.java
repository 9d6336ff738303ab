package io.github.arena4j;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_CHAR;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Conformance with {@link SegmentAllocator} as the JDK defines it, on every kind in
 * {@link ArenaKinds}, frames included. The behaviours are those the OpenJDK's own tests of
 * allocators, string encoding and arrays check (sizes and alignments of allocations, every value
 * layout and array type, strings in every standard charset with their terminators, the exceptions
 * for invalid arguments); the tests are written here, differentially: each call runs on the JDK's
 * own confined arena too, and arena4j must produce the same bytes, or throw the same exception
 * type and change nothing.
 *
 * <p>Where arena4j documents a difference, the test asserts arena4j's behaviour instead:
 * <ul>
 *   <li>running out of space is {@link ArenaExhaustedException} with the numbers, where the JDK's
 *       arena throws {@link OutOfMemoryError} for a request {@code malloc} refuses;</li>
 *   <li>a heap arena refuses alignments above what its array guarantees (8 for {@code long[]},
 *       1 for {@code byte[]}) with {@link IllegalArgumentException}, where the JDK's native
 *       arena honours any alignment.</li>
 * </ul>
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.github.arena4j.ArenaKinds#all")
class JdkConformanceTest extends ArenaTestSupport.KindTest {

    static final List<ValueLayout> VALUE_LAYOUTS = List.of(
            JAVA_BYTE, JAVA_BOOLEAN, JAVA_CHAR, JAVA_SHORT, JAVA_INT, JAVA_FLOAT, JAVA_LONG, JAVA_DOUBLE, ADDRESS);

    /** The charsets {@code allocateFrom(String, Charset)} supports, with their terminator's width. */
    static final List<Charset> CHARSETS = List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16LE,
            StandardCharsets.UTF_16BE, Charset.forName("UTF-32LE"), Charset.forName("UTF-32BE"),
            StandardCharsets.US_ASCII, StandardCharsets.ISO_8859_1);

    static final List<String> STRINGS = List.of("", "a", "hello", "h\u00e9llo w\u00f6rld", "\u26c4 snowman",
            "\ud83d\ude00 beyond the BMP", "x".repeat(300));

    JdkConformanceTest(ArenaKinds.Kind kind) {
        super(kind);
    }

    private ArenaKinds.Subject subject;

    private ArenaKinds.Subject subject() {
        if (subject == null) {
            subject = subject(64 * 1024);
            subject.allocator().allocate(1, 1); // knock the pointer off any natural alignment
        }
        return subject;
    }

    /**
     * Runs {@code call} on the JDK's confined arena and on the subject. If the JDK's succeeds, the
     * subject's must give the same bytes at an address aligned to {@code alignment}, unless that
     * alignment is above the kind's (documented: {@link IllegalArgumentException}). If the JDK's
     * throws, the subject must throw the same type ({@link ArenaExhaustedException} for the JDK's
     * {@link OutOfMemoryError}), and change nothing.
     */
    private MemorySegment likeTheJdk(String what, long alignment, Function<SegmentAllocator, MemorySegment> call) {
        MemorySegment expected;
        Throwable jdkThrew;
        try (java.lang.foreign.Arena jdk = java.lang.foreign.Arena.ofConfined()) {
            try {
                expected = call.apply(jdk).asReadOnly();
                expected = MemorySegment.ofArray(expected.toArray(JAVA_BYTE)); // outlives the JDK's arena
                jdkThrew = null;
            } catch (Throwable t) {
                expected = null;
                jdkThrew = t;
            }
        }
        ArenaKinds.Subject s = subject();
        ArenaKinds.Snapshot before = s.snapshot();
        MemorySegment actual = null;
        Throwable thrown;
        try {
            actual = call.apply(s.allocator());
            thrown = null;
        } catch (Throwable t) {
            thrown = t;
        }
        String where = what + " on " + kind;
        if (jdkThrew == null && alignment <= kind.maxAlignment()) {
            assertThat(thrown).as(where).isNull();
            assertThat(actual.byteSize()).as(where + ": size").isEqualTo(expected.byteSize());
            assertThat(actual.address() % alignment).as(where + ": alignment").isZero();
            assertThat(actual.mismatch(expected)).as(where + ": contents").isEqualTo(-1L);
            assertThat(actual.isNative()).as(where + ": native").isEqualTo(kind.nativeSlices());
            return actual;
        }
        boolean beyondTheKind = alignment > kind.maxAlignment();
        Class<? extends Throwable> type = jdkThrew == null ? IllegalArgumentException.class
                : !(jdkThrew instanceof OutOfMemoryError) ? jdkThrew.getClass()
                : beyondTheKind ? IllegalArgumentException.class : ArenaExhaustedException.class;
        assertThat(thrown).as(where).isInstanceOf(type);
        if (jdkThrew == null) {
            assertThat(thrown).hasMessageContaining("Alignment " + alignment);
        }
        s.assertUnchanged(before, where);
        return null;
    }

    @Test
    void allocateByEveryValueLayoutAtEveryAlignment() {
        for (ValueLayout layout : VALUE_LAYOUTS) {
            for (long factor = 1; factor <= 8; factor *= 2) {
                ValueLayout aligned = layout.withByteAlignment(layout.byteSize() * factor);
                MemorySegment slice = likeTheJdk("allocate(" + aligned + ")", aligned.byteAlignment(),
                        a -> a.allocate(aligned));
                if (slice != null && kind.zeroing()) {
                    assertThat(slice.toArray(JAVA_BYTE)).containsOnly((byte) 0);
                }
            }
        }
    }

    @Test
    void allocateArraysOfEveryValueLayout() {
        for (ValueLayout layout : VALUE_LAYOUTS) {
            for (long count : new long[] {0, 1, 7, 128}) {
                likeTheJdk("allocate(" + layout + ", " + count + ")", layout.byteAlignment(),
                        a -> a.allocate(layout, count));
            }
        }
    }

    @Test
    void allocateBySizeAndAlignment() {
        for (long size : new long[] {0, 1, 3, 8, 100, 4096}) {
            for (long alignment = 1; alignment <= 4096; alignment *= 4) {
                long a = alignment;
                likeTheJdk("allocate(" + size + ", " + a + ")", a, allocator -> allocator.allocate(size, a));
            }
            likeTheJdk("allocate(" + size + ")", 1, allocator -> allocator.allocate(size));
        }
        likeTheJdk("allocate(struct)", 8, a -> a.allocate(MemoryLayout.structLayout(
                JAVA_INT.withName("x"), JAVA_SHORT.withName("y"), MemoryLayout.paddingLayout(2), JAVA_LONG.withName("z"))));
    }

    @Test
    void allocateFromEveryValueLayout() {
        for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            ValueLayout.OfByte b = JAVA_BYTE.withOrder(order);
            ValueLayout.OfChar c = JAVA_CHAR.withOrder(order);
            ValueLayout.OfShort s = JAVA_SHORT.withOrder(order);
            ValueLayout.OfInt i = JAVA_INT.withOrder(order);
            ValueLayout.OfFloat f = JAVA_FLOAT.withOrder(order);
            ValueLayout.OfLong l = JAVA_LONG.withOrder(order);
            ValueLayout.OfDouble d = JAVA_DOUBLE.withOrder(order);
            likeTheJdk("byte " + order, 1, a -> a.allocateFrom(b, (byte) -7));
            likeTheJdk("char " + order, 2, a -> a.allocateFrom(c, '\u20ac'));
            likeTheJdk("short " + order, 2, a -> a.allocateFrom(s, (short) 0x1234));
            likeTheJdk("int " + order, 4, a -> a.allocateFrom(i, 0xCAFEBABE));
            likeTheJdk("float " + order, 4, a -> a.allocateFrom(f, -1.5f));
            likeTheJdk("long " + order, 8, a -> a.allocateFrom(l, 0x0102030405060708L));
            likeTheJdk("double " + order, 8, a -> a.allocateFrom(d, Math.PI));
            // The unaligned twins fit every kind, the one-byte-aligned heap included.
            likeTheJdk("unaligned long " + order, 1, a -> a.allocateFrom(l.withByteAlignment(1), -2L));
        }
        try (java.lang.foreign.Arena pointee = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment target = pointee.allocate(16);
            AddressLayout address = ADDRESS;
            MemorySegment pointer = likeTheJdk("address", address.byteAlignment(), a -> a.allocateFrom(address, target));
            if (pointer != null) {
                assertThat(pointer.get(ADDRESS, 0).address()).isEqualTo(target.address());
            }
            likeTheJdk("unaligned address", 1, a -> a.allocateFrom(ADDRESS.withByteAlignment(1), target));
            likeTheJdk("address of NULL", address.byteAlignment(), a -> a.allocateFrom(address, MemorySegment.NULL));
        }
    }

    @Test
    void allocateFromEveryArrayType() {
        for (int length : new int[] {0, 1, 5, 100}) {
            byte[] bytes = new byte[length];
            short[] shorts = new short[length];
            char[] chars = new char[length];
            int[] ints = new int[length];
            float[] floats = new float[length];
            long[] longs = new long[length];
            double[] doubles = new double[length];
            for (int i = 0; i < length; i++) {
                bytes[i] = (byte) (i * 31);
                shorts[i] = (short) (i * 1031 - 7);
                chars[i] = (char) ('A' + i);
                ints[i] = i * 0x01010101 - 3;
                floats[i] = i / 3f;
                longs[i] = i * 0x0101010101010101L - 5;
                doubles[i] = -i * 1.25;
            }
            for (ByteOrder order : List.of(ByteOrder.nativeOrder(), ByteOrder.BIG_ENDIAN)) {
                String suffix = "[" + length + "] " + order;
                likeTheJdk("byte" + suffix, 1, a -> a.allocateFrom(JAVA_BYTE.withOrder(order), bytes));
                likeTheJdk("short" + suffix, 2, a -> a.allocateFrom(JAVA_SHORT.withOrder(order), shorts));
                likeTheJdk("char" + suffix, 2, a -> a.allocateFrom(JAVA_CHAR.withOrder(order), chars));
                likeTheJdk("int" + suffix, 4, a -> a.allocateFrom(JAVA_INT.withOrder(order), ints));
                likeTheJdk("float" + suffix, 4, a -> a.allocateFrom(JAVA_FLOAT.withOrder(order), floats));
                likeTheJdk("long" + suffix, 8, a -> a.allocateFrom(JAVA_LONG.withOrder(order), longs));
                likeTheJdk("double" + suffix, 8, a -> a.allocateFrom(JAVA_DOUBLE.withOrder(order), doubles));
                likeTheJdk("unaligned long" + suffix, 1,
                        a -> a.allocateFrom(JAVA_LONG.withOrder(order).withByteAlignment(1), longs));
            }
        }
    }

    @Test
    void allocateFromASegmentCopiesElements() {
        int[] values = {1, -2, 3, -4, 5, -6, 7, -8};
        MemorySegment heapSource = MemorySegment.ofArray(values);
        try (java.lang.foreign.Arena owner = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment nativeSource = owner.allocateFrom(JAVA_INT, values);
            for (MemorySegment source : List.of(heapSource, nativeSource)) {
                String from = source.isNative() ? "native" : "heap";
                likeTheJdk("all from " + from, 4, a -> a.allocateFrom(JAVA_INT, source, JAVA_INT, 0, 8));
                likeTheJdk("some from " + from, 4, a -> a.allocateFrom(JAVA_INT, source, JAVA_INT, 8, 3));
                likeTheJdk("none from " + from, 4, a -> a.allocateFrom(JAVA_INT, source, JAVA_INT, 32, 0));
                likeTheJdk("byte-swapped from " + from, 4,
                        a -> a.allocateFrom(JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN), source, JAVA_INT, 4, 4));
                likeTheJdk("unaligned from " + from, 1,
                        a -> a.allocateFrom(JAVA_INT.withByteAlignment(1), source, JAVA_INT, 0, 8));
            }
        }
    }

    @Test
    void stringsInEveryCharsetWithTheirTerminator() {
        for (Charset charset : CHARSETS) {
            int terminator = "\0".getBytes(charset).length;
            for (String text : STRINGS) {
                MemorySegment encoded = likeTheJdk("\"" + text + "\" in " + charset, 1, a -> a.allocateFrom(text, charset));
                byte[] body = text.getBytes(charset);
                assertThat(encoded.byteSize()).isEqualTo(body.length + terminator);
                assertThat(encoded.asSlice(body.length).toArray(JAVA_BYTE)).as("terminator").containsOnly((byte) 0);
                if (charset.newEncoder().canEncode(text)) {
                    assertThat(encoded.getString(0, charset)).isEqualTo(text);
                }
            }
        }
        MemorySegment utf8 = likeTheJdk("default charset", 1, a -> a.allocateFrom("caf\u00e9"));
        assertThat(utf8.byteSize()).isEqualTo(6);
    }

    @Test
    void charsetsBeyondTheStandardOnesBehaveAsOnTheJdk() {
        likeTheJdk("UTF-16 with a byte-order mark", 1, a -> a.allocateFrom("bom", StandardCharsets.UTF_16));
        for (String name : List.of("UTF-32", "windows-1252", "IBM037", "Shift_JIS")) {
            if (Charset.isSupported(name)) {
                Charset charset = Charset.forName(name);
                likeTheJdk("a string in " + name, 1, a -> a.allocateFrom("abc", charset));
            }
        }
    }

    @Test
    void invalidArgumentsThrowWhatTheJdkThrowsAndChangeNothing() {
        likeTheJdk("negative size", 1, a -> a.allocate(-1));
        likeTheJdk("negative size, aligned", 8, a -> a.allocate(-8, 8));
        likeTheJdk("zero alignment", 1, a -> a.allocate(1, 0));
        likeTheJdk("negative alignment", 1, a -> a.allocate(1, -8));
        likeTheJdk("alignment not a power of two", 1, a -> a.allocate(1, 12));
        likeTheJdk("negative count", 1, a -> a.allocate(JAVA_INT, -1));
        likeTheJdk("count that overflows", 1, a -> a.allocate(JAVA_LONG, Long.MAX_VALUE));
        likeTheJdk("count that overflows a struct", 1, a -> a.allocate(MemoryLayout.structLayout(JAVA_LONG, JAVA_LONG), Long.MAX_VALUE / 8));
        likeTheJdk("size nobody can have", 1, a -> a.allocate(Long.MAX_VALUE, 1));
        likeTheJdk("size nobody can have, aligned", 2, a -> a.allocate(Long.MAX_VALUE, 2));
        likeTheJdk("array element aligned above its size", 1, a -> a.allocateFrom(JAVA_INT.withByteAlignment(8), 1, 2));
        likeTheJdk("null layout", 1, a -> a.allocate((MemoryLayout) null));
        likeTheJdk("null string", 1, a -> a.allocateFrom((String) null));
        likeTheJdk("null charset", 1, a -> a.allocateFrom("x", (Charset) null));
        likeTheJdk("null array", 1, a -> a.allocateFrom(JAVA_INT, (int[]) null));
        likeTheJdk("address of a heap segment", 1, a -> a.allocateFrom(ADDRESS, MemorySegment.ofArray(new long[1])));
    }

    @Test
    void aSuccessfulCallAfterAFailedOneLandsWhereTheModelSays() {
        ArenaKinds.Subject s = subject();
        Throwable thrown = catchThrowable(() -> s.allocator().allocate(JAVA_INT, -1));
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class);
        long before = s.used();

        MemorySegment next = s.allocator().allocate(fit(JAVA_LONG));

        assertThat(next.address() % align(8)).isZero();
        assertThat(s.used()).isGreaterThanOrEqualTo(before + 8);
    }
}
