package deepdrill.grader.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepdrill.grader.Device;
import deepdrill.grader.Implementation;
import deepdrill.grader.catalog.Exercise;
import deepdrill.grader.runner.ExerciseResult;
import deepdrill.grader.runner.RunResult;
import deepdrill.grader.Status;
import deepdrill.grader.runner.TaskResult;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.surefire.log.api.NullConsoleLogger;
import org.apache.maven.plugins.surefire.report.ReportTestCase;
import org.apache.maven.plugins.surefire.report.ReportTestSuite;
import org.apache.maven.plugins.surefire.report.TestSuiteXmlParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our JUnit XML is read correctly by a real consumer: Maven Surefire's report parser. */
class JunitXmlReportTest {

    @Test
    void surefireReadsEveryStatus(@TempDir Path dir) throws Exception {
        Exercise conv = new Exercise("conv2d-forward", 3, "Conv2d forward", "medium", null, "deepdrill/week3/Conv2d.java",
                List.of(), List.of("h1", "h2"), List.of("a", "b", "c", "d"));
        ExerciseResult result = new ExerciseResult(conv, List.of(
                new TaskResult("basic", "basic", Status.PASSED, "", "", 12),
                new TaskResult("stride", "stride", Status.FAILED, "Looks like you <forgot> the bias & more\nline 2", "printed\n", 30),
                new TaskResult("dilation", "dilation", Status.NOT_IMPLEMENTED, "not implemented yet", "", 1),
                new TaskResult("float32", "float32", Status.TIMEOUT, "did not finish within 10 s", "", 0)));
        CheckReport report = new CheckReport(List.of("week3"), Implementation.EXERCISES, "exercises/src/main/java",
                100, 10, new RunResult(Device.CPU, "PyTorch", List.of(result), 1, 1, 7, 43, 1));

        assertEquals(1, JunitXmlReport.write(dir, report));
        Path file = dir.resolve("TEST-deepdrill.conv2d-forward.xml");
        TestSuiteXmlParser parser = new TestSuiteXmlParser(new NullConsoleLogger());
        List<ReportTestSuite> suites = parser.parse(file.toString());
        assertTrue(parser.isValid());
        assertEquals(1, suites.size());
        ReportTestSuite suite = suites.get(0);
        assertEquals(4, suite.getNumberOfTests());
        assertEquals(2, suite.getNumberOfFailures());
        assertEquals(1, suite.getNumberOfErrors());
        ReportTestCase failed = suite.getTestCases().stream().filter(c -> c.getName().equals("stride")).findFirst().orElseThrow();
        assertEquals("failed", failed.getFailureType());
        assertEquals("Looks like you <forgot> the bias & more", failed.getFailureMessage());
        ReportTestCase timedOut = suite.getTestCases().stream().filter(c -> c.getName().equals("float32")).findFirst().orElseThrow();
        assertTrue(timedOut.hasError());
        assertEquals("timeout", timedOut.getFailureType());
    }
}
