package io.github.arena4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every committed fuzz input as a {@link Program}: what {@link ArenaFuzzTest} found or
 * reached, and minimal programs printed by failed property tests, kept so that every build runs
 * them again. Runs without Jazzer.
 */
class ArenaFuzzInputsTest {

    /** Where Jazzer keeps the inputs of {@link ArenaFuzzTest}, relative to the test resources' package. */
    static final String INPUTS = "ArenaFuzzTestInputs/programsObeyTheModel";
    /** The same directory in the source tree, where new inputs go. */
    static final String DIRECTORY = "src/test/resources/io/github/arena4j/" + INPUTS;

    static Stream<Arguments> inputs() throws URISyntaxException, IOException {
        Path directory = Path.of(ArenaFuzzInputsTest.class.getResource(INPUTS).toURI());
        try (Stream<Path> files = Files.list(directory)) {
            return files.sorted().map(file -> Arguments.of(file.getFileName().toString(), read(file))).toList().stream();
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void committedInputObeysTheModel(String name, byte[] input) {
        Program.decode(input).check("committed input " + name);
    }

    /** A program printed as bytes must replay as exactly that program. */
    @Test
    void programsSurviveTheirEncoding() {
        SplittableRandom random = new SplittableRandom(7);
        for (ArenaKinds.Kind kind : ArenaKinds.ALL) {
            Program program = Program.random(kind, random);
            assertThat(Program.decode(program.encode())).isEqualTo(program);
        }
    }
}
