package deepdrill.grader;

import java.util.Locale;

/**
 * Where PyTorch computes the expected values. One type from the command line to the report: a run
 * asks for one of the three, and the check JVM answers with the one it got ({@link #CPU} or
 * {@link #GPU}, never {@link #AUTO}).
 */
public enum Device {
    /** The CPU build of libtorch; always there. */
    CPU,
    /** An NVIDIA GPU through a CUDA build of libtorch; an error when there is none. */
    GPU,
    /** The GPU when PyTorch sees one, else the CPU. */
    AUTO;

    /** The name on the command line and in reports: {@code cpu}, {@code gpu}, {@code auto}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return wireName();
    }
}
