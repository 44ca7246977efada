package deepdrill.grader.protocol;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.Map;

/**
 * The wire format of the protocol: one JSON object per line. An event carries its kind in
 * {@code "type"} (the record's simple name) next to the record's own fields.
 */
public final class EventCodec {

    private static final Gson GSON = new Gson();
    private static final String TYPE = "type";
    private static final Map<String, Class<? extends ChildEvent>> TYPES = Map.of(
            "Ready", ChildEvent.Ready.class,
            "NoDevice", ChildEvent.NoDevice.class,
            "EngineFailed", ChildEvent.EngineFailed.class,
            "RunStarted", ChildEvent.RunStarted.class,
            "TaskStarted", ChildEvent.TaskStarted.class,
            "TaskEnded", ChildEvent.TaskEnded.class,
            "RunDone", ChildEvent.RunDone.class,
            "Retiring", ChildEvent.Retiring.class,
            "OutOfMemory", ChildEvent.OutOfMemory.class);

    private EventCodec() {
    }

    public static String encode(ChildEvent event) {
        JsonObject json = GSON.toJsonTree(event).getAsJsonObject();
        json.addProperty(TYPE, event.getClass().getSimpleName());
        return GSON.toJson(json);
    }

    /** @throws ProtocolException when the line is not an event */
    public static ChildEvent decode(String line) {
        try {
            JsonObject json = JsonParser.parseString(line).getAsJsonObject();
            JsonElement type = json.remove(TYPE);
            Class<? extends ChildEvent> kind = type == null ? null : TYPES.get(type.getAsString());
            if (kind == null) {
                throw new ProtocolException("not an event of the check JVM: " + line);
            }
            return GSON.fromJson(json, kind);
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
            throw new ProtocolException("not an event of the check JVM: " + line);
        }
    }

    public static String encode(RunRequest request) {
        return GSON.toJson(request);
    }

    /** @throws ProtocolException when the line is not a request */
    public static RunRequest decodeRequest(String line) {
        try {
            RunRequest request = GSON.fromJson(line, RunRequest.class);
            if (request == null || request.tasks() == null) {
                throw new ProtocolException("not a run request: " + line);
            }
            return request;
        } catch (JsonParseException e) {
            throw new ProtocolException("not a run request: " + line);
        }
    }
}
