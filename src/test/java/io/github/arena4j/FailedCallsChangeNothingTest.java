package io.github.arena4j;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A failed call leaves the arena exactly as it was: nothing claimed, reserved or counted, and the
 * next slice lands where it would have landed. Run against every kind in {@link ArenaKinds},
 * frames included; each bad call's exception type is the one the JDK's own confined arena throws
 * for the same call.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.github.arena4j.ArenaKinds#all")
class FailedCallsChangeNothingTest extends ArenaTestSupport.KindTest {

    FailedCallsChangeNothingTest(ArenaKinds.Kind kind) {
        super(kind);
    }

    /**
     * Bad {@code allocateFrom} calls, by name, over a 16-byte native source {@code src}, copying
     * into elements of layout {@code into} (an int layout the kind can align).
     */
    static Map<String, Function<SegmentAllocator, MemorySegment>> badCopies(MemorySegment src, ValueLayout into) {
        Map<String, Function<SegmentAllocator, MemorySegment>> calls = new LinkedHashMap<>();
        calls.put("layout sizes differ", a -> a.allocateFrom(into, src, JAVA_BYTE, 0, 1));
        calls.put("misaligned source segment", a -> a.allocateFrom(into, src.asSlice(1), JAVA_INT, 0, 1));
        calls.put("misaligned source offset", a -> a.allocateFrom(into, src, JAVA_INT, 1, 1));
        calls.put("source offset at the end", a -> a.allocateFrom(into, src, JAVA_INT, 16, 1));
        calls.put("negative source offset", a -> a.allocateFrom(into, src, JAVA_INT, -4, 1));
        calls.put("negative element count", a -> a.allocateFrom(into, src, JAVA_INT, 0, -1));
        calls.put("element count overflows", a -> a.allocateFrom(into, src, JAVA_INT, 0, Long.MAX_VALUE));
        calls.put("element count past the source", a -> a.allocateFrom(into, src, JAVA_INT, 0, 5));
        calls.put("element alignment above its size",
                a -> a.allocateFrom(into.withByteAlignment(8), src, JAVA_INT, 0, 1));
        calls.put("address of a heap segment", a -> a.allocateFrom(ADDRESS, MemorySegment.ofArray(new byte[4])));
        calls.put("null source", a -> a.allocateFrom(into, null, JAVA_INT, 0, 1));
        calls.put("null string", a -> a.allocateFrom((String) null));
        calls.put("null array", a -> a.allocateFrom(JAVA_LONG, (long[]) null));
        return calls;
    }

    /** {@return what {@code call} throws on the JDK's own confined arena} */
    static Class<? extends Throwable> jdkThrows(Function<SegmentAllocator, MemorySegment> call) {
        try (java.lang.foreign.Arena jdk = java.lang.foreign.Arena.ofConfined()) {
            Throwable thrown = catchThrowable(() -> call.apply(jdk));
            assertThat(thrown).as("the JDK's arena refuses it too").isNotNull();
            return thrown.getClass();
        }
    }

    /**
     * On a growable kind the current chunk is filled first, so that a call that wrongly claimed
     * space before failing would reserve a new chunk, which the snapshot sees.
     */
    private ArenaKinds.Subject subjectWithNoRoomToSpare() {
        ArenaKinds.Subject subject = subject(1024);
        subject.allocator().allocate(3, 1);
        if (kind.growable() && !kind.boundedAtCapacity()) {
            subject.allocator().allocate(subject.arena().remaining(), 1);
        }
        return subject;
    }

    @Test
    void allocateFromValidatesBeforeItAllocates() {
        try (java.lang.foreign.Arena owner = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment src = owner.allocate(16, 8);
            src.fill((byte) 7);
            ArenaKinds.Subject subject = subjectWithNoRoomToSpare();
            for (Map.Entry<String, Function<SegmentAllocator, MemorySegment>> call : badCopies(src, fit(JAVA_INT)).entrySet()) {
                Class<? extends Throwable> expected = jdkThrows(call.getValue());
                ArenaKinds.Snapshot before = subject.snapshot();

                Throwable thrown = catchThrowable(() -> call.getValue().apply(subject.allocator()));

                assertThat(thrown).as(call.getKey()).isInstanceOf(expected);
                assertThat(thrown.getMessage() == null || !thrown.getMessage().isBlank()).isTrue();
                subject.assertUnchanged(before, call.getKey());
            }
        }
    }

    @Test
    void allocateFromAClosedSourceChangesNothing() {
        java.lang.foreign.Arena owner = java.lang.foreign.Arena.ofConfined();
        MemorySegment src = owner.allocate(16, 8);
        owner.close();
        ArenaKinds.Subject subject = subjectWithNoRoomToSpare();
        ArenaKinds.Snapshot before = subject.snapshot();

        assertThatThrownBy(() -> subject.allocator().allocateFrom(fit(JAVA_INT), src, JAVA_INT, 0, 4))
                .isInstanceOf(IllegalStateException.class);

        subject.assertUnchanged(before, "a closed source");
    }

