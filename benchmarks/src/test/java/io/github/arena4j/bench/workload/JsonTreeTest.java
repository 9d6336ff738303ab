package io.github.arena4j.bench.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.arena4j.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class JsonTreeTest {

    private static final Document ONE_MB = Document.generate(1);

    @ParameterizedTest
    @ValueSource(strings = {"heap_objects", "arena4j_native", "arena4j_native_uninit", "arena4j_heap_uninit",
        "arena4j_slices_uninit", "arena4j_in_place", "arena4j_in_place_uninit", "arena4j_in_place_regrow", "arena4j_in_place_presized",
        "hand_rolled_blob", "jackson_tree"})
    void everyVariantMatchesTheGeneratorTwice(String name) {
        try (Variant variant = Variant.of(name, ONE_MB)) {
            Checksum first = variant.parseAndWalk();
            Checksum second = variant.parseAndWalk(); // after the reset of the arena or blob
            assertEquals(first, second);
            variant.parse();
            assertEquals(first, variant.walk());
        }
    }

    @Test
    void documentIsDeterministicAndShapedLikeAnApiPayload() {
        Document again = Document.generate(1);
        assertTrue(java.util.Arrays.equals(ONE_MB.json(), again.json()));
        assertTrue(ONE_MB.json().length >= 990_000 && ONE_MB.json().length <= 1_000_000, "size " + ONE_MB.json().length);
        String text = new String(ONE_MB.json(), StandardCharsets.UTF_8);
        for (String needle : List.of("\\\"", "\\\\", "\\n", "\\t", "\\/", "\\u00", "\\ud83d", "Zürich", "null", "true",
                "false", "e-", "E+", "-")) {
            assertTrue(text.contains(needle), needle);
        }
        assertTrue(ONE_MB.utf8().stringLength() > ONE_MB.utf16().stringLength(), "non-ASCII strings");
    }

    @Test
    void decodesEscapesLikeJackson() throws Exception {
        String json = "{\"a\\\"b\":[\"\\u00e9\\ud83d\\ude00\\n\\t\\\\\\/x\",\"Zürich 東京\",\"\",\"\\u0041\"],"
                + " \"n\" : [ 0, -0.5, 1e3, 1.25E-2, 123456789012345678, 1234567890123456789, 0.1, 3.141592653589793,"
                + " 1e-400, 2.5e+300 ], \"t\":true,\"f\":false,\"z\":null, \"e\":{}, \"ea\":[]}";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        HeapTree.ObjectNode root = (HeapTree.ObjectNode) new HeapTreeBuilder().build(new JsonParser(), bytes);
        Checksum expected = JacksonTree.checksum(JacksonTree.mapper().readTree(bytes));
        assertEquals(expected, HeapTree.checksum(root));
        assertEquals(22, expected.nodes());
        assertEquals("a\"b", root.keys()[0]);
        HeapTree.ArrayNode strings = (HeapTree.ArrayNode) root.values()[0];
        assertEquals(new HeapTree.StringNode("é😀\n\t\\/x"), strings.items()[0]);
        assertEquals(new HeapTree.StringNode("Zürich 東京"), strings.items()[1]);
        assertEquals(new HeapTree.StringNode("A"), strings.items()[3]);
        HeapTree.ArrayNode numbers = (HeapTree.ArrayNode) root.values()[1];
        assertEquals(new HeapTree.DoubleNode(0.0125), numbers.items()[3]);
        assertEquals(new HeapTree.LongNode(123456789012345678L), numbers.items()[4]);
        assertEquals(new HeapTree.DoubleNode(1234567890123456789.0), numbers.items()[5]);
        assertEquals(new HeapTree.DoubleNode(0.0), numbers.items()[8]);
    }

    @Test
    void offsetTreeHoldsTheDecodedBytes() {
        byte[] bytes = "{\"k\":\"caf\\u00e9\",\"n\":[1,2.5]}".getBytes(StandardCharsets.UTF_8);
        try (Arena arena = Arena.ofNative(4096)) {
            MemorySegment tree = new Arena4jTreeBuilder(arena).build(new JsonParser(), bytes);
            assertEquals(OffsetTree.OBJECT, tree.get(OffsetTree.INT, OffsetTree.KIND));
            assertEquals(2, tree.get(OffsetTree.INT, OffsetTree.CHILD_COUNT));
            int string = tree.get(OffsetTree.INT, OffsetTree.FIRST_CHILD);
            int offset = tree.get(java.lang.foreign.ValueLayout.JAVA_INT, string + OffsetTree.STRING_OFFSET);
            int length = tree.get(java.lang.foreign.ValueLayout.JAVA_INT, string + OffsetTree.STRING_LENGTH);
            assertEquals("café", new String(tree.asSlice(offset, length).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
                    StandardCharsets.UTF_8));
            assertEquals(new Checksum(5, 3.5, 2 + 5), OffsetTree.checksum(tree));
            arena.reset();
            assertThrows(IllegalStateException.class, () -> OffsetTree.checksum(tree), "the view dies with the epoch");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "[1,]", "{\"a\" 1}", "{\"a\":1,}", "\"abc", "\"a\nb\"", "tru", "nul", "01x",
        "-", "1.", "1e", "[1 2]", "{} {}", "\"\\x\"", "\"\\u12\"", "{1:2}"})
    void rejectsMalformedInput(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        assertThrows(IllegalArgumentException.class, () -> new HeapTreeBuilder().build(new JsonParser(), bytes));
    }

    @Test
    void rejectsDeepNesting() {
        byte[] bytes = "[".repeat(JsonParser.MAX_DEPTH + 1).getBytes(StandardCharsets.US_ASCII);
        assertThrows(IllegalArgumentException.class, () -> new HeapTreeBuilder().build(new JsonParser(), bytes));
    }

    @Test
    void wrongTreeFailsTheRun() {
        Checksum expected = ONE_MB.utf8();
        Checksum wrong = new Checksum(expected.nodes(), expected.numberSum() + 1, expected.stringLength());
        assertThrows(IllegalStateException.class, () -> wrong.verify(expected, "test"));
    }
}
