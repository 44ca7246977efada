package deepdrill.grader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepdrill.grader.LearnerCode;
import deepdrill.grader.catalog.Exercise;
import deepdrill.grader.files.PristineStubs;
import deepdrill.grader.verify.Checking;
import deepdrill.grader.verify.Repo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * reset and solution in a workspace that is a plain copy of the files, as a zip download is: no git
 * history anywhere, so reset can only work from the originals the grader ships.
 */
class ResetAndSolutionTest {

    private static final String FILE = "deepdrill/week3/ZeroPad.java";

    @TempDir
    Path dir;
    private TempWorkspace ws;
    private Path file;
    private String original;

    @BeforeEach
    void copiedWorkspace() throws Exception {
        ws = TempWorkspace.open(dir);
        file = ws.root.resolve("exercises/src/main/java").resolve(FILE);
        // The committed copy in the real checkout, not the temporary workspace's file: that one is a
        // copy of the checkout's working tree, which may hold someone's work.
        original = Files.readString(PristineStubs.copyIn(PristineStubs.sourceFolder(Repo.workspace().root()), FILE),
                StandardCharsets.UTF_8);
        assertTrue(LearnerCode.hasStubBody(original), "the original is a stub");
        assertFalse(Files.exists(ws.root.resolve(".git")), "the workspace has no git history");
    }

    @AfterEach
    void closeWorkspace() throws Exception {
        ws.close();
    }

    @Test
    void resetWithoutGitRestoresTheOriginalAndBacksUpTheLearnersFile() throws Exception {
        String work = original.replace("throw new UnsupportedOperationException(\"Not implemented yet: ZeroPad.zeroPad\");",
                "return x; // my attempt");
        assertFalse(work.equals(original));
        Files.writeString(file, work, StandardCharsets.UTF_8);

        assertEquals(ExitCodes.PASSED, ws.run("reset", "zero-pad"), ws.err());
        assertEquals(original, Files.readString(file, StandardCharsets.UTF_8), "the original stub is back");
        List<Path> backups = backups();
        assertEquals(1, backups.size(), "one backup: " + backups);
        assertEquals(work, Files.readString(backups.get(0), StandardCharsets.UTF_8), "the backup is the learner's file");
        assertTrue(ws.out().contains(ws.root.relativize(backups.get(0)).toString()), "says where the backup is: " + ws.out());
        assertTrue(ws.out().contains("./grader reset --undo zero-pad"), ws.out());

        assertEquals(ExitCodes.PASSED, ws.run("reset", "--undo", "zero-pad"), ws.err());
        assertEquals(work, Files.readString(file, StandardCharsets.UTF_8), "the learner's work is back");
    }

    @Test
    void undoTwiceKeepsTheLearnersFileAndResetKeepsTheModeAndForgetsTheResult() throws Exception {
        String work = original.replace("throw new UnsupportedOperationException(\"Not implemented yet: ZeroPad.zeroPad\");",
                "return x.dup(); // my attempt");
        Files.writeString(file, work, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-r--"));
        Path progressFile = ws.root.resolve(".deepdrill/progress.json");
        Files.createDirectories(progressFile.getParent());
        Files.writeString(progressFile, "{\"exercises\": {\"zero-pad\": {\"status\": \"passed\", \"hintsShown\": 1}}}");

        assertEquals(ExitCodes.PASSED, ws.run("reset", "zero-pad"), ws.err());
        assertEquals("rw-rw-r--", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(file)), "reset keeps the file's mode");
        String progress = Files.readString(progressFile);
        assertFalse(progress.contains("passed"), "the stub's result is not the learner's old pass: " + progress);
        assertTrue(progress.contains("hintsShown"), "unlocked hints stay unlocked: " + progress);

        assertEquals(ExitCodes.PASSED, ws.run("reset", "--undo", "zero-pad"), ws.err());
        assertEquals(work, Files.readString(file, StandardCharsets.UTF_8), "the first undo brings the work back");
        int exit = ws.run("reset", "--undo", "zero-pad");
        assertEquals(ExitCodes.PASSED, exit, ws.err());
        assertEquals(work, Files.readString(file, StandardCharsets.UTF_8),
                "a second undo never steps forward to the stub: " + ws.out());
        assertTrue(ws.out().contains("nothing to do"), ws.out());
    }

