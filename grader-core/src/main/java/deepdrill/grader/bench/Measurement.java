package deepdrill.grader.bench;

/**
 * One contender at one size, as measured by JMH (times in nanoseconds per call).
 *
 * @param contender       {@code code}, {@code torch} or a variant name, as the host ran it
 * @param size            the size's label
 * @param status          {@code measured}, {@code skipped} (a smaller size was already too slow) or {@code error}
 * @param medianNs        median over the measurement iterations of the mean time per call
 * @param errorNs         JMH's 99.9% confidence half-width of the mean
 * @param allocBytes      bytes allocated on the Java heap per call (JMH's GC profiler); NaN if unknown
 * @param note            why it was skipped or what failed
 */
public record Measurement(String contender, String size, String status, double medianNs, double errorNs,
                          double allocBytes, String note) {

    public static final String MEASURED = "measured";
    public static final String SKIPPED = "skipped";
    public static final String ERROR = "error";

    public boolean measured() {
        return MEASURED.equals(status);
    }
}
