package deepdrill.grader.report;

import com.google.gson.GsonBuilder;
import deepdrill.grader.runner.ExerciseResult;
import deepdrill.grader.runner.RunResult;
import deepdrill.grader.Status;
import deepdrill.grader.runner.TaskResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The machine-readable report: one JSON document on standard output, nothing else. Its fields are
 * listed in the README ("JSON output"); field names are snake_case and stable.
 */
public final class JsonReport {

    private JsonReport() {
    }

    public static void write(PrintWriter out, CheckReport report) {
        RunResult result = report.result();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("target", report.target());
        doc.put("implementation", report.implementation().directory());
        doc.put("device", result.device().wireName());
        doc.put("engine", result.engine());
        doc.put("seed", report.seed());
        doc.put("elapsed_ms", report.elapsedMillis());
        List<Map<String, Object>> exercises = new ArrayList<>();
        for (ExerciseResult e : result.exercises()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", e.exercise().id());
            entry.put("week", e.exercise().week());
            entry.put("title", e.exercise().title());
            entry.put("status", e.status().wireName());
            entry.put("file", report.fileOf(e.exercise()));
            List<Map<String, Object>> tasks = new ArrayList<>();
            for (TaskResult t : e.tasks()) {
                Map<String, Object> task = new LinkedHashMap<>();
                task.put("name", t.name());
                task.put("title", t.title());
                task.put("status", t.status().wireName());
                task.put("message", t.message());
                task.put("output", t.output());
                task.put("elapsed_ms", t.millis());
                tasks.add(task);
            }
            entry.put("tasks", tasks);
            exercises.add(entry);
        }
        doc.put("exercises", exercises);
        Map<String, Object> summary = new LinkedHashMap<>();
        for (Status s : List.of(Status.PASSED, Status.FAILED, Status.NOT_IMPLEMENTED, Status.ERROR, Status.TIMEOUT, Status.CRASHED,
                Status.COMPILE_ERROR)) {
            summary.put(s.wireName(), result.count(s));
        }
        doc.put("summary", summary);
        Map<String, Object> timings = new LinkedHashMap<>();
        timings.put("compile_ms", report.compileMillis());
        timings.put("jvm_start_ms", result.jvmStartMillis());
        timings.put("engine_start_ms", result.engineStartMillis());
        timings.put("checks_ms", result.checksMillis());
        timings.put("child_jvms", result.childJvms());
        doc.put("timings", timings);
        out.println(new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(doc));
        out.flush();
    }

    /** The document for a run that stopped at compilation: no exercise ran. */
    public static void writeCompileErrors(PrintWriter out, List<String> targets, String implementation, List<String> errors) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("target", String.join(" ", targets));
        doc.put("implementation", implementation);
        doc.put("status", "compile_error");
        doc.put("compile_errors", errors);
        out.println(new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(doc));
        out.flush();
    }
}
