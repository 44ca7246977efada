package deepdrill.grader.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGUtils;

/**
 * Draws a {@code ./grader train} run with JFreeChart: the learning curves (the loss of every step
 * and the training and validation loss per epoch above, the training and validation accuracy per
 * epoch below, against epochs) and the validation set's confusion matrix as a heat map with the
 * count in every cell. PNG or SVG, by the file's suffix.
 */
public final class TrainPlot {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 700;
    private static final int SQUARE = 720;

    private TrainPlot() {
    }

    public static void curves(TrainSession.Result result, String title, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYSeries stepLoss = new XYSeries("training loss, each step");
        int perEpoch = Math.max(1, result.stepsPerEpoch());
        for (TrainSession.Step s : result.steps()) {
            stepLoss.add(s.epoch() - 1 + (s.step() + 0.5) / perEpoch, s.loss());
        }
        XYSeries trainLoss = new XYSeries("training loss");
        XYSeries valLoss = new XYSeries("validation loss");
        XYSeries trainAcc = new XYSeries("training accuracy");
        XYSeries valAcc = new XYSeries("validation accuracy");
        for (TrainSession.Epoch e : result.epochs()) {
            trainLoss.add(e.epoch(), e.trainLoss());
            valLoss.add(e.epoch(), e.valLoss());
            trainAcc.add(e.epoch(), 100 * e.trainAccuracy());
            valAcc.add(e.epoch(), 100 * e.valAccuracy());
        }
        XYSeriesCollection losses = new XYSeriesCollection();
        losses.addSeries(stepLoss);
        losses.addSeries(trainLoss);
        losses.addSeries(valLoss);
        XYLineAndShapeRenderer lossLines = new XYLineAndShapeRenderer(true, true);
        lossLines.setSeriesShapesVisible(0, false);
        lossLines.setSeriesPaint(0, new Color(150, 170, 210));
        lossLines.setSeriesStroke(0, new BasicStroke(1f));
        lossLines.setSeriesPaint(1, new Color(30, 80, 180));
        lossLines.setSeriesPaint(2, new Color(220, 100, 20));
        lossLines.setSeriesStroke(1, new BasicStroke(2.5f));
        lossLines.setSeriesStroke(2, new BasicStroke(2.5f));
        NumberAxis lossAxis = new NumberAxis("loss (softmax cross-entropy)");
        XYPlot lossPlot = new XYPlot(losses, null, lossAxis, lossLines);

        XYSeriesCollection accuracies = new XYSeriesCollection();
        accuracies.addSeries(trainAcc);
        accuracies.addSeries(valAcc);
        XYLineAndShapeRenderer accLines = new XYLineAndShapeRenderer(true, true);
        accLines.setSeriesPaint(0, new Color(30, 80, 180));
        accLines.setSeriesPaint(1, new Color(220, 100, 20));
        accLines.setSeriesStroke(0, new BasicStroke(2.5f));
        accLines.setSeriesStroke(1, new BasicStroke(2.5f));
        NumberAxis accAxis = new NumberAxis("accuracy, %");
        accAxis.setAutoRangeIncludesZero(false);
        XYPlot accPlot = new XYPlot(accuracies, null, accAxis, accLines);
        for (TrainSession.Epoch e : result.epochs()) {
            XYTextAnnotation label = new XYTextAnnotation(String.format(Locale.ROOT, "%.1f%%", 100 * e.valAccuracy()),
                    e.epoch(), 100 * e.valAccuracy());
            label.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            label.setTextAnchor(org.jfree.chart.ui.TextAnchor.BOTTOM_RIGHT);
            accPlot.addAnnotation(label);
        }

        NumberAxis epochs = new NumberAxis("epoch (0: before training)");
        epochs.setTickUnit(new NumberTickUnit(1));
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(epochs);
        plot.setGap(12);
        plot.add(lossPlot, 3);
        plot.add(accPlot, 2);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        save(chart, file, WIDTH, HEIGHT);
    }

    public static void confusion(int[][] counts, String title, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int k = counts.length;
        double[] xs = new double[k * k];
        double[] ys = new double[k * k];
        double[] zs = new double[k * k];
        int max = 1;
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                xs[t * k + p] = p;
                ys[t * k + p] = t;
                zs[t * k + p] = counts[t][p];
                max = Math.max(max, counts[t][p]);
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("count", new double[][] {xs, ys, zs});
        // White for 0, then a pale to dark blue by the count's share of the largest cell, on a square-root
        // scale so that the few off-diagonal mistakes still show.
        LookupPaintScale scale = new LookupPaintScale(0, max + 1, Color.WHITE);
        scale.add(0, Color.WHITE);
        for (int step = 1; step <= 40; step++) {
            double share = step / 40.0;
            int shade = (int) Math.round(235 - 200 * share);
            scale.add(Math.max(0.5, share * share * max), new Color(shade, shade + 10 > 255 ? 255 : shade + 10, 255));
        }
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(scale);
        NumberAxis predicted = new NumberAxis("predicted digit");
        NumberAxis actual = new NumberAxis("true digit");
        for (NumberAxis axis : new NumberAxis[] {predicted, actual}) {
            axis.setTickUnit(new NumberTickUnit(1));
            axis.setRange(-0.5, k - 0.5);
            axis.setLowerMargin(0);
            axis.setUpperMargin(0);
        }
        actual.setInverted(true);
        XYPlot plot = new XYPlot(data, predicted, actual, renderer);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                if (counts[t][p] == 0) {
                    continue;
                }
                XYTextAnnotation label = new XYTextAnnotation(Integer.toString(counts[t][p]), p, t);
                label.setFont(new Font(Font.SANS_SERIF, t == p ? Font.BOLD : Font.PLAIN, 13));
                label.setPaint(counts[t][p] > max / 2 ? Color.WHITE : (t == p ? Color.BLACK : new Color(180, 30, 30)));
                plot.addAnnotation(label);
            }
        }
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        PaintScaleLegend legend = new PaintScaleLegend(scale, new NumberAxis("digits"));
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setMargin(4, 4, 40, 4);
        chart.addSubtitle(legend);
        save(chart, file, SQUARE + 60, SQUARE);
    }

    private static void save(JFreeChart chart, Path file, int width, int height) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) {
            ChartUtils.saveChartAsPNG(file.toFile(), chart, width, height);
        } else {
            SVGGraphics2D svg = new SVGGraphics2D(width, height);
            chart.draw(svg, new Rectangle(0, 0, width, height));
            SVGUtils.writeToSVG(file.toFile(), svg.getSVGElement());
        }
    }
}
