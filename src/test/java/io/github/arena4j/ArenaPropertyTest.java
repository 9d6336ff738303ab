package io.github.arena4j;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random programs of arena operations ({@link Program}), run against every kind in
 * {@link ArenaKinds} (frames included) and checked after every step against {@link ArenaModel}:
 * every slice in bounds and aligned, at the address the model predicts on one-blob kinds, never
 * overlapping a live slice; contents surviving until their reset or frame closes; zeroing as
 * documented; stale slices throwing or reading only their own bytes; statistics consistent; every
 * bad input, interleaved with good ones, refused with its exception and leaving used, remaining,
 * capacity and statistics as they were; frames closed out of order refused; and closing the
 * arena ending everything.
 *
 * <p>On a failure the program is shrunk to a minimal one ({@link Shrinker}), often two or three
 * operations, and printed with the seed of the run and its bytes. <strong>Replay:</strong>
 * {@code mvn -B test -Dtest=ArenaPropertyTest -Darena4j.seed=<seed>} makes every kind's programs
 * of that run again; or keep the printed bytes as a file in {@link ArenaFuzzInputsTest#DIRECTORY},
 * and every build replays that one program. For a longer soak, raise the programs per kind:
 * {@code -Darena4j.programs=2000}.
 */
class ArenaPropertyTest {

    /** Programs per kind: about 2,000 in all in an ordinary build. */
    static final int PROGRAMS = Integer.getInteger("arena4j.programs", 60);
    /** The seed of this run; each kind's programs follow from it and the kind's name. */
    static final long SEED = Long.getLong("arena4j.seed", new SplittableRandom().nextLong());

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.arena4j.ArenaKinds#all")
    void programsObeyTheModel(ArenaKinds.Kind kind) {
        SplittableRandom random = new SplittableRandom(SEED ^ kind.name().hashCode() * 0x9E3779B97F4A7C15L);
        for (int n = 1; n <= PROGRAMS; n++) {
            Program.random(kind, random).check("program " + n + " of seed " + SEED
                    + "; replay: mvn -B test -Dtest=ArenaPropertyTest -Darena4j.seed=" + SEED);
        }
    }
}
