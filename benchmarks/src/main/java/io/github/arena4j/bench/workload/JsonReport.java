package io.github.arena4j.bench.workload;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Turns the JMH JSON of a JSON-workload run into the published tables, the verdict on each of the
 * workload's targets, and the chart. Measures nothing.
 *
 * <pre>
 * java -cp benchmarks.jar io.github.arena4j.bench.workload.JsonReport \
 *     results/json-run.json [--log results/json-run.log] [--chart ../docs/benchmarks-json.png] [--markdown out.md]
 * </pre>
 *
 * <p>Every number is the <em>median</em> of all measured iterations of all forks (robust on a
 * noisy two-core machine); MB/s is the document's size in 10<sup>6</sup> bytes over that median,
 * the size coming from regenerating the (deterministic) document. A benchmark missing from the
 * JSON did not complete: with {@code --log}, the JMH console log of the run, the report says why
 * (for instance {@code OutOfMemoryError}).
 */
public final class JsonReport {

    static final List<String> VARIANTS = List.of("arena4j_native_uninit", "arena4j_native", "arena4j_slices_uninit", "hand_rolled_blob",
            "heap_objects", "jackson_tree");
    private static final Map<String, String> HEAPS = Map.of("JsonParse2GiBBench", "2 GiB", "JsonParse256MiBBench", "256 MiB");

    /** One benchmark at one document size: medians and GC figures, or why it failed. */
    record Row(String benchClass, String variant, int docMB, double medianMs, double errorMs, double allocBytes,
               double gcCount, double gcTimeMs, String failure) {
        boolean ok() {
            return failure == null;
        }
    }

    private JsonReport() {
    }

