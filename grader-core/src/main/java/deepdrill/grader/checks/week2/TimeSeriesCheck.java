package deepdrill.grader.checks.week2;

import deepdrill.datasets.Co2MaunaLoa;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.CompareScalar;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Rejection;
import deepdrill.grader.checks.support.Tolerance;
import deepdrill.week2.TimeSeries;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.SingularMatrixException;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.apache.commons.math3.util.CombinatoricsUtils;
import org.apache.commons.statistics.descriptive.Mean;
import org.apache.commons.statistics.descriptive.Variance;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.opentest4j.AssertionFailedError;

/**
 * Checks {@code time-series} against the definitions written again in other forms: the moving
 * average and the forecast errors as Commons Statistics {@code Mean}s of windows and of error terms;
 * simple exponential smoothing as its explicit weighted sum (1 - alpha)^t y_0 + sum alpha
 * (1 - alpha)^j y_{t-j}; differencing by the binomial expansion of (1 - B^L)^d (Commons Math's
 * {@code CombinatoricsUtils}); the ACF from Commons Statistics' {@code Mean} and {@code Variance};
 * the PACF as the last coefficient of the Yule-Walker system of order k, solved by Commons Math's
 * {@code LUDecomposition} (not by Durbin-Levinson); additive Holt-Winters in its error-correction
 * form (l_t = l_{t-1} + b_{t-1} + alpha e_t, b_t = b_{t-1} + alpha beta e_t, S_t = S_{t-s} + gamma
 * (1 - alpha) e_t) with a list of every seasonal offset; the splits by brute force over every possible
 * training end. Named variants of these oracles (Commons Math's {@code PearsonsCorrelation} and
 * {@code OLSMultipleLinearRegression} among them) recognise the classic mistakes.
 *
 * <p>Covered: n = 1 for the errors, negative actuals, an over- and an under-forecast of the same
 * size (MAPE is asymmetric), a zero actual (rejected with a message that says so); window 1 (the
 * series itself, a new array), window n (one value), even and odd windows; alpha 0 (the first value
 * forever) and 1 (the series itself); lag 1 and lag 12, order 0 (a new copy) to 3, a result of one
 * value; splits with one split only, a step larger than the rest of the series, a last test window
 * that would pass the end (dropped); the ACF at lag 0 (1), at maxLag n - 1, of a series of length 2,
 * of white noise, an AR(1), a trend, a season and values near 1e6 with a spread of 1; the PACF of an AR(2) (cuts off after lag 2) and of
 * a season; Holt-Winters with s = 2 and 12, n = 2s exactly, weights 0 and 1, h = 0 and h past one
 * season (the season wraps), a constant series; the Mauna Loa CO2 series (660 months): a 12-month
 * average, Holt-Winters on 636 months forecasting the last 24, their MAE, RMSE and MAPE, the ACF and
 * PACF of its seasonal and first difference; 15 yearly splits. Rejected: null and empty series, NaN
 * and infinite values, windows 0 and n + 1, weights -0.1, 1.1 and NaN, s = 1, a series shorter than
 * two seasons, h = -1, lag 0, order -1, lag * order = n, maxLag -1 and n, a constant series for the
 * ACF and PACF (undefined), error arrays of different lengths, empty, null or non-finite (either one), split arguments of 0 and
 * initial + horizon past the end. Inputs must be unchanged and array results new.
 *
 * <p>Named: MAPE with a zero actual skipped or divided through, MAPE as a fraction or divided by the
 * forecast, the mean error without absolute values, MSE for RMSE, the sum for the mean; the moving
 * average centred instead of trailing, its first w - 1 values omitted, zeros or partial means
 * instead of NaN; alpha and 1 - alpha swapped, the level started at 0, the forecasts returned for the
 * levels; seasonal differencing with lag 1, the order ignored, one difference at lag L d; the ACF
 * with denominator n - k, with each lag's own means (Pearson), without the mean, autocovariances for
 * autocorrelations; the PACF equal to the ACF, by OLS autoregressions, from the n - k ACF; the
 * Holt-Winters season index off by one (fitting and forecasting), the level not deseasonalised, the
 * trend started at 0 or not divided by s, the trend not multiplied by h; a sliding window, a
 * truncated last test window, the last split missed; generically, a result that is the input.
 */
@ExerciseCheck
class TimeSeriesCheck {

    private static final Tolerance EXACT_ISH = new Tolerance(1e-10, 1e-10);

