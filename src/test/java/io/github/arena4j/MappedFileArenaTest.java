package io.github.arena4j;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The arena-as-a-file pattern: build a linked structure in an arena over a mapped file, using
 * offsets instead of addresses, close everything, map the file again and read it back.
 */
class MappedFileArenaTest {

    private static final long FILE_SIZE = 1 << 20;
    private static final int NODES = 10_000;

    /** {@code struct { long value; long next; }}, {@code next} an offset into the file, 0 for none. */
    private static final StructLayout NODE = MemoryLayout.structLayout(
            JAVA_LONG.withName("value"), JAVA_LONG.withName("next"));
    private static final VarHandle VALUE = NODE.varHandle(MemoryLayout.PathElement.groupElement("value"));
    private static final VarHandle NEXT = NODE.varHandle(MemoryLayout.PathElement.groupElement("next"));

    @Test
    void aStructureBuiltInAMappedArenaReadsBackFromTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("list.arena");
        long used;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
             java.lang.foreign.Arena mapping = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, FILE_SIZE, mapping);
            try (Arena arena = Arena.wrap(mapped)) {
                MemorySegment header = arena.allocate(JAVA_LONG, 2); // { offset of the head, bytes used }
                long head = 0;
                for (int i = 0; i < NODES; i++) {
                    MemorySegment node = arena.allocate(NODE);
                    VALUE.set(node, 0L, (long) i * i);
                    NEXT.set(node, 0L, head);
                    head = node.address() - mapped.address();
                }
                used = arena.used();
                header.set(JAVA_LONG, 0, head);
                header.set(JAVA_LONG, 8, used);
            }
            mapped.force();
        }

        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
             java.lang.foreign.Arena mapping = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, FILE_SIZE, mapping);

            assertThat(mapped.get(JAVA_LONG, 8)).isEqualTo(used);
            long offset = mapped.get(JAVA_LONG, 0);
            int seen = 0;
            for (long expected = NODES - 1; offset != 0; expected--) {
                MemorySegment node = mapped.asSlice(offset, NODE);
                assertThat((long) VALUE.get(node, 0L)).isEqualTo(expected * expected);
                offset = (long) NEXT.get(node, 0L);
                seen++;
            }
            assertThat(seen).isEqualTo(NODES);
        }
    }
}
