package deepdrill.grader.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compares output with a file under {@code src/test/resources/golden}. Run the tests with
 * {@code DEEPDRILL_UPDATE_GOLDEN=1} to rewrite the files after an intended change, then review the diff.
 */
final class GoldenFiles {

    private GoldenFiles() {
    }

    static void assertMatches(String name, String actual) throws IOException {
        Path file = Path.of("src", "test", "resources", "golden", name);
        if (System.getenv("DEEPDRILL_UPDATE_GOLDEN") != null) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual, "golden file " + file);
    }
}
