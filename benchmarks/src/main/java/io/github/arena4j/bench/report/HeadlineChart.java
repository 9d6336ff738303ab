package io.github.arena4j.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The headline chart: ns per allocation in batches of 1024, one group of bars per size, one bar
 * per allocator named in {@link #COLORS} (extra rows of the tables are left out), on a log scale (the allocators span two orders of magnitude). Rendered with
 * JFreeChart from the medians in JMH's JSON.
 */
final class HeadlineChart {

    static final String CLASS = "BatchAllocationBench";

    /** arena4j in blues, the physical limits in greys, the other bump allocators in greens, the rest warm. */
    private static final Map<String, Color> COLORS = new LinkedHashMap<>();

    static {
        COLORS.put("arena4j_native_uninit_unchecked", new Color(0x08306b));
        COLORS.put("arena4j_native_uninit", new Color(0x08519c));
        COLORS.put("arena4j_native", new Color(0x2171b5));
        COLORS.put("arena4j_frame", new Color(0x4292c6));
        COLORS.put("arena4j_heap_uninit", new Color(0x6baed6));
        COLORS.put("arena4j_heap", new Color(0x9ecae1));
        COLORS.put("arena4j_shared", new Color(0xc6dbef));
        COLORS.put("raw_bump", new Color(0x252525));
        COLORS.put("raw_bump_bulk_zero", new Color(0x969696));
        COLORS.put("jdk_slicing", new Color(0x31a354));
        COLORS.put("lwjgl_stack", new Color(0x74c476));
        COLORS.put("new_byte_array", new Color(0x756bb1));
        COLORS.put("libc_malloc_free_critical", new Color(0xfdae6b));
        COLORS.put("libc_malloc_free", new Color(0xe6550d));
        COLORS.put("jdk_confined_per_batch", new Color(0xde2d26));
        COLORS.put("jdk_shared_per_batch", new Color(0xa50f15));
        COLORS.put("jdk_confined_per_alloc", new Color(0x67000d));
    }

    private HeadlineChart() {
    }

    static void render(List<Result> rows, Path png) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        // The allocators only: extra rows (other clears of the floor, counting) stay in the tables.
        List<String> methods = rows.stream().map(Result::method).filter(COLORS::containsKey).distinct()
                .sorted(Comparator.comparingInt(HeadlineChart::rank)).toList();
        List<String> sizes = rows.stream().map(r -> r.param("size")).distinct()
                .sorted(Comparator.comparingInt(Integer::parseInt)).toList();
        for (String method : methods) {
            for (String size : sizes) {
                rows.stream().filter(r -> r.method().equals(method) && size.equals(r.param("size")))
                        .findFirst()
                        .ifPresent(r -> data.addValue(r.median(), method, size + " B"));
            }
        }

        List<Result> shown = rows.stream().filter(r -> methods.contains(r.method())).toList();
        double min = shown.stream().mapToDouble(Result::median).min().orElse(1);
        double max = shown.stream().mapToDouble(Result::median).max().orElse(1000);
        LogAxis valueAxis = new LogAxis("ns per allocation (median, log scale; lower is better)");
        valueAxis.setBase(10);
        valueAxis.setTickUnit(new NumberTickUnit(1));
        valueAxis.setNumberFormatOverride(new java.text.DecimalFormat("#,##0.#"));
        valueAxis.setRange(Math.pow(10, Math.floor(Math.log10(min))), Math.pow(10, Math.ceil(Math.log10(max * 1.5))));

        BarRenderer renderer = new BarRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setBase(valueAxis.getLowerBound());
        renderer.setItemMargin(0.02);
        renderer.setDrawBarOutline(false);
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", new java.text.DecimalFormat("0.#")));
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 9));
        renderer.setDefaultPositiveItemLabelPosition(new ItemLabelPosition(
                ItemLabelAnchor.OUTSIDE12, TextAnchor.CENTER_LEFT, TextAnchor.CENTER_LEFT, -Math.PI / 2));
        for (int i = 0; i < methods.size(); i++) {
            Color color = COLORS.getOrDefault(methods.get(i), Color.GRAY);
            renderer.setSeriesPaint(i, color);
            renderer.setSeriesOutlineStroke(i, new BasicStroke(0));
        }

        CategoryAxis categoryAxis = new CategoryAxis("allocation size (batches of 1024, alignment 8, one long written per allocation)");
        categoryAxis.setCategoryMargin(0.12);
        CategoryPlot plot = new CategoryPlot(data, categoryAxis, valueAxis, renderer);
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xd0d0d0));
        plot.setRangeGridlinesVisible(true);

        JFreeChart chart = new JFreeChart("arena4j vs malloc-style and JDK allocators",
                new Font(Font.SANS_SERIF, Font.BOLD, 18), plot, true);
        Result first = rows.getFirst();
        chart.addSubtitle(new TextTitle("Batches of 1024 allocations then release; median of " + first.samples()
                + " iterations over " + first.forks() + " fork(s); " + first.environment()
                + ". Machine and commands: docs/benchmarks.md",
                new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
        chart.getLegend().setPosition(RectangleEdge.RIGHT);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 1600, 800);
    }

    private static int rank(String method) {
        int i = 0;
        for (String known : COLORS.keySet()) {
            if (known.equals(method)) {
                return i;
            }
            i++;
        }
        return i;
    }
}
