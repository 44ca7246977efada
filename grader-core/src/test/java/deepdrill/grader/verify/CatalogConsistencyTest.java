package deepdrill.grader.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import deepdrill.grader.dev.DevCheck;
import deepdrill.grader.dev.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The checkout keeps the authors' conventions: {@code ./grader dev check} finds nothing. That covers
 * the catalog, the stub and solution twins (class, Javadoc, signatures, stub bodies), the checks by
 * convention, the mutant files and the README's generated exercise table; see
 * {@link DevCheck} for the list, and {@code dev/DevCheckTest} for a test of each problem it finds.
 */
class CatalogConsistencyTest {

    @Test
    void devCheckFindsNoProblem() {
        DevCheck.Report report = DevCheck.run(Repo.workspace());
        List<String> problems = report.problems().stream().map(Problem::toString).toList();
        assertEquals(List.of(), problems, "./grader dev check finds " + problems.size() + " problems:\n"
                + String.join("\n", problems));
    }
}
