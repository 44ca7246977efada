package deepdrill.grader.runner;

import com.google.gson.Gson;
import java.util.List;

/**
 * One run requested of a child in serve mode, as one JSON line on its standard input.
 *
 * @see WarmCheckRunner
 */
final class ServeCommand {

    private static final Gson GSON = new Gson();

    /** The directory of compiled exercise classes to test. */
    String classes;
    /** The seed of this run's inputs. */
    long seed;
    /** The tasks, as {@link TaskRef#toArgument()} strings. */
    List<String> tasks;

    static ServeCommand of(String classes, long seed, List<TaskRef> tasks) {
        ServeCommand c = new ServeCommand();
        c.classes = classes;
        c.seed = seed;
        c.tasks = tasks.stream().map(TaskRef::toArgument).toList();
        return c;
    }

    String toJson() {
        return GSON.toJson(this);
    }

    static ServeCommand fromJson(String json) {
        return GSON.fromJson(json, ServeCommand.class);
    }
}
