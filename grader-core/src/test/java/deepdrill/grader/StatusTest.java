package deepdrill.grader;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatusTest {

    @Test
    void anExerciseIsAsBadAsItsWorstTask() {
        assertEquals(Status.PASSED, Status.summarise(List.of(Status.PASSED, Status.PASSED)));
        assertEquals(Status.NOT_IMPLEMENTED, Status.summarise(List.of(Status.PASSED, Status.NOT_IMPLEMENTED)));
        assertEquals(Status.FAILED, Status.summarise(List.of(Status.NOT_IMPLEMENTED, Status.FAILED, Status.PASSED)));
        assertEquals(Status.CRASHED, Status.summarise(List.of(Status.TIMEOUT, Status.CRASHED)));
    }

    @Test
    void wireNamesRoundTrip() {
        for (Status s : Status.values()) {
            assertEquals(s, Status.fromWireName(s.wireName()));
        }
        assertEquals("not_implemented", Status.NOT_IMPLEMENTED.wireName());
    }
}
