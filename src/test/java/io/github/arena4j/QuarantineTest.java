package io.github.arena4j;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The default stale-slice checks, {@link StaleSliceChecks#ON_REUSE}: closed frames are
 * quarantined and reclaimed together, a stale slice never sees memory handed out again, and
 * accounting is the same as if every frame rewound at once.
 */
class QuarantineTest {

    /** Reads {@code stale} as it must be: its own last bytes, or an exception once reused. */
    private static boolean stillOwnBytes(MemorySegment stale, byte fill) {
        try {
            for (long i = 0; i < stale.byteSize(); i++) {
                assertThat(stale.get(JAVA_BYTE, i)).as("a stale slice sees only its own bytes").isEqualTo(fill);
            }
            return true;
        } catch (IllegalStateException reused) {
            return false;
        }
    }

    @Test
    void aStaleSliceNeverSeesALaterFramesBytesAndThrowsOnceItsMemoryIsReused() {
        try (Arena arena = Arena.ofNative(64 * 1024)) {
            MemorySegment stale;
            try (Frame frame = arena.frame()) {
                stale = frame.allocate(256);
                stale.fill((byte) 0x11);
            }
            boolean reused = false;
            for (int i = 0; i < 1000 && !reused; i++) {
                try (Frame frame = arena.frame()) {
                    frame.allocate(256).fill((byte) 0x22);
                }
                reused = !stillOwnBytes(stale, (byte) 0x11);
            }
            assertThat(reused).isTrue();
        }
    }

    @Test
    void framesInALoopNeverRunOutThoughEachIsQuarantined() {
        try (Arena arena = Arena.ofNative(16 * 1024)) {
            for (int i = 0; i < 10_000; i++) {
                try (Frame frame = arena.frame()) {
                    MemorySegment slice = frame.allocate(1000, 8);
                    assertThat(slice.get(JAVA_LONG, 0)).isZero();
                    slice.fill((byte) i);
                }
                assertThat(arena.used()).isZero();
                assertThat(arena.remaining()).isEqualTo(arena.capacity());
            }
        }
    }

    @Test
    void anEmptyFrameReclaimsItsOlderSiblingsWhenItNeedsTheSpace() {
        try (Arena arena = Arena.ofNative(4096)) {
            try (Frame frame = arena.frame()) {
                frame.allocate(3000).fill((byte) 1);
            }
            try (Frame frame = arena.frame()) {
                assertThat(arena.remaining()).isEqualTo(4096);
                MemorySegment again = frame.allocate(3000);
                assertThat(again.toArray(JAVA_BYTE)).containsOnly((byte) 0);
            }
        }
    }

    @Test
    void quarantineBelowAFrameThatHasAllocatedWaitsForItToClose() {
        try (Arena arena = Arena.ofNative(4096)) {
            try (Frame first = arena.frame()) {
                first.allocate(500); // under the window (a quarter of a small arena): stays quarantined
            }
            try (Frame second = arena.frame()) {
                second.allocate(1000);
                assertThat(arena.used()).isEqualTo(1000);
                assertThat(arena.remaining()).isEqualTo(4096 - 1500);
                assertThatThrownBy(() -> second.allocate(3000))
                        .isInstanceOf(ArenaExhaustedException.class)
                        .hasMessageContaining("used=1000");
                assertThat(arena.used()).isEqualTo(1000);
            }
            assertThat(arena.used()).isZero();
            arena.allocate(4096); // all of it is free again
        }
    }

    @Test
    void nestedFramesReclaimTheirChildrenBeforeTheEnclosingFrameAllocates() {
        try (Arena arena = Arena.ofNative(64 * 1024)) {
            try (Frame outer = arena.frame()) {
                MemorySegment first = outer.allocate(JAVA_LONG);
                first.set(JAVA_LONG, 0, 1L);
                MemorySegment child;
                try (Frame inner = arena.frame()) {
                    child = inner.allocate(512);
                    child.fill((byte) 9);
                }
                MemorySegment second = outer.allocate(JAVA_LONG);
                assertThat(second.address()).as("the enclosing frame's allocations stay contiguous")
                        .isEqualTo(first.address() + 8);
                assertThatThrownBy(() -> child.get(JAVA_BYTE, 0)).isInstanceOf(IllegalStateException.class);
                assertThat(first.get(JAVA_LONG, 0)).isEqualTo(1L);
                assertThat(second.get(JAVA_LONG, 0)).isZero();
            }
        }
    }

    @Test
    void framesThatGrowIntoNewChunksAreReclaimedWholeWhenTheyClose() {
        try (Arena arena = Arena.builder().nativeMemory(1024).growth(Growth.chunked(2.0, 4096)).build()) {
            MemorySegment kept = arena.allocate(JAVA_LONG);
            kept.set(JAVA_LONG, 0, 42L);
            for (int round = 0; round < 50; round++) {
                MemorySegment stale;
                try (Frame frame = arena.frame()) {
                    frame.allocate(600).fill((byte) round);
                    stale = frame.allocate(900); // a new chunk
                    stale.fill((byte) round);
                    assertThat(arena.statistics().chunks()).isGreaterThan(1);
                }
                assertThat(arena.statistics().chunks()).isEqualTo(1);
                assertThat(arena.used()).isEqualTo(8);
                assertThatThrownBy(() -> stale.get(JAVA_BYTE, 0)).isInstanceOf(IllegalStateException.class);
            }
            assertThat(kept.get(JAVA_LONG, 0)).isEqualTo(42L);
        }
    }

    /**
     * Random nested frames against a model of what each live slice holds: live slices keep their
     * bytes, never overlap, and stale ones read only their own bytes or throw.
     */
    @Test
    void randomNestedFramesKeepLiveSlicesAndNeverLeakNewDataToStaleOnes() {
        long seed = Long.getLong("arena4j.property.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        record Slice(MemorySegment segment, byte fill) {
        }
        try (Arena arena = Arena.ofNative(8 * 1024)) {
            List<Frame> frames = new ArrayList<>();
            List<List<Slice>> live = new ArrayList<>();
            live.add(new ArrayList<>());
            List<Slice> stale = new ArrayList<>();
            for (int op = 0; op < 20_000; op++) {
                int choice = random.nextInt(10);
                if (choice < 3 && frames.size() < 6) {
                    frames.add(arena.frame());
                    live.add(new ArrayList<>());
                } else if (choice < 6 && !frames.isEmpty()) {
                    frames.removeLast().close();
                    stale.addAll(live.removeLast());
                } else {
                    long size = 1 + random.nextInt(300);
                    try {
                        MemorySegment segment = arena.allocate(size, 1L << random.nextInt(4));
                        byte fill = (byte) random.nextInt();
                        assertThat(segment.toArray(JAVA_BYTE)).as("seed %d", seed).containsOnly((byte) 0);
                        segment.fill(fill);
                        live.getLast().add(new Slice(segment, fill));
                    } catch (ArenaExhaustedException full) {
                        assertThat(full.used()).isEqualTo(arena.used());
                    }
                }
                if (op % 97 == 0) {
                    for (List<Slice> scope : live) {
                        for (Slice slice : scope) {
                            assertThat(stillOwnBytes(slice.segment(), slice.fill())).as("seed %d: live", seed).isTrue();
                        }
                    }
                    stale.removeIf(slice -> !stillOwnBytes(slice.segment(), slice.fill()));
                }
            }
        }
    }

    @Test
    void aSegmentTakenInAFrameThatHasNotAllocatedSurvivesReclaimingItsOlderSiblings() {
        try (Arena arena = Arena.ofNative(4096)) {
            arena.allocate(2544, 1);
            try (Frame frame = arena.frame()) {
                frame.allocate(776, 1);
            }
            try (Frame frame = arena.frame()) {
                MemorySegment blob = arena.segment();
                long at = arena.allocateOffset(777, 1); // reclaims the older sibling's quarantine first
                blob.set(JAVA_BYTE, at, (byte) 5);
                assertThat(blob.get(JAVA_BYTE, at)).isEqualTo((byte) 5);
                assertThat(frame.isOpen()).isTrue();
            }
            assertThat(arena.used()).isEqualTo(2544);
        }
    }

    @Test
    void aSegmentTakenAboveClosedChildrenAndSiblingsLeavesTheirQuarantineReclaimable() {
        try (Arena arena = Arena.ofNative(4096)) {
            arena.allocate(2944, 1);
            try (Frame sibling = arena.frame()) {
                sibling.allocate(220, 1);
            }
            try (Frame frame = arena.frame()) {
                try (Frame child = arena.frame()) {
                    child.allocate(220, 1);
                }
                long remaining = arena.remaining();
                MemorySegment blob = arena.segment();
                long at = arena.allocateOffset(remaining, 1); // all of it: both runs are reclaimed
                blob.set(JAVA_BYTE, at, (byte) 5);
                assertThat(blob.get(JAVA_BYTE, at)).isEqualTo((byte) 5);
                assertThat(frame.isOpen()).isTrue();
            }
            assertThat(arena.used()).isEqualTo(2944);
        }
    }
}
