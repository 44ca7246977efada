package deepdrill.grader.bench;

/**
 * The exponent {@code k} in {@code time ~ work^k}: the least-squares slope of log time against log
 * work. Near 1, time grows in proportion to the work (a good kernel at sizes past its overheads);
 * below 1, fixed costs still dominate the small sizes; above 1, something grows faster than the
 * work (cache misses, a hidden quadratic step).
 */
public final class ScalingFit {

    private ScalingFit() {
    }

    /** The slope over the points with positive work and time; NaN for fewer than two. */
    public static double exponent(double[] work, double[] time) {
        int n = 0;
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < work.length; i++) {
            if (!(work[i] > 0) || !(time[i] > 0)) {
                continue;
            }
            double x = Math.log(work[i]);
            double y = Math.log(time[i]);
            n++;
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        double denominator = n * sxx - sx * sx;
        if (n < 2 || denominator <= 0) {
            return Double.NaN;
        }
        return (n * sxy - sx * sy) / denominator;
    }
}
