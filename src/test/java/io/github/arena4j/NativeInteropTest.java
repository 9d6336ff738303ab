package io.github.arena4j;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The FFM linker is the most honest client: real libc calls over arena memory. */
@SuppressWarnings("restricted") // downcalls and upcalls are the point of this test
class NativeInteropTest {

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();

    /** C's {@code div_t}: {@code struct { int quot; int rem; }}, returned by value from {@code div}. */
    private static final StructLayout DIV_T = MemoryLayout.structLayout(JAVA_INT.withName("quot"), JAVA_INT.withName("rem"));

    private static MethodHandle downcall(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(), descriptor);
    }

    @Test
    void nativeAccessIsGrantedToTheTestsOnTheCommandLine() {
        // Without the grant, restricted methods only warn on JDK 22-25, and once one has warned,
        // isNativeAccessEnabled() reports true: only the JVM's command line proves the grant.
        List<String> arguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
        List<String> granted = new ArrayList<>();
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            if (argument.startsWith("--enable-native-access=")) {
                granted.addAll(List.of(argument.substring(argument.indexOf('=') + 1).split(",")));
            } else if (argument.equals("--enable-native-access") && i + 1 < arguments.size()) {
                granted.addAll(List.of(arguments.get(++i).split(",")));
            }
        }

        assertThat(granted).as("modules granted native access by the test JVM's arguments %s", arguments)
                .contains("ALL-UNNAMED");
        assertThat(Arena.class.getModule().isNativeAccessEnabled()).isTrue();
    }

    @Test
    void strlenReadsACStringFromTheArena() throws Throwable {
        MethodHandle strlen = downcall("strlen", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        try (Arena arena = Arena.ofNative(1024)) {
            arena.allocate(7, 1).fill((byte) 'x'); // a neighbour without a terminator

            MemorySegment hello = arena.allocateFrom("Hello, arena!");

            assertThat((long) strlen.invokeExact(hello)).isEqualTo(13L);
        }
    }

    @Test
    void structReturnedByValueIsAllocatedInTheArena() throws Throwable {
        MethodHandle div = downcall("div", FunctionDescriptor.of(DIV_T, JAVA_INT, JAVA_INT));
        try (Arena arena = Arena.ofNative(1024)) {
            // The linker takes a SegmentAllocator for by-value struct returns: the arena is one.
            MemorySegment result = (MemorySegment) div.invokeExact((java.lang.foreign.SegmentAllocator) arena, 47, 5);

            assertThat(result.get(JAVA_INT, 0)).isEqualTo(9);
            assertThat(result.get(JAVA_INT, 4)).isEqualTo(2);
            assertThat(arena.used()).isEqualTo(DIV_T.byteSize());
            assertThat(result.address() % DIV_T.byteAlignment()).isZero();
        }
    }

    @Test
    void qsortSortsAnArenaArrayThroughAnUpcallComparator() throws Throwable {
        MethodHandle qsort = downcall("qsort", FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS));
        MethodHandle compare = MethodHandles.lookup().findStatic(NativeInteropTest.class, "compareInts",
                MethodType.methodType(int.class, MemorySegment.class, MemorySegment.class));
        FunctionDescriptor comparatorType = FunctionDescriptor.of(JAVA_INT,
                ADDRESS.withTargetLayout(JAVA_INT), ADDRESS.withTargetLayout(JAVA_INT));
        int[] values = new Random(42).ints(1000, -10_000, 10_000).toArray();

        try (java.lang.foreign.Arena upcalls = java.lang.foreign.Arena.ofConfined();
             Arena arena = Arena.ofNative(64 * 1024)) {
            MemorySegment comparator = LINKER.upcallStub(compare, comparatorType, upcalls);
            MemorySegment array = arena.allocateFrom(JAVA_INT, values);

            qsort.invokeExact(array, (long) values.length, JAVA_INT.byteSize(), comparator);

            int[] expected = values.clone();
            Arrays.sort(expected);
            assertThat(array.toArray(JAVA_INT)).containsExactly(expected);
        }
    }

    static int compareInts(MemorySegment a, MemorySegment b) {
        return Integer.compare(a.get(JAVA_INT, 0), b.get(JAVA_INT, 0));
    }
}
