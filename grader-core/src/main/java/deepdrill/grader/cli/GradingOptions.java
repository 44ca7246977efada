package deepdrill.grader.cli;

import deepdrill.grader.Device;
import deepdrill.grader.grading.GradeRequest;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The options of a grading run, shared by {@code check}, {@code watch} and {@code bench}, so that
 * the three grade alike: the same defaults, the same names, the same validation.
 */
final class GradingOptions {

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed of the random inputs; the report prints it so a run can be replayed (default: a new one).")
    Long seed;

    @Option(names = "--timeout", defaultValue = GradeRequest.DEFAULT_TIMEOUT_SECONDS, paramLabel = "SECONDS",
            description = "Time limit per task, in seconds (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    /** The seed asked for, or a new one. */
    long seed() {
        return seed != null ? seed : GradeRequest.newSeed();
    }

    /** The time limit per task; a usage error below one second. */
    Duration timeout(String command) {
        if (timeoutSeconds < 1) {
            throw new CommandFailure(ExitCodes.USAGE, "grader " + command + ": --timeout must be at least 1 second.");
        }
        return Duration.ofSeconds(timeoutSeconds);
    }

    /** {@code --device} for the commands whose checks may run on either device. */
    static final class DeviceOption {
        @Option(names = "--device", defaultValue = "cpu", paramLabel = "DEVICE",
                description = "Where PyTorch computes the expected values: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
        Device device;
    }
}