    public static void main(String[] args) throws IOException {
        Path json = null;
        Path log = null;
        Path chart = null;
        Path markdown = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--log" -> log = Path.of(args[++i]);
                case "--chart" -> chart = Path.of(args[++i]);
                case "--markdown" -> markdown = Path.of(args[++i]);
                default -> json = Path.of(args[i]);
            }
        }
        if (json == null) {
            System.err.println("usage: JsonReport run.json [--log run.log] [--chart out.png] [--markdown out.md]");
            System.exit(2);
        }
        List<Row> rows = read(json, log == null ? Map.of() : failures(log));
        Map<Integer, Double> sizes = new HashMap<>();
        for (Row row : rows) {
            sizes.computeIfAbsent(row.docMB(), mb -> Document.generate(mb).megabytes());
        }
        String text = markdown(rows, sizes, environment(json));
        System.out.print(text);
        if (markdown != null) {
            Files.writeString(markdown, text);
        }
        if (chart != null) {
            chart(rows, sizes, chart);
        }
    }

    static List<Row> read(Path json, Map<String, String> failures) throws IOException {
        List<Row> rows = new ArrayList<>();
        Map<String, Boolean> seen = new HashMap<>();
        try (Reader reader = Files.newBufferedReader(json)) {
            for (JsonElement element : com.google.gson.JsonParser.parseReader(reader).getAsJsonArray()) {
                JsonObject run = element.getAsJsonObject();
                String benchmark = run.get("benchmark").getAsString();
                String[] parts = classAndMethod(benchmark);
                int docMB = run.getAsJsonObject("params").get("docMB").getAsInt();
                JsonObject primary = run.getAsJsonObject("primaryMetric");
                List<Double> values = new ArrayList<>();
                for (JsonElement fork : primary.getAsJsonArray("rawData")) {
                    for (JsonElement iteration : fork.getAsJsonArray()) {
                        values.add(iteration.getAsDouble());
                    }
                }
                JsonObject secondary = run.getAsJsonObject("secondaryMetrics");
                rows.add(new Row(parts[0], parts[1], docMB, median(values), number(primary.get("scoreError")),
                        secondary(secondary, "gc.alloc.rate.norm"), secondary(secondary, "gc.count"),
                        secondary(secondary, "gc.time"), null));
                seen.put(parts[0] + "." + parts[1] + "@" + docMB, true);
            }
        }
        for (Map.Entry<String, String> failure : failures.entrySet()) {
            if (!seen.containsKey(failure.getKey())) {
                String[] key = failure.getKey().split("[.@]");
                rows.add(new Row(key[0], key[1], Integer.parseInt(key[2]), Double.NaN, Double.NaN, Double.NaN,
                        Double.NaN, Double.NaN, failure.getValue()));
            }
        }
        return rows;
    }

    /** {@return the simple class name and the method of a benchmark's full name, whatever its package} */
    static String[] classAndMethod(String benchmark) {
        int method = benchmark.lastIndexOf('.');
        int className = benchmark.lastIndexOf('.', method - 1);
        return new String[] {benchmark.substring(className + 1, method), benchmark.substring(method + 1)};
    }

    /**
     * {@return the benchmarks of a JMH console log that failed, keyed like {@code Class.method@docMB},
     * with the first exception named in their output}
     */
    static Map<String, String> failures(Path log) throws IOException {
        Pattern benchmark = Pattern.compile("^# Benchmark: .*\\.(\\w+)\\.(\\w+)$");
        Pattern parameters = Pattern.compile("^# Parameters: \\(docMB = (\\d+)\\)$");
        Pattern exception = Pattern.compile("(java\\.lang\\.\\w*(Error|Exception))(: .*)?");
        Map<String, String> failures = new LinkedHashMap<>();
        String current = null;
        String name = null;
        for (String line : Files.readAllLines(log)) {
            Matcher m = benchmark.matcher(line);
            if (m.find()) {
                name = m.group(1) + "." + m.group(2);
                continue;
            }
            m = parameters.matcher(line);
            if (m.find() && name != null) {
                current = name + "@" + m.group(1);
                continue;
            }
            m = exception.matcher(line);
            if (current != null && m.find() && !failures.containsKey(current)) {
                failures.put(current, m.group(1).substring("java.lang.".length()));
            }
        }
        return failures;
    }

    static String markdown(List<Row> rows, Map<Integer, Double> sizes, String environment) {
        StringBuilder out = new StringBuilder();
        out.append("Medians of all measured iterations; ").append(environment).append(".\n");
        for (String benchClass : List.of("JsonParse2GiBBench", "JsonParse256MiBBench")) {
            for (int docMB : docSizes(rows)) {
                List<Row> group = rows.stream().filter(r -> r.benchClass().equals(benchClass) && r.docMB() == docMB).toList();
                if (group.isEmpty()) {
                    continue;
                }
                Row blob = find(group, "hand_rolled_blob");
                Row subject = find(group, "arena4j_native_uninit");
                out.append(String.format(Locale.ROOT, "%n**Parse and walk, %d MB document (%.2f MB), %s heap** (`%s`)%n%n",
                        docMB, sizes.get(docMB), HEAPS.get(benchClass), benchClass));
                out.append("| variant | ms per document | MB/s | time vs blob | arena4j speedup | heap alloc per document | GCs (time) |\n");
                out.append("|---|---:|---:|---:|---:|---:|---:|\n");
                for (String variant : VARIANTS) {
                    Row r = find(group, variant);
                    if (r == null) {
                        continue;
                    }
                    if (!r.ok()) {
                        out.append("| `").append(variant).append("` | ").append(r.failure()).append(" | – | – | – | – | – |\n");
                        continue;
                    }
                    out.append(String.format(Locale.ROOT, "| `%s` | %.1f ± %.1f | %.0f | %s | %s | %s | %s |%n", variant,
                            r.medianMs(), r.errorMs(), sizes.get(docMB) / (r.medianMs() / 1e3),
                            ratio(blob, r), ratio(subject, r), bytes(r.allocBytes()), gcs(r)));
                }
            }
        }
        List<Row> walks = rows.stream().filter(r -> r.benchClass().equals("JsonWalkBench")).toList();
        for (int docMB : docSizes(walks)) {
            out.append(String.format(Locale.ROOT, "%n**Walk only, %d MB document, 2 GiB heap** (`JsonWalkBench`)%n%n", docMB));
            out.append("| variant | ms per walk | MB/s of document | time vs blob |\n|---|---:|---:|---:|\n");
            List<Row> group = walks.stream().filter(r -> r.docMB() == docMB).toList();
            Row blob = find(group, "hand_rolled_blob");
            for (String variant : VARIANTS) {
                Row r = find(group, variant);
                if (r != null && r.ok()) {
                    out.append(String.format(Locale.ROOT, "| `%s` | %.2f ± %.2f | %.0f | %s |%n", variant, r.medianMs(),
                            r.errorMs(), sizes.get(docMB) / (r.medianMs() / 1e3), ratio(blob, r)));
                }
            }
        }
        out.append(verdicts(rows));
        return out.toString();
    }

    /** The workload's targets, each a ratio of medians in this run. */
    static String verdicts(List<Row> rows) {
        StringBuilder out = new StringBuilder("\n**Targets** (arena4j = `arena4j_native_uninit`):\n\n");
        for (String benchClass : List.of("JsonParse2GiBBench", "JsonParse256MiBBench")) {
            for (int docMB : docSizes(rows)) {
                Predicate<Row> here = r -> r.benchClass().equals(benchClass) && r.docMB() == docMB;
                List<Row> group = rows.stream().filter(here).toList();
                Row arena = find(group, "arena4j_native_uninit");
                if (arena == null) {
                    continue;
                }
                String where = docMB + " MB / " + HEAPS.get(benchClass);
                if (!arena.ok()) {
                    out.append("- ").append(where).append(": arena4j did not complete (").append(arena.failure()).append(") — missed\n");
                    continue;
                }
                Row blob = find(group, "hand_rolled_blob");
                Row heap = find(group, "heap_objects");
                Row jackson = find(group, "jackson_tree");
                double heapTarget = benchClass.equals("JsonParse2GiBBench") ? 1.7 : 4;
                out.append("- ").append(where).append(": ");
                List<String> parts = new ArrayList<>();
                if (blob != null && blob.ok()) {
                    double r = arena.medianMs() / blob.medianMs();
                    parts.add(String.format(Locale.ROOT, "%.2f× the blob's time (≤ 1.1×: %s)", r, r <= 1.1 ? "met" : "missed"));
                }
                if (heap != null) {
                    parts.add(heap.ok()
                            ? String.format(Locale.ROOT, "%.2f× faster than heap objects (≥ %.1f×: %s)", heap.medianMs() / arena.medianMs(),
                                    heapTarget, heap.medianMs() / arena.medianMs() >= heapTarget ? "met" : "missed")
                            : "heap objects failed (" + heap.failure() + ")");
                }
                if (jackson != null) {
                    parts.add(jackson.ok()
                            ? String.format(Locale.ROOT, "%.2f× faster than Jackson (≥ 2×: %s)", jackson.medianMs() / arena.medianMs(),
                                    jackson.medianMs() / arena.medianMs() >= 2 ? "met" : "missed")
                            : "Jackson failed (" + jackson.failure() + ")");
                }
                parts.add(String.format(Locale.ROOT, "%s of heap per document, %s GCs (≤ 1 KB, no GC: %s)", bytes(arena.allocBytes()),
                        count(arena.gcCount()), arena.allocBytes() <= 1024 && !(arena.gcCount() > 0) ? "met" : "missed"));
                out.append(String.join("; ", parts)).append('\n');
            }
        }
        return out.toString();
    }

    static void chart(List<Row> rows, Map<Integer, Double> sizes, Path png) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        Map<String, String> failed = new HashMap<>();
        for (String variant : VARIANTS) {
            for (int docMB : docSizes(rows)) {
                for (String benchClass : List.of("JsonParse2GiBBench", "JsonParse256MiBBench")) {
                    String category = docMB + " MB doc, " + HEAPS.get(benchClass) + " heap";
                    Row r = rows.stream().filter(x -> x.benchClass().equals(benchClass) && x.docMB() == docMB
                            && x.variant().equals(variant)).findFirst().orElse(null);
                    if (r == null) {
                        continue;
                    }
                    data.addValue(r.ok() ? sizes.get(docMB) / (r.medianMs() / 1e3) : 0, variant, category);
                    if (!r.ok()) {
                        failed.put(variant + "|" + category, r.failure());
                    }
                }
            }
        }
        NumberAxis valueAxis = new NumberAxis("MB/s of JSON parsed into a tree and walked (median; higher is better)");
        CategoryAxis categoryAxis = new CategoryAxis();
        categoryAxis.setCategoryMargin(0.25);
        BarRenderer renderer = new BarRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setItemMargin(0.05);
        Color[] colors = {new Color(0x08519c), new Color(0x6baed6), new Color(0x9ecae1), new Color(0x252525), new Color(0xe6550d), new Color(0x756bb1)};
        for (int i = 0; i < VARIANTS.size(); i++) {
            renderer.setSeriesPaint(i, colors[i]);
        }
        renderer.setDefaultItemLabelGenerator(new org.jfree.chart.labels.StandardCategoryItemLabelGenerator() {
            @Override
            public String generateLabel(org.jfree.data.category.CategoryDataset dataset, int row, int column) {
                String failure = failed.get(dataset.getRowKey(row) + "|" + dataset.getColumnKey(column));
                if (failure != null) {
                    return failure.replace("OutOfMemoryError", "OOM");
                }
                return String.format(Locale.ROOT, "%.0f", dataset.getValue(row, column).doubleValue());
            }
        });
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        renderer.setDefaultPositiveItemLabelPosition(new ItemLabelPosition(ItemLabelAnchor.OUTSIDE12, TextAnchor.BOTTOM_CENTER));
        CategoryPlot plot = new CategoryPlot(data, categoryAxis, valueAxis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        valueAxis.setUpperMargin(0.12);
        JFreeChart chart = new JFreeChart("JSON to tree: arena4j against a hand-rolled blob, heap objects and Jackson",
                new Font(Font.SANS_SERIF, Font.BOLD, 15), plot, true);
        chart.addSubtitle(new TextTitle("Same parser for all but Jackson; only node storage differs. "
                + "Generated REST-API payload, JDK 25, 2 cores; OOM = OutOfMemoryError"));
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 1100, 560);
    }

    private static List<Integer> docSizes(List<Row> rows) {
        return rows.stream().map(Row::docMB).distinct().sorted().toList();
    }

    private static Row find(List<Row> group, String variant) {
        return group.stream().filter(r -> r.variant().equals(variant)).findFirst().orElse(null);
    }

    /**
     * {@return {@code r}'s time over {@code base}'s}: against the blob, what the row costs over doing it
     * by hand; against arena4j, how many times faster arena4j is than the row. "–" without a base.
     */
    private static String ratio(Row base, Row r) {
        if (base == null || !base.ok()) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.2f×", r.medianMs() / base.medianMs());
    }

    private static String bytes(double b) {
        if (Double.isNaN(b)) {
            return "–";
        }
        if (b < 10_000) {
            return String.format(Locale.ROOT, "%.0f B", b);
        }
        return String.format(Locale.ROOT, "%.1f MB", b / 1e6);
    }

    private static String gcs(Row r) {
        if (!(r.gcCount() > 0)) {
            return "0";
        }
        return String.format(Locale.ROOT, "%s (%.0f ms)", count(r.gcCount()), r.gcTimeMs());
    }

    private static String count(double c) {
        return Double.isNaN(c) ? "0" : String.format(Locale.ROOT, "%.0f", c);
    }

    private static double secondary(JsonObject secondary, String name) {
        return secondary != null && secondary.has(name) ? number(secondary.getAsJsonObject(name).get("score")) : Double.NaN;
    }

    private static double number(JsonElement e) {
        return e == null || e.isJsonNull() || e.getAsString().equals("NaN") ? Double.NaN : e.getAsDouble();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String environment(Path json) throws IOException {
        try (Reader reader = Files.newBufferedReader(json)) {
            JsonArray runs = com.google.gson.JsonParser.parseReader(reader).getAsJsonArray();
            if (runs.isEmpty()) {
                return "no results";
            }
            JsonObject run = runs.get(0).getAsJsonObject();
            return "JMH " + run.get("jmhVersion").getAsString() + ", " + run.get("vmName").getAsString() + " "
                    + run.get("vmVersion").getAsString() + ", " + run.get("forks").getAsInt() + " fork(s) × "
                    + run.get("measurementIterations").getAsInt() + " iterations of " + run.get("measurementTime").getAsString();
        }
    }
}