    private static final String ZERO_SKIPPED = "skipped the zero actual: MAPE is undefined when an actual value is "
            + "0 (a division by zero); reject it with an IllegalArgumentException that says the actual value is zero.";
    private static final String ZERO_DIVIDED = "divided by the zero actual (an infinite or NaN MAPE): reject it with an "
            + "IllegalArgumentException that says the actual value is zero.";
    private static final String MAPE_FRACTION = "returned MAPE as a fraction: multiply by 100, it is a percentage.";
    private static final String MAPE_BY_PREDICTED = "divided by the forecast: MAPE divides each error by the actual value.";
    private static final String NO_ABS = "left out the absolute value, so errors of opposite signs cancel.";
    private static final String MSE = "returned the mean squared error: RMSE is its square root.";
    private static final String SUM = "returned the sum where the mean belongs: divide by n.";
    private static final String CENTRED = "centred the moving average: here it is trailing, the mean of y_{t-w+1} .. y_t "
            + "(only the past), stored at t.";
    private static final String OMITTED = "left the first w - 1 values out: the result keeps the series' length n, "
            + "with NaN at t = 0 .. w-2.";
    private static final String ZEROS = "put 0 at the first w - 1 places: they are NaN (no full window yet).";
    private static final String PARTIAL = "averaged the partial windows at the start: the first w - 1 values are NaN.";
    private static final String SWAPPED_ALPHA = "swapped alpha and 1 - alpha: alpha weighs the newest value, "
            + "l_t = alpha y_t + (1 - alpha) l_{t-1}.";
    private static final String LEVEL_FROM_ZERO = "started the level at 0: the initial level is the first value, "
            + "l_0 = y_0.";
    private static final String FORECASTS = "returned the forecasts l_{t-1} at t: return the levels l_t "
            + "(l_t is the forecast of y_{t+1}).";
    private static final String LAG_1 = "differenced at lag 1 where the seasonal lag was asked: y_t - y_{t-L}.";
    private static final String ORDER_IGNORED = "differenced once whatever the order: apply the difference d times.";
    private static final String LAG_TIMES_ORDER = "took one difference at lag L * d: order d means applying "
            + "(1 - B^L) d times, e.g. y_t - 2 y_{t-1} + y_{t-2} for d = 2.";
    private static final String N_MINUS_K = "divided the lag-k sum by n - k (and c_0 by n): the sample ACF divides "
            + "every lag by n, the same denominator as lag 0.";
    private static final String PEARSON = "correlated the lagged pairs with their own means and variances (Pearson): "
            + "the sample ACF uses the overall mean and variance of the whole series.";
    private static final String NOT_CENTRED = "left the mean in: subtract the overall mean ybar before multiplying.";
    private static final String AUTOCOVARIANCE = "returned the autocovariances c_k: divide by c_0 so that r_0 = 1.";
    private static final String PACF_IS_ACF = "returned the ACF: the PACF at lag k removes what lags 1 .. k-1 explain "
            + "(Durbin-Levinson's phi_kk); they agree only at lag 1.";
    private static final String PACF_OLS = "computed the PACF by OLS autoregressions (statsmodels' method='ols'): "
            + "this exercise runs Durbin-Levinson on the ACF (R's pacf), which differs on a finite series.";
    private static final String PACF_N_MINUS_K = "ran Durbin-Levinson on an ACF with denominator n - k: use the ACF "
            + "with denominator n.";
    private static final String SEASON_OFF_BY_ONE = "used the seasonal offset one step off: the fitted value and "
            + "the updates at t use S_{t-s}, the offset from exactly one season before.";
    private static final String FORECAST_SEASON_OFF = "took the forecast's seasonal offset one step off: yhat_{n-1+h} "
            + "uses S_{n-1+h-s}, the offset of the same month one season before (the last s offsets, in order).";
    private static final String NOT_DESEASONALISED = "updated the level with y_t itself: subtract the seasonal offset "
            + "first, l_t = alpha (y_t - S_{t-s}) + (1 - alpha)(l_{t-1} + b_{t-1}).";
    private static final String TREND_ZERO = "started the trend at 0: it starts at (mean of season 2 - mean of "
            + "season 1) / s.";
    private static final String TREND_NOT_DIVIDED = "did not divide the initial trend by s: the two seasons' means "
            + "are s steps apart, so the trend per step is their difference / s.";
    private static final String TREND_ONCE = "added the trend once to every forecast: h steps ahead it is h * b.";
    private static final String SLIDING = "slid the training window: an expanding window always trains from 0.";
    private static final String TRUNCATED = "kept a last, shorter test window: a split is made only while its whole "
            + "test window fits (testTo <= n).";
    private static final String LAST_MISSED = "missed the last split: the test window may end exactly at n.";

    // ---- forecast errors -------------------------------------------------------------------------

    @Test
    @DisplayName("MAE, RMSE and MAPE (in percent); a zero actual is rejected")
    void errors(Random random) {
        checkErrors(new double[] {100, 200, 400}, new double[] {110, 180, 400});   // MAE 10, RMSE 12.91, MAPE 6.67%
        checkErrors(new double[] {1}, new double[] {3});                            // over-forecast: 200%
        checkErrors(new double[] {3}, new double[] {1});                            // under-forecast: 66.7%
        checkErrors(new double[] {-2, 5, -0.5, 8}, new double[] {-1, 6, 0.5, 4});   // negative actuals
        for (int i = 0; i < 3; i++) {
            double[] a = new double[1 + random.nextInt(40)];
            double[] p = new double[a.length];
            for (int t = 0; t < a.length; t++) {
                a[t] = (random.nextBoolean() ? 1 : -1) * (0.5 + 20 * random.nextDouble());
                p[t] = a[t] + 3 * random.nextGaussian();
            }
            checkErrors(a, p);
        }
        checkZeroActual(new double[] {2, 0, 4}, new double[] {1, 1, 5});
        checkZeroActual(new double[] {0}, new double[] {0});
    }

    // ---- moving average and smoothing --------------------------------------------------------------

    @Test
    @DisplayName("trailing moving average: NaN for the first w - 1 values")
    void movingAverage(Random random) {
        checkMovingAverage(new double[] {1, 2, 3, 4, 5, 6}, 3);                    // NaN, NaN, 2, 3, 4, 5
        checkMovingAverage(new double[] {4, 8, 1, 5}, 2);
        checkMovingAverage(new double[] {4, 8, 1, 5}, 1);                          // the series, as a new array
        checkMovingAverage(new double[] {4, 8, 1, 5}, 4);                          // one value
        checkMovingAverage(new double[] {7}, 1);
        for (int i = 0; i < 3; i++) {
            double[] y = walk(random, 10 + random.nextInt(40));
            checkMovingAverage(y, 1 + random.nextInt(8));
        }
    }

    @Test
    @DisplayName("simple exponential smoothing from l_0 = y_0; alpha 0 and 1")
    void exponentialSmoothing(Random random) {
        checkSmoothing(new double[] {10, 20, 0, 10}, 0.5);                         // 10, 15, 7.5, 8.75
        checkSmoothing(new double[] {3, 9, -4, 2}, 0);                             // y_0 forever
        checkSmoothing(new double[] {3, 9, -4, 2}, 1);                             // the series itself
        checkSmoothing(new double[] {5}, 0.3);
        for (int i = 0; i < 3; i++) {
            checkSmoothing(walk(random, 5 + random.nextInt(60)), 0.05 + 0.9 * random.nextDouble());
        }
    }

    // ---- differencing ------------------------------------------------------------------------------

    @Test
    @DisplayName("differencing at lag 1 and a seasonal lag, orders 0 to 3")
    void differencing(Random random) {
        checkDifference(new double[] {1, 4, 9, 16, 25}, 1, 1);                     // 3, 5, 7, 9
        checkDifference(new double[] {1, 4, 9, 16, 25}, 1, 2);                     // 2, 2, 2
        checkDifference(new double[] {1, 4, 9, 16, 25}, 1, 0);                     // a copy
        checkDifference(new double[] {1, 4, 9, 16, 25}, 2, 2);                     // one value
        double[] monthly = seasonal(random, 60, 12);
        checkDifference(monthly, 12, 1);
        checkDifference(monthly, 12, 2);
        checkDifference(monthly, 3, 3);
        checkDifference(walk(random, 30), 1, 3);
    }

