package deepdrill.grader.report;

import deepdrill.grader.Device;
import deepdrill.grader.Implementation;
import deepdrill.grader.catalog.Exercise;
import deepdrill.grader.runner.ExerciseResult;
import deepdrill.grader.runner.RunResult;
import deepdrill.grader.Status;
import deepdrill.grader.runner.TaskResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Help.Ansi;

/** Golden-output tests of the learner's report, for the situations a learner meets first. */
class TextReportTest {

    private static final Exercise SIZE = new Exercise("conv-output-size", 3, "Conv output size", "easy", null,
            "deepdrill/week3/ConvOutputSize.java", List.of(), List.of("a", "b"),
            List.of("paddingAndStride", "dilation"));
    private static final Exercise CONV = new Exercise("conv2d-forward", 3, "Conv2d forward", "medium", null,
            "deepdrill/week3/Conv2d.java", List.of(), List.of("a", "b"), List.of("basic", "strideAndPadding"));

    @Test
    void nothingImplemented() throws Exception {
        golden("nothing-implemented.txt", List.of(
                result(SIZE, task("paddingAndStride", Status.NOT_IMPLEMENTED, "not implemented yet"),
                        task("dilation", Status.NOT_IMPLEMENTED, "not implemented yet")),
                result(CONV, task("basic", Status.NOT_IMPLEMENTED, "not implemented yet"),
                        task("strideAndPadding", Status.NOT_IMPLEMENTED, "not implemented yet"))));
    }

    @Test
    void allPass() throws Exception {
        golden("all-pass.txt", List.of(
                result(SIZE, task("paddingAndStride", Status.PASSED, ""), task("dilation", Status.PASSED, "")),
                result(CONV, task("basic", Status.PASSED, ""), task("strideAndPadding", Status.PASSED, ""))));
    }

    @Test
    void oneWrongValue() throws Exception {
        golden("one-wrong-value.txt", List.of(
                result(SIZE, task("paddingAndStride", Status.PASSED, ""), task("dilation", Status.PASSED, "")),
                result(CONV, task("basic", Status.PASSED, ""), new TaskResult("strideAndPadding", "stride and padding", Status.FAILED,
                        "Looks like you forgot the bias: add b[f] to every output of filter f.\n"
                                + "output for x (2, 3, 7, 5), w (4, 3, 3, 2), stride 2, padding 1: 40 of 48 values differ; "
                                + "first at [0, 0, 0, 0]: expected 1.250000000, got 0.7500000000",
                        "x shape: [2, 3, 7, 5]\n", 12))));
    }

    @Test
    void timedOut() throws Exception {
        golden("timed-out.txt", List.of(
                result(SIZE, task("paddingAndStride", Status.TIMEOUT,
                        "did not finish within 10 s (the --timeout): an endless loop, or far too slow for inputs this small?"),
                        task("dilation", Status.TIMEOUT,
                                "not run: task 'paddingAndStride' of this exercise stopped the check JVM")),
                result(CONV, task("basic", Status.PASSED, ""), task("strideAndPadding", Status.PASSED, ""))));
    }

    @Test
    void doesNotCompile() throws Exception {
        StringWriter text = new StringWriter();
        CompileErrorReport.write(new PrintWriter(text), List.of(
                "exercises/src/main/java/deepdrill/week3/Conv2d.java:42: ';' expected\n"
                        + "        int out = 1\n"
                        + "                   ^"));
        GoldenFiles.assertMatches("does-not-compile.txt", text.toString());
    }

    private static void golden(String name, List<ExerciseResult> exercises) throws Exception {
        RunResult run = new RunResult(Device.CPU, "PyTorch 2.5.1", exercises, 50, 2000, 42, 1500, 1);
        CheckReport report = new CheckReport(List.of("week3"), Implementation.EXERCISES, "exercises/src/main/java",
                4321, 60, run);
        StringWriter text = new StringWriter();
        new TextReport(Ansi.OFF, Columns.DEFAULT_WIDTH).write(new PrintWriter(text), report);
        GoldenFiles.assertMatches(name, text.toString());
    }

    private static ExerciseResult result(Exercise e, TaskResult... tasks) {
        return new ExerciseResult(e, List.of(tasks));
    }

    private static TaskResult task(String name, Status status, String message) {
        return new TaskResult(name, name.replaceAll("([A-Z])", " $1").toLowerCase(java.util.Locale.ROOT), status, message, "", 5);
    }
}
