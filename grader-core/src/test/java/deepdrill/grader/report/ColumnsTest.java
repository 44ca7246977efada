package deepdrill.grader.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Text fits the terminal: long cells are cut, messages wrap at spaces with their indent. */
class ColumnsTest {

    @Test
    void wrapsAtSpacesWithTheIndentAndNeverBreaksAWord() {
        List<String> lines = Columns.wrap("expected 112 (PyTorch's conv2d output), got 111: check the +1 of the formula",
                30, "  x ", "    ");
        assertEquals(List.of("  x expected 112 (PyTorch's", "    conv2d output), got 111:", "    check the +1 of the",
                "    formula"), lines);
        lines.forEach(l -> assertTrue(l.length() <= 30, l));
        assertEquals(List.of("  a", "    exercises/src/main/java/deepdrill/week3/ConvOutputSize.java", "    b"),
                Columns.wrap("a exercises/src/main/java/deepdrill/week3/ConvOutputSize.java b", 30, "  ", "    "));
    }

    @Test
    void cutsACellThatDoesNotFitWithAnEllipsis() {
        assertEquals("Conv2d forward (loops, then\u2026", Columns.fit("Conv2d forward (loops, then im2col)", 28));
        assertEquals("Zero padding", Columns.fit("Zero padding", 28));
    }
}
