package deepdrill.grader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line as a learner meets it: output and exit codes, through picocli's execute. */
class CliTest {

    private static final String STUB = "deepdrill/week3/ConvOutputSize.java";

    @TempDir
    Path dir;
    private Path workspace;
    private String previousHome;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void useTemporaryWorkspace() throws Exception {
        workspace = TempWorkspace.create(dir);
        previousHome = System.getProperty("deepdrill.home");
        System.setProperty("deepdrill.home", workspace.toString());
    }

    @AfterEach
    void restoreHome() throws Exception {
        TempWorkspace.unlink(dir);
        if (previousHome == null) {
            System.clearProperty("deepdrill.home");
        } else {
            System.setProperty("deepdrill.home", previousHome);
        }
    }

    private int run(String... args) {
        CommandLine cli = GraderCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void helpListsTheExitCodes() {
        assertEquals(0, run("check", "--help"));
        assertTrue(out.toString().contains("Exit codes: 0 all passed"), out.toString());
        assertTrue(out.toString().contains("./grader check conv2d-forward --seed 7"), out.toString());
    }

    @Test
    void noArgumentsWelcomesANewLearner() {
        assertEquals(0, run());
        assertTrue(out.toString().contains("./grader check week3"), out.toString());
    }

    @Test
    void badFlagsAndUnknownTargetsAreUsageErrors() {
        assertEquals(ExitCodes.USAGE, run("check", "week3", "--bogus"));
        assertTrue(err.toString().contains("Unknown option: '--bogus'"), err.toString());
        assertEquals(ExitCodes.USAGE, run("check", "conv-outptu-size"));
        assertTrue(err.toString().contains("Did you mean 'conv-output-size'?"), err.toString());
        assertEquals(ExitCodes.USAGE, run("check", "week3", "--timeout", "0"));
        assertEquals(ExitCodes.USAGE, run("list", "week9"));
    }

    @Test
    void aCompileErrorNamesFileAndLineAndRunsNothing() throws Exception {
        TempWorkspace.edit(workspace.resolve("exercises/src/main/java").resolve(STUB),
                "        // TODO: validate the arguments, then apply the formula above.",
                "        int broken = ;");
        assertEquals(ExitCodes.COMPILE_ERROR, run("check", "conv-output-size"));
        assertTrue(err.toString().contains("exercises/src/main/java/" + STUB + ":"), err.toString());
        assertTrue(err.toString().contains("illegal start of expression"), err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void jsonReportFollowsTheSchema() {
        assertEquals(ExitCodes.NOT_PASSED, run("check", "conv-output-size", "--format", "json", "--seed", "5"));
        JsonObject doc = JsonParser.parseString(out.toString()).getAsJsonObject();
        for (String key : List.of("target", "implementation", "device", "seed", "elapsed_ms", "exercises", "summary")) {
            assertTrue(doc.has(key), "missing " + key);
        }
        assertEquals("exercises", doc.get("implementation").getAsString());
        assertEquals("cpu", doc.get("device").getAsString());
        assertEquals(5, doc.get("seed").getAsLong());
        JsonArray exercises = doc.getAsJsonArray("exercises");
        JsonObject first = exercises.get(0).getAsJsonObject();
        for (String key : List.of("id", "week", "title", "status", "tasks")) {
            assertTrue(first.has(key), "exercise lacks " + key);
        }
        assertEquals("not_implemented", first.get("status").getAsString());
        for (JsonElement task : first.getAsJsonArray("tasks")) {
            for (String key : List.of("name", "status", "message", "output")) {
                assertTrue(task.getAsJsonObject().has(key), "task lacks " + key);
            }
        }
        JsonObject summary = doc.getAsJsonObject("summary");
        for (String key : List.of("passed", "failed", "not_implemented", "error", "timeout", "crashed")) {
            assertTrue(summary.has(key), "summary lacks " + key);
        }
        assertEquals(1, summary.get("not_implemented").getAsInt());
    }

    @Test
    void theSolutionsPassAndExitZero() {
        assertEquals(ExitCodes.PASSED, run("check", "conv-output-size", "--solutions"));
        assertTrue(out.toString().contains("All passed."), out.toString());
    }

    @Test
    void theSameSeedReplaysTheSameVerdicts() throws Exception {
        Path stub = workspace.resolve("exercises/src/main/java").resolve(STUB);
        Files.copy(workspace.resolve("solutions/src/main/java").resolve(STUB), stub,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        TempWorkspace.edit(stub, "return (paddedInput - effectiveKernel) / stride + 1;",
                "return (paddedInput - effectiveKernel + stride - 1) / stride + 1;");
        assertEquals(ExitCodes.NOT_PASSED, run("check", "conv-output-size", "--seed", "7", "--format", "json"));
        String first = verdicts(out.toString());
        out.getBuffer().setLength(0);
        assertEquals(ExitCodes.NOT_PASSED, run("check", "conv-output-size", "--seed", "7", "--format", "json"));
        assertEquals(first, verdicts(out.toString()));
        assertTrue(first.contains("rounded up"), first);
    }

    @Test
    void gpuWithoutAGpuIsAClearUsageError() {
        int code = run("check", "conv-output-size", "--device", "gpu", "--solutions");
        if (code == ExitCodes.PASSED) {
            return; // This machine has a usable GPU; the CPU-only message cannot be tested here.
        }
        assertEquals(ExitCodes.USAGE, code, err.toString());
        assertTrue(err.toString().contains("--device gpu:"), err.toString());
    }

    @Test
    void listShowsTheLastResultAndSurvivesACorruptProgressFile() throws Exception {
        assertEquals(ExitCodes.NOT_PASSED, run("check", "conv-output-size"));
        out.getBuffer().setLength(0);
        assertEquals(0, run("list", "week3"));
        assertTrue(out.toString().contains("not implemented yet"), out.toString());
        Files.writeString(workspace.resolve(".deepdrill/progress.json"), "{ not json");
        assertEquals(0, run("list"));
        assertTrue(err.toString().contains("is unreadable"), err.toString());
    }

    private static String verdicts(String json) {
        StringBuilder s = new StringBuilder();
        for (JsonElement e : JsonParser.parseString(json).getAsJsonObject().getAsJsonArray("exercises")) {
            for (JsonElement t : e.getAsJsonObject().getAsJsonArray("tasks")) {
                JsonObject task = t.getAsJsonObject();
                s.append(task.get("name").getAsString()).append(' ').append(task.get("status").getAsString())
                        .append(' ').append(task.get("message").getAsString()).append('\n');
            }
        }
        return s.toString();
    }
}