    @Test
    void resetBringsBackADeletedFileWithNothingToBackUp() throws Exception {
        Files.delete(file);
        assertEquals(ExitCodes.PASSED, ws.run("reset", "zero-pad"), ws.err());
        assertEquals(original, Files.readString(file, StandardCharsets.UTF_8));
        assertEquals(List.of(), backups());
        assertFalse(ws.out().contains("saved in"), ws.out());
    }

    @Test
    void resetOfAnUntouchedStubChangesNothing() throws Exception {
        Files.writeString(file, original, StandardCharsets.UTF_8);
        assertEquals(ExitCodes.PASSED, ws.run("reset", "zero-pad"), ws.err());
        assertTrue(ws.out().contains("nothing to do"), ws.out());
        assertEquals(List.of(), backups());
    }

    @Test
    void anUnknownIdIsAUsageErrorThatNamesTheClosestAndTouchesNothing() throws Exception {
        String work = original + "// mine\n";
        Files.writeString(file, work, StandardCharsets.UTF_8);
        assertEquals(ExitCodes.USAGE, ws.run("reset", "zero-padd"));
        assertTrue(ws.err().contains("Did you mean 'zero-pad'?"), ws.err());
        assertEquals(ExitCodes.USAGE, ws.run("reset", "week3"));
        assertTrue(ws.err().contains("'week3' is not one exercise"), ws.err());
        assertEquals(work, Files.readString(file, StandardCharsets.UTF_8));
        assertFalse(Files.exists(ws.root.resolve(".deepdrill/backups")));
    }

    @Test
    void theSolutionOfConv2dAlsoShowsTheLoopsVariantUnderItsOwnHeader() throws Exception {
        Exercise conv = Checking.catalog().find("conv2d-forward").orElseThrow();
        assertEquals(List.of("deepdrill/week3/Conv2dLoops.java"), conv.variants(), "the catalog lists the loops variant");
        Path solutions = ws.root.resolve("solutions/src/main/java");
        String answer = Files.readString(solutions.resolve(conv.file()), StandardCharsets.UTF_8);
        String loops = Files.readString(solutions.resolve(conv.variants().get(0)), StandardCharsets.UTF_8);

        assertEquals(ExitCodes.PASSED, ws.run("solution", "conv2d-forward", "--force"), ws.err());
        String out = ws.out();
        String answerHeader = "// The model answer: solutions/src/main/java/deepdrill/week3/Conv2d.java\n";
        String loopsHeader = "// Variant 1 of 1, Conv2dLoops: solutions/src/main/java/deepdrill/week3/Conv2dLoops.java\n";
        assertTrue(out.contains(answerHeader + answer), out);
        assertTrue(out.contains(loopsHeader + loops), out);
        assertTrue(out.indexOf(answerHeader) < out.indexOf(loopsHeader), "the main answer comes first: " + out);
    }

    @Test
    void anExerciseWithoutVariantsShowsOnlyItsAnswer() throws Exception {
        assertEquals(ExitCodes.PASSED, ws.run("solution", "zero-pad", "--force"), ws.err());
        String answer = Files.readString(ws.root.resolve("solutions/src/main/java").resolve(FILE), StandardCharsets.UTF_8);
        assertEquals("// The model answer: solutions/src/main/java/" + FILE + "\n" + answer, ws.out());
    }

    private List<Path> backups() throws Exception {
        Path folder = ws.root.resolve(".deepdrill/backups/zero-pad");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }
}
