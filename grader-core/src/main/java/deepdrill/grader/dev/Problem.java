package deepdrill.grader.dev;

/**
 * One thing {@code grader dev check} found wrong, and how to put it right.
 *
 * @param where the file (relative to the workspace root), with the exercise or entry where that helps
 * @param what  what is wrong, as a sentence
 * @param fix   what to do about it, as an instruction
 */
public record Problem(String where, String what, String fix) {

    /** Two lines: {@code where: what}, then the fix, indented. */
    @Override
    public String toString() {
        return where + ": " + what + "\n    fix: " + fix;
    }
}
