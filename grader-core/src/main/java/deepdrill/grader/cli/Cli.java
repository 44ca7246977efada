package deepdrill.grader.cli;

import deepdrill.grader.Workspace;
import deepdrill.grader.catalog.Catalog;
import deepdrill.grader.catalog.CatalogException;
import deepdrill.grader.catalog.Exercise;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Help.Ansi;

/** Small things every command needs. */
final class Cli {

    private Cli() {
    }

    /** The catalog, or null after printing why it cannot be used. */
    static Catalog loadCatalog(Workspace workspace, PrintWriter err) {
        try {
            return Catalog.load(workspace.catalogFile());
        } catch (CatalogException e) {
            err.println("grader: " + e.getMessage());
            err.println("Is this a DeepDrill checkout? Run ./grader from its top directory.");
            return null;
        }
    }

    /** The exercise with this id, or null after printing the closest ids. */
    static Exercise findExercise(Catalog catalog, String id, PrintWriter err) {
        try {
            List<Exercise> found = catalog.resolve(List.of(id));
            if (found.size() == 1 && found.get(0).id().equals(id)) {
                return found.get(0);
            }
            err.println("grader: '" + id + "' is not one exercise; give an exercise id (./grader list shows them).");
        } catch (CatalogException e) {
            err.println("grader: " + e.getMessage());
        }
        return null;
    }

    static Path progressFile(Workspace workspace) {
        return workspace.root().resolve(".deepdrill").resolve("progress.json");
    }

    /** Colours on a terminal, off in pipes, files and when NO_COLOR is set (https://no-color.org). */
    static Ansi ansi() {
        return System.getenv("NO_COLOR") == null && Ansi.AUTO.enabled() ? Ansi.ON : Ansi.OFF;
    }

    /** A wire status as a learner reads it. */
    static String statusLabel(String wireStatus) {
        return switch (wireStatus) {
            case "passed" -> "passed";
            case "failed" -> "failed";
            case "not_implemented" -> "not implemented yet";
            case "error" -> "error";
            case "timeout" -> "timed out";
            case "crashed" -> "crashed";
            default -> wireStatus;
        };
    }
}
