package deepdrill.grader.cli;

import deepdrill.grader.Implementation;
import deepdrill.grader.Workspace;
import deepdrill.grader.catalog.Catalog;
import deepdrill.grader.catalog.CatalogException;
import deepdrill.grader.catalog.Exercise;
import deepdrill.grader.grading.GradeRequest;
import deepdrill.grader.grading.Grading;
import deepdrill.grader.grading.Subject;
import deepdrill.grader.watch.FileWatcher;
import deepdrill.grader.watch.KeyReader;
import deepdrill.grader.watch.WatchSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code grader watch [target]}: re-checks an exercise every time its file is saved. */
@Command(name = "watch",
        mixinStandardHelpOptions = true,
        description = "Leave it running beside your editor: every save re-checks the exercise you changed.",
        footer = {"", "Examples:", "  ./grader watch", "  ./grader watch week3", "  ./grader watch conv2d-forward --seed 7", "",
                "Keys: h hint, l list, a check all, q quit (without a terminal: the key, then Enter).", "",
                ExitCodes.HELP_SECTION})
final class WatchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "TARGET", description = "What to watch: all (default), a week, or exercise ids.")
    List<String> targets;

    @Mixin
    GradingOptions.DeviceOption device;

    @Mixin
    GradingOptions grading;

    @Override
    public Integer call() throws InterruptedException, IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Workspace workspace = Workspace.fromSystem();
        Catalog catalog = Cli.loadCatalog(workspace, err);
        if (catalog == null) {
            return ExitCodes.INTERNAL;
        }
        List<String> chosen = targets == null || targets.isEmpty() ? List.of("all") : targets;
        List<Exercise> exercises;
        try {
            exercises = catalog.resolve(chosen);
        } catch (CatalogException e) {
            err.println("grader watch: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        if (exercises.isEmpty()) {
            err.println("grader watch: nothing to watch in " + String.join(" ", chosen) + ".");
            return ExitCodes.USAGE;
        }
        GradeRequest like = new GradeRequest(chosen, exercises, Subject.of(workspace, Implementation.EXERCISES),
                grading.seed(), device.device, grading.timeout("watch"));
        Path sources = like.subject().sources();
        try (Grading pipeline = Grading.warm(workspace)) {
            WatchSession session = new WatchSession(workspace, pipeline, like, out, Cli.ansi());
            try (FileWatcher files = new FileWatcher(sources, (changed, at) -> session.offer(new WatchSession.Saved(changed, at)));
                 KeyReader keys = new KeyReader(key -> session.offer(new WatchSession.Key(key)))) {
                Optional<String> fatal = session.run();
                if (fatal.isPresent()) {
                    err.println("grader watch: " + fatal.get());
                    return ExitCodes.USAGE;
                }
            }
        }
        out.println("Bye. Your progress is saved; ./grader status shows it.");
        return ExitCodes.PASSED;
    }
}
