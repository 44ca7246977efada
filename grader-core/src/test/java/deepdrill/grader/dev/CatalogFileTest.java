package deepdrill.grader.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import deepdrill.grader.catalog.Exercise;
import deepdrill.grader.verify.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog as dev new edits it: written back exactly as kept, an entry added at the end of its week. */
class CatalogFileTest {

    @Test
    void writesTheCatalogBackExactlyAsItIsKept() throws IOException {
        Path real = Repo.workspace().catalogFile();
        assertEquals(Files.readString(real), CatalogFile.read(real).text());
    }

    @Test
    void addsAnEntryAtTheEndOfItsWeek(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("catalog.json");
        Files.writeString(file, "{\"exercises\": [" + entry("a", 3) + "," + entry("b", 3) + "," + entry("c", 4) + "]}");
        CatalogFile catalog = CatalogFile.read(file);
        catalog.add(new Scaffold("d", 3, "D").entry("easy", null, List.of()), 3);
        catalog.add(new Scaffold("e", 1, "E").entry("easy", null, List.of()), 1);
        catalog.add(new Scaffold("f", 4, "F").entry("easy", null, List.of()), 4);
        catalog.add(new Scaffold("g", 2, "G").entry("easy", null, List.of()), 2);
        catalog.write();
        List<String> ids = CatalogFile.read(file).exercises().stream().map(Exercise::id).toList();
        assertEquals(List.of("e", "g", "a", "b", "d", "c", "f"), ids);
        JsonObject added = CatalogFile.read(file).entries().get(4);
        assertEquals(List.of("id", "week", "title", "difficulty", "file", "hints"), List.copyOf(added.keySet()));
        assertEquals("deepdrill/week3/D.java", added.get("file").getAsString());
    }

    @Test
    void addsAnEntryAtTheEndOfItsSection(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("catalog.json");
        Files.writeString(file, "{\"exercises\": [" + entry("a", 3, "Conv") + "," + entry("b", 3, "Nets") + ","
                + entry("c", 4, "Detection") + "]}");
        CatalogFile catalog = CatalogFile.read(file);
        catalog.add(new Scaffold("d", 3, "D").entry("easy", "Conv", List.of()), 3);
        catalog.add(new Scaffold("e", 3, "E").entry("easy", "Sequences", List.of()), 3);
        catalog.write();
        List<Exercise> read = CatalogFile.read(file).exercises();
        assertEquals(List.of("a", "d", "b", "e", "c"), read.stream().map(Exercise::id).toList());
        assertEquals("Conv", read.get(1).section());
        assertEquals(List.of("id", "week", "title", "difficulty", "section", "file", "hints"),
                List.copyOf(CatalogFile.read(file).entries().get(1).keySet()));
    }

    private static String entry(String id, int week, String section) {
        return "{\"id\": \"" + id + "\", \"week\": " + week + ", \"section\": \"" + section + "\"}";
    }

    private static String entry(String id, int week) {
        return "{\"id\": \"" + id + "\", \"week\": " + week + "}";
    }
}
