package deepdrill.grader.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepdrill.grader.LearnerCode;
import deepdrill.grader.verify.Repo;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/**
 * dev new scaffolds an exercise whose every part fails in the expected way: the solution and the
 * check compile, the stub is "not implemented", the check fails the solution with "write this
 * check", the mutant file is valid; and it refuses, writing nothing, what it must not do.
 */
class DevNewTest {

    private static final String STUB = "exercises/src/main/java/deepdrill/week4/SmoothL1.java";
    private static final String SOLUTION = "solutions/src/main/java/deepdrill/week4/SmoothL1.java";
    private static final String CHECK = "grader-core/src/main/java/deepdrill/grader/checks/week4/SmoothL1Check.java";
    private static final String MUTANTS = DevLayout.MUTANTS + "/smooth-l1.json";
    private static final String ORIGINAL = "grader-core/src/main/resources/pristine-stubs/deepdrill/week4/SmoothL1.java.txt";

    @TempDir
    Path dir;

    @Test
    void scaffoldsFourFilesACatalogEntryAndTheReadmeRow() throws IOException {
        DevWorkspace ws = DevWorkspace.copy(dir);
        DevNew.Result result = DevNew.create(ws.workspace, "smooth-l1", 4, "Smooth L1 loss", "easy", null, List.of());

        assertEquals(List.of(STUB, ORIGINAL, SOLUTION, CHECK, MUTANTS, "exercises/catalog.json (entry added)"),
                result.created());
        assertEquals(Files.readString(ws.file(STUB)), Files.readString(ws.file(ORIGINAL)), "reset restores the stub");
        assertEquals("deepdrill.grader.checks.week4.SmoothL1Check", result.check());
        for (String f : List.of(STUB, SOLUTION, CHECK, MUTANTS)) {
            assertTrue(Files.isRegularFile(ws.file(f)), f);
        }
        List<String> ids = CatalogFile.read(ws.workspace.catalogFile()).exercises().stream().map(e -> e.id()).toList();
        // The end of week 4 is the end of the catalog today; a week-1 exercise would come first.
        assertEquals("smooth-l1", ids.get(ids.size() - 1));
        assertTrue(ws.read("README.md").contains("| `smooth-l1` | 4 | Smooth L1 loss | easy |"), result.readme());
        assertTrue(result.readme().contains("new row"), result.readme());
    }

    @Test
    void devCheckAsksOnlyForWhatTheAuthorMustWrite() throws IOException {
        DevWorkspace ws = DevWorkspace.copy(dir);
        DevNew.create(ws.workspace, "smooth-l1", 4, "Smooth L1 loss", "easy", null, List.of());
        List<Problem> problems = ws.check().problems();

        List<String> where = problems.stream().map(Problem::where).toList();
        assertEquals(List.of(MUTANTS, "exercises/catalog.json (smooth-l1)", STUB, SOLUTION, CHECK), where, problems.toString());
        assertTrue(problems.get(0).what().contains("has 1 mutant"), problems.toString());
        assertTrue(problems.subList(1, 5).stream().allMatch(p -> p.what().contains(Scaffold.PLACEHOLDER)), problems.toString());
    }

    @Test
    void theScaffoldCompilesTheStubIsNotImplementedAndTheCheckAsksToBeWritten(@TempDir Path out) throws Exception {
        DevWorkspace ws = DevWorkspace.copy(dir);
        DevNew.create(ws.workspace, "smooth-l1", 4, "Smooth L1 loss", "easy", null, List.of());
        List<String> libraries = Repo.workspace().exerciseClassPath();
        Path stubClasses = compile(out.resolve("stub"), libraries, ws.file(STUB));
        Path solutionClasses = compile(out.resolve("solution"), libraries, ws.file(SOLUTION));
        List<String> graderPath = new ArrayList<>(Repo.workspace().graderClassPath());
        graderPath.add(solutionClasses.toString());
        Path checkClasses = compile(out.resolve("check"), graderPath, ws.file(CHECK));

        try (URLClassLoader stub = new URLClassLoader(new URL[] {stubClasses.toUri().toURL()}, getClass().getClassLoader())) {
            Method m = stub.loadClass("deepdrill.week4.SmoothL1").getMethod("smoothL1", org.nd4j.linalg.api.ndarray.INDArray.class);
            InvocationTargetException thrown = assertThrows(InvocationTargetException.class, () -> m.invoke(null, (Object) null));
            assertTrue(LearnerCode.isStubException(thrown.getCause()), thrown.getCause().toString());
        }
        try (URLClassLoader check = new URLClassLoader(new URL[] {checkClasses.toUri().toURL(), solutionClasses.toUri().toURL()},
                getClass().getClassLoader())) {
            Method oracle = check.loadClass("deepdrill.grader.checks.week4.SmoothL1Check").getDeclaredMethod("oracle",
                    ai.djl.ndarray.NDArray.class, org.nd4j.linalg.api.ndarray.INDArray.class);
            oracle.setAccessible(true);
            InvocationTargetException thrown = assertThrows(InvocationTargetException.class, () -> oracle.invoke(null, null, null));
            AssertionFailedError failure = assertInstanceOf(AssertionFailedError.class, thrown.getCause());
            assertTrue(failure.getMessage().contains("still the scaffold of ./grader dev new: write its oracle and its tasks in "
                    + CHECK), failure.getMessage());
        }

        // The mutant applies to the scaffolded solution in exactly one place, and still compiles.
        MutantFile mutants = MutantFile.read(ws.file(MUTANTS));
        assertEquals("smooth-l1", mutants.exercise());
        MutantFile.Entry m = mutants.mutants().get(0);
        String solution = ws.read(SOLUTION);
        assertEquals(1, MutantFile.occurrences(solution, m.replace()));
        ws.write("mutated/" + m.file(), solution.replace(m.replace(), m.with()));
        compile(out.resolve("mutant"), libraries, ws.file("mutated/" + m.file()));
    }

