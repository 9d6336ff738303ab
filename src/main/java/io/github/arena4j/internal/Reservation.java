package io.github.arena4j.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Locale;

/**
 * One range of virtual address space, reserved once and made usable from its start as it fills:
 * the memory behind an arena that grows in place. Reserving costs address space only; committing
 * makes a prefix readable and writable, and the operating system backs each page with memory the
 * first time it is touched; discarding hands the pages of a committed range back, after which they
 * read as zero and cost no memory until touched again.
 *
 * <p>Invariants: {@code 0 <= committed <= size}, both multiples of {@link #GRANULE}; the committed
 * prefix stays readable and writable until {@link #release()}: a discarded page is never made
 * inaccessible again, so that no segment over the committed prefix can ever fault.
 *
 * <p>On Linux and macOS the range is an anonymous {@code mmap} with {@code PROT_NONE}, committed
 * with {@code mprotect}; Linux discards with {@code madvise(MADV_DONTNEED)}, macOS (where that
 * does not guarantee zeros) by mapping fresh anonymous pages over the range. On Windows it is
 * {@code VirtualAlloc(MEM_RESERVE)}, committed with {@code MEM_COMMIT} and discarded by a decommit
 * and a commit; that path is written to the documentation and has not been run.
 *
 * <p><strong>Note:</strong> not thread-safe; every call comes from the owning arena's thread.
 */
public final class Reservation {

    /**
     * What is committed and discarded at a time: a multiple of the page size of every platform the
     * library runs on (4 KiB, 16 KiB on Apple silicon, 64 KiB on some ARM Linux kernels).
     */
    public static final long GRANULE = 64 * 1024;

    private final VirtualMemory os;
    private final long address;
    private final long size;
    private long committed;

    private Reservation(VirtualMemory os, long address, long size) {
        this.os = os;
        this.address = address;
        this.size = size;
    }

    /**
     * Reserves {@code bytes} of address space, rounded up to the granule, none of it usable yet.
     *
     * @throws IllegalArgumentException if {@code bytes <= 0}
     * @throws OutOfMemoryError if the operating system refuses the reservation
     * @throws UnsupportedOperationException if this platform has none of the calls needed
     * @throws IllegalCallerException if native access is denied to arena4j
     */
    public static Reservation reserve(long bytes) {
        Blob.checkCapacity(bytes);
        if (bytes > Long.MAX_VALUE - GRANULE) {
            throw refused(bytes, "larger than any address space");
        }
        long size = roundUp(bytes);
        VirtualMemory os = VirtualMemory.get();
        return new Reservation(os, os.reserve(size), size);
    }

    /** {@return the address of the first byte} It is a multiple of {@link #GRANULE}. */
    public long address() {
        return address;
    }

    /** {@return the bytes of address space reserved} */
    public long size() {
        return size;
    }

    /** {@return the bytes from the start that are readable and writable} */
    public long committed() {
        return committed;
    }

    /**
     * Makes at least the first {@code bytes} usable. Nothing changes if this throws.
     *
     * @throws OutOfMemoryError if the operating system refuses to commit them
     * @throws IllegalArgumentException if {@code bytes > size()}
     */
    public void commit(long bytes) {
        if (bytes > size) {
            throw new IllegalArgumentException("Commit beyond the reservation: bytes=" + bytes + " size=" + size);
        }
        long end = roundUp(bytes);
        if (end > committed) {
            os.commit(address + committed, end - committed);
            committed = end;
        }
    }

    /**
     * Gives the memory of the committed pages from {@code from} (rounded up to the granule) on back
     * to the operating system: they stay usable and read as zero from now on.
     */
    public void discard(long from) {
        long start = Math.min(roundUp(from), committed);
        if (start < committed) {
            os.discard(address + start, committed - start);
        }
    }

    /** Gives the address space back; no segment over it may be accessed after this. */
    public void release() {
        os.release(address, size);
        committed = 0;
    }

    /** {@return {@code bytes} rounded up to the granule}, for a non-negative {@code bytes} that can be. */
    public static long roundUp(long bytes) {
        return (bytes + GRANULE - 1) & -GRANULE;
    }

    static OutOfMemoryError refused(long bytes, String why) {
        return new OutOfMemoryError("Cannot reserve address space: size=" + bytes + " (" + why + ")");
    }

