package deepdrill.grader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepdrill.grader.dev.DevWorkspace;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code grader dev} as an author meets it: exit codes and messages, never a stack trace. It works
 * on a copy of the author's files (not {@link TempWorkspace}, whose solutions and grader are links
 * to the real ones, which dev new would write into).
 */
class DevCliTest {

    @TempDir
    Path dir;
    private DevWorkspace ws;
    private String previousHome;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void copyTheWorkspace() throws Exception {
        ws = DevWorkspace.copy(dir);
        previousHome = System.getProperty("deepdrill.home");
        System.setProperty("deepdrill.home", dir.toString());
    }

    @AfterEach
    void restoreHome() {
        if (previousHome == null) {
            System.clearProperty("deepdrill.home");
        } else {
            System.setProperty("deepdrill.home", previousHome);
        }
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cli = GraderCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void newThenCheckThenReadme() {
        assertEquals(ExitCodes.PASSED, run("dev", "check"));
        int exercises = deepdrill.grader.verify.Checking.catalog().exercises().size();
        assertTrue(out.toString().startsWith("dev check: all conventions hold (" + exercises + " exercises, "), out.toString());

        assertEquals(ExitCodes.PASSED, run("dev", "new", "smooth-l1", "--week", "4", "--title", "Smooth L1 loss",
                "--hint", "Start with |d|.", "--hint", "Divide the parabola by beta."));
        assertTrue(out.toString().contains("  exercises/src/main/java/deepdrill/week4/SmoothL1.java\n"), out.toString());
        assertTrue(out.toString().contains("-Ddeepdrill.only=smooth-l1"), out.toString());

        assertEquals(ExitCodes.NOT_PASSED, run("dev", "check"));
        assertTrue(out.toString().contains("grader-core/src/main/java/deepdrill/grader/checks/week4/SmoothL1Check.java: FILL IN on lines"),
                out.toString());
        assertTrue(out.toString().contains("\n    fix: "), out.toString());
        assertTrue(out.toString().contains("dev check: 4 problems (" + (exercises + 1) + " exercises, "), out.toString());
        assertFalse(out.toString().contains("exercises/catalog.json"), out.toString());

        assertEquals(ExitCodes.PASSED, run("dev", "readme"));
        assertEquals("README.md: exercise table already up to date.\n", out.toString());
    }

    @Test
    void refusalsAreUsageErrorsWithoutAStackTrace() {
        assertEquals(ExitCodes.USAGE, run("dev", "new", "zero-pad", "--week", "3", "--title", "Zero padding"));
        assertTrue(err.toString().startsWith("grader dev: 'zero-pad' is already an exercise"), err.toString());
        assertEquals(ExitCodes.USAGE, run("dev", "new", "Bad_Id", "--week", "3", "--title", "Bad"));
        assertTrue(err.toString().contains("is not an exercise id"), err.toString());
        assertEquals(ExitCodes.USAGE, run("dev", "new", "fine-id", "--week", "7", "--title", "Fine"));
        assertTrue(err.toString().contains("there is no week 7"), err.toString());
        assertEquals(ExitCodes.USAGE, run("dev", "new", "fine-id", "--week", "three", "--title", "Fine"));
        assertEquals(ExitCodes.USAGE, run("dev", "new", "fine-id", "--title", "Fine"));
        assertTrue(err.toString().contains("Missing required option: '--week=N'"), err.toString());
        assertEquals(ExitCodes.USAGE, run("dev"));
        assertTrue(err.toString().contains("say which: new, check or readme"), err.toString());
        assertFalse(err.toString().contains("Exception"), err.toString());
    }

    @Test
    void helpNamesTheExitCodes() {
        assertEquals(ExitCodes.PASSED, run("dev", "--help"));
        assertTrue(out.toString().contains("1 dev check found problems,\n2 refused"), out.toString());
    }
}