    // ---- cross-validation splits -------------------------------------------------------------------

    @Test
    @DisplayName("expanding-window splits: train from 0, test the next horizon, grow by step")
    void expandingWindowSplits(Random random) {
        checkSplits(10, 4, 2, 2);                    // [0,4)|[4,6), [0,6)|[6,8), [0,8)|[8,10)
        checkSplits(10, 4, 3, 2);                    // [0,8)|[8,11) would pass the end: dropped
        checkSplits(5, 3, 2, 1);                     // one split only
        checkSplits(20, 5, 1, 100);                  // a step past the end: one split
        checkSplits(7, 1, 1, 1);
        for (int i = 0; i < 3; i++) {
            int n = 10 + random.nextInt(100);
            int initial = 1 + random.nextInt(n / 2);
            checkSplits(n, initial, 1 + random.nextInt(n - initial), 1 + random.nextInt(10));
        }
    }

    // ---- ACF and PACF ------------------------------------------------------------------------------

    @Test
    @DisplayName("sample ACF: overall mean, denominator n, r_0 = 1")
    void acf(Random random) {
        checkAcf(new double[] {1, 2, 3, 4, 5}, 4);                                 // 1, 0.4, -0.1, -0.4, -0.4
        checkAcf(new double[] {2, -2}, 1);                                         // n = 2: 1, -0.5
        checkAcf(new double[] {3, 1, 4, 1, 5}, 0);                                 // maxLag 0: {1}
        checkAcf(noise(random, 50), 10);
        checkAcf(ar(random, 80, 0.7, 0), 15);
        checkAcf(walk(random, 40), 39);                                            // maxLag n - 1
        checkAcf(seasonal(random, 48, 12), 24);
        double[] far = noise(random, 30);
        for (int t = 0; t < far.length; t++) {
            far[t] += 1e6;                                                        // a one-pass variance cancels here
        }
        checkAcf(far, 5);
    }

    @Test
    @DisplayName("sample PACF by Durbin-Levinson: an AR(2)'s cuts off after lag 2")
    void pacf(Random random) {
        checkPacf(new double[] {1, 2, 3, 4, 5}, 3);
        checkPacf(new double[] {2, -2, 1}, 1);                                     // lag 1: the ACF's
        checkPacf(ar(random, 120, 0.5, 0.3), 8);
        checkPacf(ar(random, 80, -0.6, 0), 10);
        checkPacf(seasonal(random, 60, 12), 14);
        checkPacf(noise(random, 40), 0);
    }

    // ---- Holt-Winters ------------------------------------------------------------------------------

    @Test
    @DisplayName("additive Holt-Winters: initialised from two seasons, fitted one step ahead, h-step forecasts")
    void holtWinters(Random random) {
        checkHoltWinters(new double[] {1, 3, 2, 4, 3, 5}, 2, 0.5, 0.5, 0.5, 3);
        checkHoltWinters(new double[] {1, 3, 2, 4}, 2, 0.3, 0.2, 0.4, 5);            // n = 2s, h past a season
        double[] y = seasonal(random, 48, 12);
        checkHoltWinters(y, 12, 0, 0, 0, 12);                                      // the initial state projected
        checkHoltWinters(y, 12, 1, 1, 1, 2);
        checkHoltWinters(y, 12, 0.4, 0.1, 0.2, 0);                                 // h = 0
        checkHoltWinters(new double[] {5, 5, 5, 5, 5, 5, 5}, 3, 0.5, 0.5, 0.5, 4); // constant
        for (int i = 0; i < 2; i++) {
            int s = 2 + random.nextInt(6);
            checkHoltWinters(seasonal(random, 2 * s + random.nextInt(30), s), s, random.nextDouble(),
                    random.nextDouble(), random.nextDouble(), 1 + random.nextInt(2 * s + 1));
        }
    }

    @Test
    @DisplayName("Mauna Loa CO2: 12-month average, Holt-Winters forecast of two years, ACF/PACF of the differences")
    void co2MaunaLoa() {
        double[] co2 = Co2MaunaLoa.load().ppm();
        int s = Co2MaunaLoa.PERIOD;
        checkMovingAverage(co2, s);
        double[] train = Arrays.copyOf(co2, co2.length - 2 * s);
        double[] test = Arrays.copyOfRange(co2, co2.length - 2 * s, co2.length);
        checkHoltWinters(train, s, 0.5, 0.05, 0.3, 2 * s);
        double[] forecast = holtWintersOracle(train, s, 0.5, 0.05, 0.3, 2 * s, EnumSet.noneOf(Hw.class)).forecast();
        checkErrors(test, forecast);
        double[] stationary = difference(difference(co2, s, 1), 1, 1);
        checkDifference(co2, s, 1);
        checkAcf(stationary, 2 * s);
        checkPacf(stationary, 2 * s);
        checkSplits(co2.length, 480, s, s);
    }

