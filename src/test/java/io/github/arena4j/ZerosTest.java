package io.github.arena4j;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Bulk clearing clears exactly the range asked for, on every kind of memory an arena can hold. */
class ZerosTest {

    record Memory(String name, IntFunction<MemorySegment> make) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Memory> memories() {
        return List.of(
                new Memory("native", size -> java.lang.foreign.Arena.ofAuto().allocate(size, 16)),
                new Memory("native at an odd address", size -> java.lang.foreign.Arena.ofAuto().allocate(size + 3, 16).asSlice(3)),
                new Memory("long[]", size -> MemorySegment.ofArray(new long[(size + 7) / 8]).asSlice(0, size)),
                new Memory("long[] from its fifth byte", size -> MemorySegment.ofArray(new long[(size + 12) / 8]).asSlice(5, size)),
                new Memory("byte[]", size -> MemorySegment.ofArray(new byte[size])));
    }

    @ParameterizedTest
    @MethodSource("memories")
    void clearsExactlyTheRangeAndNothingAroundIt(Memory memory) {
        Random random = new Random(42);
        for (int round = 0; round < 300; round++) {
            int size = 1 + random.nextInt(round < 200 ? 200 : 40_000); // across the 4 KiB block too
            MemorySegment segment = memory.make().apply(size);
            segment.fill((byte) 0x5A);
            int offset = random.nextInt(size);
            int length = random.nextInt(size - offset + 1);

            Zeros.clear(segment, offset, length);

            byte[] bytes = segment.toArray(JAVA_BYTE);
            byte[] expected = new byte[size];
            Arrays.fill(expected, (byte) 0x5A);
            Arrays.fill(expected, offset, offset + length, (byte) 0);
            assertThat(bytes).as("%s: size=%d offset=%d length=%d", memory, size, offset, length).isEqualTo(expected);
        }
    }
}
