package deepdrill.grader.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogTest {

    private static Exercise exercise(String id, int week) {
        return new Exercise(id, week, "Title " + id, "easy", null, "deepdrill/X.java", List.of(),
                List.of("hint one", "hint two"), List.of("task"));
    }

    private final Catalog catalog = new Catalog(List.of(
            exercise("conv-output-size", 3), exercise("zero-pad", 3), exercise("iou", 4)));

    @Test
    void resolvesAllWeeksAndIdsInCatalogOrderWithoutRepeats() {
        assertEquals(3, catalog.resolve(List.of("all")).size());
        assertEquals(List.of("conv-output-size", "zero-pad"), ids(catalog.resolve(List.of("week3"))));
        assertEquals(List.of("conv-output-size", "iou"), ids(catalog.resolve(List.of("iou", "conv-output-size", "iou"))));
    }

    @Test
    void anUnknownTargetSuggestsTheClosestId() {
        CatalogException e = assertThrows(CatalogException.class, () -> catalog.resolve(List.of("zero-padd")));
        assertEquals("unknown exercise or week 'zero-padd'. Did you mean 'zero-pad'? Run './grader list' to see every "
                + "exercise id.", e.getMessage());
    }

    @Test
    void aWeekWithoutExercisesResolvesToNothing() {
        assertEquals(List.of(), catalog.resolve(List.of("week1")));
    }

    @Test
    void duplicateIdsAndMissingHintsAreRejected() {
        Exercise noHints = new Exercise("bad", 3, "t", "easy", null, "X.java", List.of(), List.of("only one"), List.of("t"));
        CatalogException e = assertThrows(CatalogException.class,
                () -> new Catalog(List.of(exercise("a", 3), exercise("a", 3), noHints)));
        assertTrue(e.getMessage().contains("exercise 'a': the id is used twice"), e.getMessage());
        assertTrue(e.getMessage().contains("exercise 'bad': needs at least two non-empty hints"), e.getMessage());
    }

    @Test
    void aBrokenFileIsReportedNotThrownRaw(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("catalog.json");
        Files.writeString(file, "{ \"exercises\": [ {\"id\": ");
        CatalogException e = assertThrows(CatalogException.class, () -> Catalog.load(file));
        assertTrue(e.getMessage().contains("is not valid JSON"), e.getMessage());
    }

    private static List<String> ids(List<Exercise> exercises) {
        return exercises.stream().map(Exercise::id).toList();
    }
}
