package deepdrill.grader.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepdrill.grader.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressStoreTest {

    @Test
    void savesAndReadsBack(@TempDir Path dir) {
        Path file = dir.resolve(".deepdrill/progress.json");
        ProgressStore store = ProgressStore.open(file);
        store.record("zero-pad", Status.PASSED);
        assertEquals(Optional.empty(), store.save());
        assertEquals(Optional.of(Status.PASSED), ProgressStore.open(file).status("zero-pad"));
        assertEquals(Optional.empty(), ProgressStore.open(file).status("iou"));
    }

    @Test
    void aCorruptFileIsReportedAndReplaced(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("progress.json");
        Files.writeString(file, "{\"exercises\": {\"zero-pad\": ");
        ProgressStore store = ProgressStore.open(file);
        assertTrue(store.warning().orElseThrow().contains("is unreadable"));
        store.record("zero-pad", Status.FAILED);
        store.save();
        ProgressStore again = ProgressStore.open(file);
        assertEquals(Optional.empty(), again.warning());
        assertEquals(Optional.of(Status.FAILED), again.status("zero-pad"));
    }
}