    @Test
    @DisplayName("bad series and arguments throw IllegalArgumentException (a constant series has no ACF)")
    void rejectsBadInput() {
        double[] ok = {1, 3, 2, 5, 4, 6};
        rejected("movingAverage(null, 1)", () -> TimeSeries.movingAverage(null, 1));
        rejected("movingAverage({}, 1)", () -> TimeSeries.movingAverage(new double[0], 1));
        rejected("movingAverage({1, NaN, 3}, 2)", () -> TimeSeries.movingAverage(new double[] {1, Double.NaN, 3}, 2));
        rejected("movingAverage(y, 0)", () -> TimeSeries.movingAverage(ok, 0));
        rejected("movingAverage(y of 6, 7)", () -> TimeSeries.movingAverage(ok, 7));
        rejected("exponentialSmoothing(y, -0.1)", () -> TimeSeries.exponentialSmoothing(ok, -0.1));
        rejected("exponentialSmoothing(y, 1.1)", () -> TimeSeries.exponentialSmoothing(ok, 1.1));
        rejected("exponentialSmoothing(y, NaN)", () -> TimeSeries.exponentialSmoothing(ok, Double.NaN));
        rejected("exponentialSmoothing({1, Infinity}, 0.5)",
                () -> TimeSeries.exponentialSmoothing(new double[] {1, Double.POSITIVE_INFINITY}, 0.5));
        rejected("holtWinters(y of 6, s 4, ...): shorter than two seasons", () -> TimeSeries.holtWinters(ok, 4, 0.5, 0.5, 0.5, 1));
        rejected("holtWinters(y of 3, s 4, ...): shorter than one season",
                () -> TimeSeries.holtWinters(new double[] {1, 2, 3}, 4, 0.5, 0.5, 0.5, 1));
        rejected("holtWinters(y, s 1, ...)", () -> TimeSeries.holtWinters(ok, 1, 0.5, 0.5, 0.5, 1));
        rejected("holtWinters(y, 2, 0.5, 0.5, 0.5, h -1)", () -> TimeSeries.holtWinters(ok, 2, 0.5, 0.5, 0.5, -1));
        rejected("holtWinters(y, 2, 1.1, 0.5, 0.5, 1)", () -> TimeSeries.holtWinters(ok, 2, 1.1, 0.5, 0.5, 1));
        rejected("holtWinters(y, 2, NaN, 0.5, 0.5, 1)", () -> TimeSeries.holtWinters(ok, 2, Double.NaN, 0.5, 0.5, 1));
        rejected("holtWinters(y, 2, 0.5, 1.5, 0.5, 1)", () -> TimeSeries.holtWinters(ok, 2, 0.5, 1.5, 0.5, 1));
        rejected("holtWinters(y, 2, 0.5, 0.5, -1, 1)", () -> TimeSeries.holtWinters(ok, 2, 0.5, 0.5, -1, 1));
        rejected("holtWinters(y with NaN, 2, ...)",
                () -> TimeSeries.holtWinters(new double[] {1, 2, 3, Double.NaN}, 2, 0.5, 0.5, 0.5, 1));
        rejected("difference({1, NaN, 3}, 1, 1)", () -> TimeSeries.difference(new double[] {1, Double.NaN, 3}, 1, 1));
        rejected("difference({}, 1, 0)", () -> TimeSeries.difference(new double[0], 1, 0));
        rejected("difference(y, lag 0, 1)", () -> TimeSeries.difference(ok, 0, 1));
        rejected("difference(y, 1, order -1)", () -> TimeSeries.difference(ok, 1, -1));
        rejected("difference(y of 6, lag 3, order 2)", () -> TimeSeries.difference(ok, 3, 2));
        rejected("acf(y, -1)", () -> TimeSeries.acf(ok, -1));
        rejected("acf(y of 6, 6)", () -> TimeSeries.acf(ok, 6));
        rejected("acf({2, 2, 2, 2}, 1): a constant series", () -> TimeSeries.acf(new double[] {2, 2, 2, 2}, 1));
        rejected("pacf({2, 2, 2, 2}, 1): a constant series", () -> TimeSeries.pacf(new double[] {2, 2, 2, 2}, 1));
        rejected("pacf(y of 6, 6)", () -> TimeSeries.pacf(ok, 6));
        rejected("pacf({1, NaN}, 1)", () -> TimeSeries.pacf(new double[] {1, Double.NaN}, 1));
        rejected("mae({1, 2}, {1})", () -> TimeSeries.mae(new double[] {1, 2}, new double[] {1}));
        rejected("rmse({}, {})", () -> TimeSeries.rmse(new double[0], new double[0]));
        rejected("mape({1, 2}, {1, 2, 3})", () -> TimeSeries.mape(new double[] {1, 2}, new double[] {1, 2, 3}));
        rejected("mae({1, NaN}, {1, 2})", () -> TimeSeries.mae(new double[] {1, Double.NaN}, new double[] {1, 2}));
        rejected("rmse({1, 2}, {1, Infinity})", () -> TimeSeries.rmse(new double[] {1, 2}, new double[] {1, Double.POSITIVE_INFINITY}));
        rejected("mape({1, 2}, {NaN, 2})", () -> TimeSeries.mape(new double[] {1, 2}, new double[] {Double.NaN, 2}));
        rejected("mae({1, 2}, null)", () -> TimeSeries.mae(new double[] {1, 2}, null));
        rejected("expandingWindowSplits(10, 0, 2, 1)", () -> TimeSeries.expandingWindowSplits(10, 0, 2, 1));
        rejected("expandingWindowSplits(10, 4, 0, 1)", () -> TimeSeries.expandingWindowSplits(10, 4, 0, 1));
        rejected("expandingWindowSplits(10, 4, 2, 0)", () -> TimeSeries.expandingWindowSplits(10, 4, 2, 0));
        rejected("expandingWindowSplits(10, 8, 3, 1): past the end", () -> TimeSeries.expandingWindowSplits(10, 8, 3, 1));
    }

    // ---- one case each: errors -----------------------------------------------------------------------

    private static void checkErrors(double[] a, double[] p) {
        int n = a.length;
        String args = "(" + show(a) + ", " + show(p) + ")";
        double[] abs = new double[n];
        double[] signed = new double[n];
        double[] squared = new double[n];
        double[] pct = new double[n];
        double[] pctPredicted = new double[n];
        for (int t = 0; t < n; t++) {
            signed[t] = a[t] - p[t];
            abs[t] = Math.abs(signed[t]);
            squared[t] = signed[t] * signed[t];
            pct[t] = abs[t] / Math.abs(a[t]);
            pctPredicted[t] = abs[t] / Math.abs(p[t]);
        }
        double mae = mean(abs);
        double mse = mean(squared);
        double mape = 100 * mean(pct);
        double actualMae = Guarded.call(in -> TimeSeries.mae(in.copy("actual", a), in.copy("predicted", p)));
        scalar("mae" + args, mae, actualMae, List.of(Mistake.giving(NO_ABS, mean(signed)),
                Mistake.giving(NO_ABS, -mean(signed)), Mistake.giving(SUM, mae * n)));
        double actualRmse = Guarded.call(in -> TimeSeries.rmse(in.copy("actual", a), in.copy("predicted", p)));
        scalar("rmse" + args, Math.sqrt(mse), actualRmse, List.of(Mistake.giving(MSE, mse),
                Mistake.giving(SUM, Math.sqrt(mse * n))));
        double actualMape = Guarded.call(in -> TimeSeries.mape(in.copy("actual", a), in.copy("predicted", p)));
        scalar("mape" + args, mape, actualMape, List.of(Mistake.giving(MAPE_FRACTION, mape / 100),
                Mistake.giving(MAPE_BY_PREDICTED, 100 * mean(pctPredicted)),
                Mistake.giving(NO_ABS, 100 * mean(map(signed, a, (e, v) -> e / v)))));
    }

