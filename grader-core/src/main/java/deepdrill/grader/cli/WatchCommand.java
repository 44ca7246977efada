package deepdrill.grader.cli;

import deepdrill.grader.Implementation;
import deepdrill.grader.Workspace;
import deepdrill.grader.catalog.Catalog;
import deepdrill.grader.catalog.CatalogException;
import deepdrill.grader.catalog.Exercise;
import deepdrill.grader.oracle.DeviceUnavailableException;
import deepdrill.grader.runner.RunOptions;
import deepdrill.grader.runner.WarmCheckRunner;
import deepdrill.grader.watch.FileWatcher;
import deepdrill.grader.watch.KeyReader;
import deepdrill.grader.watch.WatchSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code grader watch [target]}: re-checks an exercise every time its file is saved. */
@Command(name = "watch",
        mixinStandardHelpOptions = true,
        description = "Leave it running beside your editor: every save re-checks the exercise you changed.",
        footer = {"", "Examples:", "  ./grader watch", "  ./grader watch week3", "",
                "Keys: h hint, l list, a check all, q quit (without a terminal: the key, then Enter).", "",
                ExitCodes.HELP_SECTION})
final class WatchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "TARGET", description = "What to watch: all (default), a week, or exercise ids.")
    List<String> targets;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "DEVICE",
            description = "Where PyTorch computes the expected values: cpu, gpu, auto (default: ${DEFAULT-VALUE}).")
    CheckCommand.DeviceChoice device;

    @Option(names = "--timeout", defaultValue = "10", paramLabel = "SECONDS", description = "Time limit per task (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

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
        if (exercises.isEmpty() || timeoutSeconds < 1) {
            err.println("grader watch: nothing to watch in " + String.join(" ", chosen) + " (or a --timeout below 1).");
            return ExitCodes.USAGE;
        }
        RunOptions options = new RunOptions(device.name(), new SecureRandom().nextInt(1_000_000),
                Duration.ofSeconds(timeoutSeconds), RunOptions.defaults(0).maxHeapMb());
        Path sources = workspace.sourceRoot(Implementation.EXERCISES);
        try (WarmCheckRunner runner = new WarmCheckRunner(workspace.graderClassPath(), options)) {
            runner.warmUp();
            WatchSession session = new WatchSession(workspace, exercises, chosen, runner, out, Cli.ansi(), options.seed());
            try (FileWatcher files = new FileWatcher(sources, (changed, at) -> session.offer(new WatchSession.Saved(changed, at)));
                 KeyReader keys = new KeyReader(key -> session.offer(new WatchSession.Key(key)))) {
                session.run();
            }
        } catch (DeviceUnavailableException e) {
            err.println("grader watch: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        out.println("Bye. Your progress is saved; ./grader status shows it.");
        return ExitCodes.PASSED;
    }
}
