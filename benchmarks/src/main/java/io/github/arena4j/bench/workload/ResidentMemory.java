package io.github.arena4j.bench.workload;

import io.github.arena4j.Arena;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident memory of the JSON workload on an arena that grows in place (Linux only): parses the
 * document ({@code docMB}, default 50) into an arena that starts at 64 KiB and keeps at most
 * {@code 1 MiB} on reset, and prints, before, after the parse and after the reset, the process's
 * {@code VmRSS} and the resident size of the arena's own range (its {@code Rss} line in
 * {@code /proc/self/smaps}) beside {@code used()} and {@code capacity()}, after a warm-up on a 1 MB
 * document. Run it with a fixed,
 * pre-touched heap, so that the heap's own residency does not move:
 * {@code java -Xms2g -Xmx2g -XX:+AlwaysPreTouch --enable-native-access=ALL-UNNAMED -cp benchmarks.jar
 * io.github.arena4j.bench.workload.ResidentMemory 50}
 */
public final class ResidentMemory {

    private static final long MiB = 1 << 20;

    private ResidentMemory() {
    }

    public static void main(String[] args) throws IOException {
        int docMB = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        Document document = Document.generate(docMB);
        JsonParser parser = new JsonParser();
        // Warm up first on a smaller document, so that compiled code and class metadata are resident
        // before the first reading and VmRSS moves with the arena alone.
        Document small = Document.generate(1);
        try (Arena warm = Variant.inPlace().retainOnReset(MiB).build()) {
            Arena4jTreeBuilder builder = new Arena4jTreeBuilder(warm);
            for (int i = 0; i < 50; i++) {
                OffsetTree.checksum(builder.build(parser, small.json())).verify(small.utf8(), "warm-up");
            }
        }
        try (Arena arena = Variant.inPlace().retainOnReset(MiB).build()) {
            Arena4jTreeBuilder builder = new Arena4jTreeBuilder(arena);
            long address = arena.segment().address();
            print("before", arena, address);

            OffsetTree.checksum(builder.build(parser, document.json())).verify(document.utf8(), "resident");
            print("parsed " + docMB + " MB", arena, address);

            arena.reset();
            print("reset, retainOnReset(1 MiB)", arena, address);
        }
    }

    private static long firstRss = -1;

    private static void print(String when, Arena arena, long address) throws IOException {
        long rss = vmRss();
        if (firstRss < 0) {
            firstRss = rss;
        }
        System.out.printf("%-30s VmRSS=%9.2f MiB (%+8.2f)  range Rss=%8.2f MiB  used=%8.2f MiB  capacity=%8.2f MiB%n",
                when, rss / (double) MiB, (rss - firstRss) / (double) MiB, rangeRss(address) / (double) MiB,
                arena.used() / (double) MiB, arena.capacity() / (double) MiB);
    }

    private static long vmRss() throws IOException {
        String status = Files.readString(Path.of("/proc/self/status"));
        return kiloBytes(status, status.indexOf("VmRSS:") + 6);
    }

    /** {@return the resident bytes of the mapping that holds {@code address}} */
    private static long rangeRss(long address) throws IOException {
        for (String block : Files.readString(Path.of("/proc/self/smaps")).split("\n(?=[0-9a-f]+-[0-9a-f]+ )")) {
            int dash = block.indexOf('-');
            int space = block.indexOf(' ');
            long start = Long.parseUnsignedLong(block.substring(0, dash), 16);
            long end = Long.parseUnsignedLong(block.substring(dash + 1, space), 16);
            if (start <= address && address < end) {
                return kiloBytes(block, block.indexOf("\nRss:") + 5);
            }
        }
        throw new IllegalStateException("No mapping holds 0x" + Long.toHexString(address));
    }

    private static long kiloBytes(String text, int from) {
        return Long.parseLong(text.substring(from, text.indexOf("kB", from)).trim()) * 1024;
    }
}
