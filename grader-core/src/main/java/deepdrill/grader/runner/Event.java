package deepdrill.grader.runner;

import com.google.gson.Gson;

/**
 * One line of the child-to-parent protocol. The child prints each event as a JSON object on one
 * line, prefixed with a per-run nonce, so that nothing the learner's code prints can be taken for
 * an event.
 *
 * <p>Types: {@code ready} (engine started: device, engine, timings), {@code fatal} (the child
 * cannot run checks: message, exitCode), {@code task-start} (exercise, task), {@code task-end}
 * (exercise, task, title, status, message, output, millis), {@code done}.
 */
public final class Event {

    private static final Gson GSON = new Gson();

    public String type;
    public String exercise;
    public String task;
    public String title;
    public String status;
    public String message;
    public String output;
    public String device;
    public String engine;
    public Long millis;
    public Long jvmStartMillis;
    public Long engineStartMillis;
    public Integer exitCode;

    public static Event of(String type) {
        Event e = new Event();
        e.type = type;
        return e;
    }

    public String toJson() {
        return GSON.toJson(this);
    }

    public static Event fromJson(String json) {
        return GSON.fromJson(json, Event.class);
    }
}
