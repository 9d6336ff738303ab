package example.consumer;

import io.github.arena4j.Arena;
import io.github.arena4j.ArenaExhaustedException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordingFile;

/**
 * Uses arena4j as a named module: an arena with stale-slice checks (a restricted method inside
 * arena4j), a stale slice, and a Flight Recorder event read back. Prints one line per fact, which
 * {@code ModulePathIT} checks.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Module arena4j = Arena.class.getModule();
        System.out.println("module=" + arena4j.getName()
                + " exports=" + arena4j.getDescriptor().exports().stream().map(e -> e.source()).sorted().toList());

        MemorySegment stale;
        try (Arena arena = Arena.ofNative(1024)) {
            MemorySegment ints = arena.allocate(ValueLayout.JAVA_INT, 4);
            ints.setAtIndex(ValueLayout.JAVA_INT, 3, 42);
            System.out.println("checks=" + arena.hasStaleSliceChecks() + " value=" + ints.getAtIndex(ValueLayout.JAVA_INT, 3));
            stale = ints;
            arena.reset();
            try {
                stale.get(ValueLayout.JAVA_INT, 0);
                System.out.println("stale=readable");
            } catch (IllegalStateException expected) {
                System.out.println("stale=" + expected.getClass().getSimpleName());
            }
        }

        Path file = Files.createTempFile("arena4j-module", ".jfr");
        try (Recording recording = new Recording()) {
            recording.start();
            try (Arena fixed = Arena.ofHeap(64)) {
                fixed.allocate(65, 8);
            } catch (ArenaExhaustedException expected) {
                // recorded as an event
            }
            recording.stop();
            recording.dump(file);
        }
        long events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("io.github.arena4j.Exhausted"))
                .count();
        Files.delete(file);
        System.out.println("exhaustedEvents=" + events);
    }
}
