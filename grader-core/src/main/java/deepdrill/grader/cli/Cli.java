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

    /** Colours on a terminal, off in pipes, files and when NO_COLOR is set (https://no-color.org). */
    static Ansi ansi() {
        return System.getenv("NO_COLOR") == null && Ansi.AUTO.enabled() ? Ansi.ON : Ansi.OFF;
    }
}
