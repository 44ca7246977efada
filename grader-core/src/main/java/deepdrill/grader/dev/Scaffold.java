package deepdrill.grader.dev;

/**
 * The files {@code grader dev new} writes for a new exercise: a stub, its solution twin, a check,
 * a mutant file. They compile and are wired as a finished exercise is, and each fails in the way
 * that says what to write next:
 *
 * <ul>
 *   <li>the stub throws {@link deepdrill.grader.LearnerCode#STUB_MARKER}, so the check reports it
 *       as not implemented (the check calls the learner's code before anything else);</li>
 *   <li>the solution returns a copy of its input, and the check fails it with "this check is still
 *       the scaffold: write its oracle", since the oracle is the one part no template can guess;</li>
 *   <li>the mutant (returning the input itself, where a new array is promised) is a real one, which
 *       the scaffolded check already rejects; {@code dev check} asks for a second;</li>
 *   <li>every {@value #PLACEHOLDER} marks text only the author can write (the Javadoc that teaches,
 *       the check's task names and diagnoses, and the hints unless given to dev new), and
 *       {@code dev check} lists each one left.</li>
 * </ul>
 */
final class Scaffold {

    /** Marks what the author still has to write; {@code dev check} reports every file that has one. */
    static final String PLACEHOLDER = "FILL IN";

    private final String id;
    private final int week;
    private final String title;
    private final String name;
    private final String method;

    Scaffold(String id, int week, String title) {
        this.id = id;
        this.week = week;
        this.title = title;
        this.name = ExerciseNames.className(id);
        this.method = ExerciseNames.methodName(id);
    }

    /** The Javadoc of the class, the same in both twins: the headings every stub teaches with. */
    private static final String CLASS_JAVADOC = """
            /**
             * {{title}}: FILL IN what it computes, in one sentence.
             *
             * <h2>The idea</h2>
             * FILL IN: why it exists and where a network uses it, in a short paragraph.
             *
             * <h2>Formula</h2>
             * <pre>
             *   FILL IN: out = ...
             * </pre>
             *
             * <h2>Symbols and shapes</h2>
             * <pre>
             *   N  batch size          D  features
             *
             *   x    (N, D)       FILL IN: the input, in any data type
             *   out  (N, D)       the same data type as x
             * </pre>
             *
             * <h2>The convention</h2>
             * FILL IN: where libraries differ, the convention this exercise follows (the check's oracle
             * follows exactly this one). The input must not change; return a new array.
             *
             * <h2>What interviewers ask</h2>
             * FILL IN: the questions, each with its short answer in parentheses.
             *
             * @see <a href="https://FILL.IN">FILL IN: the paper or the reference page</a>
             */
            """;

    private static final String METHOD_JAVADOC = """
                /**
                 * FILL IN: what it returns.
                 *
                 * @param x input of shape (N, D); not modified
                 * @return a new array of the shape and data type of {@code x}
                 */
            """;

    String stub() {
        return twin("""
                    public static INDArray {{method}}(INDArray x) {
                        // TODO: FILL IN the steps, in a line or two.
                        throw new UnsupportedOperationException("Not implemented yet: {{Name}}.{{method}}");
                    }
                """);
    }

    String solution() {
        return twin("""
                    public static INDArray {{method}}(INDArray x) {
                        // FILL IN: the model answer. The scaffold's copy of x is what its check rejects.
                        return x.dup();
                    }
                """);
    }

    private String twin(String body) {
        return fill("""
                package deepdrill.week{{week}};

                import org.nd4j.linalg.api.ndarray.INDArray;

                """ + CLASS_JAVADOC + """
                public final class {{Name}} {

                    private {{Name}}() {
                    }

                """ + METHOD_JAVADOC + body + "}\n");
    }

    /** The path of the check's source, as the author is told to edit it. */
    String checkPath() {
        return "grader-core/src/main/java/deepdrill/grader/checks/week" + week + "/" + name + "Check.java";
    }

