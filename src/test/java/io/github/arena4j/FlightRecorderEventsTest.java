package io.github.arena4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Arena behaviour shows up in JDK Flight Recorder, and can be read back from a recording. */
class FlightRecorderEventsTest {

    @Test
    void growthExhaustionAndBudgetHitsAreRecorded(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("arena.jfr");
        try (Recording recording = new Recording()) {
            recording.start(); // no settings: arena events are enabled by default

            try (Arena growable = Arena.builder().nativeMemory(1024).growth(Growth.chunked()).budget(4096).build()) {
                growable.allocate(1024, 1);
                growable.allocate(100, 1); // reserves a 2 KiB chunk
                assertThatThrownBy(() -> growable.allocate(5000, 1)).isInstanceOf(ArenaExhaustedException.class);
            }
            try (Arena fixed = Arena.ofHeap(64)) {
                assertThatThrownBy(() -> fixed.allocate(65, 8)).isInstanceOf(ArenaExhaustedException.class);
            }

            recording.stop();
            recording.dump(file);
        }

        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        RecordedEvent chunk = only(events, "io.github.arena4j.ChunkReserved");
        assertThat(chunk.getLong("chunkSize")).isEqualTo(2048);
        assertThat(chunk.getBoolean("dedicated")).isFalse();
        assertThat(chunk.getLong("reserved")).isEqualTo(3072);
        assertThat(chunk.getInt("chunks")).isEqualTo(2);
        assertThat(chunk.getStackTrace()).isNotNull();

        RecordedEvent budget = only(events, "io.github.arena4j.BudgetExceeded");
        assertThat(budget.getLong("size")).isEqualTo(5000);
        assertThat(budget.getLong("reserved")).isEqualTo(3072);
        assertThat(budget.getLong("budget")).isEqualTo(4096);
        assertThat(budget.getLong("used")).isEqualTo(1124);

        RecordedEvent exhausted = only(events, "io.github.arena4j.Exhausted");
        assertThat(exhausted.getLong("size")).isEqualTo(65);
        assertThat(exhausted.getLong("alignment")).isEqualTo(8);
        assertThat(exhausted.getLong("capacity")).isEqualTo(64);
    }

    /** Each event names its arena, and its stack trace shows the caller within {@code jfr print}'s default depth of five frames. */
    @Test
    void eventsNameTheirArenaAndShowTheCallerNearTheTop(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("named.jfr");
        long fixedId;
        long growableId;
        try (Recording recording = new Recording()) {
            recording.start();
            try (Arena fixed = Arena.builder().nativeMemory(64).name("requests").build();
                 Arena growable = Arena.builder().heap(64).growth(Growth.chunked()).budget(1024).build()) {
                fixedId = fixed.id();
                growableId = growable.id();
                assertThatThrownBy(() -> fixed.allocate(65, 8)).isInstanceOf(ArenaExhaustedException.class)
                        .hasMessageEndingWith(" arena=requests");
                growable.allocate(100, 8);
                assertThatThrownBy(() -> growable.allocate(2000, 8)).isInstanceOf(ArenaExhaustedException.class)
                        .hasMessageEndingWith(" arena=" + growable.name());
                assertThat(fixed.toString()).startsWith("Arena[requests, native");
                assertThat(growable.name()).isEqualTo("heap-" + growable.id());
            }
            recording.stop();
            recording.dump(file);
        }

        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        RecordedEvent exhausted = events.stream()
                .filter(e -> e.getEventType().getName().equals("io.github.arena4j.Exhausted")
                        && e.getLong("arenaId") == fixedId).findFirst().orElseThrow();
        assertThat(exhausted.getString("arena")).isEqualTo("requests");
        RecordedEvent chunk = events.stream()
                .filter(e -> e.getEventType().getName().equals("io.github.arena4j.ChunkReserved")
                        && e.getLong("arenaId") == growableId).findFirst().orElseThrow();
        RecordedEvent budget = events.stream()
                .filter(e -> e.getEventType().getName().equals("io.github.arena4j.BudgetExceeded")
                        && e.getLong("arenaId") == growableId).findFirst().orElseThrow();
        for (RecordedEvent event : List.of(exhausted, chunk, budget)) {
            List<String> top = event.getStackTrace().getFrames().stream().limit(4)
                    .map(frame -> frame.getMethod().getType().getName() + "." + frame.getMethod().getName()).toList();
            assertThat(top).as("top frames of %s", event.getEventType().getName())
                    .anyMatch(frame -> frame.startsWith(FlightRecorderEventsTest.class.getName()));
        }
    }

    @Test
    void nothingIsRecordedWhenTheEventsAreDisabled(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("quiet.jfr");
        try (Recording recording = new Recording()) {
            // Arena events are on by default in any recording (they are rare: cold paths only),
            // so a recording that does not want them turns them off.
            recording.disable("io.github.arena4j.ChunkReserved");
            recording.disable("io.github.arena4j.Exhausted");
            recording.disable("io.github.arena4j.BudgetExceeded");
            recording.disable("io.github.arena4j.Committed");
            recording.start();
            try (Arena growable = Arena.builder().heap(64).growth(Growth.chunked()).build()) {
                growable.allocate(1000, 8);
            }
            try (Arena fixed = Arena.ofHeap(64)) {
                assertThatThrownBy(() -> fixed.allocate(65, 8)).isInstanceOf(ArenaExhaustedException.class);
            }
            recording.stop();
            recording.dump(file);
        }

        assertThat(RecordingFile.readAllEvents(file))
                .noneMatch(e -> e.getEventType().getName().startsWith("io.github.arena4j"));
    }

    @Test
    void growthInPlaceAndItsBudgetAreRecorded(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("in-place.jfr");
        try (Recording recording = new Recording()) {
            recording.start();
            try (Arena arena = Arena.builder().nativeMemory(64 * 1024).growth(Growth.inPlace()).budget(1 << 20).build()) {
                arena.allocate(64 * 1024, 1);
                arena.allocate(100, 1); // doubles the usable part to 128 KiB
                assertThatThrownBy(() -> arena.allocate(1 << 20, 1)).isInstanceOf(ArenaExhaustedException.class);
            }
            recording.stop();
            recording.dump(file);
        }

        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        RecordedEvent committed = only(events, "io.github.arena4j.Committed");
        assertThat(committed.getLong("usable")).isEqualTo(128 * 1024);
        assertThat(committed.getLong("committed")).isEqualTo(128 * 1024);
        assertThat(committed.getLong("reservation")).isEqualTo(1 << 20);
        RecordedEvent budget = only(events, "io.github.arena4j.BudgetExceeded");
        assertThat(budget.getLong("reserved")).isEqualTo(128 * 1024);
        assertThat(budget.getLong("budget")).isEqualTo(1 << 20);
        assertThat(events).noneMatch(e -> e.getEventType().getName().equals("io.github.arena4j.ChunkReserved"));
    }

    private static RecordedEvent only(List<RecordedEvent> events, String name) {
        List<RecordedEvent> matching = events.stream().filter(e -> e.getEventType().getName().equals(name)).toList();
        assertThat(matching).as(name).hasSize(1);
        return matching.getFirst();
    }
}
