package deepdrill.grader.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level {@code grader} command: declares the subcommands, and greets a new learner. */
@Command(name = "grader",
        mixinStandardHelpOptions = true,
        version = "DeepDrill grader 0.1.0",
        description = "Checks your ML and computer-vision interview exercises against PyTorch.",
        subcommands = {ListCommand.class, CheckCommand.class, StatusCommand.class, HintCommand.class,
                SolutionCommand.class, ResetCommand.class, WatchCommand.class, BenchCommand.class, TrainCommand.class,
                DeviceCommand.class, DevCommand.class,
                picocli.AutoComplete.GenerateCompletion.class},
        footer = {"", "Start with:  ./grader list   then   ./grader check week3",
                "For a GPU:   ./grader setup --gpu   (the launcher installs the CUDA build of PyTorch; see README)", "",
                ExitCodes.HELP_SECTION})
public final class GraderCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** The configured command line: exit codes and error handling as documented. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new GraderCommand());
        // --device gpu, GPU or Gpu alike; help and completion show the lower-case names.
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof CommandFailure failure) {
                commandLine.getErr().println(failure.getMessage());
                return failure.exitCode();
            }
            java.util.Optional<String> readOnly = Cli.readOnly(e);
            if (readOnly.isPresent()) {
                commandLine.getErr().println("grader: " + readOnly.get());
                return ExitCodes.INTERNAL;
            }
            commandLine.getErr().println("grader: internal error: " + e);
            if (System.getenv("DEEPDRILL_DEBUG") != null) {
                e.printStackTrace(commandLine.getErr());
            } else {
                commandLine.getErr().println("Set DEEPDRILL_DEBUG=1 for the stack trace, and please report it.");
            }
            return ExitCodes.INTERNAL;
        });
        return cli;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("DeepDrill: implement what ML and computer-vision interviews ask, and have it checked against PyTorch.");
        out.println();
        out.println("  ./grader list              the exercises, by week, with your progress");
        out.println("  ./grader check week3       check every week-3 exercise you have written");
        out.println("  ./grader check conv2d-forward --seed 7   check one exercise on replayable inputs");
        out.println();
        out.println("Your code goes in exercises/src/main/java; each file's Javadoc explains the task.");
        out.println("Run ./grader <command> --help for the details of a command; ./grader watch re-checks on every save.");
        return ExitCodes.PASSED;
    }
}
