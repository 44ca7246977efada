package deepdrill.grader.checks.week2;

import java.util.Arrays;
import java.util.Random;

/**
 * Data and array helpers shared by the regression checks ({@code linear-regression},
 * {@code ridge-lasso}): seeded linear targets, standardised columns, and the small array
 * operations their oracles need.
 */
final class RegressionData {

    private RegressionData() {
    }

    static double[][] standardised(double[][] x) {
        int d = x[0].length;
        double[][] z = new double[x.length][d];
        for (int j = 0; j < d; j++) {
            double[] c = column(x, j);
            double mean = org.apache.commons.statistics.descriptive.Mean.of(c).getAsDouble();
            double sd = Math.sqrt(org.apache.commons.statistics.descriptive.Variance.of(c).getAsDouble());
            for (int i = 0; i < x.length; i++) {
                z[i][j] = (x[i][j] - mean) / sd;
            }
        }
        return z;
    }

    static double[] column(double[][] x, int j) {
        return Arrays.stream(x).mapToDouble(row -> row[j]).toArray();
    }

    static double[] prepend(double first, double[] rest) {
        double[] out = new double[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    /** y = b0 + x w + noise, with random b0 and w. */
    static double[] linear(Random random, double[][] x, double noise) {
        double b0 = 5 * random.nextGaussian();
        double[] w = normal(random, x[0].length);
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = b0 + noise * random.nextGaussian();
            for (int j = 0; j < w.length; j++) {
                y[i] += w[j] * x[i][j];
            }
        }
        return y;
    }

    static String shape(double[][] x) {
        return "[" + x.length + "][" + (x.length == 0 ? 0 : x[0].length) + "]";
    }

    private static double[] normal(Random random, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextGaussian();
        }
        return v;
    }
}
