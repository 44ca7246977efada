package deepdrill.grader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepdrill.grader.bench.TrainSession;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code grader train}'s usage errors: each a clear message and exit 2, before anything is compiled or trained. */
class TrainCliTest {

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
    void helpShowsExamplesThePlotsNamesAndExitCodes() {
        assertEquals(0, ws.run("train", "--help"));
        assertTrue(ws.out().contains("./grader train mnist --epochs 2 --plot curves.png"), ws.out());
        assertTrue(ws.out().contains("curves-confusion.png"), ws.out());
        assertTrue(ws.out().contains("Exit codes: 0 trained"), ws.out());
        assertTrue(ws.out().contains("--solutions"), ws.out());
    }

    @Test
    void anUnknownDataSetNamesTheOneThereIs() {
        assertEquals(ExitCodes.USAGE, ws.run("train", "cifar10"));
        assertTrue(ws.err().contains("unknown data set 'cifar10'; the one there is: mnist"), ws.err());
    }

    @Test
    void aMissingDataSetIsAUsageError() {
        assertEquals(ExitCodes.USAGE, ws.run("train"));
        assertTrue(ws.err().contains("DATASET"), ws.err());
    }

    @Test
    void epochsOutsideOneToTwentyAreUsageErrors() {
        assertEquals(ExitCodes.USAGE, ws.run("train", "mnist", "--epochs", "0"));
        assertTrue(ws.err().contains("--epochs takes 1 to 20, not 0"), ws.err());
        assertEquals(ExitCodes.USAGE, ws.run("train", "mnist", "--epochs", "21"));
        assertTrue(ws.err().contains("not 21"), ws.err());
        assertEquals(ExitCodes.USAGE, ws.run("train", "mnist", "--epochs", "two"));
        assertTrue(ws.err().contains("two"), ws.err());
    }

    @Test
    void unknownPlotsAndFormatsAreUsageErrors() {
        assertEquals(ExitCodes.USAGE, ws.run("train", "mnist", "--plot", "curves.pdf"));
        assertTrue(ws.err().contains("--plot takes a file ending in .png or .svg, not curves.pdf"), ws.err());
        assertEquals(ExitCodes.USAGE, ws.run("train", "mnist", "--format", "csv"));
        assertTrue(ws.err().contains("csv"), ws.err());
    }

    @Test
    void anUntouchedStubStopsAtOnceAsNotImplemented() {
        assertEquals(ExitCodes.NOT_PASSED, ws.run("train", "mnist", "--epochs", "1", "--format", "json"));
        assertTrue(ws.out().contains("\"status\": \"not_implemented\""), ws.out());
        assertTrue(ws.err().contains("Not implemented yet: TrainMnist.forward"), ws.err());
        assertTrue(ws.err().contains("exercises/src/main/java/deepdrill/week4/TrainMnist.java"), ws.err());
    }

    @Test
    void theConfusionMatrixGoesNextToTheCurves() {
        assertEquals(Path.of("out", "curves-confusion.png"), TrainSession.confusionFile(Path.of("out", "curves.png")));
        assertEquals(Path.of("run.1-confusion.svg"), TrainSession.confusionFile(Path.of("run.1.svg")));
    }
}
