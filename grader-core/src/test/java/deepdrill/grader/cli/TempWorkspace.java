package deepdrill.grader.cli;

import deepdrill.grader.verify.FileTrees;
import deepdrill.grader.verify.Repo;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * A throw-away workspace for CLI tests: a copy of the exercises (so a test may break one), links to
 * the real solutions and grader build, and {@code deepdrill.home} pointing at it until closed. The
 * real checkout's progress and classes stay untouched.
 */
final class TempWorkspace implements AutoCloseable {

    final Path root;
    private final String previousHome;
    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    private TempWorkspace(Path root) {
        this.root = root;
        this.previousHome = System.getProperty("deepdrill.home");
        System.setProperty("deepdrill.home", root.toString());
    }

    /** Fills {@code dir} (an empty temporary directory) and makes it the workspace of {@link #run}. */
    static TempWorkspace open(Path dir) throws IOException {
        Path real = Repo.workspace().root();
        FileTrees.copy(real.resolve("exercises/src"), dir.resolve("exercises/src"));
        Files.copy(real.resolve("exercises/catalog.json"), dir.resolve("exercises/catalog.json"));
        Files.createSymbolicLink(dir.resolve("solutions"), real.resolve("solutions"));
        Files.createSymbolicLink(dir.resolve("grader-core"), real.resolve("grader-core"));
        return new TempWorkspace(dir);
    }

    /** Runs {@code grader} with these arguments; {@link #out()} and {@link #err()} then hold what it printed. */
    int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cli = GraderCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    String out() {
        return out.toString();
    }

    /** The output with messages wrapped to the terminal joined again: a line break and its indent read as one space. */
    String outUnwrapped() {
        return out().replaceAll("[ \\t]*\\R[ \\t]+", " ");
    }

    String err() {
        return err.toString();
    }

    /** Replaces {@code text} (which must occur) in a file of the workspace. */
    static void edit(Path file, String text, String replacement) throws IOException {
        String source = Files.readString(file, StandardCharsets.UTF_8);
        if (!source.contains(text)) {
            throw new IllegalStateException(file + " does not contain " + text);
        }
        Files.writeString(file, source.replace(text, replacement), StandardCharsets.UTF_8);
    }

    /**
     * Restores {@code deepdrill.home} and removes the links, so that JUnit's clean-up of the
     * temporary directory has nothing to warn about.
     */
    @Override
    public void close() throws IOException {
        Files.deleteIfExists(root.resolve("solutions"));
        Files.deleteIfExists(root.resolve("grader-core"));
        if (previousHome == null) {
            System.clearProperty("deepdrill.home");
        } else {
            System.setProperty("deepdrill.home", previousHome);
        }
    }
}
