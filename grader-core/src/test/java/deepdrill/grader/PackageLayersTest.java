package deepdrill.grader;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The grader's packages stay layered: a package uses only packages of the layers below its own,
 * so there are no import cycles and nothing reaches up. The layers, from the bottom:
 *
 * <ol>
 *   <li>the root package: the words everything shares (Workspace, Status, Device, ...);</li>
 *   <li>catalog, compile, files, jvm, oracle, protocol: each stands alone;</li>
 *   <li>checks (on the oracle);</li>
 *   <li>runner (the check JVM and its parent side, which runs the checks);</li>
 *   <li>progress, report, bench (on the runner's results);</li>
 *   <li>grading (the pipeline);</li>
 *   <li>watch, dev;</li>
 *   <li>cli, and {@code Main}, which only starts it.</li>
 * </ol>
 */
class PackageLayersTest {

    private static final List<Set<String>> LAYERS = List.of(
            Set.of(""),
            Set.of("catalog", "compile", "files", "jvm", "oracle", "protocol"),
            Set.of("checks"),
            Set.of("runner"),
            Set.of("progress", "report", "bench"),
            Set.of("grading"),
            Set.of("watch", "dev"),
            Set.of("cli"));
    private static final Path SOURCES = Path.of("src/main/java/deepdrill/grader");
    private static final Pattern USE = Pattern.compile("\\bdeepdrill\\.grader\\.(?:([a-z]+)\\.)?[A-Z]");

    @Test
    void everyPackageUsesOnlyTheLayersBelowIt() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(SOURCES)) {
            for (Path file : walk.filter(p -> p.toString().endsWith(".java")).toList()) {
                Path relative = SOURCES.relativize(file);
                String own = relative.getNameCount() == 1 ? "" : relative.getName(0).toString();
                if (relative.toString().equals("Main.java")) {
                    continue;
                }
                int ownLayer = layer(own, relative);
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String code = line.strip();
                    if (code.startsWith("*") || code.startsWith("/*") || code.startsWith("//") || code.startsWith("package ")) {
                        continue;
                    }
                    Matcher m = USE.matcher(code);
                    while (m.find()) {
                        String used = m.group(1) == null ? "" : m.group(1);
                        if (!used.equals(own) && layer(used, relative) >= ownLayer) {
                            violations.add(relative + " uses " + (used.isEmpty() ? "the root package" : used) + ": " + code);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), violations, "a package may only use the layers below its own (see this test's Javadoc)");
    }

    private static int layer(String pkg, Path where) {
        for (int i = 0; i < LAYERS.size(); i++) {
            if (LAYERS.get(i).contains(pkg)) {
                return i;
            }
        }
        throw new AssertionError("package '" + pkg + "' (" + where + ") is in no layer: add it to PackageLayersTest.LAYERS");
    }
}
