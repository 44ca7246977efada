package deepdrill.grader.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dev check finds each kind of problem, with its fix. One copy of the workspace gets one breakage
 * per exercise (each exercise broken in one way only, so the problems do not overlap) and is
 * checked once; every test then looks for its own problem, and the last one proves that nothing
 * else was reported.
 */
class DevCheckTest {

    private static final String EX = "exercises/src/main/java/deepdrill/";
    private static final String SOL = "solutions/src/main/java/deepdrill/";
    private static final String CHECKS = "grader-core/src/main/java/deepdrill/grader/checks/";
    private static final String MUTANTS = DevLayout.MUTANTS + "/";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    @TempDir
    static Path dir;
    private static List<Problem> problems;
    private static final List<Expected> EXPECTED = new ArrayList<>();

    /** A problem a test expects: texts its where, what and fix contain. */
    private record Expected(String where, String what, String fix) {
        boolean matches(Problem p) {
            return p.where().contains(where) && p.what().contains(what) && p.fix().contains(fix);
        }
    }

    @BeforeAll
    static void breakOneThingPerExercise() throws IOException {
        DevWorkspace ws = DevWorkspace.copy(dir);
        breakCatalog(ws);
        // Twins.
        Files.delete(ws.file(EX + "week3/GlobalAvgPool.java"));
        ws.edit(SOL + "week3/Flatten.java", "backward(INDArray dout, long[] inputShape)", "backward(INDArray dout, int[] inputShape)");
        ws.edit(SOL + "week3/ConvParams.java", "@return {@code in * out + (bias ? out : 0)}", "@return the count");
        ws.edit(EX + "week3/ZeroPad.java", "throw new UnsupportedOperationException(\"Not implemented yet: ZeroPad.zeroPad\");",
                "return x.dup();");
        String layerNorm = ws.read(SOL + "week3/LayerNorm.java");
        ws.write(SOL + "week3/LayerNorm.java", layerNorm.substring(0, layerNorm.lastIndexOf('}'))
                + "    private static void later() {\n        throw new UnsupportedOperationException(\"Not implemented yet: later\");\n    }\n}\n");
        ws.edit(SOL + "week3/EarlyStopping.java", "package deepdrill.week3;", "package deepdrill.week4;");
        ws.edit(EX + "week3/LrSchedules.java", "public final class LrSchedules {", "public final class LrSchedules { int broken = ;");
        // Checks.
        Files.delete(ws.file(CHECKS + "week4/AnchorsCheck.java"));
        ws.write(CHECKS + "week4/IouCheck.java", ws.read(CHECKS + "week4/IouCheck.java").replace("    @Test\n", ""));
        ws.write(CHECKS + "week4/StrayCheck.java", "package deepdrill.grader.checks.week4;\n\nclass StrayCheck {\n"
                + "    @org.junit.jupiter.api.Test\n    void task() {\n    }\n}\n");
        breakMutants(ws);
        // A placeholder left in a stub.
        ws.write(EX + "week3/Optimizers.java", "// FILL IN: the teaching text\n" + ws.read(EX + "week3/Optimizers.java"));
        problems = ws.check().problems();
    }

