package deepdrill.grader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a learner meets it: output and exit codes, through picocli's execute. */
class CliTest {

    private static final String STUB = "deepdrill/week3/ConvOutputSize.java";

    @TempDir
    Path dir;
    private TempWorkspace ws;

    @BeforeEach
    void useTemporaryWorkspace() throws Exception {
        ws = TempWorkspace.open(dir);
    }

    @AfterEach
    void closeWorkspace() throws Exception {
        ws.close();
    }

    @Test
    void helpListsTheExitCodes() {
        assertEquals(0, ws.run("check", "--help"));
        assertTrue(ws.out().contains("Exit codes: 0 all passed"), ws.out());
        assertTrue(ws.out().contains("./grader check conv2d-forward --seed 7"), ws.out());
    }

    @Test
    void noArgumentsWelcomesANewLearner() {
        assertEquals(0, ws.run());
        assertTrue(ws.out().contains("./grader check week3"), ws.out());
    }

    @Test
    void badFlagsAndUnknownTargetsAreUsageErrors() {
        assertEquals(ExitCodes.USAGE, ws.run("check", "week3", "--bogus"));
        assertTrue(ws.err().contains("Unknown option: '--bogus'"), ws.err());
        assertEquals(ExitCodes.USAGE, ws.run("check", "conv-outptu-size"));
        assertTrue(ws.err().contains("Did you mean 'conv-output-size'?"), ws.err());
        assertEquals(ExitCodes.USAGE, ws.run("check", "week3", "--timeout", "0"));
        assertEquals(ExitCodes.USAGE, ws.run("list", "week9"));
        assertEquals(ExitCodes.USAGE, ws.run("check", "zero-pad", "--junit-xml", ws.root.resolve("exercises/catalog.json").toString()));
        assertTrue(ws.err().contains("--junit-xml takes a directory, and "), ws.err());
    }

    @Test
    void aCompileErrorNamesFileAndLineAndRunsNothing() throws Exception {
        TempWorkspace.edit(ws.root.resolve("exercises/src/main/java").resolve(STUB),
                "        // TODO: validate the arguments, then apply the formula above.",
                "        int broken = ;");
        assertEquals(ExitCodes.COMPILE_ERROR, ws.run("check", "conv-output-size"));
        assertTrue(ws.err().contains("exercises/src/main/java/" + STUB + ":"), ws.err());
        assertTrue(ws.err().contains("illegal start of expression"), ws.err());
        assertEquals("", ws.out());
    }

    @Test
    void oneExerciseThatDoesNotCompileLeavesTheOthersGraded() throws Exception {
        TempWorkspace.edit(ws.root.resolve("exercises/src/main/java").resolve(STUB),
                "        // TODO: validate the arguments, then apply the formula above.",
                "        int broken = ;");
        Path xml = dir.resolve("xml");
        assertEquals(ExitCodes.COMPILE_ERROR, ws.run("check", "conv-output-size", "zero-pad", "--junit-xml", xml.toString()));
        assertTrue(ws.out().contains("COMPILE  conv-output-size"), ws.out());
        assertTrue(ws.out().contains("illegal start of expression"), ws.out());
        assertTrue(ws.out().contains("TODO     zero-pad"), "the other exercise is still graded:\n" + ws.out());
        assertTrue(ws.out().contains("1 not implemented yet, 1 not compiling"), ws.out());
        assertTrue(java.nio.file.Files.readString(xml.resolve("TEST-deepdrill.conv-output-size.xml")).contains("compile_error"));
        assertTrue(java.nio.file.Files.exists(xml.resolve("TEST-deepdrill.zero-pad.xml")));
    }

