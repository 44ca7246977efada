package deepdrill.grader.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepdrill.grader.catalog.Exercise;
import deepdrill.grader.verify.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's exercise table: rendered from the catalog, replaced between its markers only. */
class ReadmeTableTest {

    private static Exercise exercise(String id, int week, String title, String difficulty) {
        return new Exercise(id, week, title, difficulty, null, "deepdrill/week" + week + "/X.java", null, List.of("a", "b"), null);
    }

    @Test
    void rendersOneRowPerExerciseInCatalogOrder() {
        String table = ReadmeTable.render(List.of(exercise("zero-pad", 3, "Zero padding", "easy"),
                exercise("pipes", 4, "A | B", "hard")));
        assertEquals(ReadmeTable.BEGIN + "\n\n| id | week | title | difficulty |\n|---|---|---|---|\n"
                + "| `zero-pad` | 3 | Zero padding | easy |\n| `pipes` | 4 | A \\| B | hard |\n\n" + ReadmeTable.END, table);
    }

    @Test
    void replacesOnlyWhatIsBetweenTheMarkers() {
        String readme = "intro\n" + ReadmeTable.BEGIN + "\nold table\n" + ReadmeTable.END + "\noutro\n";
        assertEquals(Optional.of("intro\nNEW\noutro\n"), ReadmeTable.replace(readme, "NEW"));
        // An older begin marker's comment may differ: the line is found by its start.
        assertEquals(Optional.of("a NEW b"), ReadmeTable.replace("a <!-- exercises:begin --> x " + ReadmeTable.END + " b", "NEW"));
        assertEquals(Optional.empty(), ReadmeTable.replace("no markers", "NEW"));
        assertEquals(Optional.empty(), ReadmeTable.replace(ReadmeTable.BEGIN + " only the start", "NEW"));
        assertEquals(Optional.empty(), ReadmeTable.replace(readme + readme, "NEW"));
    }

    @Test
    void regeneratingAStaleTableMakesDevCheckHappyAgain(@TempDir Path dir) throws IOException {
        DevWorkspace ws = DevWorkspace.copy(dir);
        ws.edit("README.md", "| `zero-pad` | 3 | Zero padding | easy |\n", "");
        assertTrue(ws.check().problems().stream().anyMatch(p -> p.fix().contains("run " + ReadmeTable.REGENERATE)));

        assertEquals(ReadmeTable.Outcome.UPDATED, ReadmeTable.regenerate(ws.workspace));
        assertEquals(Files.readString(Repo.workspace().root().resolve("README.md")), ws.read("README.md"));
        assertEquals(ReadmeTable.Outcome.UNCHANGED, ReadmeTable.regenerate(ws.workspace));
    }
}
