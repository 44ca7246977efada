package deepdrill.grader.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Fitting text to a terminal: 80 columns unless {@code COLUMNS} says otherwise. Table cells that
 * would push a row past the edge are cut with an ellipsis; messages are wrapped at spaces, each
 * continuation line with the message's indent, so that a narrow terminal never breaks a line in
 * the middle of a word or loses the indent that says which task a line belongs to.
 */
public final class Columns {

    /** The width used when the terminal's is unknown. */
    public static final int DEFAULT_WIDTH = 80;
    private static final int NARROWEST = 40;

    private Columns() {
    }

    /** The terminal's width: {@code COLUMNS} when set to something sensible, else 80. */
    public static int width() {
        String columns = System.getenv("COLUMNS");
        try {
            int width = columns == null ? DEFAULT_WIDTH : Integer.parseInt(columns.trim());
            return Math.max(NARROWEST, width);
        } catch (NumberFormatException e) {
            return DEFAULT_WIDTH;
        }
    }

    /** {@code text}, cut to {@code width} characters with a trailing ellipsis when longer. */
    public static String fit(String text, int width) {
        if (text.length() <= width) {
            return text;
        }
        return width <= 1 ? text.substring(0, Math.max(0, width)) : text.substring(0, width - 1) + "\u2026";
    }

    /**
     * Wraps {@code text} (one line) at spaces so that no line is wider than {@code width}: the first
     * line starts with {@code first}, the others with {@code indent}. A word longer than a line (a
     * path, say) gets a line of its own, unbroken.
     */
    public static List<String> wrap(String text, int width, String first, String indent) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder(first);
        int start = first.length();
        for (String word : text.split(" ", -1)) {
            boolean empty = line.length() == start;
            if (!empty && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line = new StringBuilder(indent);
                start = indent.length();
                empty = true;
            }
            line.append(empty ? "" : " ").append(word);
        }
        lines.add(line.toString());
        return lines;
    }
}