    /** The operating system's calls for one range; every method throws if the call fails. */
    private abstract static class VirtualMemory {

        private static VirtualMemory instance;

        static synchronized VirtualMemory get() {
            if (instance == null) {
                if (ADDRESS.byteSize() != Long.BYTES) {
                    throw new UnsupportedOperationException("Growth in place needs a 64-bit address space;"
                            + " use Growth.chunked() for chunked growth");
                }
                String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
                if (os.startsWith("windows")) {
                    instance = new Windows();
                } else if (os.startsWith("linux")) {
                    instance = new Posix(true);
                } else if (os.startsWith("mac") || os.contains("darwin")) {
                    instance = new Posix(false);
                } else {
                    throw new UnsupportedOperationException("Growth in place needs mmap (Linux, macOS) or"
                            + " VirtualAlloc (Windows); os.name=" + System.getProperty("os.name")
                            + "; use Growth.chunked() for chunked growth");
                }
            }
            return instance;
        }

        abstract long reserve(long size);

        abstract void commit(long address, long size);

        abstract void discard(long address, long size);

        abstract void release(long address, long size);

        final Linker linker = Linker.nativeLinker();

        @SuppressWarnings("restricted") // only ever called with the arguments the descriptor states
        final MethodHandle function(SymbolLookup lookup, String name, FunctionDescriptor descriptor, String errorState) {
            MemorySegment symbol = lookup.find(name).orElseThrow(() -> new UnsupportedOperationException(
                    "Growth in place needs the system call " + name + ", which this platform lacks;"
                            + " use Growth.chunked() for chunked growth"));
            return linker.downcallHandle(symbol, descriptor, Linker.Option.captureCallState(errorState));
        }

        /** A buffer for the error code a call leaves, read right after it. */
        static final class ErrorState {
            private static final StructLayout LAYOUT = Linker.Option.captureStateLayout();
            final MemorySegment segment = java.lang.foreign.Arena.ofAuto().allocate(LAYOUT);
            private final VarHandle code;

            ErrorState(String name) {
                code = LAYOUT.varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement(name));
            }

            int code() {
                return (int) code.get(segment, 0L);
            }
        }