    private static void checkZeroActual(double[] a, double[] p) {
        String what = "mape(" + show(a) + ", " + show(p) + ")";
        double got;
        try {
            got = Guarded.call(in -> TimeSeries.mape(in.copy("actual", a), in.copy("predicted", p)));
        } catch (UnsupportedOperationException notImplemented) {
            throw notImplemented;
        } catch (IllegalArgumentException expected) {
            String message = String.valueOf(expected.getMessage()).toLowerCase(Locale.ROOT);
            if (!message.contains("zero")) {
                throw new AssertionFailedError(what + ": rejected, as it should be, but the message should say that an "
                        + "actual value is zero; got \"" + expected.getMessage() + "\"");
            }
            return;
        } catch (RuntimeException other) {
            throw new AssertionFailedError(what + ": expected IllegalArgumentException (an actual value is zero, so "
                    + "MAPE is undefined), got " + other, other);
        }
        List<Double> kept = new ArrayList<>();
        for (int t = 0; t < a.length; t++) {
            if (a[t] != 0) {
                kept.add(Math.abs(a[t] - p[t]) / Math.abs(a[t]));
            }
        }
        double skippedMean = kept.isEmpty() ? Double.NaN : 100 * kept.stream().mapToDouble(v -> v).average().orElse(0);
        double skippedOverN = 100 * kept.stream().mapToDouble(v -> v).sum() / a.length;
        String diagnosis = !Double.isFinite(got) ? Mistake.PREFIX + ZERO_DIVIDED + "\n"
                : EXACT_ISH.accepts(skippedMean, got) || EXACT_ISH.accepts(skippedOverN, got) || got == 0
                ? Mistake.PREFIX + ZERO_SKIPPED + "\n" : "";
        throw new AssertionFailedError(diagnosis + what + ": expected IllegalArgumentException (an actual value is "
                + "zero, so MAPE is undefined), got " + got);
    }

    // ---- one case each: smoothing --------------------------------------------------------------------

    private static void checkMovingAverage(double[] y, int w) {
        double[] actual = fresh("y", y, passed -> TimeSeries.movingAverage(passed, w));
        int n = y.length;
        double[] expected = new double[n];
        double[] zeros = new double[n];
        double[] partial = new double[n];
        for (int t = 0; t < n; t++) {
            expected[t] = t < w - 1 ? Double.NaN : mean(Arrays.copyOfRange(y, t - w + 1, t + 1));
            zeros[t] = t < w - 1 ? 0 : expected[t];
            partial[t] = mean(Arrays.copyOfRange(y, Math.max(0, t - w + 1), t + 1));
        }
        List<Mistake<double[]>> mistakes = new ArrayList<>();
        for (int shift : new int[] {w / 2, (w - 1) / 2}) {
            if (shift > 0) {
                double[] centred = new double[n];
                for (int t = 0; t < n; t++) {
                    centred[t] = t + shift < n ? expected[t + shift] : Double.NaN;
                }
                mistakes.add(Mistake.giving(CENTRED, centred));
            }
        }
        if (w > 1) {
            mistakes.add(Mistake.giving(OMITTED, Arrays.copyOfRange(expected, w - 1, n)));
            mistakes.add(Mistake.giving(ZEROS, zeros));
            mistakes.add(Mistake.giving(PARTIAL, partial));
        }
        vector("movingAverage(" + show(y) + ", w " + w + ")", expected, actual, tolerance(y), mistakes);
    }

    private static void checkSmoothing(double[] y, double alpha) {
        double[] actual = fresh("y", y, passed -> TimeSeries.exponentialSmoothing(passed, alpha));
        double[] expected = weightedSum(y, alpha, y[0]);
        double[] forecasts = new double[y.length];
        forecasts[0] = y[0];
        System.arraycopy(expected, 0, forecasts, 1, y.length - 1);
        vector("exponentialSmoothing(" + show(y) + ", alpha " + fmt(alpha) + ")", expected, actual, tolerance(y), List.of(
                new Mistake<>(SWAPPED_ALPHA, () -> alpha == 0.5 ? null : weightedSum(y, 1 - alpha, y[0])),
                Mistake.giving(LEVEL_FROM_ZERO, levelFromZero(y, alpha)),
                Mistake.giving(FORECASTS, forecasts)));
    }

    /** l_t = (1 - alpha)^t y_0 + sum_{j < t} alpha (1 - alpha)^j y_{t-j}: the recursion unrolled. */
    private static double[] weightedSum(double[] y, double alpha, double start) {
        double[] out = new double[y.length];
        for (int t = 0; t < y.length; t++) {
            double sum = Math.pow(1 - alpha, t) * start;
            for (int j = 0; j < t; j++) {
                sum += alpha * Math.pow(1 - alpha, j) * y[t - j];
            }
            out[t] = sum;
        }
        return out;
    }

    private static double[] levelFromZero(double[] y, double alpha) {
        double[] out = new double[y.length];
        for (int t = 0; t < y.length; t++) {
            double sum = 0;
            for (int j = 0; j <= t; j++) {
                sum += alpha * Math.pow(1 - alpha, j) * y[t - j];
            }
            out[t] = sum;
        }
        return out;
    }

    // ---- one case each: differencing and splits --------------------------------------------------------

