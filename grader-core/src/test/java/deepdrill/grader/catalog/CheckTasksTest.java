package deepdrill.grader.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CheckTasksTest {

    /** A check-like class whose tests are declared out of alphabetical order, between other members. */
    static class Sample {
        static final long SEED = 7L;
        private final double[] data = {1.5, 2.5};

        @Test
        @DisplayName("the second, declared first")
        void zulu() {
        }

        private double helper(long x) {
            return x * 2.0 + data[0];
        }

        @Test
        void alpha() {
        }

        @Deprecated
        void notATest() {
        }

        @Test
        @DisplayName("with \"quotes\" and ünïcode")
        void mike() {
        }
    }

    @Test
    void testsComeInDeclarationOrderWithTheirDisplayNames() {
        List<CheckTasks.Task> tasks = CheckTasks.of(Sample.class.getName(), getClass().getClassLoader()).orElseThrow();
        assertEquals(List.of(new CheckTasks.Task("zulu", Optional.of("the second, declared first")),
                new CheckTasks.Task("alpha", Optional.empty()),
                new CheckTasks.Task("mike", Optional.of("with \"quotes\" and ünïcode"))), tasks);
    }

    @Test
    void aMissingClassIsEmpty() {
        assertEquals(Optional.empty(), CheckTasks.of("deepdrill.grader.checks.week9.NoSuchCheck", getClass().getClassLoader()));
    }
}
