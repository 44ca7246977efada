package deepdrill.grader.cli;

import deepdrill.grader.Workspace;
import deepdrill.grader.dev.DevCheck;
import deepdrill.grader.dev.DevException;
import deepdrill.grader.dev.DevNew;
import deepdrill.grader.dev.Problem;
import deepdrill.grader.dev.ReadmeTable;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code grader dev}: the exercise author's tools; the work is done in {@code deepdrill.grader.dev}. */
@Command(name = "dev",
        mixinStandardHelpOptions = true,
        description = "For exercise authors: scaffold an exercise, check the conventions, regenerate the README table.",
        subcommands = {DevCommand.New.class, DevCommand.Check.class, DevCommand.Readme.class},
        footer = {"", "Adding an exercise (README.md, \"Adding an exercise\", says the rest):",
                "  ./grader dev new ID --week N --title \"...\"   then fill in the files it names",
                "  ./grader dev check                           what is left, and how to fix it", "",
                "Exit codes: 0 done (dev check: no problems), 1 dev check found problems,",
                "2 refused (a bad or taken id, an unknown week, a file already there:",
                "nothing written), 4 internal error."})
final class DevCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("grader dev: say which: new, check or readme.");
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** A refusal or failure of the dev package, as the documented exit code. */
    static CommandFailure failure(DevException e) {
        return new CommandFailure(e.kind() == DevException.Kind.USAGE ? ExitCodes.USAGE : ExitCodes.INTERNAL,
                "grader dev: " + e.getMessage());
    }

    @Command(name = "new", mixinStandardHelpOptions = true,
            description = "Scaffold a new exercise: stub, solution, check, mutant file, catalog entry and README row.",
            footer = {"", "Example:", "  ./grader dev new smooth-l1 --week 4 --title \"Smooth L1 loss\" --difficulty easy \\",
                    "      --hint \"Where to start\" --hint \"Nearly the answer\"", "",
                    "It never overwrites: an id in the catalog, or any of its files already there, is refused (exit 2)."})
    static final class New implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "The new exercise's id, in kebab-case (smooth-l1 makes the class SmoothL1).")
        String id;

        @Option(names = "--week", required = true, paramLabel = "N", description = "The week it belongs to (1 to 4).")
        int week;

        @Option(names = "--title", required = true, description = "The short title learners see in ./grader list.")
        String title;

        @Option(names = "--difficulty", defaultValue = "medium", description = "easy, medium or hard (default: ${DEFAULT-VALUE}).")
        String difficulty;

        @Option(names = "--section", paramLabel = "TEXT", description = "The part of the week it joins, as ./grader list "
                + "heads it (for example \"Sequences and NLP\"); it goes after that section's last exercise.")
        String section;

        @Option(names = "--hint", paramLabel = "TEXT", description = "A hint for the catalog, from gentle to nearly the answer "
                + "(repeat it; at least two in the end, FILL IN placeholders until then).")
        java.util.List<String> hints = new java.util.ArrayList<>();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            DevNew.Result result;
            try {
                result = DevNew.create(Workspace.fromSystem(), id, week, title, difficulty, section, hints);
            } catch (DevException e) {
                throw failure(e);
            }
            out.println("Scaffolded '" + id + "' (week " + week + "):");
            result.created().forEach(f -> out.println("  " + f));
            out.println("  " + result.readme());
            out.println();
            out.println("Fill in the stub, the solution, the check and the mutants: each FILL IN marks what to write.");
            out.println("(The check is part of the grader: the next ./grader command rebuilds it first.)");
            out.println("Then:");
            out.println("  ./grader dev check                        what is left, with how to fix it");
            out.println("  ./grader check " + id + " --solutions     the model answer passes");
            out.println("  ./grader check " + id + "                 the stub is not implemented");
            out.println("  ./mvnw -o -q -pl grader-core -am test -Dtest=MutantsTest -Ddeepdrill.only=" + id
                    + " -Dsurefire.failIfNoSpecifiedTests=false");
            return ExitCodes.PASSED;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Check the catalog, stub/solution twins, checks, mutant files and README table, with how to fix each problem.")
    static final class Check implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            long start = System.nanoTime();
            DevCheck.Report report;
            try {
                report = DevCheck.run(Workspace.fromSystem());
            } catch (DevException e) {
                throw failure(e);
            }
            String elapsed = String.format(java.util.Locale.ROOT, "%.1f s", (System.nanoTime() - start) / 1e9);
            for (Problem p : report.problems()) {
                out.println(p);
            }
            if (report.ok()) {
                out.println("dev check: all conventions hold (" + report.exercises() + " exercises, " + report.mutants()
                        + " mutants, " + elapsed + ").");
                return ExitCodes.PASSED;
            }
            out.println();
            out.println("dev check: " + report.problems().size() + (report.problems().size() == 1 ? " problem" : " problems")
                    + " (" + report.exercises() + " exercises, " + report.mutants() + " mutants, " + elapsed + ").");
            return ExitCodes.NOT_PASSED;
        }
    }

    @Command(name = "readme", mixinStandardHelpOptions = true,
            description = "Regenerate README.md's exercise table (between its exercises:begin/end markers) from the catalog.")
    static final class Readme implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try {
                ReadmeTable.Outcome outcome = ReadmeTable.regenerate(Workspace.fromSystem());
                spec.commandLine().getOut().println(outcome == ReadmeTable.Outcome.UPDATED
                        ? "README.md: exercise table regenerated from exercises/catalog.json."
                        : "README.md: exercise table already up to date.");
                return ExitCodes.PASSED;
            } catch (DevException e) {
                throw failure(e);
            }
        }
    }
}