    private static void breakCatalog(DevWorkspace ws) throws IOException {
        JsonObject catalog = JsonParser.parseString(ws.read("exercises/catalog.json")).getAsJsonObject();
        JsonArray entries = catalog.getAsJsonArray("exercises");
        for (int i = 0; i < entries.size(); i++) {
            JsonObject e = entries.get(i).getAsJsonObject();
            switch (e.get("id").getAsString()) {
                case "dropout" -> {
                    JsonArray one = new JsonArray();
                    one.add(e.getAsJsonArray("hints").get(0));
                    e.add("hints", one);
                }
                case "weight-init" -> {
                    JsonArray tasks = new JsonArray();
                    tasks.add("basics");
                    e.add("tasks", tasks);
                }
                case "regularization" -> e.getAsJsonArray("hints").set(0, new com.google.gson.JsonPrimitive("FILL IN: a hint"));
                case "se-block" -> e.addProperty("week", 3);
                case "batchnorm" -> e.addProperty("difficulty", "brutal");
                case "mlp-forward" -> e.addProperty("title", "Two-layer MLP forward, retitled");
                case "gradient-check" -> e.addProperty("section", "Conv arithmetic");
                default -> {
                }
            }
        }
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).getAsJsonObject().get("id").getAsString().equals("conv-output-size")) {
                entries.add(entries.get(i).deepCopy());
                break;
            }
        }
        ws.write("exercises/catalog.json", GSON.toJson(catalog) + "\n");
    }

    private static void breakMutants(DevWorkspace ws) throws IOException {
        ws.write(MUTANTS + "box-convert.json", "{ \"mutants\": [ not json");
        ws.write(MUTANTS + "mean-ap.json", """
                {"mutants": [
                  {"name": "absent", "file": "deepdrill/week4/MeanAp.java", "replace": "THIS IS NOT IN THE FILE", "with": "x"},
                  {"name": "absent", "file": "deepdrill/week4/MeanAp.java", "replace": "}", "with": "]"},
                  {"name": "same", "file": "deepdrill/week4/MeanAp.java", "replace": "package deepdrill.week4;", "with": "package deepdrill.week4;"},
                  {"name": "elsewhere", "file": "deepdrill/week4/NoSuchFile.java", "replace": "a", "with": "b"}
                ]}
                """);
        ws.write(MUTANTS + "no-such-exercise.json", ws.read(MUTANTS + "nms.json"));
        // The optional "exercise" field must agree with the file's name.
        ws.edit(MUTANTS + "nms.json", "\"mutants\": [", "\"exercise\": \"iou\", \"mutants\": [");
        JsonObject roi = JsonParser.parseString(ws.read(MUTANTS + "roi-align.json")).getAsJsonObject();
        JsonArray first = new JsonArray();
        first.add(roi.getAsJsonArray("mutants").get(0));
        roi.add("mutants", first);
        ws.write(MUTANTS + "roi-align.json", GSON.toJson(roi));
        Files.delete(ws.file(MUTANTS + "seg-metrics.json"));
    }

    private static void expect(String where, String what, String fix) {
        Expected expected = new Expected(where, what, fix);
        EXPECTED.add(expected);
        assertTrue(problems.stream().anyMatch(expected::matches), "no problem like " + expected + " among:\n"
                + String.join("\n", problems.stream().map(Problem::toString).toList()));
    }

    @Test
    void catalogEntries() {
        expect("exercises/catalog.json (dropout)", "has 1 non-empty hints", "at least two");
        expect("exercises/catalog.json (weight-init)", "the field \"tasks\"", "its tasks from the check's @Test methods");
        expect("exercises/catalog.json (se-block)", "is in week 4's package, but the entry says week 3", "make the week and the package agree");
        expect("exercises/catalog.json (batchnorm)", "difficulty 'brutal' is unknown", "[easy, medium, hard]");
        expect("exercises/catalog.json (conv-output-size)", "used by an earlier entry too", "give one of them another id");
        expect("exercises/catalog.json (gradient-check)", "is in section \"Conv arithmetic\" of week 3, but other sections come",
                "move it next to the other entries");
    }

    @Test
    void twins() {
        expect(EX + "week3/GlobalAvgPool.java", "is missing: the stub of 'global-avg-pool'", "./grader dev new");
        expect(SOL + "week3/Flatten.java", "backward(INDArray dout, int[] inputShape)`, which the stub does not", "same classes, methods and signatures");
        expect(EX + "week3/Flatten.java", "backward(INDArray dout, long[] inputShape)`, which the solution does not", "same classes");
        expect(SOL + "week3/ConvParams.java", "its Javadoc differs from the stub's", "copy the stub's Javadoc");
        expect(EX + "week3/ZeroPad.java", "ZeroPad.zeroPad(INDArray x, int padH, int padW) is neither the stub's throw",
                "Not implemented yet: ZeroPad.zeroPad");
        expect(EX + "week3/ZeroPad.java", "has no stub body", "throw new UnsupportedOperationException");
        expect(SOL + "week3/LayerNorm.java", "still has a stub body", "write the model answer");
        expect(SOL + "week3/EarlyStopping.java", "declares deepdrill.week4.EarlyStopping, where its path makes it deepdrill.week3.EarlyStopping",
                "package line");
        expect(EX + "week3/LrSchedules.java", "does not parse: line ", "syntax error");
    }

    @Test
    void checks() {
        expect(CHECKS + "week4/AnchorsCheck.java", "is missing: the check of 'anchors'", "@ExerciseCheck");
        expect(CHECKS + "week4/IouCheck.java", "has no @Test methods", "one @Test method per task");
        expect(CHECKS + "week4/StrayCheck.java", "is the check of no exercise", "add its exercise to the catalog");
    }

    @Test
    void mutants() {
        expect(MUTANTS + "box-convert.json", "is not a mutant file", "format");
        expect(MUTANTS + "mean-ap.json (absent)", "occurs 0 times", "copy the text from the solution");
        expect(MUTANTS + "mean-ap.json (absent)", "the name is used twice", "its own name");
        expect(MUTANTS + "mean-ap.json (absent)", "times in solutions/src/main/java/deepdrill/week4/MeanAp.java, not once", "until the text is unique");
        expect(MUTANTS + "mean-ap.json (same)", "replaces its text with the same text", "wrong answer");
        expect(MUTANTS + "mean-ap.json (elsewhere)", "not a solution file", "deepdrill/week4/MeanAp.java");
        expect(MUTANTS + "mean-ap.json", "no mutant declares a \"diagnosis\"", "MutantsTest");
        expect(MUTANTS + "no-such-exercise.json", "is named after no exercise", "<id>.json");
        expect(MUTANTS + "nms.json", "says \"exercise\": \"iou\", but its name makes it nms's", "format");
        expect(MUTANTS + "roi-align.json", "has 1 mutant", "at least one more");
        expect(MUTANTS + "seg-metrics.json", "is missing: 'seg-metrics' has no mutants", "at least two");
    }

    @Test
    void placeholdersAndTheReadme() {
        expect(EX + "week3/Optimizers.java", "FILL IN on line 1", "write what each FILL IN asks for");
        expect("exercises/catalog.json (regularization)", "still says FILL IN", "write the hints");
        expect("README.md", "the exercise table is not the one exercises/catalog.json makes", "run ./grader dev readme");
    }

    /** Test order is not promised, so this one declares every expectation itself before looking for the rest. */
    @Test
    void nothingElseIsReported() {
        catalogEntries();
        twins();
        checks();
        mutants();
        placeholdersAndTheReadme();
        List<Problem> unexpected = problems.stream().filter(p -> EXPECTED.stream().noneMatch(e -> e.matches(p))).toList();
        assertEquals(List.of(), unexpected);
    }

    @Test
    void aCatalogThatIsNotJsonIsTheOneProblem(@TempDir Path other) throws IOException {
        DevWorkspace ws = DevWorkspace.copy(other);
        ws.write("exercises/catalog.json", "{\"exercises\": [");
        List<Problem> found = ws.check().problems();
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.get(0).what().contains("is not valid JSON"), found.toString());
        assertTrue(found.get(0).fix().contains("git diff exercises/catalog.json"), found.toString());
    }

    @Test
    void aReadmeWithoutMarkersIsReportedAndRegenerationRefusesIt(@TempDir Path other) throws IOException {
        DevWorkspace ws = DevWorkspace.copy(other);
        ws.write("README.md", ws.read("README.md").replace(ReadmeTable.END, ""));
        List<Problem> found = ws.check().problems();
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.get(0).what().contains("has no exercise table markers"), found.toString());
        DevException refused = org.junit.jupiter.api.Assertions.assertThrows(DevException.class,
                () -> ReadmeTable.regenerate(ws.workspace));
        assertEquals(DevException.Kind.USAGE, refused.kind());
        assertTrue(refused.getMessage().contains(ReadmeTable.END), refused.getMessage());
    }
}
