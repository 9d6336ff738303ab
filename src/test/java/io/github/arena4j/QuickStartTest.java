package io.github.arena4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's quick start is this repository's {@code src/test/java/QuickStart.java}, verbatim, and it runs. */
class QuickStartTest {

    private static final Path README = Path.of("README.md");
    private static final Path SOURCE = Path.of("src/test/java/QuickStart.java");

    @Test
    void readmeQuickStartIsTheCompiledExampleVerbatim() throws IOException {
        String readme = Files.readString(README);
        Matcher block = Pattern.compile("<!-- quick-start -->\\s*```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);

        assertThat(block.find()).as("README has a java block after <!-- quick-start -->").isTrue();
        assertThat(block.group(1)).isEqualTo(Files.readString(SOURCE));
    }

    @Test
    void quickStartRunsAndPrintsWhatItAllocated() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Class.forName("QuickStart").getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(original);
        }

        // 16 B point, 6 B string, 2 B padding to 4, 4000 B of ints.
        assertThat(captured.toString(StandardCharsets.UTF_8))
                .isEqualTo("point=(3,4) name=hello ints[999]=42 used=4024 of 1048576 bytes" + System.lineSeparator());
    }
}
