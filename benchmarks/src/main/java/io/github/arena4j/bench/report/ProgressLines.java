package io.github.arena4j.bench.report;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.format.OutputFormat;

/**
 * JMH's console output cut down to one line per benchmark method, printed when its last case
 * (every {@code @Param} combination, every fork) is done: its name, how many cases ran, the time
 * since the run started and roughly how much is left.
 *
 * <pre>
 * [ 3/17] BatchAllocationBench.arena4j_native          4 cases   0:41 elapsed, ~2:10 left
 * </pre>
 *
 * <p>JMH's own lines (headers, every iteration's score) are kept, the last {@value #KEPT} of them,
 * and printed by {@link #dump()} when the run fails, so that a failure still shows its cause. The
 * time left is JMH's own estimate ("# Run progress: ... ETA"), which counts the configured
 * iterations, less the time since JMH made it.
 */
final class ProgressLines implements OutputFormat {

    /** JMH's lines kept for {@link #dump()}. */
    static final int KEPT = 200;

    private static final Pattern PROGRESS =
            Pattern.compile("# Run progress: .* ETA (?:(\\d+) days?, )?(\\d+):(\\d+):(\\d+)");
    private static final String PACKAGE = "io.github.arena4j.bench.";

    private final PrintStream out;
    private final int methods;
    private final long start = System.nanoTime();
    private final ArrayDeque<String> kept = new ArrayDeque<>();
    private final StringBuilder partial = new StringBuilder();

    private String method;
    private int cases;
    private int done;
    private long etaNanos = -1;
    private long etaSeenAt;

    /**
     * @param out where the progress lines go
     * @param methods how many benchmark methods the run includes, for the {@code [n/total]} prefix
     */
    ProgressLines(PrintStream out, int methods) {
        this.out = out;
        this.methods = methods;
    }

    /** Prints JMH's last lines, for a run that failed. */
    void dump() {
        finishMethod();
        out.println("# JMH's last " + kept.size() + " lines:");
        kept.forEach(out::println);
        if (!partial.isEmpty()) {
            out.println(partial);
        }
        out.flush();
    }

    @Override
    public void startBenchmark(BenchmarkParams params) {
        String name = params.getBenchmark();
        name = name.startsWith(PACKAGE) ? name.substring(PACKAGE.length()) : name;
        if (!name.equals(method)) {
            finishMethod();
            method = name;
        }
    }

    @Override
    public void endBenchmark(BenchmarkResult result) {
        cases++;
    }

    @Override
    public void endRun(Collection<RunResult> result) {
        finishMethod();
        out.flush();
    }

    private void finishMethod() {
        if (method == null) {
            return;
        }
        done++;
        long now = System.nanoTime();
        long elapsed = now - start;
        long left;
        if (etaNanos >= 0) {
            left = Math.max(0, etaNanos - (now - etaSeenAt));
        } else {
            left = methods > done ? elapsed / done * (methods - done) : 0;
        }
        int width = Integer.toString(methods).length();
        out.printf(Locale.ROOT, "[%" + width + "d/%d] %-52s %3d case%s  %s elapsed, ~%s left%n",
                done, methods, method, cases, cases == 1 ? " " : "s", clock(elapsed), clock(left));
        out.flush();
        method = null;
        cases = 0;
    }

    private static String clock(long nanos) {
        long seconds = nanos / 1_000_000_000L;
        return seconds >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    @Override
    public void println(String s) {
        partial.append(s);
        line(partial.toString());
        partial.setLength(0);
    }

    @Override
    public void print(String s) {
        int newline;
        partial.append(s);
        while ((newline = partial.indexOf("\n")) >= 0) {
            line(partial.substring(0, newline));
            partial.delete(0, newline + 1);
        }
    }

    @Override
    public void verbosePrintln(String s) {
        println(s);
    }

    private void line(String line) {
        Matcher progress = PROGRESS.matcher(line);
        if (progress.find()) {
            long days = progress.group(1) == null ? 0 : Long.parseLong(progress.group(1));
            long seconds = ((days * 24 + Long.parseLong(progress.group(2))) * 60
                    + Long.parseLong(progress.group(3))) * 60 + Long.parseLong(progress.group(4));
            etaNanos = seconds * 1_000_000_000L;
            etaSeenAt = System.nanoTime();
        }
        if (kept.size() == KEPT) {
            kept.removeFirst();
        }
        kept.addLast(line);
    }

    @Override
    public void iteration(BenchmarkParams benchParams, IterationParams params, int iteration) {
    }

    @Override
    public void iterationResult(BenchmarkParams benchParams, IterationParams params, int iteration, IterationResult data) {
        line((params.getType() == org.openjdk.jmh.runner.IterationType.WARMUP ? "# Warmup Iteration " : "Iteration ")
                + iteration + ": " + data.getPrimaryResult());
    }

    @Override
    public void startRun() {
    }

    @Override
    public void write(int b) {
        print(String.valueOf((char) (b & 0xFF)));
    }

    @Override
    public void write(byte[] b) {
        print(new String(b, java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public void flush() {
        out.flush();
    }

    @Override
    public void close() {
        out.flush();
    }
}
