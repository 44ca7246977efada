package deepdrill.grader.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds the original stub of an exercise file in the checkout's git history, for
 * {@code grader reset}. DeepDrill is distributed as a git repository, so the stub as last
 * shipped is in the history even after the learner has edited (or committed) the file.
 *
 * <p>Among the versions of the file, newest first, the stub is the newest one with the most
 * "Not implemented yet" bodies: a learner's commit that still leaves one method unimplemented has
 * fewer than the original.
 */
public final class PristineStubs {

    private static final String MARKER = "Not implemented yet";

    private final Path root;

    public PristineStubs(Path root) {
        this.root = root;
    }

    /**
     * @param relativePath the file relative to the workspace root, with '/' separators
     * @return the original stub, or empty when there is no git history for the file
     */
    public Optional<String> find(String relativePath) {
        List<String> commits = git("log", "--format=%H", "--", relativePath).map(s -> List.of(s.split("\n")))
                .orElse(List.of());
        String best = null;
        int bestCount = 0;
        for (String commit : commits) {
            if (commit.isBlank()) {
                continue;
            }
            Optional<String> text = git("show", commit.strip() + ":" + relativePath);
            if (text.isEmpty()) {
                continue;
            }
            int count = text.get().split(MARKER, -1).length - 1;
            if (count > bestCount) {
                best = text.get();
                bestCount = count;
            }
        }
        return Optional.ofNullable(best);
    }

    private Optional<String> git(String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", root.toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                return Optional.empty();
            }
            return Optional.of(new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
