package deepdrill.grader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hint, status, solution and reset, in a throw-away workspace that is a git clone like a learner's. */
class LearnerFlowTest {

    private static final String STUB = "exercises/src/main/java/deepdrill/week3/ZeroPad.java";

    @TempDir
    Path dir;
    private TempWorkspace ws;

    @BeforeEach
    void gitWorkspace() throws Exception {
        ws = TempWorkspace.open(dir);
        git("init", "-q");
        git("add", "exercises");
        git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "DeepDrill as shipped");
    }

    @AfterEach
    void closeWorkspace() throws Exception {
        ws.close();
    }

    private void git(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", ws.root.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).inheritIO().start();
        assertEquals(0, p.waitFor(), "git " + String.join(" ", args));
    }

    @Test
    void hintsUnlockOneAtATime() {
        assertEquals(0, ws.run("hint", "zero-pad"));
        assertTrue(ws.out().contains("1/"), ws.out());
        assertFalse(ws.out().contains("2/"), ws.out());
        assertEquals(0, ws.run("hint", "zero-pad"));
        assertTrue(ws.out().contains("2/"), ws.out());
        assertEquals(0, ws.run("hint", "zero-pad", "--all"));
        assertTrue(ws.out().contains("That was the last hint."), ws.out());
        assertEquals(ExitCodes.USAGE, ws.run("hint", "week3"));
        assertEquals(ExitCodes.USAGE, ws.run("hint", "zero-padd"));
        assertTrue(ws.err().contains("Did you mean 'zero-pad'?"), ws.err());
    }

    @Test
    void statusCountsPerWeekAndNamesTheNextExercise() throws Exception {
        Files.createDirectories(ws.root.resolve(".deepdrill"));
        Files.writeString(ws.root.resolve(".deepdrill/progress.json"),
                "{\"version\": 1, \"exercises\": {\"conv-output-size\": {\"status\": \"passed\"},"
                        + " \"zero-pad\": {\"status\": \"failed\"}}}");
        assertEquals(0, ws.run("status"));
        assertTrue(ws.out().contains("1/"), ws.out());
        assertTrue(ws.out().contains("solved, 1 attempted"), ws.out());
        String first = deepdrill.grader.verify.Checking.catalog().exercises().stream().map(e -> e.id())
                .filter(id -> !id.equals("conv-output-size")).findFirst().orElseThrow();
        assertTrue(ws.out().contains("Next: " + first), "the first exercise not solved: " + ws.out());
    }

    @Test
    void theSolutionWaitsUntilYoursPasses() throws Exception {
        assertEquals(ExitCodes.NOT_PASSED, ws.run("solution", "zero-pad"));
        assertTrue(ws.err().contains("does not pass yet"), ws.err());
        assertEquals(0, ws.run("solution", "zero-pad", "--force"));
        assertTrue(ws.out().contains("NDArrayIndex.interval(padH, padH + H)"), "the model answer is printed");
        Files.createDirectories(ws.root.resolve(".deepdrill"));
        Files.writeString(ws.root.resolve(".deepdrill/progress.json"),
                "{\"exercises\": {\"zero-pad\": {\"status\": \"passed\"}}}");
        // A pass written into the progress file by hand is not taken: the code is checked again.
        assertEquals(ExitCodes.NOT_PASSED, ws.run("solution", "zero-pad"));
        assertTrue(ws.err().contains("does not pass now"), ws.err());
        assertFalse(ws.out().contains("public static INDArray zeroPad"), ws.out());
        String file = "src/main/java/deepdrill/week3/ZeroPad.java";
        Files.copy(ws.root.resolve("solutions").resolve(file), ws.root.resolve("exercises").resolve(file),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals(0, ws.run("check", "zero-pad"), ws.out() + ws.err());
        assertEquals(0, ws.run("solution", "zero-pad"), ws.err());
        assertTrue(ws.out().contains("public static INDArray zeroPad"), ws.out());
    }

    @Test
    void resetBacksUpAndUndoBringsTheWorkBack() throws Exception {
        Path file = ws.root.resolve(STUB);
        String stub = Files.readString(file, StandardCharsets.UTF_8);
        String work = stub.replace("throw new UnsupportedOperationException(\"Not implemented yet: ZeroPad.zeroPad\");",
                "return x; // my attempt");
        assertFalse(work.equals(stub));
        Files.writeString(file, work, StandardCharsets.UTF_8);
        git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-am", "my work, committed");

        assertEquals(0, ws.run("reset", "zero-pad"));
        assertEquals(stub, Files.readString(file, StandardCharsets.UTF_8), "the original stub is back");
        assertTrue(ws.out().contains("reset --undo zero-pad"), ws.out());

        assertEquals(0, ws.run("reset", "zero-pad"));
        assertTrue(ws.out().contains("nothing to do"), ws.out());

        assertEquals(0, ws.run("reset", "--undo", "zero-pad"));
        assertEquals(work, Files.readString(file, StandardCharsets.UTF_8), "the learner's work is back");
        assertEquals(0, ws.run("reset", "--undo", "zero-pad"));
        assertEquals(work, Files.readString(file, StandardCharsets.UTF_8),
                "a second undo keeps the work: it never steps forward to the stub it replaced");
        try (var backups = Files.list(ws.root.resolve(".deepdrill/backups/zero-pad"))) {
            assertEquals(2, backups.count(), "every replaced version is kept: the work (by reset), the stub (by undo)");
        }
    }

    @Test
    void undoWithoutABackupIsAUsageError() {
        assertEquals(ExitCodes.USAGE, ws.run("reset", "--undo", "zero-pad"));
        assertTrue(ws.err().contains("no backup"), ws.err());
    }
}
