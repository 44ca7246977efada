package deepdrill.grader.bench;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The JVM that drives JMH for one implementation: its class path holds that implementation (the
 * learner's classes or the model solution) before the grader, and JMH's forks inherit it. Runs
 * each contender at each size as its own JMH run, smallest size first, and stops a contender once
 * a call takes longer than the budget, so that a naive loop does not hold the machine for minutes
 * at the largest size. Writes one JSON {@link Measurement} per line to the output file and one
 * progress line per run to standard output.
 *
 * <p>Arguments: {@code exercise contenders(comma) sizes(comma) device quick|full outputFile}.
 */
public final class BenchHost {

    /** A call slower than this at one size is not run at the next, larger size. */
    private static final double FULL_BUDGET_NS = 3e9;
    // --quick promises an answer within 30 s: naive loops (conv2d's take 40-75 ms at its second
    // size) stop there, since each measurement iteration makes at least one call (0.5 s at size 3).
    private static final double QUICK_BUDGET_NS = 0.02e9;

    private BenchHost() {
    }

    public static void main(String[] args) throws IOException {
        String exercise = args[0];
        List<String> contenders = Arrays.asList(args[1].split(","));
        List<String> sizes = Arrays.asList(args[2].split(","));
        String device = args[3];
        boolean quick = args[4].equals("quick");
        Path output = Path.of(args[5]);
        Gson gson = new GsonBuilder().serializeSpecialFloatingPointValues().create();
        int total = contenders.size() * sizes.size();
        int done = 0;
        try (Writer out = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
            for (String contender : contenders) {
                String tooSlow = null;
                for (String size : sizes) {
                    done++;
                    Measurement m;
                    if (tooSlow != null) {
                        m = new Measurement(contender, size, Measurement.SKIPPED, Double.NaN, Double.NaN, Double.NaN, tooSlow);
                    } else {
                        System.out.println("progress " + done + "/" + total + " " + contender + " size " + size);
                        m = measure(exercise, contender, size, device, quick);
                        if (m.measured() && m.medianNs() > (quick ? QUICK_BUDGET_NS : FULL_BUDGET_NS)) {
                            tooSlow = String.format("size %s already took %.2f s per call", size, m.medianNs() / 1e9);
                        }
                    }
                    out.write(gson.toJson(m) + "\n");
                    out.flush();
                }
            }
        }
        System.exit(0);
    }

    private static Measurement measure(String exercise, String contender, String size, String device, boolean quick) {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(ExerciseBenchmark.class.getName() + ".run$")
                .param("exercise", exercise)
                .param("size", size)
                .param("contender", contender)
                .param("device", device)
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT);
        if (quick) {
            // A rough answer: no extra fork (this JVM is already one the grader forked), short iterations.
            options.forks(0).warmupIterations(1).warmupTime(TimeValue.milliseconds(300))
                    .measurementIterations(5).measurementTime(TimeValue.milliseconds(100));
        } else {
            // Ten short iterations rather than five long ones, in the same time: the median and the
            // 99.9% error (Student's t with n - 1 degrees of freedom: 8.6 for n = 5, 4.8 for n = 10)
            // both settle, and on a shared machine the noise is in the iterations, not within them.
            options.forks(1).warmupIterations(3).warmupTime(TimeValue.milliseconds(500))
                    .measurementIterations(10).measurementTime(TimeValue.milliseconds(300))
                    .jvmArgsAppend("-Xmx4g", "-XX:+UseParallelGC", "-Dai.djl.offline=true",
                            "-Dorg.slf4j.simpleLogger.defaultLogLevel=error", "-Djava.awt.headless=true");
        }
        try {
            Collection<RunResult> results = new Runner(options.build()).run();
            RunResult result = results.iterator().next();
            Result<?> primary = result.getPrimaryResult();
            double median = primary.getStatistics().getPercentile(50);
            double error = primary.getStatistics().getN() > 1 ? primary.getStatistics().getMeanErrorAt(0.999) : Double.NaN;
            return new Measurement(contender, size, Measurement.MEASURED, median, error, allocation(result), null);
        } catch (RunnerException | RuntimeException e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            return new Measurement(contender, size, Measurement.ERROR, Double.NaN, Double.NaN, Double.NaN,
                    cause.getClass().getSimpleName() + ": " + cause.getMessage());
        }
    }

    /** Bytes per call from the GC profiler ({@code gc.alloc.rate.norm}). */
    private static double allocation(RunResult result) {
        for (Map.Entry<String, Result> e : result.getSecondaryResults().entrySet()) {
            if (e.getKey().endsWith("gc.alloc.rate.norm")) {
                return e.getValue().getScore();
            }
        }
        return Double.NaN;
    }

    /** Lists the arguments for a host run; the inverse of {@link #main}'s parsing. */
    static List<String> arguments(String exercise, List<String> contenders, List<String> sizes, String device,
                                  boolean quick, Path output) {
        List<String> args = new ArrayList<>();
        args.add(exercise);
        args.add(String.join(",", contenders));
        args.add(String.join(",", sizes));
        args.add(device);
        args.add(quick ? "quick" : "full");
        args.add(output.toString());
        return args;
    }
}