    private static Path compile(Path classes, List<String> classPath, Path source) throws IOException {
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-proc:none", "-d", classes.toString(), "-cp", String.join(File.pathSeparator, classPath),
                source.toString());
        assertEquals(0, rc, source + " does not compile (javac's messages are above)");
        return classes;
    }

    @Test
    void refusesWithoutWritingAnything() throws IOException {
        DevWorkspace ws = DevWorkspace.copy(dir);
        ws.write(STUB.replace("SmoothL1", "TakenFile"), "package deepdrill.week4;\n");
        Map<String, String> before = ws.snapshot();

        refused(ws, "zero-pad", 3, "Zero padding", "easy", "'zero-pad' is already an exercise in exercises/catalog.json");
        for (String bad : List.of("Smooth_L1", "smoothL1", "3d-conv", "smooth--l1", "-smooth", "")) {
            refused(ws, bad, 4, "Smooth L1", "easy", "is not an exercise id: write it in kebab-case");
        }
        refused(ws, "smooth-l1", 5, "Smooth L1", "easy", "there is no week 5: the curriculum has weeks 1 to 4");
        refused(ws, "smooth-l1", 0, "Smooth L1", "easy", "there is no week 0");
        refused(ws, "smooth-l1", 4, " ", "easy", "the title is empty");
        refused(ws, "smooth-l1", 4, "Smooth */ L1", "easy", "one line of plain text");
        refused(ws, "smooth-l1", 4, "Smooth L1", "brutal", "difficulty 'brutal' is not one of [easy, medium, hard]");
        refused(ws, "taken-file", 4, "Taken", "easy", "will not overwrite exercises/src/main/java/deepdrill/week4/TakenFile.java;");

        assertEquals(before, ws.snapshot(), "a refused dev new changed the workspace");
    }

    private static void refused(DevWorkspace ws, String id, int week, String title, String difficulty, String message) {
        DevException e = assertThrows(DevException.class, () -> DevNew.create(ws.workspace, id, week, title, difficulty, null, List.of()));
        assertEquals(DevException.Kind.USAGE, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void hintsGivenOnTheCommandLineNeedNoPlaceholder() throws IOException {
        DevWorkspace ws = DevWorkspace.copy(dir);
        DevException blank = assertThrows(DevException.class,
                () -> DevNew.create(ws.workspace, "smooth-l1", 4, "Smooth L1", "easy", null, List.of(" ")));
        assertTrue(blank.getMessage().contains("a --hint is empty"), blank.getMessage());

        DevNew.create(ws.workspace, "smooth-l1", 4, "Smooth L1 loss", "easy", null, List.of("Start with |d|.", "Divide by beta."));
        assertEquals(List.of("Start with |d|.", "Divide by beta."),
                CatalogFile.read(ws.workspace.catalogFile()).exercises().stream().filter(e -> e.id().equals("smooth-l1"))
                        .findFirst().orElseThrow().hints());
        assertTrue(ws.check().problems().stream().noneMatch(p -> p.where().startsWith("exercises/catalog.json")));
    }

    @Test
    void namesFollowTheId() {
        assertEquals("SmoothL1", ExerciseNames.className("smooth-l1"));
        assertEquals("smoothL1", ExerciseNames.methodName("smooth-l1"));
        assertEquals("Conv2dForward", ExerciseNames.className("conv2d-forward"));
        assertEquals("compute", ExerciseNames.methodName("new"));
        assertEquals("deepdrill/week1/KMeans.java", ExerciseNames.file("k-means", 1));
    }
}
