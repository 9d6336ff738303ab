package io.github.arena4j.bench.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.arena4j.Arena;
import io.github.arena4j.Growth;
import io.github.arena4j.StaleSliceChecks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;

/**
 * One way to parse a document into a tree and walk it, named as in the benchmark tables. A
 * variant is set up for one document and owns what it needs for it; {@link #close()} frees it.
 * Each benchmark fork creates exactly one variant, so the shared parser only ever sees one sink
 * type there, as it would in an application.
 */
abstract sealed class Variant implements AutoCloseable {

    final Document document;

    private Variant(Document document) {
        this.document = document;
    }

    /** {@return the variant called {@code name} in the tables}, set up for {@code document}. */
    static Variant of(String name, Document document) {
        return switch (name) {
            case "heap_objects" -> new HeapObjects(document);
            case "arena4j_native" -> new OffsetTreeVariant(document, name, capacity ->
                    Arena.ofNative(capacity));
            case "arena4j_native_uninit" -> new OffsetTreeVariant(document, name, capacity ->
                    Arena.builder().nativeMemory(capacity).zeroing(false).staleSliceChecks(StaleSliceChecks.NONE).build());
            case "arena4j_slices_uninit" -> new OffsetTreeVariant(document, name, capacity ->
                    Arena.builder().nativeMemory(capacity).zeroing(false).staleSliceChecks(StaleSliceChecks.NONE).build(),
                    Arena4jSliceTreeBuilder::new);
            // Grow in place from 64 KiB: the first parse grows the blob, later ones reuse it.
            case "arena4j_in_place" -> new OffsetTreeVariant(document, name, capacity ->
                    inPlace().build());
            case "arena4j_in_place_uninit" -> new OffsetTreeVariant(document, name, capacity ->
                    inPlace().zeroing(false).staleSliceChecks(StaleSliceChecks.NONE).build());
            // Grows in place but starts at the fixed arena's exact size, so it never grows: what
            // the reserved range itself costs, without growth in the profile.
            case "arena4j_in_place_presized" -> new OffsetTreeVariant(document, name, capacity ->
                    Arena.builder().nativeMemory(capacity).growth(Growth.inPlace()).budget(Integer.MAX_VALUE).build());
            // Every parse grows from 64 KiB, and every reset gives the memory back to the system.
            case "arena4j_in_place_regrow" -> new OffsetTreeVariant(document, name, capacity ->
                    inPlace().retainOnReset(IN_PLACE_START).build());
            case "arena4j_heap_uninit" -> new OffsetTreeVariant(document, name, capacity ->
                    Arena.builder().heap(capacity).zeroing(false).build());
            case "hand_rolled_blob" -> new OffsetTreeVariant(document, name, null);
            case "jackson_tree" -> new Jackson(document);
            default -> throw new IllegalArgumentException("Unknown variant: " + name);
        };
    }

    static final long IN_PLACE_START = 64 * 1024;

    /** {@return a builder for an arena growing in place from 64 KiB, with int-sized offsets} */
    static Arena.Builder inPlace() {
        return Arena.builder().nativeMemory(IN_PLACE_START).growth(Growth.inPlace()).budget(Integer.MAX_VALUE);
    }

    /** Parses the document into a new tree, walks it once and {@return its verified checksum}. */
    abstract Checksum parseAndWalk();

    /** Parses the document into a tree kept for {@link #walk()}, dropping the previous one. */
    abstract void parse();

    /** Walks the tree of the last {@link #parse()} and {@return its verified checksum}. */
    abstract Checksum walk();

    @Override
    public void close() {
    }

    static final class HeapObjects extends Variant {
        private final JsonParser parser = new JsonParser();
        private final HeapTreeBuilder builder = new HeapTreeBuilder();
        private HeapTree.Node tree;

        HeapObjects(Document document) {
            super(document);
        }

        @Override
        Checksum parseAndWalk() {
            tree = null; // the previous tree is garbage before the next is built, as in a server loop
            HeapTree.Node root = builder.build(parser, document.json());
            return HeapTree.checksum(root).verify(document.utf16(), "heap_objects");
        }

        @Override
        void parse() {
            tree = null;
            tree = builder.build(parser, document.json());
        }

        @Override
        Checksum walk() {
            return HeapTree.checksum(tree).verify(document.utf16(), "heap_objects");
        }
    }

    /** Arena4j or the hand-rolled blob: the tree of the last parse lives until the next begins. */
    static final class OffsetTreeVariant extends Variant {
        private final String name;
        private final JsonParser parser = new JsonParser();
        private final Arena arena;
        private final java.lang.foreign.Arena blobOwner;
        private final OffsetTreeBuilder builder;
        private MemorySegment tree;

        /** @param arenas makes the arena4j arena of a given capacity, or {@code null} for the hand-rolled blob */
        OffsetTreeVariant(Document document, String name, java.util.function.LongFunction<Arena> arenas) {
            this(document, name, arenas, Arena4jTreeBuilder::new);
        }

        /**
         * @param arenas makes the arena4j arena of a given capacity, or {@code null} for the hand-rolled blob
         * @param builders makes the tree builder over that arena
         */
        OffsetTreeVariant(Document document, String name, java.util.function.LongFunction<Arena> arenas,
                java.util.function.Function<Arena, OffsetTreeBuilder> builders) {
            super(document);
            this.name = name;
            long capacity = document.offsetTreeCapacity(OffsetTree.NODE_SIZE, OffsetTree.NODE_ALIGNMENT);
            if (arenas != null) {
                arena = arenas.apply(capacity);
                blobOwner = null;
                builder = builders.apply(arena);
            } else {
                arena = null;
                blobOwner = java.lang.foreign.Arena.ofConfined();
                builder = new BlobTreeBuilder(blobOwner.allocate(capacity, 16));
            }
        }

        @Override
        Checksum parseAndWalk() {
            MemorySegment root = builder.build(parser, document.json());
            return OffsetTree.checksum(root).verify(document.utf8(), name);
        }

        @Override
        void parse() {
            tree = builder.build(parser, document.json());
        }

        @Override
        Checksum walk() {
            return OffsetTree.checksum(tree).verify(document.utf8(), name);
        }

        @Override
        public void close() {
            if (arena != null) {
                arena.close();
            }
            if (blobOwner != null) {
                blobOwner.close();
            }
        }
    }

    static final class Jackson extends Variant {
        private final JsonMapper mapper = JacksonTree.mapper();
        private JsonNode tree;

        Jackson(Document document) {
            super(document);
        }

        @Override
        Checksum parseAndWalk() {
            tree = null;
            return JacksonTree.checksum(read()).verify(document.utf16(), "jackson_tree");
        }

        @Override
        void parse() {
            tree = null;
            tree = read();
        }

        @Override
        Checksum walk() {
            return JacksonTree.checksum(tree).verify(document.utf16(), "jackson_tree");
        }

        private JsonNode read() {
            try {
                return mapper.readTree(document.json());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
