package io.github.arena4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * arena4j as a user's module sees it: the packaged jar on the module path, and a small module
 * ({@code src/it/module-consumer}) that {@code requires io.github.arena4j}, compiled and run with
 * the JDK running this test. Runs after {@code package} (maven-failsafe-plugin), since it needs
 * the jar.
 */
class ModulePathIT {

    private static final String MODULE = "io.github.arena4j";
    private static final String MAIN = "example.consumer/example.consumer.Main";
    private static final Path JAVA_BIN = Path.of(System.getProperty("java.home"), "bin");
    private static final int FEATURE = Runtime.version().feature();

    /** What a run of the consumer prints when everything works. */
    private static final List<String> EXPECTED_OUTPUT = List.of(
            "module=io.github.arena4j exports=[io.github.arena4j]",
            "checks=true value=42",
            "stale=IllegalStateException",
            "exhaustedEvents=1");

    /** The JDK's warning for a restricted method called by a module without native access. */
    private static final String WARNING = "WARNING: A restricted method in java.lang.foreign.MemorySegment has been called";
    private static final String WARNING_ADVICE = "WARNING: Use --enable-native-access=" + MODULE + " to avoid a warning";
    private static final String DENIED = "java.lang.IllegalCallerException: Illegal native access from module " + MODULE;

    @TempDir
    static Path work;

    private static String modulePath;

    @BeforeAll
    static void compileTheConsumerWithWarningsAsErrors() throws Exception {
        Path jar = Path.of(requiredProperty("arena4j.jar"));
        Path sources = Path.of(requiredProperty("arena4j.consumer.sources"));
        assertThat(jar).isRegularFile();
        Path classes = work.resolve("consumer");
        modulePath = jar + java.io.File.pathSeparator + classes;

        List<String> javac = new ArrayList<>(List.of(JAVA_BIN.resolve("javac").toString(),
                "-Xlint:all", "-Werror", "--module-path", jar.toString(), "-d", classes.toString()));
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> javac.add(f.toString()));
        }
        Run run = Run.of(javac);

        // An automatic module would draw "requires directive for an automatic module", fatal here.
        assertThat(run.exitCode()).as("javac exit code; output:%n%s%s", run.stdout(), run.stderr()).isZero();
        assertThat(run.stdout() + run.stderr()).isEmpty();
    }

    @Test
    void withNativeAccessGrantedToTheModuleItRunsWithoutWarnings() throws Exception {
        Run run = java("--enable-native-access=" + MODULE);

        assertThat(run.exitCode()).as("exit code; stderr:%n%s", run.stderr()).isZero();
        assertThat(run.stdoutLines()).containsExactlyElementsOf(EXPECTED_OUTPUT);
        assertThat(run.stderr()).isEmpty();
    }

    @Test
    void withoutTheGrantTheJdkWarnsAndNamesTheModule() throws Exception {
        Run run = java();

        if (FEATURE <= 25 || run.exitCode() == 0) {
            // JDK 22 to 25: a warning on stderr, once, naming arena4j's module; everything works.
            assertThat(run.exitCode()).as("exit code; stderr:%n%s", run.stderr()).isZero();
            assertThat(run.stdoutLines()).containsExactlyElementsOf(EXPECTED_OUTPUT);
            assertThat(run.stderr()).contains(WARNING).contains(WARNING_ADVICE);
            assertThat(run.stderr().split(java.util.regex.Pattern.quote(WARNING), -1)).as("warnings printed").hasSize(2);
        } else {
            // A later JDK that denies by default: the first arena with stale-slice checks throws.
            assertThat(run.stderr()).contains(DENIED);
        }
    }

    @Test
    void withIllegalNativeAccessDeniedTheFirstCheckedArenaThrows() throws Exception {
        assumeTrue(FEATURE >= 24, "--illegal-native-access exists from JDK 24");

        Run run = java("--illegal-native-access=deny");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdoutLines()).containsExactly(EXPECTED_OUTPUT.getFirst());
        assertThat(run.stderr()).contains(DENIED).contains("at " + MODULE).doesNotContain(WARNING);
    }

    private static Run java(String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of(JAVA_BIN.resolve("java").toString()));
        command.addAll(List.of(options));
        command.addAll(List.of("--module-path", modulePath, "-m", MAIN));
        return Run.of(command);
    }

    private static String requiredProperty(String name) {
        String value = System.getProperty(name);
        assertThat(value).as("system property %s (set by the failsafe configuration in pom.xml)", name).isNotBlank();
        return value;
    }

    /** A finished process: its exit code and everything it printed. */
    private record Run(int exitCode, String stdout, String stderr) {

        static Run of(List<String> command) throws IOException, InterruptedException {
            Path out = Files.createTempFile(work, "stdout", ".txt");
            Path err = Files.createTempFile(work, "stderr", ".txt");
            Process process = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("did not finish within 2 minutes: " + command);
            }
            return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        }

        List<String> stdoutLines() {
            return stdout.lines().toList();
        }
    }
}