    @Test
    void aMissingFileOrAMovedPackageSaysWhatToDo() throws Exception {
        java.nio.file.Files.delete(ws.root.resolve("exercises/src/main/java").resolve(STUB));
        TempWorkspace.edit(ws.root.resolve("exercises/src/main/java/deepdrill/week3/ZeroPad.java"),
                "package deepdrill.week3;", "package deepdrill.week3.mine;");
        assertEquals(ExitCodes.COMPILE_ERROR, ws.run("check", "conv-output-size", "zero-pad", "flatten"));
        assertTrue(ws.outUnwrapped().contains("ConvOutputSize.java is missing. ./grader reset conv-output-size brings"), ws.out());
        assertTrue(ws.outUnwrapped().contains("declares the package deepdrill.week3.mine, but it must stay in deepdrill.week3"),
                ws.out());
        assertTrue(ws.out().contains("TODO     flatten"), ws.out());
    }

    @Test
    void jsonReportFollowsTheSchema() {
        assertEquals(ExitCodes.NOT_PASSED, ws.run("check", "conv-output-size", "--format", "json", "--seed", "5"));
        JsonObject doc = JsonParser.parseString(ws.out()).getAsJsonObject();
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
        assertEquals(ExitCodes.PASSED, ws.run("check", "conv-output-size", "--solutions"));
        assertTrue(ws.out().contains("All passed."), ws.out());
    }

    @Test
    void theSameSeedReplaysTheSameVerdicts() throws Exception {
        Path stub = ws.root.resolve("exercises/src/main/java").resolve(STUB);
        Files.copy(ws.root.resolve("solutions/src/main/java").resolve(STUB), stub,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        TempWorkspace.edit(stub, "return (paddedInput - effectiveKernel) / stride + 1;",
                "return (paddedInput - effectiveKernel + stride - 1) / stride + 1;");
        assertEquals(ExitCodes.NOT_PASSED, ws.run("check", "conv-output-size", "--seed", "7", "--format", "json"));
        String first = verdicts(ws.out());
                assertEquals(ExitCodes.NOT_PASSED, ws.run("check", "conv-output-size", "--seed", "7", "--format", "json"));
        assertEquals(first, verdicts(ws.out()));
        assertTrue(first.contains("rounded up"), first);
    }

    @Test
    void gpuWithoutAGpuIsAClearUsageError() {
        int code = ws.run("check", "conv-output-size", "--device", "gpu", "--solutions");
        if (code == ExitCodes.PASSED) {
            return; // This machine has a usable GPU; the CPU-only message cannot be tested here.
        }
        assertEquals(ExitCodes.USAGE, code, ws.err());
        assertTrue(ws.err().contains("--device gpu:"), ws.err());
    }

    @Test
    void listShowsTheLastResultAndSurvivesACorruptProgressFile() throws Exception {
        assertEquals(ExitCodes.NOT_PASSED, ws.run("check", "conv-output-size"));
        assertEquals(0, ws.run("list", "week3"));
        assertTrue(ws.out().contains("not implemented yet"), ws.out());
        // Sub-headings of the week, in curriculum order, with the section's exercises under each.
        String out = ws.out();
        assertTrue(out.indexOf("\n  Conv arithmetic\n    conv-output-size ") >= 0, out);
        assertTrue(out.indexOf("  Conv arithmetic") < out.indexOf("  Sequences and NLP"), out);
        Files.writeString(ws.root.resolve(".deepdrill/progress.json"), "{ not json");
        assertEquals(0, ws.run("list"));
        assertTrue(ws.err().contains("is unreadable"), ws.err());
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

    @Test
    void aReadOnlyWorkspaceIsSaidToBeReadOnly() {
        Exception denied = new java.io.UncheckedIOException(new java.nio.file.AccessDeniedException("/w/.deepdrill/classes"));
        assertTrue(Cli.readOnly(denied).orElseThrow().contains("cannot write /w/.deepdrill/classes: that place is read-only"));
        Exception mounted = new RuntimeException(new java.nio.file.FileSystemException("/w/.deepdrill", null,
                "Read-only file system"));
        assertTrue(Cli.readOnly(mounted).isPresent());
        assertTrue(Cli.readOnly(new IllegalStateException("something else")).isEmpty());
    }
}
