package io.github.arena4j;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leak reports and debug mode: what reaches the {@code io.github.arena4j} logger (the JDK's
 * {@link System.Logger}, which goes to {@code java.util.logging} here) when arenas and frames are
 * left open, and what debug mode adds to the misuse it already catches.
 */
@Timeout(120)
class LeakReportTest {

    /** Held strongly: {@code java.util.logging} keeps its loggers only weakly. */
    private static final Logger LOGGER = Logger.getLogger("io.github.arena4j");

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        LOGGER.addHandler(handler);
    }

    @AfterEach
    void stopListening() {
        LOGGER.removeHandler(handler);
    }

    @Test
    void anArenaDroppedWithoutCloseIsReportedWithItsNameAndWhereItWasMade() {
        String name = "dropped-" + System.nanoTime();
        makeAndDrop(Arena.builder().name(name).nativeMemory(4096).debug(true));

        LogRecord report = awaitReport(r -> r.getMessage().contains("arena=" + name));

        assertThat(report.getMessage())
                .startsWith("Arena leaked")
                .contains("4096 native bytes stay reserved until the JVM exits")
                .contains("made at io.github.arena4j.LeakReportTest.makeAndDrop(");
        assertThat(report.getThrown()).isInstanceOf(Site.Origin.class).hasMessage("Arena made here");
        assertThat(report.getLevel()).isEqualTo(java.util.logging.Level.WARNING);
    }

    /**
     * The chosen behaviour: a leaked native arena's memory is not freed, because its slices can
     * outlive it; one kept past the report still reads what was written.
     */
    @Test
    void aLeakedNativeArenasSlicesStayValidAfterTheReport() {
        String name = "kept-" + System.nanoTime();
        MemorySegment slice = sliceOfDropped(Arena.builder().name(name).nativeMemory(4096)
                .staleSliceChecks(StaleSliceChecks.NONE));

        awaitReport(r -> r.getMessage().contains("arena=" + name));

        assertThat(slice.scope().isAlive()).isTrue();
        assertThat(slice.toArray(JAVA_BYTE)).containsOnly((byte) 42);
    }

    @Test
    void anArenaDroppedOutOfDebugModeIsReportedWithoutItsSite() {
        String name = "dropped-quietly-" + System.nanoTime();
        makeAndDrop(Arena.builder().name(name).heap(1024));

        LogRecord report = awaitReport(r -> r.getMessage().contains("arena=" + name));

        assertThat(report.getMessage()).contains("1024 heap bytes are left to their owner or the collector")
                .contains("not recorded: build the arena with debug(true)");
        assertThat(report.getThrown()).isNull();
    }

    @Test
    void aFrameDroppedWhileOpenIsReportedWithWhereItWasOpened() {
        try (Arena arena = Arena.builder().nativeMemory(4096).debug(true).build()) {
            openAndDrop(arena);

            LogRecord report = awaitReport(r -> r.getMessage().contains("arena=" + arena.name()));

            assertThat(report.getMessage()).startsWith("Frame left open: the frame at depth 1")
                    .contains("when it became unreachable")
                    .contains("opened at io.github.arena4j.LeakReportTest.openAndDrop(");
        }
    }

    @Test
    void aFrameStillOpenWhenItsArenaClosesIsReportedWithWhereItWasOpened() {
        Arena arena = Arena.builder().nativeMemory(4096).debug(true).build();
        Frame frame = openOuter(arena);

        arena.close();

        assertThat(reportsAbout(arena)).singleElement().satisfies(r -> assertThat(r.getMessage())
                .contains("the frame at depth 1 was still open when its arena closed")
                .contains("opened at io.github.arena4j.LeakReportTest.openOuter("));
        frame.close(); // ended with the arena: does nothing, reports nothing more
        assertThat(reportsAbout(arena)).hasSize(1);
    }

    @Test
    void aFrameStillOpenWhenItsArenaClosesIsReportedOutOfDebugModeToo() {
        Arena arena = Arena.ofNative(4096);
        arena.frame();

        arena.close();

        assertThat(reportsAbout(arena)).singleElement().satisfies(r -> assertThat(r.getMessage())
                .contains("still open when its arena closed").contains("not recorded"));
    }

    @Test
    void anOutOfOrderCloseNamesWhereBothFramesWereOpened() {
        try (Arena arena = Arena.builder().nativeMemory(4096).debug(true).build()) {
            Frame outer = openOuter(arena);
            Frame inner = openInner(arena);

            assertThatThrownBy(outer::close).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Frame closed out of order")
                    .hasMessageContaining("the closing frame was opened at io.github.arena4j.LeakReportTest.openOuter(")
                    .hasMessageContaining("the innermost at io.github.arena4j.LeakReportTest.openInner(")
                    .cause().isInstanceOf(Site.Origin.class);

            inner.close();
            outer.close();
        }
    }

    @Test
    void aResetWithAFrameOpenNamesWhereItWasOpened() {
        try (Arena arena = Arena.builder().heap(4096).debug(true).build()) {
            Frame inner = openInner(arena);

            assertThatThrownBy(arena::reset).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the innermost was opened at io.github.arena4j.LeakReportTest.openInner(");
            inner.close();
        }
    }

    @Test
    void memoryAFrameReleasedReadsAsPoisonThroughAStaleUncheckedSlice() {
        try (Arena arena = Arena.builder().heap(4096).zeroing(false).debug(true).build()) {
            MemorySegment stale;
            try (Frame frame = arena.frame()) {
                stale = frame.allocate(64).fill((byte) 1);
            }
            assertThat(stale.toArray(JAVA_BYTE)).containsOnly((byte) 0xDE);
        }
    }

    @Test
    void memoryAResetReleasedReadsAsPoisonThroughAStaleUncheckedSlice() {
        try (Arena arena = Arena.builder().nativeMemory(4096).zeroing(false)
                .staleSliceChecks(StaleSliceChecks.NONE).debug(true).build()) {
            MemorySegment stale = arena.allocate(64).fill((byte) 1);
            arena.reset();
            assertThat(stale.toArray(JAVA_BYTE)).containsOnly((byte) 0xDE);
        }
    }

    @Test
    void aZeroingArenaPoisonsReleasedMemoryAndStillHandsItOutAsZeros() {
        try (Arena arena = Arena.builder().nativeMemory(4096).staleSliceChecks(StaleSliceChecks.NONE)
                .debug(true).build()) {
            MemorySegment stale;
            try (Frame frame = arena.frame()) {
                stale = frame.allocate(64).fill((byte) 1);
            }
            assertThat(stale.toArray(JAVA_BYTE)).containsOnly((byte) 0xDE);

            MemorySegment again = arena.allocate(64); // reclaims the frame's memory, clearing it

            assertThat(again.address()).isEqualTo(stale.address());
            assertThat(again.toArray(JAVA_BYTE)).containsOnly((byte) 0);
        }
    }

    @Test
    void outOfDebugModeReleasedMemoryIsLeftAsItWas() {
        try (Arena arena = Arena.builder().heap(4096).zeroing(false).build()) {
            MemorySegment stale;
            try (Frame frame = arena.frame()) {
                stale = frame.allocate(64).fill((byte) 1);
            }
            assertThat(stale.toArray(JAVA_BYTE)).containsOnly((byte) 1);
        }
    }

    @Test
    void nothingIsReportedForArenasClosedProperlyNorForScratchArenasOfThreadsThatEnded() throws Exception {
        List<String> closed = new ArrayList<>();
        for (Arena.Builder settings : List.of(Arena.builder().nativeMemory(1024), Arena.builder().heap(1024),
                Arena.builder().nativeMemory(1024).shared(), Arena.builder().nativeMemory(1024).growth(Growth.chunked()),
                Arena.builder().nativeMemory(1024).debug(true))) {
            closed.add(makeAndClose(settings));
        }
        for (int i = 0; i < 4; i++) {
            Thread worker = new Thread(() -> {
                try (Frame frame = Scratch.frame()) {
                    frame.allocate(100).fill((byte) 7);
                }
            });
            worker.start();
            worker.join();
        }
        // A leak made after all of them: once it is reported, the collector has had its chance.
        String sentinel = "sentinel-" + System.nanoTime();
        makeAndDrop(Arena.builder().name(sentinel).heap(1024));

        awaitReport(r -> r.getMessage().contains("arena=" + sentinel));

        assertThat(records).noneMatch(r -> r.getMessage().contains("scratch"));
        for (String name : closed) {
            assertThat(records).noneMatch(r -> r.getMessage().contains("arena=" + name));
        }
    }

    @Test
    void leaksAreFlightRecorderEventsWithTheirFields(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("leaks.jfr");
        String leaked = "recorded-leak-" + System.nanoTime();
        String closing;
        try (Recording recording = new Recording()) {
            recording.start();
            makeAndDrop(Arena.builder().name(leaked).nativeMemory(2048).debug(true));
            awaitReport(r -> r.getMessage().contains("arena=" + leaked));
            Arena arena = Arena.builder().heap(512).debug(true).build();
            closing = arena.name();
            openOuter(arena);
            openInner(arena);
            arena.close();
            recording.stop();
            recording.dump(file);
        }

        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        RecordedEvent arena = events.stream().filter(e -> e.getEventType().getName().equals("io.github.arena4j.ArenaLeaked")
                && leaked.equals(e.getString("arena"))).findFirst().orElseThrow();
        assertThat(arena.getString("backing")).isEqualTo("native");
        assertThat(arena.getLong("bytes")).isEqualTo(2048);
        assertThat(arena.getString("origin")).startsWith("io.github.arena4j.LeakReportTest.makeAndDrop(");
        List<RecordedEvent> frames = events.stream().filter(e -> e.getEventType().getName()
                .equals("io.github.arena4j.FrameLeftOpen") && closing.equals(e.getString("arena"))).toList();
        assertThat(frames).extracting(e -> e.getInt("depth")).containsExactly(2, 1);
        assertThat(frames).extracting(e -> e.getString("found")).containsOnly("its arena closed");
        assertThat(frames.get(0).getString("origin")).startsWith("io.github.arena4j.LeakReportTest.openInner(");
        assertThat(frames.get(1).getString("origin")).startsWith("io.github.arena4j.LeakReportTest.openOuter(");
    }

    private static void makeAndDrop(Arena.Builder settings) {
        settings.build().allocate(100);
    }

    private static MemorySegment sliceOfDropped(Arena.Builder settings) {
        return settings.build().allocate(256).fill((byte) 42);
    }

    private static String makeAndClose(Arena.Builder settings) {
        try (Arena arena = settings.build()) {
            arena.allocate(100);
            return arena.name();
        }
    }

    private static void openAndDrop(Arena arena) {
        arena.frame().allocate(10);
    }

    private static Frame openOuter(Arena arena) {
        return arena.frame();
    }

    private static Frame openInner(Arena arena) {
        return arena.frame();
    }

    private List<LogRecord> reportsAbout(Arena arena) {
        return records.stream().filter(r -> r.getMessage().contains("arena=" + arena.name())).toList();
    }

    /**
     * Collects garbage until a report matches, and returns it: bounded, so a report that never
     * comes fails the test rather than hanging it.
     */
    private LogRecord awaitReport(Predicate<LogRecord> matching) {
        for (int attempt = 0; attempt < 400; attempt++) {
            for (LogRecord record : records) {
                if (matching.test(record)) {
                    return record;
                }
            }
            System.gc();
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("No matching report after collecting garbage 400 times; reports: "
                + records.stream().map(LogRecord::getMessage).toList());
    }
}
