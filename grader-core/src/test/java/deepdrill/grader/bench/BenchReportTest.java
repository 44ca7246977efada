package deepdrill.grader.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import deepdrill.grader.bench.BenchResult.Contender;
import deepdrill.grader.bench.BenchResult.Row;
import deepdrill.grader.jvm.OpenBlasVerification;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three report formats and the plot, on a hand-made result (no timing involved). */
class BenchReportTest {

    @TempDir
    Path dir;

    /** Two sizes; the learner not timed, the solution twice PyTorch's time at size 2, the loops skipped there. */
    static BenchResult sample() {
        List<BenchResult.Size> sizes = List.of(new BenchResult.Size("1", "x (1, 2)", 1e6, 2e6),
                new BenchResult.Size("2", "x (2, 4)", 8e6, 16e6));
        List<Contender> contenders = List.of(new Contender("yours", false, "your code not implemented yet (0/4 tasks pass)"),
                new Contender("solution", true, null), new Contender("solution (loops)", true, null),
                new Contender("pytorch-cpu", true, null));
        List<Row> rows = List.of(
                new Row("solution", "1", "measured", 1e5, 2e3, 20, 0.8, 0.2, 4096, null),
                new Row("solution (loops)", "1", "measured", 4e6, 1e5, 0.5, 0.02, 0.005, 512, null),
                new Row("pytorch-cpu", "1", "measured", 8e4, 1e3, 25, Double.NaN, 0.25, 100, null),
                new Row("solution", "2", "measured", 4e5, 1e4, 40, 0.5, 0.4, 32768, null),
                new Row("solution (loops)", "2", "skipped", Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                        Double.NaN, "size 1 already took 4.00 s per call"),
                new Row("pytorch-cpu", "2", "measured", 2e5, 5e3, 80, Double.NaN, 0.8, 100, null));
        Map<String, Double> exponents = new LinkedHashMap<>();
        exponents.put("solution", 2 / 3.0);
        exponents.put("solution (loops)", Double.NaN);
        exponents.put("pytorch-cpu", 1 / 3.0);
        return new BenchResult("conv2d-forward", "Conv2d.forward, float32", "cpu", false, "FLOP", sizes, contenders, rows,
                exponents, new BenchResult.Peak(2048, 100, 90), new OpenBlasVerification("cpu", "SkylakeX", 42, 181, true));
    }

    private static String render(BiConsumer<PrintWriter, BenchResult> format) {
        StringWriter text = new StringWriter();
        format.accept(new PrintWriter(text), sample());
        return text.toString();
    }

    @Test
    void textShowsEveryFigureAndWhyAContenderWasNotTimed() {
        String text = render(BenchReport::text);
        assertTrue(text.contains("yours              not timed: your code not implemented yet"), text);
        assertTrue(text.contains("Machine peak: 100 GFLOP/s, float32 GEMM 2048^3"), text);
        assertTrue(text.contains("42.0 GFLOP/s with OpenBLAS's own detection, 181 GFLOP/s with OPENBLAS_CORETYPE=SkylakeX"), text);
        assertTrue(text.contains("400.0 us ± 10.0 us"), text);
        assertTrue(text.contains("skipped: size 1 already took 4.00 s per call"), text);
        assertTrue(text.contains("40.0%"), text);
        assertTrue(text.contains("32.0 KB"), text);
        assertTrue(text.contains("solution           k = 0.67"), text);
    }

    @Test
    void jsonIsValidWithNullsForMissingFigures() {
        JsonObject doc = JsonParser.parseString(render(BenchReport::json)).getAsJsonObject();
        assertEquals("conv2d-forward", doc.get("exercise").getAsString());
        assertEquals(6, doc.getAsJsonArray("rows").size());
        assertTrue(doc.getAsJsonArray("rows").get(2).getAsJsonObject().get("vsPytorch").isJsonNull());
        assertEquals(100.0, doc.getAsJsonObject("peak").get("pytorchGflops").getAsDouble());
    }

    @Test
    void csvHasOneRowPerContenderAndSize() {
        List<String> lines = render(BenchReport::csv).lines().toList();
        assertTrue(lines.get(0).startsWith("exercise,device,size,shapes,work,flops,contender,status,median_ns"), lines.get(0));
        assertEquals(1 + 6 + 1, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(4).contains("\"solution\",measured,400000,"), lines.get(4));
        assertTrue(lines.get(7).contains("not_timed"), lines.get(7));
    }

    @Test
    void plotsAreWrittenAsSvgAndPng() throws Exception {
        Path svg = dir.resolve("conv.svg");
        BenchPlot.write(sample(), svg);
        String content = Files.readString(svg, StandardCharsets.UTF_8);
        assertTrue(content.contains("<svg"), content.substring(0, Math.min(200, content.length())));
        assertTrue(content.contains(">pytorch-cpu</text>") && content.contains("work per call (FLOP)"),
                "legend and axis label");
        Path png = dir.resolve("conv.png");
        BenchPlot.write(sample(), png);
        byte[] head = Files.readAllBytes(png);
        assertEquals((byte) 0x89, head[0]);
        assertEquals('P', head[1]);
        assertTrue(BenchPlot.supported(Path.of("a.SVG")) && !BenchPlot.supported(Path.of("a.pdf")));
    }
}
