package deepdrill.grader.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepdrill.grader.Implementation;
import deepdrill.grader.Workspace;
import deepdrill.grader.catalog.Exercise;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The catalog matches the code: every entry has a stub, a solution and a check whose tests are
 * exactly the listed tasks; stub and solution share their Javadoc and signatures; no check is
 * left out of the catalog.
 */
class CatalogConsistencyTest {

    private static final Pattern JAVADOC = Pattern.compile("/\\*\\*.*?\\*/", Pattern.DOTALL);
    private static final Pattern SIGNATURE = Pattern.compile("^\\s*public [^=\\n]*\\(.*$", Pattern.MULTILINE);

    private final Workspace workspace = Repo.workspace();

    @Test
    void everyEntryHasAStubASolutionAndACheckWithItsTasks() throws Exception {
        for (Exercise e : Checking.catalog().exercises()) {
            Path stub = workspace.sourceRoot(Implementation.EXERCISES).resolve(e.file());
            Path solution = workspace.sourceRoot(Implementation.SOLUTIONS).resolve(e.file());
            assertTrue(Files.isRegularFile(stub), e.id() + ": no stub at " + stub);
            assertTrue(Files.isRegularFile(solution), e.id() + ": no solution at " + solution);
            String stubText = Files.readString(stub, StandardCharsets.UTF_8);
            String solutionText = Files.readString(solution, StandardCharsets.UTF_8);
            assertTrue(stubText.contains("throw new UnsupportedOperationException(\"Not implemented yet"),
                    e.id() + ": the stub's methods must throw UnsupportedOperationException(\"Not implemented yet: ...\")");
            assertFalse(solutionText.contains("Not implemented yet"), e.id() + ": the solution still has a stub body");
            assertEquals(all(JAVADOC, stubText), all(JAVADOC, solutionText),
                    e.id() + ": stub and solution must carry the same Javadoc");
            assertEquals(all(SIGNATURE, stubText), all(SIGNATURE, solutionText),
                    e.id() + ": stub and solution must declare the same public signatures");

            assertFalse(e.tasks().isEmpty(), e.id() + ": " + e.check() + " has no @Test methods");
        }
    }

    @Test
    void everyCheckClassIsInTheCatalog() throws IOException {
        Path checks = workspace.root().resolve("grader-core/src/main/java/deepdrill/grader/checks");
        Set<String> listed = Checking.catalog().exercises().stream().map(Exercise::check).collect(Collectors.toSet());
        try (Stream<Path> walk = Files.walk(checks)) {
            for (Path p : walk.filter(f -> f.getFileName().toString().endsWith("Check.java") && !f.getParent().endsWith("support")).toList()) {
                String name = checks.getParent().getParent().getParent().relativize(p).toString()
                        .replace('/', '.').replaceAll("\\.java$", "");
                assertTrue(listed.contains(name), name + " is not referenced by any exercise in exercises/catalog.json");
            }
        }
    }

    private static List<String> all(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group().strip());
        }
        return found;
    }
}
