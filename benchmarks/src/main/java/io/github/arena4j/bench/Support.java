package io.github.arena4j.bench;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.github.arena4j.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;

/**
 * What several benchmarks share: libc {@code malloc}/{@code calloc}/{@code free} as downcalls, the
 * batch baselines built on them ({@code libc_malloc_free}, {@code libc_malloc_free_critical},
 * {@code libc_calloc_free}), and the native-access check.
 *
 * <p>The downcalls are written as tightly as the FFM API allows, because they are the baseline
 * every table is divided by: pointers travel as {@code long} (the C ABI returns and passes a
 * pointer exactly like a 64-bit integer on the platforms the suite runs on), so no zero-length
 * segment is created per call, and memory is written through one global segment spanning the
 * address space, so no segment is re-scoped per block either. The {@code _critical} handles add
 * {@link Linker.Option#critical(boolean)}, which skips the thread-state transition: the fastest a
 * downcall can be, shown as a separate row so the default downcall stays the one users write.
 */
final class Support {

    private Support() {
    }

    private static final Linker LINKER = Linker.nativeLinker();

    /** Every address, for writing into blocks from {@code malloc}: bounds checks always pass. */
    static final MemorySegment EVERYTHING = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    private static final MethodHandle MALLOC = downcall("malloc",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    private static final MethodHandle CALLOC = downcall("calloc",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle REALLOC = downcall("realloc",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle FREE = downcall("free",
            FunctionDescriptor.ofVoid(JAVA_LONG));
    private static final MethodHandle MALLOC_CRITICAL = downcall("malloc",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG), Linker.Option.critical(false));
    private static final MethodHandle FREE_CRITICAL = downcall("free",
            FunctionDescriptor.ofVoid(JAVA_LONG), Linker.Option.critical(false));

    private static MethodHandle downcall(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new IllegalStateException("libc has no " + name));
        return LINKER.downcallHandle(symbol, descriptor, options);
    }

    static long malloc(long size) {
        long address;
        try {
            address = (long) MALLOC.invokeExact(size);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        if (address == 0) {
            throw outOfMemory(size);
        }
        return address;
    }

    static long calloc(long size) {
        long address;
        try {
            address = (long) CALLOC.invokeExact(1L, size);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        if (address == 0) {
            throw outOfMemory(size);
        }
        return address;
    }

    static long realloc(long address, long size) {
        long moved;
        try {
            moved = (long) REALLOC.invokeExact(address, size);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        if (moved == 0) {
            throw outOfMemory(size);
        }
        return moved;
    }

    static void free(long address) {
        try {
            FREE.invokeExact(address);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    static long mallocCritical(long size) {
        long address;
        try {
            address = (long) MALLOC_CRITICAL.invokeExact(size);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        if (address == 0) {
            throw outOfMemory(size);
        }
        return address;
    }

    static void freeCritical(long address) {
        try {
            FREE_CRITICAL.invokeExact(address);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /**
     * The {@code libc_malloc_free} row of a batch scenario: {@code blocks.length} blocks of
     * {@code size} bytes from {@code malloc}, one {@code long} written into each, then every one freed.
     */
    static void mallocWriteFree(long[] blocks, long size) {
        writeAndFree(blocks, size, false, false);
    }

    /** {@link #mallocWriteFree} through the {@code critical} downcalls: {@code libc_malloc_free_critical}. */
    static void mallocWriteFreeCritical(long[] blocks, long size) {
        writeAndFree(blocks, size, true, false);
    }

    /** {@link #mallocWriteFree} with {@code calloc(1, size)}, malloc-style zeroed memory: {@code libc_calloc_free}. */
    static void callocWriteFree(long[] blocks, long size) {
        writeAndFree(blocks, size, false, true);
    }

    // The flags are constants at every call site, so the JIT folds the choices away once inlined.
    private static void writeAndFree(long[] blocks, long size, boolean critical, boolean zeroed) {
        for (int i = 0; i < blocks.length; i++) {
            long block = zeroed ? calloc(size) : critical ? mallocCritical(size) : malloc(size);
            EVERYTHING.set(JAVA_LONG, block, i);
            blocks[i] = block;
        }
        if (critical) {
            for (long block : blocks) {
                freeCritical(block);
            }
        } else {
            freeAll(blocks);
        }
    }

    /** Frees every block, in order. */
    static void freeAll(long[] blocks) {
        for (long block : blocks) {
            free(block);
        }
    }

    private static OutOfMemoryError outOfMemory(long size) {
        return new OutOfMemoryError("malloc returned NULL: size=" + size);
    }

    /**
     * Fails the trial unless the fork's command line grants native access to the unnamed module,
     * where both the library and the benchmarks live here: without it, JDK 22–25 only warn, and
     * a run could silently measure something else on a later JDK. The command line is the proof:
     * once a restricted method has warned, {@code Module.isNativeAccessEnabled()} reports true.
     */
    static void requireNativeAccess() {
        List<String> arguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
        boolean granted = arguments.stream()
                .filter(a -> a.startsWith("--enable-native-access="))
                .flatMap(a -> Arrays.stream(a.substring(a.indexOf('=') + 1).split(",")))
                .anyMatch("ALL-UNNAMED"::equals);
        if (!granted || !Arena.class.getModule().isNativeAccessEnabled()) {
            throw new IllegalStateException("Run the benchmark forks with --enable-native-access=ALL-UNNAMED; JVM arguments: "
                    + arguments);
        }
    }
}
