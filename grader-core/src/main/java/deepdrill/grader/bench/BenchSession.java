package deepdrill.grader.bench;

import deepdrill.grader.bench.BenchResult.Contender;
import deepdrill.grader.bench.BenchResult.Row;
import deepdrill.grader.bench.specs.GemmPeak;
import deepdrill.grader.jvm.OpenBlasVerification;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One {@code grader bench} run after the checks: the learner's JVM (if its code passed), the model
 * solution's JVM (solution, its variants and PyTorch on the CPU), PyTorch on the GPU when asked,
 * and the GEMM peak, one after the other so that they never share the machine; then the derived
 * figures.
 *
 * @param learnerClasses  the learner's compiled classes, or null when they are not timed
 * @param learnerReason   why the learner's code is not timed (null when it is)
 * @param solutionClasses the model solutions' compiled classes, or null when they are not timed
 * @param solutionReason  why the model solution is not timed (null when it is)
 */
public record BenchSession(BenchSpec spec, List<String> graderClassPath, String device, boolean quick,
                           List<String> sizes, Path learnerClasses, String learnerReason, Path solutionClasses,
                           String solutionReason, Optional<String> openBlasCoreType, OpenBlasVerification openBlas,
                           Path scratch, Consumer<String> progress) {

    public static final String YOURS = "yours";
    public static final String SOLUTION = "solution";
    public static final String PYTORCH_CPU = "pytorch-cpu";
    public static final String PYTORCH_GPU = "pytorch-gpu";

    public BenchResult run() throws InterruptedException {
        Duration limit = Duration.ofMinutes(quick ? 2 : 15);
        List<Contender> contenders = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        Map<String, List<Measurement>> measured = new LinkedHashMap<>();

        contenders.add(new Contender(YOURS, learnerClasses != null, learnerReason));
        if (learnerClasses != null) {
            measured.put(YOURS, host(learnerClasses, List.of("code"), sizes, "cpu", limit, YOURS));
        }
        List<String> solutionSide = new ArrayList<>();
        if (solutionClasses != null) {
            solutionSide.add("code");
            solutionSide.addAll(variants());
        }
        solutionSide.add("torch");
        contenders.add(new Contender(SOLUTION, solutionClasses != null, solutionReason));
        for (String variant : variants()) {
            contenders.add(new Contender(variantName(variant), solutionClasses != null, solutionReason));
        }
        contenders.add(new Contender(PYTORCH_CPU, true, null));
        List<Measurement> solutionRuns = host(solutionClasses, solutionSide, sizes, "cpu", limit, "solution and PyTorch");
        for (Measurement m : solutionRuns) {
            measured.computeIfAbsent(nameOf(m.contender()), k -> new ArrayList<>()).add(m);
        }
        if (device.equals("gpu")) {
            contenders.add(new Contender(PYTORCH_GPU, true, null));
            measured.put(PYTORCH_GPU, host(null, List.of("torch"), sizes, "gpu", limit, PYTORCH_GPU));
        }
        BenchResult.Peak peak = peak(limit);

        List<BenchResult.Size> sizeList = new ArrayList<>();
        for (String label : sizes) {
            BenchSize size = spec.size(label);
            sizeList.add(new BenchResult.Size(label, size.shapes(), spec.work(size), spec.flops(size)));
        }
        Map<String, Double> exponents = new LinkedHashMap<>();
        for (Map.Entry<String, List<Measurement>> entry : measured.entrySet()) {
            String name = entry.getKey();
            double[] work = new double[sizes.size()];
            double[] time = new double[sizes.size()];
            for (int i = 0; i < sizes.size(); i++) {
                BenchResult.Size size = sizeList.get(i);
                Measurement m = find(entry.getValue(), size.label());
                String reference = name.equals(PYTORCH_GPU) ? PYTORCH_GPU : PYTORCH_CPU;
                Measurement torch = find(measured.getOrDefault(reference, List.of()), size.label());
                rows.add(row(name, size, m, torch, name.equals(PYTORCH_GPU) ? Double.NaN : peak.gflops()));
                work[i] = size.work();
                time[i] = m != null && m.measured() ? m.medianNs() : Double.NaN;
            }
            exponents.put(name, ScalingFit.exponent(work, time));
        }
        return new BenchResult(spec.exercise(), spec.description(), device, quick, spec.workUnit(), sizeList, contenders,
                rows, exponents, peak, openBlas);
    }

    private static Row row(String name, BenchResult.Size size, Measurement m, Measurement torch, double peakGflops) {
        if (m == null) {
            return new Row(name, size.label(), Measurement.ERROR, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, "no measurement");
        }
        if (!m.measured()) {
            return new Row(name, size.label(), m.status(), Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, m.note());
        }
        double gflops = size.flops() > 0 ? size.flops() / m.medianNs() : Double.NaN;
        double vsPytorch = torch != null && torch.measured() && !name.startsWith("pytorch")
                ? torch.medianNs() / m.medianNs() : Double.NaN;
        double share = gflops / peakGflops;
        return new Row(name, size.label(), m.status(), m.medianNs(), m.errorNs(), gflops, vsPytorch, share,
                m.allocBytes(), null);
    }

    private BenchResult.Peak peak(Duration limit) throws InterruptedException {
        GemmPeak gemm = new GemmPeak();
        BenchSize size = gemm.sizes().get(quick ? 0 : 1);
        List<Measurement> runs = host(null, List.of("code", "torch"), List.of(size.label()), "cpu", limit,
                "machine peak", gemm.exercise());
        double flops = gemm.flops(size);
        double nd4j = rate(find(runs, "code", size.label()), flops);
        double torch = rate(find(runs, "torch", size.label()), flops);
        return new BenchResult.Peak(size.dim(0), torch, nd4j);
    }

    private static double rate(Measurement m, double flops) {
        return m != null && m.measured() ? flops / m.medianNs() : Double.NaN;
    }

    private List<Measurement> host(Path classes, List<String> contenders, List<String> sizeLabels, String onDevice,
                                   Duration limit, String what) throws InterruptedException {
        return host(classes, contenders, sizeLabels, onDevice, limit, what, spec.exercise());
    }

    private List<Measurement> host(Path classes, List<String> contenders, List<String> sizeLabels, String onDevice,
                                   Duration limit, String what, String exercise) throws InterruptedException {
        return HostRun.run(classes, graderClassPath, exercise, contenders, sizeLabels, onDevice, quick, openBlasCoreType,
                limit, scratch, line -> progress.accept(what + ": " + line));
    }

    private String nameOf(String contender) {
        return switch (contender) {
            case "code" -> SOLUTION;
            case "torch" -> PYTORCH_CPU;
            default -> variantName(contender);
        };
    }

    /** The variants this run times: all of them, but only the whole ones for {@code --quick}. */
    private List<String> variants() {
        return spec.variants().stream().filter(v -> !quick || !spec.partialVariants().contains(v)).toList();
    }

    private static String variantName(String variant) {
        return SOLUTION + " (" + variant + ")";
    }

    private static Measurement find(List<Measurement> runs, String size) {
        return runs.stream().filter(m -> m.size().equals(size)).findFirst().orElse(null);
    }

    private static Measurement find(List<Measurement> runs, String contender, String size) {
        return runs.stream().filter(m -> m.contender().equals(contender) && m.size().equals(size)).findFirst().orElse(null);
    }
}
