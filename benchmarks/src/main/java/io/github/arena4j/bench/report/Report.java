package io.github.arena4j.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads JMH's JSON and prints, per benchmark class, a markdown table with a ratio column against
 * the malloc-style baseline ({@code libc_malloc_free}, or {@code jdk_confined_per_alloc} where a
 * class has no malloc row) and one against {@code raw_bump} where the class has it, plus
 * {@code gc.alloc.rate.norm} when the run used {@code -prof gc}; then the verdict on each target of
 * the project's performance targets, and optionally the headline chart.
 *
 * <pre>
 * java -cp benchmarks.jar io.github.arena4j.bench.report.Report [--chart out.png] [--markdown out.md] results.json...
 * </pre>
 *
 * With several files, oldest first, each class is reported from the last file that has it.
 */
public final class Report {

    static final String MALLOC = "libc_malloc_free";
    static final String MALLOC_FALLBACK = "jdk_confined_per_alloc";
    static final String RAW = "raw_bump";

    private final List<Result> results;

    Report(List<Result> results) {
        this.results = results;
    }

    public static void main(String[] args) throws IOException {
        Path chart = null;
        Path markdown = null;
        List<Path> jsons = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--chart" -> chart = Path.of(args[++i]);
                case "--markdown" -> markdown = Path.of(args[++i]);
                default -> jsons.add(Path.of(args[i]));
            }
        }
        if (jsons.isEmpty()) {
            System.err.println("usage: Report [--chart out.png] [--markdown out.md] results.json...");
            System.exit(2);
        }
        write(latestPerClass(jsons), chart, markdown);
    }

    /**
     * Reads several runs, oldest first; a class measured again in a later run replaces all of its
     * rows from the earlier ones, so each scenario is reported from the latest run that measured it.
     */
    static List<Result> latestPerClass(List<Path> jsons) throws IOException {
        Map<String, List<Result>> byClass = new LinkedHashMap<>();
        for (Path json : jsons) {
            byClass.putAll(Result.read(json).stream()
                    .collect(Collectors.groupingBy(Result::className, LinkedHashMap::new, Collectors.toList())));
        }
        return byClass.values().stream().flatMap(List::stream).toList();
    }

    /** Prints the tables and targets, and writes the optional files. */
    static void write(List<Result> results, Path chart, Path markdown) throws IOException {
        Report report = new Report(results);
        String text = report.tables() + report.targets();
        System.out.println();
        System.out.println(text);
        if (markdown != null) {
            createParent(markdown);
            Files.writeString(markdown, text);
            System.out.println("Tables written to " + markdown);
        }
        if (chart != null) {
            List<Result> headline = results.stream()
                    .filter(r -> r.className().equals(HeadlineChart.CLASS)).toList();
            if (headline.isEmpty()) {
                System.out.println("No " + HeadlineChart.CLASS + " results: no chart written");
            } else {
                createParent(chart);
                HeadlineChart.render(headline, chart);
                System.out.println("Chart written to " + chart);
            }
        }
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }

    // ---------------------------------------------------------------- tables

    String tables() {
        StringBuilder out = new StringBuilder();
        if (!results.isEmpty()) {
            Result first = results.getFirst();
            out.append("_").append(first.environment()).append("; each number is the median of ")
                    .append(first.samples()).append(" measured iterations over ").append(first.forks())
                    .append(" fork(s) unless the class says otherwise; ratios are of medians._\n\n");
        }
        Map<String, List<Result>> byClass = results.stream()
                .collect(Collectors.groupingBy(Result::className, LinkedHashMap::new, Collectors.toList()));
        for (Map.Entry<String, List<Result>> entry : byClass.entrySet()) {
            out.append(table(entry.getKey(), entry.getValue())).append('\n');
        }
        return out.toString();
    }

    private String table(String className, List<Result> rows) {
        List<String> paramNames = rows.getFirst().params().keySet().stream().toList();
        boolean hasMalloc = rows.stream().anyMatch(r -> r.method().equals(MALLOC));
        String baseline = hasMalloc ? MALLOC
                : rows.stream().anyMatch(r -> r.method().equals(MALLOC_FALLBACK)) ? MALLOC_FALLBACK : null;
        boolean hasRaw = rows.stream().anyMatch(r -> r.method().equals(RAW));
        boolean hasGc = rows.stream().anyMatch(r -> !Double.isNaN(r.allocNorm()));
        String unit = rows.getFirst().unit();

        StringBuilder out = new StringBuilder("### ").append(className).append("\n\n|");
        StringBuilder rule = new StringBuilder("|");
        for (String p : paramNames) {
            out.append(' ').append(p).append(" |");
            rule.append("---:|");
        }
        out.append(" benchmark | median ").append(unit).append(" |");
        rule.append("---|---:|");
        if (baseline != null) {
            out.append(" vs ").append(baseline).append(" |");
            rule.append("---:|");
        }
        if (hasRaw) {
            out.append(" vs ").append(RAW).append(" |");
            rule.append("---:|");
        }
        out.append(" mean ± 99.9% |");
        rule.append("---:|");
        if (hasGc) {
            out.append(" B/op |");
            rule.append("---:|");
        }
        out.append('\n').append(rule).append('\n');

        // Cases in the order JMH ran them; within a case, fastest first.
        Map<Map<String, String>, List<Result>> byCase = rows.stream()
                .collect(Collectors.groupingBy(Result::params, LinkedHashMap::new, Collectors.toList()));
        for (List<Result> sameCase : byCase.values()) {
            sameCase.sort(Comparator.comparingDouble(Result::median));
            for (Result r : sameCase) {
                out.append('|');
                for (String p : paramNames) {
                    out.append(' ').append(r.param(p)).append(" |");
                }
                out.append(' ').append(r.method()).append(" | ").append(time(r.median())).append(" |");
                if (baseline != null) {
                    out.append(' ').append(ratioCell(r, find(r, baseline), r.method().equals(baseline))).append(" |");
                }
                if (hasRaw) {
                    out.append(' ').append(ratioCell(r, find(r, RAW), r.method().equals(RAW))).append(" |");
                }
                out.append(' ').append(time(r.mean())).append(" ± ").append(time(r.error())).append(" |");
                if (hasGc) {
                    out.append(' ').append(bytes(r.allocNorm())).append(" |");
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    private Optional<Result> find(Result like, String method) {
        return results.stream().filter(r -> r.sameCase(like) && r.method().equals(method)).findFirst();
    }

    private Optional<Result> find(String className, String method, Map<String, String> params) {
        return results.stream()
                .filter(r -> r.className().equals(className) && r.method().equals(method) && r.params().equals(params))
                .findFirst();
    }

    private static String ratioCell(Result r, Optional<Result> baseline, boolean isBaseline) {
        if (baseline.isEmpty()) {
            return "";
        }
        String ratio = ratio(r.median() / baseline.get().median());
        return isBaseline ? "**" + ratio + "**" : ratio;
    }

    static String ratio(double ratio) {
        if (Double.isNaN(ratio)) {
            return "n/a";
        }
        if (ratio >= 100) {
            return String.format(Locale.ROOT, "%,.0f×", ratio);
        }
        if (ratio >= 0.1) {
            return String.format(Locale.ROOT, "%.2f×", ratio);
        }
        return String.format(Locale.ROOT, "%.3f×", ratio);
    }

    static String time(double t) {
        if (Double.isNaN(t)) {
            return "n/a";
        }
        if (t >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", t);
        }
        if (t >= 100) {
            return String.format(Locale.ROOT, "%.1f", t);
        }
        if (t >= 10) {
            return String.format(Locale.ROOT, "%.2f", t);
        }
        return String.format(Locale.ROOT, "%.3f", t);
    }

    static String bytes(double b) {
        if (Double.isNaN(b)) {
            return "n/a";
        }
        if (b < 0.01) {
            return "≈ 0";
        }
        return String.format(Locale.ROOT, b >= 100 ? "%,.0f" : "%.2f", b);
    }

    // ---------------------------------------------------------------- targets

    /** The project's performance targets, each a ratio within this one run. */
    String targets() {
        List<String> lines = new ArrayList<>();
        String batch = "BatchAllocationBench";
        for (String size : List.of("16", "64", "256")) {
            Map<String, String> p = Map.of("size", size);
            ratioTarget(lines, "uninit ≤ 1.1× raw_bump, " + size + " B",
                    find(batch, "arena4j_native_uninit", p), find(batch, "raw_bump", p), 1.1, true);
            ratioTarget(lines, "uninit ≤ 1.05× jdk_slicing, " + size + " B",
                    find(batch, "arena4j_native_uninit", p), find(batch, "jdk_slicing", p), 1.05, true);
            ratioTarget(lines, "uninit faster than lwjgl_stack, " + size + " B",
                    find(batch, "arena4j_native_uninit", p), find(batch, "lwjgl_stack", p), 1.0, true);
            ratioTarget(lines, "uninit ≥ 15× faster than malloc/free, " + size + " B",
                    find(batch, "libc_malloc_free", p), find(batch, "arena4j_native_uninit", p), 15, false);
        }
        for (String size : List.of("16", "64", "256", "4096")) {
            Map<String, String> p = Map.of("size", size);
            ratioTarget(lines, "zeroed ≤ 1.2× raw_bump_bulk_zero, " + size + " B",
                    find(batch, "arena4j_native", p), find(batch, "raw_bump_bulk_zero", p), 1.2, true);
        }
        ratioTarget(lines, "zeroed ≥ 30× faster than JDK confined per batch, 16 B",
                find(batch, "jdk_confined_per_batch", Map.of("size", "16")),
                find(batch, "arena4j_native", Map.of("size", "16")), 30, false);
        ratioTarget(lines, "zeroed ≥ 5× faster than JDK confined per batch, 256 B",
                find(batch, "jdk_confined_per_batch", Map.of("size", "256")),
                find(batch, "arena4j_native", Map.of("size", "256")), 5, false);
        String release = "ReleaseBench";
        for (String method : List.of("arena4j_reset_uninit", "arena4j_close", "arena4j_reset")) {
            String note = method.equals("arena4j_reset") ? " (bulk zeroing: reported, not a target)" : "";
            Optional<Result> many = find(release, method, Map.of("count", "1000000"));
            Optional<Result> one = find(release, method, Map.of("count", "1"));
            if (note.isEmpty()) {
                ratioTarget(lines, method + " after 1,000,000 ≤ 2× after 1", many, one, 2, true);
            } else if (many.isPresent() && one.isPresent()) {
                lines.add("| " + method + " after 1,000,000 vs after 1" + note + " | "
                        + ratio(many.get().median() / one.get().median()) + " | — |");
            }
        }
        // ReleaseBench is left out: its gc.alloc.rate.norm includes the untimed per-invocation setup.
        List<Result> arena4jRows = results.stream()
                .filter(r -> r.method().startsWith("arena4j_") && !Double.isNaN(r.allocNorm())
                        && !r.className().equals(release))
                .toList();
        if (!arena4jRows.isEmpty()) {
            List<Result> garbage = arena4jRows.stream().filter(r -> r.allocNorm() >= 0.01)
                    .sorted(Comparator.comparingDouble(Result::allocNorm).reversed()).toList();
            String measured = garbage.isEmpty() ? "every row < 0.01 B/op"
                    : garbage.size() + " rows ≥ 0.01 B/op, worst " + bytes(garbage.getFirst().allocNorm()) + " B/op ("
                    + garbage.getFirst().className() + "." + garbage.getFirst().method() + " "
                    + garbage.getFirst().params() + ")";
            lines.add("| 0 B/op for every arena4j allocation row (" + arena4jRows.size() + " rows) | " + measured
                    + " | " + (garbage.isEmpty() ? "met" : "**missed**") + " |");
        }
        if (lines.isEmpty()) {
            return "";
        }
        return "### Targets\n\n| target | measured (ratio of medians) | verdict |\n|---|---:|---|\n"
                + String.join("\n", lines) + "\n";
    }

    /**
     * Adds the verdict on {@code numerator / denominator}: met if at most {@code bound} when
     * {@code atMost}, at least {@code bound} otherwise.
     */
    private static void ratioTarget(List<String> lines, String name, Optional<Result> numerator,
                                    Optional<Result> denominator, double bound, boolean atMost) {
        if (numerator.isEmpty() || denominator.isEmpty()) {
            return;
        }
        double ratio = numerator.get().median() / denominator.get().median();
        boolean met = atMost ? ratio <= bound : ratio >= bound;
        lines.add("| " + name + " | " + ratio(ratio) + " (" + time(numerator.get().median()) + " / "
                + time(denominator.get().median()) + ") | " + (met ? "met" : "**missed**") + " |");
    }
}
