package deepdrill.grader.progress;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import deepdrill.grader.Status;
import deepdrill.grader.runner.ExerciseResult;
import deepdrill.grader.runner.RunResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The learner's progress: the last status of each exercise, in {@code .deepdrill/progress.json}
 * inside the workspace. Written atomically (a temporary file moved into place), so an interrupted
 * run never leaves half a file. A file that cannot be read is reported once through
 * {@link #warning()} and treated as empty; the next check writes a fresh one.
 */
public final class ProgressStore {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private final Path file;
    private final Progress progress;
    private final String warning;

    private ProgressStore(Path file, Progress progress, String warning) {
        this.file = file;
        this.progress = progress;
        this.warning = warning;
    }

    public static ProgressStore open(Path file) {
        if (!Files.exists(file)) {
            return new ProgressStore(file, new Progress(), null);
        }
        try {
            Progress read = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), Progress.class);
            if (read == null || read.exercises == null || read.exercises.containsValue(null)) {
                throw new JsonParseException("no \"exercises\" object, or an empty entry in it");
            }
            return new ProgressStore(file, read, null);
        } catch (IOException | JsonParseException e) {
            return new ProgressStore(file, new Progress(),
                    "the progress file " + file + " is unreadable (" + e.getMessage()
                            + "); it is ignored and will be rewritten by the next check.");
        }
    }

    /** Why the file on disk was ignored, if it was. */
    public Optional<String> warning() {
        return Optional.ofNullable(warning);
    }

    /** The last recorded status of an exercise; empty when it was never checked (or the entry is damaged). */
    public Optional<Status> status(String exerciseId) {
        Entry entry = progress.exercises.get(exerciseId);
        return entry == null || entry.status == null ? Optional.empty() : Status.parse(entry.status);
    }

    /** Whether the exercise passed when it was last checked. */
    public boolean passed(String exerciseId) {
        return status(exerciseId).map(s -> s == Status.PASSED).orElse(false);
    }

    public void record(String exerciseId, Status status) {
        Entry entry = progress.exercises.computeIfAbsent(exerciseId, id -> new Entry());
        entry.status = status.wireName();
        entry.checkedAt = Instant.now().toString();
    }

    /** Forgets an exercise's last result (its hints stay unlocked): its file was replaced. */
    public void forget(String exerciseId) {
        Entry entry = progress.exercises.get(exerciseId);
        if (entry != null) {
            entry.status = null;
            entry.checkedAt = null;
        }
    }

    /** Records the status of every exercise of a run. */
    public void recordAll(RunResult result) {
        for (ExerciseResult e : result.exercises()) {
            record(e.exercise().id(), e.status());
        }
    }

    /** How many hints of an exercise the learner has unlocked. */
    public int hintsShown(String exerciseId) {
        Entry entry = progress.exercises.get(exerciseId);
        return entry == null ? 0 : entry.hintsShown;
    }

    public void setHintsShown(String exerciseId, int count) {
        progress.exercises.computeIfAbsent(exerciseId, id -> new Entry()).hintsShown = count;
    }

    /** Writes the file atomically; failing to save progress never fails a check. */
    public Optional<String> save() {
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), "progress", ".tmp");
            Files.writeString(temp, GSON.toJson(progress), StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("could not save progress to " + file + ": " + e.getMessage());
        }
    }

    /**
     * The file's JSON shape: {@code {"version": 1, "exercises": {"<id>": {"status", "checkedAt", "hintsShown"}}}}.
     */
    private static final class Progress {
        int version = 1;
        Map<String, Entry> exercises = new TreeMap<>();
    }

    private static final class Entry {
        String status;
        String checkedAt;
        int hintsShown;
    }
}
