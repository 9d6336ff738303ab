package io.github.arena4j.bench.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs JMH with the given command line, writes its JSON, then prints the report: what the quick,
 * smoke and full modes of {@code benchmarks/pom.xml} launch. While JMH runs it prints one line
 * per benchmark method ({@link ProgressLines}) instead of JMH's line per iteration; JMH's JSON
 * still holds every iteration.
 *
 * <pre>
 * java -cp benchmarks.jar io.github.arena4j.bench.report.RunAndReport \
 *     --json out.json [--chart out.png] [--markdown out.md] -- [JMH options and benchmark regexps]
 * </pre>
 *
 * <p>Exits non-zero if JMH fails (run with {@code -foe true} so that a benchmark that throws is a
 * failure), if nothing ran, or if any score is not a positive finite number.
 */
public final class RunAndReport {

    private RunAndReport() {
    }

    public static void main(String[] args) throws Exception {
        Path json = null;
        Path chart = null;
        Path markdown = null;
        int i = 0;
        for (; i < args.length && !args[i].equals("--"); i++) {
            switch (args[i]) {
                case "--json" -> json = Path.of(args[++i]);
                case "--chart" -> chart = Path.of(args[++i]);
                case "--markdown" -> markdown = Path.of(args[++i]);
                default -> usage("unknown option " + args[i]);
            }
        }
        if (json == null) {
            usage("--json is required");
        }
        String[] jmhArgs = i < args.length ? Arrays.copyOfRange(args, i + 1, args.length) : new String[0];
        Files.createDirectories(json.toAbsolutePath().getParent());

        System.out.println("# JMH host JVM: " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version") + " at " + System.getProperty("java.home"));
        CommandLineOptions commandLine = new CommandLineOptions(jmhArgs);
        Options options = new OptionsBuilder()
                .parent(commandLine)
                .resultFormat(ResultFormatType.JSON)
                .result(json.toString())
                .build();
        List<String> includes = options.getIncludes().isEmpty() ? List.of(".*") : options.getIncludes();
        ProgressLines progress = new ProgressLines(System.out,
                BenchmarkList.defaultList().find(new ProgressLines(System.out, 0), includes, options.getExcludes()).size());
        long start = System.nanoTime();
        Collection<RunResult> runs;
        try {
            runs = new Runner(options, progress).run();
        } catch (RunnerException | RuntimeException e) {
            progress.dump();
            e.printStackTrace();
            fail("JMH failed: " + e);
            return;
        }
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        System.out.printf("# JMH ran %d benchmark cases in %d min %d s%n", runs.size(), seconds / 60, seconds % 60);
        if (runs.isEmpty()) {
            fail("no benchmark ran: check the include pattern " + Arrays.toString(jmhArgs));
        }

        List<Result> results = Result.read(json);
        for (Result r : results) {
            if (!(r.mean() > 0) || Double.isInfinite(r.mean())) {
                fail("bad score " + r.mean() + " for " + r.className() + "." + r.method() + " " + r.params());
            }
        }
        Report.write(results, chart, markdown);
    }

    private static void usage(String message) {
        System.err.println(message);
        System.err.println("usage: RunAndReport --json out.json [--chart out.png] [--markdown out.md] -- [JMH args]");
        System.exit(2);
    }

    private static void fail(String message) {
        System.err.println("FAILED: " + message);
        System.exit(1);
    }
}
