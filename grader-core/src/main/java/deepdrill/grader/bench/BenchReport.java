package deepdrill.grader.bench;

import com.google.gson.GsonBuilder;
import deepdrill.grader.bench.BenchResult.Contender;
import deepdrill.grader.bench.BenchResult.Row;
import deepdrill.grader.bench.BenchResult.Size;
import java.io.PrintWriter;
import java.util.Locale;

/** Writes a {@link BenchResult} as a table for people, as JSON, or as CSV (one row per contender and size). */
public final class BenchReport {

    private BenchReport() {
    }

    public static void text(PrintWriter out, BenchResult r) {
        out.printf("DeepDrill bench %s: %s, on %s%s%n", r.exercise(), r.description(), r.device(),
                r.quick() ? " (--quick: rough figures)" : "");
        BenchResult.Peak peak = r.peak();
        out.printf("Machine peak: %s GFLOP/s, float32 GEMM %d^3 measured in this run (PyTorch %s, ND4J/OpenBLAS %s)%n",
                number(peak.gflops()), peak.n(), number(peak.pytorchGflops()), number(peak.nd4jGflops()));
        if (r.openBlas() != null) {
            out.println("OpenBLAS: " + openBlas(r));
        }
        out.println();
        for (Contender c : r.contenders()) {
            if (!c.timed()) {
                out.printf("  %-18s not timed: %s%n", c.name(), c.reason());
            }
        }
        out.println();
        out.printf("%-5s %-18s %20s %9s %10s %7s %11s%n", "size", "contender", "time per call", "GFLOP/s",
                "x PyTorch", "% peak", "alloc/call");
        for (Size size : r.sizes()) {
            out.printf("%-5s %s  (%s %s)%n", size.label(), size.shapes(), workText(size.work()), r.workUnit());
            for (Row row : r.rows()) {
                if (!row.size().equals(size.label())) {
                    continue;
                }
                if (!row.status().equals(Measurement.MEASURED)) {
                    out.printf("      %-18s %s%n", row.contender(), row.status() + ": " + row.note());
                    continue;
                }
                out.printf("      %-18s %20s %9s %10s %7s %11s%n", row.contender(), time(row.medianNs(), row.errorNs()),
                        number(row.gflops()), ratio(row.vsPytorch()), percent(row.shareOfPeak()), bytes(row.allocBytes()));
            }
        }
        out.println();
        out.print("Scaling, time ~ work^k fitted over the sizes (k = 1: time grows with the work; below 1: fixed costs still count):");
        r.exponents().forEach((name, k) -> out.printf("%n  %-18s k = %s", name, Double.isNaN(k) ? "-" : fixed(k, 2)));
        out.println();
        out.println("x PyTorch: PyTorch's time over the contender's, on the same device (1 = as fast, 0.5 = half as fast).");
        out.flush();
    }

    private static String openBlas(BenchResult r) {
        var v = r.openBlas();
        if (v.candidate() == null) {
            return "no OPENBLAS_CORETYPE fits this CPU's flags; OpenBLAS detects the kernel itself (GEMM 1024^3 "
                    + number(v.defaultGflops()) + " GFLOP/s)";
        }
        return String.format("GEMM 1024^3 float32 %s GFLOP/s with OpenBLAS's own detection, %s GFLOP/s with "
                        + "OPENBLAS_CORETYPE=%s: %s", number(v.defaultGflops()), number(v.candidateGflops()), v.candidate(),
                v.accepted() ? "set for every JVM that runs ND4J" : "not set (no faster)");
    }

    public static void json(PrintWriter out, BenchResult r) {
        out.println(new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(r)
                .replace("NaN", "null").replace("-Infinity", "null").replace("Infinity", "null"));
        out.flush();
    }

    public static void csv(PrintWriter out, BenchResult r) {
        out.println("exercise,device,size,shapes,work,flops,contender,status,median_ns,error_ns,gflops,vs_pytorch,"
                + "share_of_peak,alloc_bytes,note");
        for (Row row : r.rows()) {
            Size size = r.sizes().stream().filter(s -> s.label().equals(row.size())).findFirst().orElseThrow();
            out.println(String.join(",", r.exercise(), r.device(), row.size(), quote(size.shapes()), plain(size.work()),
                    plain(size.flops()), quote(row.contender()), row.status(), plain(row.medianNs()), plain(row.errorNs()),
                    plain(row.gflops()), plain(row.vsPytorch()), plain(row.shareOfPeak()), plain(row.allocBytes()),
                    quote(row.note() == null ? "" : row.note())));
        }
        for (Contender c : r.contenders()) {
            if (!c.timed()) {
                out.println(String.join(",", r.exercise(), r.device(), "", "", "", "", quote(c.name()), "not_timed",
                        "", "", "", "", "", "", quote(c.reason())));
            }
        }
        out.flush();
    }

    static String time(double ns, double errorNs) {
        String error = Double.isNaN(errorNs) ? "" : " ± " + unit(errorNs, ns);
        return unit(ns, ns) + error;
    }

    /** {@code value} in the unit that suits {@code scale}: ns, us, ms or s. */
    private static String unit(double value, double scale) {
        if (scale < 1e3) {
            return fixed(value, 0) + " ns";
        }
        if (scale < 1e6) {
            return fixed(value / 1e3, 1) + " us";
        }
        if (scale < 1e9) {
            return fixed(value / 1e6, 2) + " ms";
        }
        return fixed(value / 1e9, 2) + " s";
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "-" : v >= 100 ? fixed(v, 0) : v >= 10 ? fixed(v, 1) : fixed(v, 2);
    }

    private static String ratio(double v) {
        return Double.isNaN(v) ? "-" : fixed(v, 2);
    }

    private static String percent(double v) {
        return Double.isNaN(v) ? "-" : fixed(100 * v, 1) + "%";
    }

    private static String bytes(double b) {
        if (Double.isNaN(b)) {
            return "-";
        }
        if (b < 1024) {
            return fixed(b, 0) + " B";
        }
        if (b < 1024 * 1024) {
            return fixed(b / 1024, 1) + " KB";
        }
        return fixed(b / (1024 * 1024), 1) + " MB";
    }

    private static String workText(double work) {
        return String.format(Locale.ROOT, "%.3g", work);
    }

    private static String fixed(double v, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    private static String plain(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
