package deepdrill.grader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** hint, status, solution and reset, in a throw-away workspace that is a git clone like a learner's. */
class LearnerFlowTest {

    private static final String STUB = "exercises/src/main/java/deepdrill/week3/ZeroPad.java";

    @TempDir
    Path dir;
    private Path workspace;
    private String previousHome;
    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    @BeforeEach
    void gitWorkspace() throws Exception {
        workspace = TempWorkspace.create(dir);
        git("init", "-q");
        git("add", "exercises");
        git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "DeepDrill as shipped");
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

    private void git(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", workspace.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).inheritIO().start();
        assertEquals(0, p.waitFor(), "git " + String.join(" ", args));
    }

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cli = GraderCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void hintsUnlockOneAtATime() {
        assertEquals(0, run("hint", "zero-pad"));
        assertTrue(out.toString().contains("1/"), out.toString());
        assertFalse(out.toString().contains("2/"), out.toString());
        assertEquals(0, run("hint", "zero-pad"));
        assertTrue(out.toString().contains("2/"), out.toString());
        assertEquals(0, run("hint", "zero-pad", "--all"));
        assertTrue(out.toString().contains("That was the last hint."), out.toString());
        assertEquals(ExitCodes.USAGE, run("hint", "week3"));
        assertEquals(ExitCodes.USAGE, run("hint", "zero-padd"));
        assertTrue(err.toString().contains("Did you mean 'zero-pad'?"), err.toString());
    }

    @Test
    void statusCountsPerWeekAndNamesTheNextExercise() throws Exception {
        Files.createDirectories(workspace.resolve(".deepdrill"));
        Files.writeString(workspace.resolve(".deepdrill/progress.json"),
                "{\"version\": 1, \"exercises\": {\"conv-output-size\": {\"status\": \"passed\"},"
                        + " \"zero-pad\": {\"status\": \"failed\"}}}");
        assertEquals(0, run("status"));
        assertTrue(out.toString().contains("1/"), out.toString());
        assertTrue(out.toString().contains("solved, 1 attempted"), out.toString());
        String second = deepdrill.grader.verify.Checking.catalog().exercises().get(1).id();
        assertTrue(out.toString().contains("Next: " + second), "the first exercise not solved: " + out);
    }

    @Test
    void theSolutionWaitsUntilYoursPasses() throws Exception {
        assertEquals(ExitCodes.NOT_PASSED, run("solution", "zero-pad"));
        assertTrue(err.toString().contains("does not pass yet"), err.toString());
        assertEquals(0, run("solution", "zero-pad", "--force"));
        assertTrue(out.toString().contains("System.arraycopy"), "the model answer is printed");
        Files.createDirectories(workspace.resolve(".deepdrill"));
        Files.writeString(workspace.resolve(".deepdrill/progress.json"),
                "{\"exercises\": {\"zero-pad\": {\"status\": \"passed\"}}}");
        assertEquals(0, run("solution", "zero-pad"));
        assertTrue(out.toString().contains("public static INDArray zeroPad"), out.toString());
    }

    @Test
    void resetBacksUpAndUndoBringsTheWorkBack() throws Exception {
        Path file = workspace.resolve(STUB);
        String stub = Files.readString(file, StandardCharsets.UTF_8);
        String work = stub.replace("throw new UnsupportedOperationException(\"Not implemented yet: ZeroPad.zeroPad\");",
                "return x; // my attempt");
        assertFalse(work.equals(stub));
        Files.writeString(file, work, StandardCharsets.UTF_8);
        git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-am", "my work, committed");

        assertEquals(0, run("reset", "zero-pad"));
        assertEquals(stub, Files.readString(file, StandardCharsets.UTF_8), "the original stub is back");
        assertTrue(out.toString().contains("reset --undo zero-pad"), out.toString());

        assertEquals(0, run("reset", "zero-pad"));
        assertTrue(out.toString().contains("nothing to do"), out.toString());

        assertEquals(0, run("reset", "--undo", "zero-pad"));
        assertEquals(work, Files.readString(file, StandardCharsets.UTF_8), "the learner's work is back");
        assertEquals(0, run("reset", "--undo", "zero-pad"));
        assertEquals(stub, Files.readString(file, StandardCharsets.UTF_8), "an undo can itself be undone");
        try (var backups = Files.list(workspace.resolve(".deepdrill/backups/zero-pad"))) {
            assertEquals(3, backups.count(), "every replaced version is kept: the work, the stub, the work");
        }
    }

    @Test
    void undoWithoutABackupIsAUsageError() {
        assertEquals(ExitCodes.USAGE, run("reset", "--undo", "zero-pad"));
        assertTrue(err.toString().contains("no backup"), err.toString());
    }
}
