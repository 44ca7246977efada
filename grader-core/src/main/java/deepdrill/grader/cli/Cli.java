package deepdrill.grader.cli;

import deepdrill.grader.Workspace;
import deepdrill.grader.catalog.Catalog;
import deepdrill.grader.catalog.CatalogException;
import java.io.PrintWriter;
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

    /**
     * What to say when a failure comes from a place the grader may not write (a read-only
     * workspace, a read-only mount in a container); empty for any other failure.
     */
    static java.util.Optional<String> readOnly(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            boolean denied = t instanceof java.nio.file.AccessDeniedException
                    || t instanceof java.nio.file.ReadOnlyFileSystemException
                    || (t instanceof java.nio.file.FileSystemException fs && fs.getReason() != null
                    && fs.getReason().contains("Read-only file system"));
            if (denied) {
                String where = t instanceof java.nio.file.FileSystemException fs && fs.getFile() != null
                        ? fs.getFile() : "a file";
                return java.util.Optional.of("cannot write " + where + ": that place is read-only. The grader writes "
                        + "the compiled exercises, its logs and your progress under .deepdrill/ (and builds itself in "
                        + "grader-core/target/ on first use): make those writable, or in a container mount them "
                        + "read-write.");
            }
        }
        return java.util.Optional.empty();
    }

    /** Colours on a terminal, off in pipes, files and when NO_COLOR is set (https://no-color.org). */
    static Ansi ansi() {
        return System.getenv("NO_COLOR") == null && Ansi.AUTO.enabled() ? Ansi.ON : Ansi.OFF;
    }
}