    String check() {
        return fill("""
                package deepdrill.grader.checks.week{{week}};

                import ai.djl.ndarray.NDArray;
                import ai.djl.ndarray.NDManager;
                import deepdrill.grader.checks.support.Compare;
                import deepdrill.grader.checks.support.ExerciseCheck;
                import deepdrill.grader.checks.support.Guarded;
                import deepdrill.grader.checks.support.Inputs;
                import deepdrill.grader.checks.support.Mistake;
                import deepdrill.grader.checks.support.Nchw;
                import deepdrill.grader.oracle.TorchOracle;
                import deepdrill.week{{week}}.{{Name}};
                import java.util.Random;
                import org.junit.jupiter.api.DisplayName;
                import org.junit.jupiter.api.Test;
                import org.nd4j.linalg.api.ndarray.INDArray;
                import org.opentest4j.AssertionFailedError;

                /**
                 * Checks {@code {{id}}}. FILL IN: the oracle (a PyTorch operation through DJL whose convention
                 * matches the exercise, or the formula in NDArray operations; never the model solution).
                 */
                @ExerciseCheck
                class {{Name}}Check {

                    /** FILL IN: a mistake learners make, as a sentence that follows "Looks like you ". */
                    private static final String MISTAKE = "FILL IN: what the learner did wrong, and what is right.";

                    // One @Test per task, easy cases first; the method name is the task's name.
                    @Test
                    @DisplayName("FILL IN: what this task checks, as a learner reads it")
                    void basics(NDManager manager, Random random) {
                        check(manager, Inputs.normal(random, 2, 3));
                        check(manager, Inputs.normal(random, 1, 1));
                    }

                    private static void check(NDManager manager, INDArray x) {
                        // The learner's code runs first, on copies: an untouched stub ends the task here, as not
                        // implemented. (Guarded.call where the exercise need not return a new array.)
                        INDArray actual = Guarded.fresh(in -> {{Name}}.{{method}}(in.copy("x", x)));

                        NDArray tx = TorchOracle.toTorch(manager, x);
                        Compare.assertClose("{{method}}(x " + Nchw.shape(x) + ")", oracle(tx, x), actual,
                                new Mistake<>(MISTAKE, () -> null));
                    }

                    /** The expected answer, computed by PyTorch. */
                    private static INDArray oracle(NDArray tx, INDArray x) {
                        throw new AssertionFailedError("{{Name}}Check is still the scaffold of ./grader dev new: write its "
                                + "oracle and its tasks in {{checkPath}}");
                    }
                }
                """);
    }

    /** The scaffold's one mutant: the solution returns its input itself, which the check already catches. */
    String mutants() {
        return fill("""
                {
                  "mutants": [
                    {
                      "name": "returns-its-input",
                      "file": "{{file}}",
                      "replace": "return x.dup();",
                      "with": "return x;",
                      "diagnosis": "where a new array is promised"
                    }
                  ]
                }
                """);
    }

    /**
     * The catalog entry, in the catalog's field order.
     *
     * @param section the part of the week it belongs to, or null for none
     * @param hints   the author's hints, if given on the command line; placeholders make up two
     */
    com.google.gson.JsonObject entry(String difficulty, String section, java.util.List<String> hints) {
        com.google.gson.JsonObject entry = new com.google.gson.JsonObject();
        entry.addProperty("id", id);
        entry.addProperty("week", week);
        entry.addProperty("title", title);
        entry.addProperty("difficulty", difficulty);
        if (section != null) {
            entry.addProperty("section", section);
        }
        entry.addProperty("file", ExerciseNames.file(id, week));
        com.google.gson.JsonArray list = new com.google.gson.JsonArray();
        hints.forEach(list::add);
        if (list.size() < 1) {
            list.add("FILL IN: a gentle first hint (where to start).");
        }
        if (list.size() < 2) {
            list.add("FILL IN: a hint that nearly gives the answer.");
        }
        entry.add("hints", list);
        return entry;
    }

    private String fill(String template) {
        return template.replace("{{checkPath}}", checkPath()).replace("{{file}}", ExerciseNames.file(id, week))
                .replace("{{title}}", title).replace("{{Name}}", name).replace("{{method}}", method)
                .replace("{{week}}", Integer.toString(week)).replace("{{id}}", id);
    }
}
