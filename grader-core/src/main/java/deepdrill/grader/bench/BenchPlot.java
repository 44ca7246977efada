package deepdrill.grader.bench;

import deepdrill.grader.bench.BenchResult.Row;
import deepdrill.grader.bench.BenchResult.Size;
import java.awt.Rectangle;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGUtils;

/**
 * Draws a bench run with JFreeChart: time per call (or GFLOP/s, for exercises with a FLOP count)
 * against the work of each size, one line per timed contender, both axes logarithmic so that a
 * slope reads as the scaling exponent. Writes SVG (through JFreeSVG) or PNG, by the file's suffix.
 */
public final class BenchPlot {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 560;

    private BenchPlot() {
    }

    /** A base-10 axis labelled in plain numbers and powers of ten (1e6, 1e7), padded to whole decades. */
    private static LogarithmicAxis logAxis(String label) {
        LogarithmicAxis axis = new LogarithmicAxis(label);
        axis.setAutoRangeNextLogFlag(true);
        axis.setExpTickLabelsFlag(true);
        axis.setStrictValuesFlag(false);
        return axis;
    }

    /** Whether {@code file} names a format we can write. */
    public static boolean supported(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".svg") || name.endsWith(".png");
    }

    public static void write(BenchResult result, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        boolean rates = result.sizes().stream().allMatch(s -> s.flops() > 0);
        XYSeriesCollection data = new XYSeriesCollection();
        for (String contender : result.exponents().keySet()) {
            XYSeries series = new XYSeries(contender);
            for (Row row : result.rows()) {
                if (!row.contender().equals(contender) || !row.status().equals(Measurement.MEASURED)) {
                    continue;
                }
                Size size = result.sizes().stream().filter(s -> s.label().equals(row.size())).findFirst().orElseThrow();
                series.add(size.work(), rates ? row.gflops() : row.medianNs() / 1e6);
            }
            if (series.getItemCount() > 0) {
                data.addSeries(series);
            }
        }
        LogarithmicAxis x = logAxis("work per call (" + result.workUnit() + ")");
        LogarithmicAxis y = logAxis(rates ? "GFLOP/s (higher is faster)" : "time per call, ms (lower is faster)");
        XYPlot plot = new XYPlot(data, x, y, new XYLineAndShapeRenderer(true, true));
        JFreeChart chart = new JFreeChart("grader bench " + result.exercise() + " on " + result.device(),
                JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) {
            ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
        } else {
            SVGGraphics2D svg = new SVGGraphics2D(WIDTH, HEIGHT);
            chart.draw(svg, new Rectangle(0, 0, WIDTH, HEIGHT));
            File target = file.toFile();
            SVGUtils.writeToSVG(target, svg.getSVGElement());
        }
    }
}
