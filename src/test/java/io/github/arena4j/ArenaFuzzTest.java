package io.github.arena4j;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of arena programs with Jazzer: the fuzzer's bytes decode to a
 * {@link Program} (a kind and up to {@value Program#MAX_DECODED_OPERATIONS} operations), run
 * against {@link ArenaModel}. The fuzzer keeps inputs that reach new code in the library, so it
 * finds states random programs rarely reach: quarantine reclaimed at the edge of its window,
 * growth at exact chunk boundaries, frames across chunks.
 *
 * <p>Run it with {@code mvn -B test -Pfuzz} (for {@link #DURATION}). A failing input is shrunk
 * and printed as a minimal program, and Jazzer writes the raw input to
 * {@link ArenaFuzzInputsTest#DIRECTORY}: commit it there and {@link ArenaFuzzInputsTest} replays it
 * in every build. An ordinary build does not run this class (it carries the tag {@code jazzer},
 * which the build excludes outside the fuzz profile), so it needs no agent.
 */
class ArenaFuzzTest {

    /** How long one fuzzing run searches; edit it for a longer run. */
    static final String DURATION = "5m";

    @FuzzTest(maxDuration = DURATION)
    void programsObeyTheModel(byte[] input) {
        Program.decode(input).check("a fuzz input");
    }
}