    @Test
    void allocateFromASourceOfAnotherThreadChangesNothing() throws Exception {
        MemorySegment src = CompletableFuture.supplyAsync(() -> java.lang.foreign.Arena.ofConfined().allocate(16, 8),
                command -> new Thread(command).start()).get();
        ArenaKinds.Subject subject = subjectWithNoRoomToSpare();
        ArenaKinds.Snapshot before = subject.snapshot();

        assertThatThrownBy(() -> subject.allocator().allocateFrom(fit(JAVA_INT), src, JAVA_INT, 0, 4))
                .isInstanceOf(WrongThreadException.class);

        subject.assertUnchanged(before, "a source confined to another thread");
    }

    @Test
    void allocateFromAStaleSliceOfTheSameArenaChangesNothing() {
        assumeTrue(kind.staleChecks(), "only detected where stale slices are");
        ArenaKinds.Subject subject = subjectWithNoRoomToSpare();
        MemorySegment stale;
        try (Frame inner = subject.arena().frame()) {
            stale = inner.allocate(16, 1);
            stale.fill((byte) 0x3C);
        }
        ArenaKinds.Snapshot before = subject.snapshot();

        // Quarantined memory may still be readable, and then must hold its own bytes; the copy
        // must not reclaim the memory it is copying from.
        Throwable thrown = catchThrowable(() -> {
            MemorySegment copy = subject.allocator().allocateFrom(JAVA_BYTE, stale, JAVA_BYTE, 0, 16);
            assertThat(copy.toArray(JAVA_BYTE)).as("copied from a quarantined slice").containsOnly((byte) 0x3C);
        });

        if (thrown != null || !kind.quarantine()) {
            assertThat(thrown).isInstanceOf(IllegalStateException.class);
            subject.assertUnchanged(before, "a stale source");
        }
    }

    @Test
    void badSizesAndAlignmentsChangeNothing() {
        ArenaKinds.Subject subject = subjectWithNoRoomToSpare();
        Map<String, Function<SegmentAllocator, MemorySegment>> calls = new LinkedHashMap<>();
        calls.put("negative size", a -> a.allocate(-1));
        calls.put("zero alignment", a -> a.allocate(1, 0));
        calls.put("negative alignment", a -> a.allocate(1, -1));
        calls.put("alignment not a power of two", a -> a.allocate(1, 3));
        calls.put("negative count", a -> a.allocate(JAVA_BYTE, -1));
        calls.put("count overflows", a -> a.allocate(JAVA_LONG, Long.MAX_VALUE));
        calls.put("null layout", a -> a.allocate((java.lang.foreign.MemoryLayout) null));
        for (Map.Entry<String, Function<SegmentAllocator, MemorySegment>> call : calls.entrySet()) {
            Class<? extends Throwable> expected = jdkThrows(call.getValue());
            ArenaKinds.Snapshot before = subject.snapshot();

            assertThat(catchThrowable(() -> call.getValue().apply(subject.allocator()))).as(call.getKey())
                    .isInstanceOf(expected);

            subject.assertUnchanged(before, call.getKey());
        }
    }

    @Test
    void exhaustionChangesNothing() {
        assumeTrue(!kind.growable() || kind.budgeted() || kind.boundedAtCapacity(), "grows instead");
        ArenaKinds.Subject subject = subjectWithNoRoomToSpare();
        long tooMuch = kind.budgeted() ? ArenaKinds.budgetFor(1024 + ArenaKinds.FRAME_PREFIX) + 1 : 2048;
        ArenaKinds.Snapshot before = subject.snapshot();

        assertThatThrownBy(() -> subject.allocator().allocate(tooMuch, 1)).isInstanceOf(ArenaExhaustedException.class);
        assertThatThrownBy(() -> subject.allocator().allocateFrom(JAVA_BYTE, new byte[(int) tooMuch]))
                .isInstanceOf(ArenaExhaustedException.class);

        subject.assertUnchanged(before, "exhaustion");
    }

    @Test
    void alignmentAboveWhatTheBlobGuaranteesChangesNothing() {
        assumeTrue(kind.maxAlignment() < ArenaKinds.ANY_ALIGNMENT);
        ArenaKinds.Subject subject = subjectWithNoRoomToSpare();
        ArenaKinds.Snapshot before = subject.snapshot();

        assertThatThrownBy(() -> subject.allocator().allocate(8, kind.maxAlignment() * 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Alignment " + kind.maxAlignment() * 2);

        subject.assertUnchanged(before, "a too-large alignment");
    }
}