    private static void checkDifference(double[] y, int lag, int order) {
        double[] actual = fresh("y", y, passed -> TimeSeries.difference(passed, lag, order));
        String what = "difference(" + show(y) + ", lag " + lag + ", order " + order + ")";
        vector(what, difference(y, lag, order), actual, tolerance(y), List.of(
                new Mistake<>(LAG_1, () -> lag == 1 ? null : difference(y, 1, order)),
                new Mistake<>(ORDER_IGNORED, () -> order < 2 ? null : difference(y, lag, 1)),
                new Mistake<>(LAG_TIMES_ORDER, () -> order < 2 || (long) lag * order >= y.length ? null
                        : difference(y, lag * order, 1))));
    }

    /** (1 - B^L)^d y by the binomial expansion: sum_i (-1)^i C(d, i) y_{t - i L}. */
    private static double[] difference(double[] y, int lag, int order) {
        double[] out = new double[y.length - lag * order];
        for (int u = 0; u < out.length; u++) {
            int t = u + lag * order;
            double sum = 0;
            for (int i = 0; i <= order; i++) {
                sum += (i % 2 == 0 ? 1 : -1) * CombinatoricsUtils.binomialCoefficientDouble(order, i) * y[t - i * lag];
            }
            out[u] = sum;
        }
        return out;
    }

    private static void checkSplits(int n, int initial, int horizon, int step) {
        List<TimeSeries.Split> actual = Guarded.call(in -> TimeSeries.expandingWindowSplits(n, initial, horizon, step));
        String what = String.format(Locale.ROOT, "expandingWindowSplits(n %d, initial %d, horizon %d, step %d)", n,
                initial, horizon, step);
        List<TimeSeries.Split> expected = splits(n, initial, horizon, step, false, false);
        if (expected.equals(actual)) {
            return;
        }
        List<TimeSeries.Split> missed = expected.subList(0, expected.size() - 1);
        String diagnosis = Mistake.matching(wrong -> wrong.equals(actual), List.of(
                Mistake.giving(SLIDING, splits(n, initial, horizon, step, true, false)),
                Mistake.giving(TRUNCATED, splits(n, initial, horizon, step, false, true)),
                new Mistake<>(LAST_MISSED, () -> expected.get(expected.size() - 1).testTo() == n ? missed : null)));
        throw new AssertionFailedError(diagnosis + what + ": expected " + showSplits(expected) + ", got "
                + (actual == null ? "null" : showSplits(actual)));
    }

    /** Brute force: every training end e in 1..n, kept when it is initial + a multiple of step and its test fits. */
    private static List<TimeSeries.Split> splits(int n, int initial, int horizon, int step, boolean sliding,
            boolean truncated) {
        List<TimeSeries.Split> out = new ArrayList<>();
        for (int e = 1; e <= n; e++) {
            boolean onGrid = e >= initial && (e - initial) % step == 0;
            boolean fits = e + horizon <= n || truncated && e < n;
            if (onGrid && fits) {
                out.add(new TimeSeries.Split(sliding ? e - initial : 0, e, e, Math.min(e + horizon, n)));
            }
        }
        return out;
    }

    private static String showSplits(List<TimeSeries.Split> splits) {
        if (splits.size() > 6) {
            return splits.size() + " splits, first " + showSplits(splits.subList(0, 2)) + ", last "
                    + showSplits(splits.subList(splits.size() - 2, splits.size()));
        }
        StringBuilder s = new StringBuilder("[");
        for (TimeSeries.Split split : splits) {
            s.append(s.length() > 1 ? ", " : "").append(split == null ? "null" : String.format(Locale.ROOT,
                    "train [%d, %d) test [%d, %d)", split.trainFrom(), split.trainTo(), split.testFrom(), split.testTo()));
        }
        return s.append(']').toString();
    }

    // ---- one case each: ACF and PACF -------------------------------------------------------------------

    private static void checkAcf(double[] y, int maxLag) {
        double[] actual = fresh("y", y, passed -> TimeSeries.acf(passed, maxLag));
        double[] expected = acfOracle(y, maxLag, false);
        int n = y.length;
        double mean = Mean.of(y).getAsDouble();
        double c0 = Variance.of(y).getAsDouble() * (n - 1) / n;
        double[] pearson = new double[maxLag + 1];
        double[] raw = new double[maxLag + 1];
        double rawZero = 0;
        for (double v : y) {
            rawZero += v * v;
        }
        for (int k = 0; k <= maxLag; k++) {
            double[] head = Arrays.copyOfRange(y, 0, n - k);
            double[] tail = Arrays.copyOfRange(y, k, n);
            pearson[k] = head.length < 3 ? Double.NaN : new PearsonsCorrelation().correlation(head, tail);
            double sum = 0;
            for (int t = k; t < n; t++) {
                sum += y[t] * y[t - k];
            }
            raw[k] = sum / rawZero;
        }
        vector("acf(" + show(y) + ", maxLag " + maxLag + ")", expected, actual, new Tolerance(1e-10, 1e-9), List.of(
                new Mistake<>(N_MINUS_K, () -> maxLag == 0 ? null : acfOracle(y, maxLag, true)),
                Mistake.giving(PEARSON, pearson),
                new Mistake<>(NOT_CENTRED, () -> Math.abs(mean) < 1e-9 ? null : raw),
                Mistake.giving(AUTOCOVARIANCE, map(expected, expected, (r, unused) -> r * c0))));
    }

    /** r_k from Commons Statistics' overall mean and variance; with {@code nMinusK}, the n - k mistake. */
    private static double[] acfOracle(double[] y, int maxLag, boolean nMinusK) {
        int n = y.length;
        double mean = Mean.of(y).getAsDouble();
        double c0 = Variance.of(y).getAsDouble() * (n - 1) / n;     // the variance with denominator n
        double[] r = new double[maxLag + 1];
        for (int k = 0; k <= maxLag; k++) {
            double sum = 0;
            for (int t = 0; t + k < n; t++) {
                sum += (y[t] - mean) * (y[t + k] - mean);
            }
            r[k] = sum / (nMinusK ? n - k : n) / c0;
        }
        return r;
    }

