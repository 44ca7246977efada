package deepdrill.grader.cli;

import deepdrill.grader.Workspace;
import deepdrill.grader.catalog.Catalog;
import deepdrill.grader.catalog.CatalogException;
import deepdrill.grader.catalog.Exercise;
import java.util.List;
import picocli.CommandLine.Parameters;

/** The picocli mixin of commands that work on one exercise: its id, resolved in the workspace's catalog. */
final class ExerciseArgument {

    @Parameters(paramLabel = "EXERCISE", description = "The exercise id, for example conv2d-forward.")
    String id;

    /**
     * @throws CommandFailure when the catalog cannot be read (exit 4) or the id names no single
     *                        exercise (exit 2, with the closest id)
     */
    Exercise resolve(Workspace workspace) {
        Catalog catalog;
        try {
            catalog = Catalog.load(workspace.catalogFile());
        } catch (CatalogException e) {
            throw new CommandFailure(ExitCodes.INTERNAL, "grader: " + e.getMessage()
                    + "\nIs this a DeepDrill checkout? Run ./grader from its top directory.");
        }
        try {
            List<Exercise> found = catalog.resolve(List.of(id));
            if (found.size() == 1 && found.get(0).id().equals(id)) {
                return found.get(0);
            }
            throw new CommandFailure(ExitCodes.USAGE,
                    "grader: '" + id + "' is not one exercise; give an exercise id (./grader list shows them).");
        } catch (CatalogException e) {
            throw new CommandFailure(ExitCodes.USAGE, "grader: " + e.getMessage());
        }
    }
}
