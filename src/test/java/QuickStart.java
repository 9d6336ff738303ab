import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.github.arena4j.Arena; // arena4j's Arena; the JDK's is used by its full name below
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

public class QuickStart {

    static final StructLayout POINT = MemoryLayout.structLayout(
            JAVA_INT.withName("x"), JAVA_INT.withName("y"), JAVA_LONG.withName("id"));

    public static void main(String[] args) {
        try (java.lang.foreign.Arena jdk = java.lang.foreign.Arena.ofConfined(); // one malloc per call
             Arena arena = Arena.ofNative(1 << 20)) {                            // one blob, bumped
            MemorySegment point = arena.allocate(POINT);       // sized and aligned by the layout
            point.set(JAVA_INT, 0, 3);
            point.set(JAVA_INT, 4, 4);
            MemorySegment name = arena.allocateFrom("hello");  // a NUL-terminated C string
            MemorySegment ints = arena.allocate(JAVA_INT, 1000);
            ints.setAtIndex(JAVA_INT, 999, 42);
            MemorySegment longLived = jdk.allocate(64);        // the JDK's arena, side by side

            System.out.printf("point=(%d,%d) name=%s ints[999]=%d used=%d of %d bytes%n",
                    point.get(JAVA_INT, 0), point.get(JAVA_INT, 4), name.getString(0),
                    ints.getAtIndex(JAVA_INT, 999), arena.used(), arena.capacity());
        } // every slice of the arena is released here, in one batch
    }
}