        static RuntimeException rethrow(Throwable t) {
            if (t instanceof RuntimeException e) {
                return e;
            }
            if (t instanceof Error e) {
                throw e;
            }
            return new IllegalStateException(t);
        }
    }

    private static final class Posix extends VirtualMemory {
        private static final int PROT_NONE = 0;
        private static final int PROT_READ_WRITE = 1 | 2;
        private static final int MAP_PRIVATE = 0x02;
        private static final int MAP_FIXED = 0x10;
        private static final int MADV_DONTNEED = 4; // Linux: private anonymous pages then read as zero

        private final boolean linux;
        private final int mapAnonymous;
        private final int mapNoReserve;
        private final MethodHandle mmap;
        private final MethodHandle mprotect;
        private final MethodHandle madvise;
        private final MethodHandle munmap;
        private final ErrorState errno = new ErrorState("errno");

        Posix(boolean linux) {
            this.linux = linux;
            this.mapAnonymous = linux ? 0x20 : 0x1000;
            this.mapNoReserve = linux ? 0x4000 : 0x40;
            SymbolLookup libc = linker.defaultLookup();
            mmap = function(libc, "mmap", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT,
                    JAVA_INT, JAVA_INT, JAVA_LONG), "errno");
            mprotect = function(libc, "mprotect", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT), "errno");
            madvise = function(libc, "madvise", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT), "errno");
            munmap = function(libc, "munmap", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG), "errno");
        }

        @Override
        long reserve(long size) {
            long address = map(0, size, PROT_NONE, MAP_PRIVATE | mapAnonymous | mapNoReserve);
            if (address == -1) {
                throw refused(size, "mmap failed: errno=" + errno.code());
            }
            return address;
        }

        @Override
        void commit(long address, long size) {
            if (call(mprotect, address, size, PROT_READ_WRITE) != 0) {
                throw new OutOfMemoryError("Cannot commit reserved memory: bytes=" + size
                        + " (mprotect failed: errno=" + errno.code() + ")");
            }
        }

        @Override
        void discard(long address, long size) {
            int failed = linux
                    ? call(madvise, address, size, MADV_DONTNEED)
                    // Fresh anonymous pages mapped over the range, atomically: never a moment
                    // where the range is inaccessible.
                    : map(address, size, PROT_READ_WRITE, MAP_PRIVATE | MAP_FIXED | mapAnonymous | mapNoReserve) == -1 ? -1 : 0;
            if (failed != 0) {
                // Still committed and readable; only the memory could not be given back.
                throw new OutOfMemoryError("Cannot discard committed memory: bytes=" + size
                        + " (errno=" + errno.code() + ")");
            }
        }

        @Override
        void release(long address, long size) {
            if (call(munmap, address, size) != 0) {
                throw new IllegalStateException("munmap failed: errno=" + errno.code() + " address=" + address
                        + " size=" + size);
            }
        }

        private long map(long address, long size, int protection, int flags) {
            try {
                return (long) mmap.invokeExact(errno.segment, address, size, protection, flags, -1, 0L);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        private int call(MethodHandle function, long address, long size, int argument) {
            try {
                return (int) function.invokeExact(errno.segment, address, size, argument);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        private int call(MethodHandle function, long address, long size) {
            try {
                return (int) function.invokeExact(errno.segment, address, size);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }
    }

    /** Windows: written from the documentation of {@code VirtualAlloc} and {@code VirtualFree}, never run. */
    private static final class Windows extends VirtualMemory {
        private static final int MEM_COMMIT = 0x1000;
        private static final int MEM_RESERVE = 0x2000;
        private static final int MEM_DECOMMIT = 0x4000;
        private static final int MEM_RELEASE = 0x8000;
        private static final int PAGE_NOACCESS = 0x01;
        private static final int PAGE_READWRITE = 0x04;

        private final MethodHandle virtualAlloc;
        private final MethodHandle virtualFree;
        private final ErrorState lastError = new ErrorState("GetLastError");

        @SuppressWarnings("restricted") // kernel32 is loaded once, for the life of the process
        Windows() {
            SymbolLookup kernel32 = SymbolLookup.libraryLookup("kernel32", java.lang.foreign.Arena.global());
            virtualAlloc = function(kernel32, "VirtualAlloc",
                    FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT), "GetLastError");
            virtualFree = function(kernel32, "VirtualFree",
                    FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT), "GetLastError");
        }

        @Override
        long reserve(long size) {
            long address = alloc(0, size, MEM_RESERVE, PAGE_NOACCESS);
            if (address == 0) {
                throw refused(size, "VirtualAlloc failed: GetLastError=" + lastError.code());
            }
            return address;
        }

        @Override
        void commit(long address, long size) {
            if (alloc(address, size, MEM_COMMIT, PAGE_READWRITE) == 0) {
                throw new OutOfMemoryError("Cannot commit reserved memory: bytes=" + size
                        + " (VirtualAlloc failed: GetLastError=" + lastError.code() + ")");
            }
        }

        @Override
        void discard(long address, long size) {
            // Decommit and commit again: the pages then read as zero. Slices are confined to the
            // owner thread, which is the one running this, so nothing can touch the gap between.
            if (free(address, size, MEM_DECOMMIT) == 0) {
                throw new OutOfMemoryError("Cannot discard committed memory: bytes=" + size
                        + " (GetLastError=" + lastError.code() + ")");
            }
            commit(address, size);
        }

        @Override
        void release(long address, long size) {
            if (free(address, 0, MEM_RELEASE) == 0) {
                throw new IllegalStateException("VirtualFree failed: GetLastError=" + lastError.code());
            }
        }

        private long alloc(long address, long size, int type, int protection) {
            try {
                return (long) virtualAlloc.invokeExact(lastError.segment, address, size, type, protection);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        private int free(long address, long size, int type) {
            try {
                return (int) virtualFree.invokeExact(lastError.segment, address, size, type);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }
    }

    /** {@return the address as a zero-length segment}, for the arena to re-scope. */
    public MemorySegment start() {
        return MemorySegment.ofAddress(address);
    }

    @Override
    public String toString() {
        return "Reservation[address=0x" + Long.toHexString(address) + ", size=" + size + ", committed=" + committed + "]";
    }
}
