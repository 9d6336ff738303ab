package io.github.arena4j.bench.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One benchmark method at one combination of {@code @Param} values, as JMH's JSON reports it.
 *
 * @param className the simple name of the benchmark class, e.g. {@code BatchAllocationBench}
 * @param method the benchmark method, e.g. {@code arena4j_native}
 * @param params the {@code @Param} values, in JMH's order
 * @param median the median of every measured iteration of every fork, or in {@code SampleTime}
 *               mode the median of every timed invocation
 * @param mean JMH's score: the mean of those iterations
 * @param error JMH's 99.9% confidence half-width of the mean ({@code NaN} with one iteration)
 * @param unit the score unit, e.g. {@code ns/op}
 * @param allocNorm {@code gc.alloc.rate.norm} in B/op, or {@code NaN} without {@code -prof gc}
 * @param samples how many iterations (or, in {@code SampleTime} mode, invocations) the median is
 *                taken over
 * @param forks how many forks they came from
 * @param environment JMH, JVM and JDK versions as JMH recorded them, e.g.
 *                    {@code JMH 1.37, OpenJDK 64-Bit Server VM 25.0.3+9-LTS}
 */
record Result(String className, String method, Map<String, String> params, double median, double mean,
              double error, String unit, double allocNorm, int samples, int forks, String environment) {

    static List<Result> read(Path json) throws IOException {
        try (Reader reader = Files.newBufferedReader(json)) {
            JsonArray runs = JsonParser.parseReader(reader).getAsJsonArray();
            List<Result> results = new ArrayList<>();
            for (JsonElement element : runs) {
                results.add(of(element.getAsJsonObject()));
            }
            return results;
        }
    }

    private static Result of(JsonObject run) {
        String benchmark = run.get("benchmark").getAsString();
        int lastDot = benchmark.lastIndexOf('.');
        String qualifiedClass = benchmark.substring(0, lastDot);
        String className = qualifiedClass.substring(qualifiedClass.lastIndexOf('.') + 1);
        String method = benchmark.substring(lastDot + 1);

        Map<String, String> params = new LinkedHashMap<>();
        if (run.has("params")) {
            for (Map.Entry<String, JsonElement> e : run.getAsJsonObject("params").entrySet()) {
                params.put(e.getKey(), e.getValue().getAsString());
            }
        }

        JsonObject primary = run.getAsJsonObject("primaryMetric");
        double mean = number(primary.get("score"));
        double error = number(primary.get("scoreError"));
        String unit = primary.get("scoreUnit").getAsString();
        double median;
        int samples;
        int forks;
        if (primary.has("rawDataHistogram")) {
            // SampleTime: every invocation was timed; JMH gives the percentiles of all of them.
            median = number(primary.getAsJsonObject("scorePercentiles").get("50.0"));
            JsonArray histogram = primary.getAsJsonArray("rawDataHistogram");
            forks = histogram.size();
            long count = 0;
            for (JsonElement fork : histogram) {
                for (JsonElement iteration : fork.getAsJsonArray()) {
                    for (JsonElement bucket : iteration.getAsJsonArray()) {
                        count += bucket.getAsJsonArray().get(1).getAsLong();
                    }
                }
            }
            samples = (int) Math.min(Integer.MAX_VALUE, count);
        } else {
            List<Double> values = new ArrayList<>();
            JsonArray rawData = primary.getAsJsonArray("rawData");
            for (JsonElement fork : rawData) {
                for (JsonElement iteration : fork.getAsJsonArray()) {
                    values.add(number(iteration));
                }
            }
            median = median(values);
            samples = values.size();
            forks = rawData.size();
        }

        double allocNorm = Double.NaN;
        JsonObject secondary = run.getAsJsonObject("secondaryMetrics");
        if (secondary != null && secondary.has("gc.alloc.rate.norm")) {
            allocNorm = number(secondary.getAsJsonObject("gc.alloc.rate.norm").get("score"));
        }
        String environment = "JMH " + text(run, "jmhVersion") + ", " + text(run, "vmName") + " "
                + text(run, "vmVersion");
        return new Result(className, method, params, median, mean, error, unit, allocNorm, samples,
                forks, environment);
    }

    private static String text(JsonObject run, String key) {
        return run.has(key) ? run.get(key).getAsString() : "?";
    }

    /** JMH writes {@code "NaN"} as a string where a number is undefined. */
    private static double number(JsonElement element) {
        if (element == null || element.isJsonNull()) {
            return Double.NaN;
        }
        String text = element.getAsString();
        return text.equals("NaN") ? Double.NaN : Double.parseDouble(text);
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** {@return the value of {@code name}, or {@code null} if this benchmark has no such param} */
    String param(String name) {
        return params.get(name);
    }

    /** {@return whether this and {@code other} ran the same class with the same params} */
    boolean sameCase(Result other) {
        return className.equals(other.className) && params.equals(other.params);
    }
}
