package deepdrill.grader.bench;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import deepdrill.grader.jvm.JavaLauncher;
import deepdrill.grader.jvm.OpenBlasCoreType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The grader's side of {@code ./grader train}: starts one {@link TrainHost} JVM with an
 * implementation's classes first on its class path (as {@code bench} runs learner code), with
 * ND4J's OpenMP on one thread as in the check JVMs, relays its events as they come, and collects
 * the figures for the report and the plots.
 */
public final class TrainSession {

    private static final int KEPT_OUTPUT_CHARS = 4000;

    private TrainSession() {
    }

    /** Something the training run reported. */
    public sealed interface Event permits Start, Step, Epoch {
    }

    /** Training begins: this many epochs of this many steps. */
    public record Start(int epochs, int steps, int train, int test) implements Event {
    }

    /** One step's loss, before its update; epochs count from 1. */
    public record Step(int epoch, int step, double loss) implements Event {
    }

    /** The figures after an epoch (epoch 0: before training); seconds is the epoch's training time. */
    public record Epoch(int epoch, double trainLoss, double trainAccuracy, double valLoss, double valAccuracy,
                        double seconds) implements Event {
    }

    /**
     * What a run gave.
     *
     * @param epochs         the evaluations, epoch 0 (before training) first
     * @param steps          every step's loss
     * @param confusion      after the last epoch: rows the true digit, columns the predicted one; null on failure
     * @param failure        why the run stopped early, or null
     * @param notImplemented whether it stopped at a stub
     * @param output         the last lines the learner's code printed
     */
    public record Result(int stepsPerEpoch, List<Epoch> epochs, List<Step> steps, int[][] confusion, String failure,
                         boolean notImplemented, String output) {
    }

    /**
     * @param implementationClasses the compiled classes of the implementation to train
     * @param graderClassPath       the grader's own class path
     * @param events                told about every event as it arrives
     */
    public static Result run(Path implementationClasses, List<String> graderClassPath, int epochs, long seed,
                             Consumer<Event> events) throws InterruptedException {
        List<String> classPath = new ArrayList<>();
        classPath.add(implementationClasses.toString());
        classPath.addAll(graderClassPath);
        ProcessBuilder builder = JavaLauncher.bench(classPath, TrainHost.class.getName(),
                TrainHost.arguments(epochs, seed), OpenBlasCoreType.choose());
        builder.environment().putIfAbsent("OMP_NUM_THREADS", "1");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the training JVM: " + e.getMessage(), e);
        }
        Gson gson = new Gson();
        List<Epoch> evaluations = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        int[][] confusion = null;
        String failure = null;
        boolean notImplemented = false;
        int stepsPerEpoch = 0;
        StringBuilder kept = new StringBuilder();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.startsWith(TrainHost.PREFIX)) {
                    kept.append(line).append('\n');
                    if (kept.length() > KEPT_OUTPUT_CHARS) {
                        kept.delete(0, kept.length() - KEPT_OUTPUT_CHARS);
                    }
                    continue;
                }
                JsonObject event;
                try {
                    event = gson.fromJson(line.substring(TrainHost.PREFIX.length()), JsonObject.class);
                } catch (JsonParseException e) {
                    kept.append(line).append('\n');
                    continue;
                }
                switch (event.get("event").getAsString()) {
                    case "start" -> {
                        Start start = gson.fromJson(event, Start.class);
                        stepsPerEpoch = start.steps();
                        events.accept(start);
                    }
                    case "step" -> {
                        Step step = gson.fromJson(event, Step.class);
                        steps.add(step);
                        events.accept(step);
                    }
                    case "epoch" -> {
                        Epoch epoch = gson.fromJson(event, Epoch.class);
                        evaluations.add(epoch);
                        events.accept(epoch);
                    }
                    case "done" -> confusion = gson.fromJson(event.get("confusion"), int[][].class);
                    case "failed" -> {
                        failure = event.get("message").getAsString();
                        notImplemented = event.get("notImplemented").getAsBoolean();
                    }
                    default -> kept.append(line).append('\n');
                }
            }
        } catch (IOException e) {
            failure = "lost the training JVM's output: " + e.getMessage();
        }
        int code = process.waitFor();
        if (failure == null && confusion == null) {
            String last = kept.toString().strip();
            failure = "the training JVM stopped (exit " + code + ")" + (last.isEmpty() ? "" : ":\n" + last);
        }
        return new Result(stepsPerEpoch, List.copyOf(evaluations), List.copyOf(steps), failure == null ? confusion : null,
                failure, notImplemented, kept.toString());
    }

    /** The second plot's file: {@code curves.png} gives {@code curves-confusion.png}. */
    public static Path confusionFile(Path curves) {
        String name = curves.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String confusion = name.substring(0, dot) + "-confusion" + name.substring(dot);
        return curves.resolveSibling(confusion);
    }

    /** Whether {@code file} names a format the plots can be written in. */
    public static boolean supported(Path file) {
        return BenchPlot.supported(file);
    }
}