    private static void checkPacf(double[] y, int maxLag) {
        double[] actual = fresh("y", y, passed -> TimeSeries.pacf(passed, maxLag));
        double[] acf = acfOracle(y, maxLag, false);
        vector("pacf(" + show(y) + ", maxLag " + maxLag + ")", yuleWalker(acf), actual, new Tolerance(1e-9, 1e-8), List.of(
                new Mistake<>(PACF_IS_ACF, () -> maxLag < 2 ? null : acf),
                new Mistake<>(PACF_OLS, () -> olsPacf(y, maxLag)),
                new Mistake<>(PACF_N_MINUS_K, () -> maxLag == 0 ? null : yuleWalker(acfOracle(y, maxLag, true)))));
    }

    /** pacf_k = the last coefficient of the order-k Yule-Walker system R_k phi = (r_1 .. r_k), by LU. */
    private static double[] yuleWalker(double[] r) {
        double[] pacf = new double[r.length];
        pacf[0] = 1;
        for (int k = 1; k < r.length; k++) {
            double[][] toeplitz = new double[k][k];
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    toeplitz[i][j] = r[Math.abs(i - j)];
                }
            }
            try {
                double[] phi = new LUDecomposition(new Array2DRowRealMatrix(toeplitz)).getSolver()
                        .solve(new ArrayRealVector(Arrays.copyOfRange(r, 1, k + 1))).toArray();
                pacf[k] = phi[k - 1];
            } catch (SingularMatrixException e) {
                pacf[k] = Double.NaN;
            }
        }
        return pacf;
    }

    /** The PACF as statsmodels' method='ols': regress y_t on 1, y_{t-1} .. y_{t-k}; the last coefficient. */
    private static double[] olsPacf(double[] y, int maxLag) {
        double[] pacf = new double[maxLag + 1];
        pacf[0] = 1;
        for (int k = 1; k <= maxLag; k++) {
            int rows = y.length - k;
            if (rows <= k + 2) {
                return null;
            }
            double[] target = new double[rows];
            double[][] lags = new double[rows][k];
            for (int t = k; t < y.length; t++) {
                target[t - k] = y[t];
                for (int j = 1; j <= k; j++) {
                    lags[t - k][j - 1] = y[t - j];
                }
            }
            OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
            ols.newSampleData(target, lags);
            try {
                pacf[k] = ols.estimateRegressionParameters()[k];
            } catch (RuntimeException singular) {
                return null;
            }
        }
        return pacf;
    }

    // ---- one case each: Holt-Winters -------------------------------------------------------------------

    /** Mistakes built into the Holt-Winters oracle, to name them. */
    private enum Hw { SEASON_OFF_BY_ONE, FORECAST_SEASON_OFF, NOT_DESEASONALISED, TREND_ZERO, TREND_NOT_DIVIDED, TREND_ONCE }

    private record HwResult(double[] fitted, double[] forecast, double level, double trend, double[] season) {
    }

    private static void checkHoltWinters(double[] y, int s, double alpha, double beta, double gamma, int h) {
        TimeSeries.HoltWinters actual = Guarded.call(in -> TimeSeries.holtWinters(in.copy("y", y), s, alpha, beta, gamma, h));
        String what = String.format(Locale.ROOT, "holtWinters(%s, s %d, alpha %s, beta %s, gamma %s, h %d)", show(y), s,
                fmt(alpha), fmt(beta), fmt(gamma), h);
        if (actual == null) {
            throw new AssertionFailedError(what + " returned null");
        }
        HwResult expected = holtWintersOracle(y, s, alpha, beta, gamma, h, EnumSet.noneOf(Hw.class));
        Tolerance tolerance = new Tolerance(1e-9 * scale(y), 1e-9);
        vector(what + ".fitted()", expected.fitted(), actual.fitted(), tolerance,
                hwMistakes(y, s, alpha, beta, gamma, h, HwResult::fitted));
        vector(what + ".forecast()", expected.forecast(), actual.forecast(), tolerance,
                hwMistakes(y, s, alpha, beta, gamma, h, HwResult::forecast));
        vector(what + ".level()", new double[] {expected.level()}, new double[] {actual.level()}, tolerance,
                hwMistakes(y, s, alpha, beta, gamma, h, r -> new double[] {r.level()}));
        vector(what + ".trend()", new double[] {expected.trend()}, new double[] {actual.trend()}, tolerance,
                hwMistakes(y, s, alpha, beta, gamma, h, r -> new double[] {r.trend()}));
        vector(what + ".season()", expected.season(), actual.season(), tolerance,
                hwMistakes(y, s, alpha, beta, gamma, h, HwResult::season));
    }

    private static List<Mistake<double[]>> hwMistakes(double[] y, int s, double alpha, double beta, double gamma, int h,
            Function<HwResult, double[]> part) {
        List<Mistake<double[]>> mistakes = new ArrayList<>();
        for (Object[] m : new Object[][] {{Hw.SEASON_OFF_BY_ONE, SEASON_OFF_BY_ONE},
            {Hw.FORECAST_SEASON_OFF, FORECAST_SEASON_OFF}, {Hw.NOT_DESEASONALISED, NOT_DESEASONALISED},
            {Hw.TREND_ZERO, TREND_ZERO}, {Hw.TREND_NOT_DIVIDED, TREND_NOT_DIVIDED}, {Hw.TREND_ONCE, TREND_ONCE}}) {
            Hw variant = (Hw) m[0];
            mistakes.add(new Mistake<>((String) m[1],
                    () -> part.apply(holtWintersOracle(y, s, alpha, beta, gamma, h, EnumSet.of(variant)))));
        }
        return mistakes;
    }

    /**
     * Additive Holt-Winters in error-correction form; {@code offsets} holds every seasonal offset
     * so far, S_{-s} first (so S_t is at t + s). {@code mistakes} builds named wrong variants.
     */
    private static HwResult holtWintersOracle(double[] y, int s, double alpha, double beta, double gamma, int h,
            Set<Hw> mistakes) {
        double first = Mean.of(Arrays.copyOfRange(y, 0, s)).getAsDouble();
        double second = Mean.of(Arrays.copyOfRange(y, s, 2 * s)).getAsDouble();
        double level = first;
        double trend = mistakes.contains(Hw.TREND_ZERO) ? 0
                : mistakes.contains(Hw.TREND_NOT_DIVIDED) ? second - first : (second - first) / s;
        List<Double> offsets = new ArrayList<>();
        for (int i = 0; i < s; i++) {
            offsets.add(y[i] - first);
        }
        int shift = mistakes.contains(Hw.SEASON_OFF_BY_ONE) ? 1 : 0;     // reads S_{t-s+1} where S_{t-s} belongs
        boolean plainLevel = mistakes.contains(Hw.NOT_DESEASONALISED);
        double[] fitted = new double[y.length];
        for (int t = 0; t < y.length; t++) {
            double old = offsets.get(t + shift);
            fitted[t] = level + trend + old;
            double error = y[t] - fitted[t];
            double newLevel = plainLevel ? alpha * y[t] + (1 - alpha) * (level + trend) : level + trend + alpha * error;
            trend = plainLevel ? beta * (newLevel - level) + (1 - beta) * trend : trend + alpha * beta * error;
            offsets.add(plainLevel ? gamma * (y[t] - newLevel) + (1 - gamma) * old : old + gamma * (1 - alpha) * error);
            level = newLevel;
        }
        int n = y.length;
        double[] season = offsets.subList(n, n + s).stream().mapToDouble(Double::doubleValue).toArray();
        double[] forecast = new double[h];
        for (int k = 1; k <= h; k++) {
            int index = (k - 1 + (mistakes.contains(Hw.FORECAST_SEASON_OFF) ? 1 : 0)) % s;
            forecast[k - 1] = level + (mistakes.contains(Hw.TREND_ONCE) ? 1 : k) * trend + season[index];
        }
        return new HwResult(fitted, forecast, level, trend, season);
    }

    // ---- comparison ------------------------------------------------------------------------------------

    /** Calls {@code call} with a copy of {@code y}; the answer must be a new array, not that copy. */
    private static double[] fresh(String name, double[] y, Function<double[], double[]> call) {
        double[][] passed = new double[1][];
        double[] answer = Guarded.call(in -> {
            passed[0] = in.copy(name, y);
            return call.apply(passed[0]);
        });
        if (answer != null && answer == passed[0]) {
            throw new AssertionFailedError(Mistake.PREFIX + "returned the input '" + name + "' itself where a new array "
                    + "is promised: a caller who changes the result would change " + name + " too. Return a copy ("
                    + name + ".clone()) even when nothing needs computing.");
        }
        return answer;
    }

    private static void vector(String what, double[] expected, double[] actual, Tolerance tolerance,
            List<Mistake<double[]>> mistakes) {
        if (actual == null) {
            throw new AssertionFailedError(what + ": got null, expected " + expected.length + " values");
        }
        if (expected.length == 0 || actual.length == 0) {
            if (expected.length != actual.length) {
                throw new AssertionFailedError(what + ": wrong length: expected " + expected.length + " values, got "
                        + actual.length);
            }
            return;
        }
        List<Mistake<INDArray>> wrapped = new ArrayList<>();
        for (Mistake<double[]> m : mistakes) {
            wrapped.add(new Mistake<>(m.diagnosis(), () -> {
                double[] wrong = m.answer().get();
                return wrong == null || wrong.length == 0 ? null : Compare.vector(wrong);
            }));
        }
        Compare.assertClose(what, Compare.vector(expected), Compare.vector(actual), tolerance, wrapped);
    }

    private static void scalar(String what, double expected, double actual, List<Mistake<Double>> mistakes) {
        CompareScalar.assertClose(what, expected, actual, new Tolerance(1e-10, 1e-10), mistakes);
    }

    private static void rejected(String what, Runnable call) {
        Rejection.expectRejected(what, "check the series and the arguments first: a non-empty series of finite values, "
                + "windows, lags and weights in range, at least two seasons, a series that is not constant for "
                + "the ACF", call);
    }

    private static Tolerance tolerance(double[] y) {
        return new Tolerance(1e-10 * scale(y), 1e-10);
    }

    // ---- small helpers ---------------------------------------------------------------------------------

    private static double mean(double[] v) {
        return Mean.of(v).getAsDouble();
    }

    private static double scale(double[] y) {
        double s = 1;
        for (double v : y) {
            s = Math.max(s, Math.abs(v));
        }
        return s;
    }

    private static double[] map(double[] a, double[] b, java.util.function.DoubleBinaryOperator f) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = f.applyAsDouble(a[i], b[i]);
        }
        return out;
    }

    private static String show(double[] y) {
        if (y.length > 6) {
            return "(" + y.length + " values)";
        }
        StringBuilder s = new StringBuilder("{");
        for (int i = 0; i < y.length; i++) {
            s.append(i == 0 ? "" : ", ").append(fmt(y[i]));
        }
        return s.append('}').toString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6g", v).replaceAll("\\.?0+(e|$)", "$1");
    }

    // ---- inputs ----------------------------------------------------------------------------------------

    private static double[] noise(Random random, int n) {
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            y[t] = random.nextGaussian();
        }
        return y;
    }

    /** A random walk with drift, started near 50. */
    private static double[] walk(Random random, int n) {
        double[] y = new double[n];
        y[0] = 50 + random.nextGaussian();
        for (int t = 1; t < n; t++) {
            y[t] = y[t - 1] + 0.3 + random.nextGaussian();
        }
        return y;
    }

    /** An AR(2) y_t = phi1 y_{t-1} + phi2 y_{t-2} + e_t around 10, after a burn-in of 50. */
    private static double[] ar(Random random, int n, double phi1, double phi2) {
        double[] y = new double[n + 50];
        for (int t = 2; t < y.length; t++) {
            y[t] = phi1 * y[t - 1] + phi2 * y[t - 2] + random.nextGaussian();
        }
        double[] out = Arrays.copyOfRange(y, 50, y.length);
        for (int t = 0; t < n; t++) {
            out[t] += 10;
        }
        return out;
    }

    /** Level 100, a trend, a season of length s and noise. */
    private static double[] seasonal(Random random, int n, int s) {
        double[] shape = new double[s];
        for (int i = 0; i < s; i++) {
            shape[i] = 5 * Math.sin(2 * Math.PI * i / s) + random.nextGaussian();
        }
        double slope = 0.5 * random.nextGaussian();
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            y[t] = 100 + slope * t + shape[t % s] + 0.5 * random.nextGaussian();
        }
        return y;
    }
}
