package deepdrill.week2;

import java.util.List;

/**
 * The classical time-series toolkit: a trailing moving average, simple and additive Holt-Winters
 * exponential smoothing with forecasts, differencing, the sample ACF and PACF, the forecast errors
 * MAE, MAPE and RMSE, and expanding-window cross-validation splits.
 *
 * <h2>The idea</h2>
 * A series y_0, ..., y_{n-1} is trend + season + noise. Smoothing estimates the slowly moving part:
 * a moving average weighs the last w values equally, exponential smoothing weighs the past with
 * geometrically decaying weights, and Holt-Winters keeps three exponentially smoothed states (level,
 * trend and one seasonal offset per position in the season) that forecast h steps ahead.
 * Differencing removes a trend (lag 1) or a season (lag s) to make a series stationary, which is what
 * ARIMA models assume; the ACF and PACF of the stationary series suggest their orders (an AR(p)'s
 * PACF cuts off after lag p, an MA(q)'s ACF after lag q). Forecasts are scored by MAE, RMSE or MAPE
 * on data after the training period, and validated on expanding windows: never train on the future.
 *
 * <h2>Formula</h2>
 * <pre>
 *   moving average (trailing):   m_t = (y_{t-w+1} + ... + y_t) / w      for t &gt;= w - 1; NaN before
 *   simple exp. smoothing:       l_0 = y_0,   l_t = alpha y_t + (1 - alpha) l_{t-1}
 *                                (l_t is also the forecast of y_{t+1})
 *   additive Holt-Winters, season length s (state before y_0, from the first two seasons):
 *       l = mean(y_0 .. y_{s-1})
 *       b = (mean(y_s .. y_{2s-1}) - mean(y_0 .. y_{s-1})) / s
 *       S_{i-s} = y_i - l                                  for i = 0 .. s-1
 *     for t = 0 .. n-1:
 *       fitted_t = l_{t-1} + b_{t-1} + S_{t-s}              the one-step-ahead forecast of y_t
 *       l_t = alpha (y_t - S_{t-s}) + (1 - alpha)(l_{t-1} + b_{t-1})
 *       b_t = beta (l_t - l_{t-1}) + (1 - beta) b_{t-1}
 *       S_t = gamma (y_t - l_t) + (1 - gamma) S_{t-s}
 *     forecast, h = 1, 2, ...:  yhat_{n-1+h} = l_{n-1} + h b_{n-1} + S_{n-1+h-s*ceil(h/s)}
 *   differencing, lag L, order d:   apply d times  y'_t = y_t - y_{t-L}   (n - L d values)
 *   ACF:   r_k = sum_{t=k}^{n-1} (y_t - ybar)(y_{t-k} - ybar) / sum_{t=0}^{n-1} (y_t - ybar)^2
 *   PACF (Durbin-Levinson):   phi_11 = r_1
 *       phi_kk = (r_k - sum_{j=1}^{k-1} phi_{k-1,j} r_{k-j}) / (1 - sum_{j=1}^{k-1} phi_{k-1,j} r_j)
 *       phi_kj = phi_{k-1,j} - phi_kk phi_{k-1,k-j}          for j = 1 .. k-1;   pacf_k = phi_kk
 *   MAE  = mean |a_t - p_t|     RMSE = sqrt(mean (a_t - p_t)^2)
 *   MAPE = 100 * mean |(a_t - p_t) / a_t|     (a percentage)
 * </pre>
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   n  the series' length        w  window, 1..n        s  season length, &gt;= 2, with n &gt;= 2s
 *   alpha, beta, gamma  smoothing weights in [0, 1]     h  forecast horizon, &gt;= 0
 *
 *   y                        (n)        the series, every value finite
 *   movingAverage            (n)        NaN at t = 0 .. w-2
 *   exponentialSmoothing     (n)        the levels l_0 .. l_{n-1}
 *   HoltWinters.fitted       (n)        fitted_0 .. fitted_{n-1} (one step ahead, before seeing y_t)
 *   HoltWinters.forecast     (h)        yhat_n .. yhat_{n+h-1}
 *   HoltWinters.level, trend            l_{n-1}, b_{n-1};   HoltWinters.season (s): S_{n-s} .. S_{n-1}
 *   difference               (n - L d)
 *   acf, pacf                (maxLag + 1)   index k = lag k, 0 &lt;= maxLag &lt; n; entry 0 is 1
 *   Split                    half-open index ranges [trainFrom, trainTo) and [testFrom, testTo)
 * </pre>
 *
 * <h2>The convention</h2>
 * Where libraries differ, this follows: a TRAILING moving average that keeps the series' length and
 * puts NaN at the first w - 1 places (pandas' {@code rolling(w).mean()}, not a centred window);
 * simple smoothing started at the first value; Holt-Winters initialised from the first two seasons
 * as above (the simple initialisation of Hyndman and Athanasopoulos, the starting values that
 * statsmodels' {@code _initialization_simple} computes), with the given, fixed weights; the ACF with the
 * overall mean and the denominator n at every lag (so r_0 = 1 and the ACF is positive semi-definite;
 * R's {@code acf}, statsmodels' {@code acf(adjusted=False)}); the PACF by Durbin-Levinson on that ACF
 * (R's {@code pacf}, statsmodels' {@code method="ldb"}), which differs slightly from the last
 * coefficient of an OLS autoregression ({@code method="ols"}) on a finite series; MAPE in percent.
 *
 * <p>Expanding-window splits: the first training window is [0, initial), its test window the next
 * {@code horizon} points; each later split grows the training window by {@code step} (it always
 * starts at 0). A split is made only while its whole test window fits (testTo &lt;= n): a last,
 * shorter test window is dropped, not truncated.
 *
 * <p>Rejected with an {@link IllegalArgumentException}: a null or empty series, a NaN or infinite
 * value; w outside 1..n; alpha, beta or gamma outside [0, 1] (or NaN); s &lt; 2, a series shorter than
 * two seasons (n &lt; 2s), h &lt; 0; a lag below 1, an order below 0, or L d &gt;= n; maxLag outside
 * 0..n-1; a constant series for the ACF and PACF (its variance is 0, so r_k is 0 / 0: undefined);
 * forecast errors of arrays of different or zero length; MAPE with an actual value of 0, with a
 * message that says the actual value is zero; for the splits n, initial, horizon or step below 1,
 * or initial + horizon &gt; n (not one split fits). Inputs are never modified; results are new.
 *
 * <h2>What interviewers ask</h2>
 * <ul>
 *   <li>What do the ACF and PACF tell you? (ACF cutting off after q: MA(q); PACF cutting off after
 *       p: AR(p); a slow ACF decay: a trend, so difference first; spikes at s, 2s: a season.)</li>
 *   <li>Why is the PACF not just the ACF? (It is the correlation at lag k after removing what lags
 *       1..k-1 explain; only at lag 1 are they equal.)</li>
 *   <li>What is alpha in exponential smoothing? (The weight of the newest value; the weights decay
 *       as alpha (1 - alpha)^j; alpha = 1 is the naive forecast, alpha = 0 never updates.)</li>
 *   <li>Additive or multiplicative season? (Additive when the seasonal swing is constant in size,
 *       multiplicative when it grows with the level.)</li>
 *   <li>Why not MAPE everywhere? (Undefined at a zero actual, explodes near zero, and punishes
 *       over-forecasts more than under-forecasts; MAE and RMSE are in the series' units, RMSE
 *       weighs large errors more.)</li>
 *   <li>Why not k-fold cross-validation for a series? (Random folds train on the future and leak;
 *       expanding (or sliding) windows keep the time order.)</li>
 *   <li>What does differencing at lag 12 do to monthly data? (Removes a stable yearly season; the
 *       first difference removes a linear trend. ARIMA's d and SARIMA's D count them.)</li>
 * </ul>
 *
 * @see <a href="https://otexts.com/fpp3/">Hyndman and Athanasopoulos, <i>Forecasting: Principles and
 *      Practice</i></a> (chapters 8 and 9: exponential smoothing, stationarity, ACF and PACF), and
 *      Box, Jenkins, Reinsel and Ljung, <i>Time Series Analysis</i> (5th ed., 2015), chapter 3
 */
public final class TimeSeries {

    private TimeSeries() {
    }

    /**
     * An additive Holt-Winters fit and its forecasts.
     *
     * @param fitted   the one-step-ahead fitted values, (n)
     * @param forecast the forecasts of the h values after the series, (h)
     * @param level    the final level l_{n-1}
     * @param trend    the final trend b_{n-1}
     * @param season   the last s seasonal offsets S_{n-s} .. S_{n-1}, (s)
     */
    public record HoltWinters(double[] fitted, double[] forecast, double level, double trend, double[] season) {
    }

    /**
     * One expanding-window split: train on [trainFrom, trainTo), test on [testFrom, testTo).
     *
     * @param trainFrom always 0 for an expanding window
     * @param trainTo   end of the training window (exclusive)
     * @param testFrom  start of the test window, equal to trainTo
     * @param testTo    end of the test window (exclusive), testFrom + horizon
     */
    public record Split(int trainFrom, int trainTo, int testFrom, int testTo) {
    }

    /**
     * The trailing moving average of window w.
     *
     * @param y the series, (n); not modified
     * @param w the window, 1..n
     * @return a new array of length n: the mean of y_{t-w+1} .. y_t at t &gt;= w - 1, NaN before
     */
    public static double[] movingAverage(double[] y, int w) {
        // TODO: NaN for t < w - 1, then the mean of the w values ending at t (a running sum works too).
        throw new UnsupportedOperationException("Not implemented yet: TimeSeries.movingAverage");
    }

    /**
     * Simple exponential smoothing, started at the first value.
     *
     * @param y     the series, (n); not modified
     * @param alpha the weight of the newest value, in [0, 1]
     * @return a new array of the levels l_0 = y_0, l_t = alpha y_t + (1 - alpha) l_{t-1}
     */
    public static double[] exponentialSmoothing(double[] y, double alpha) {
        // TODO: l_0 = y_0, then one line per step: alpha y_t + (1 - alpha) l_{t-1}.
        throw new UnsupportedOperationException("Not implemented yet: TimeSeries.exponentialSmoothing");
    }

    /**
     * Additive Holt-Winters with fixed weights, initialised from the first two seasons.
     *
     * @param y     the series, (n), n &gt;= 2s; not modified
     * @param s     the season's length, &gt;= 2
     * @param alpha the level's weight, in [0, 1]
     * @param beta  the trend's weight, in [0, 1]
     * @param gamma the season's weight, in [0, 1]
     * @param h     how many values to forecast after the series, &gt;= 0
     * @return the fitted values, forecasts and final states (see the class Javadoc)
     */
    public static HoltWinters holtWinters(double[] y, int s, double alpha, double beta, double gamma, int h) {
        // TODO: initialise level, trend and s offsets from the first two seasons; for each t the fitted value
        //       comes first (before y_t updates the states), then level, trend, season; forecasts reuse the last season.
        throw new UnsupportedOperationException("Not implemented yet: TimeSeries.holtWinters");
    }

    /**
     * Differences the series d times at lag L.
     *
     * @param y     the series, (n); not modified
     * @param lag   L &gt;= 1 (1 for a trend, s for a season)
     * @param order d &gt;= 0, with L d &lt; n
     * @return a new array of length n - L d
     */
    public static double[] difference(double[] y, int lag, int order) {
        // TODO: repeat order times: a new array of length - lag, next[t] = cur[t + lag] - cur[t].
        throw new UnsupportedOperationException("Not implemented yet: TimeSeries.difference");
    }

    /**
     * The sample autocorrelation function at lags 0..maxLag.
     *
     * @param y      the series, (n), not constant; not modified
     * @param maxLag the largest lag, 0..n-1
     * @return a new array r_0 = 1, r_1, .., r_maxLag (overall mean, denominator n)
     */
    public static double[] acf(double[] y, int maxLag) {
        // TODO: the overall mean, c0 = sum of squared deviations (reject 0), then r_k = sum of lagged products / c0.
        throw new UnsupportedOperationException("Not implemented yet: TimeSeries.acf");
    }

    /**
     * The sample partial autocorrelation function at lags 0..maxLag, by Durbin-Levinson on the ACF.
     *
     * @param y      the series, (n), not constant; not modified
     * @param maxLag the largest lag, 0..n-1
     * @return a new array: 1, phi_11, phi_22, .., phi_{maxLag,maxLag}
     */
    public static double[] pacf(double[] y, int maxLag) {
        // TODO: Durbin-Levinson on acf(y, maxLag): keep phi_{k-1,.} and derive phi_kk and phi_{k,.} from it.
        throw new UnsupportedOperationException("Not implemented yet: TimeSeries.pacf");
    }

    /**
     * The mean absolute error.
     *
     * @param actual    the observed values, (n); not modified
     * @param predicted the forecasts, (n); not modified
     * @return mean |actual_t - predicted_t|
     */
    public static double mae(double[] actual, double[] predicted) {
        // TODO: check the lengths, then the mean of |a - p|.
        throw new UnsupportedOperationException("Not implemented yet: TimeSeries.mae");
    }

    /**
     * The mean absolute percentage error, in percent.
     *
     * @param actual    the observed values, (n), none of them 0; not modified
     * @param predicted the forecasts, (n); not modified
     * @return 100 * mean |(actual_t - predicted_t) / actual_t|
     */
    public static double mape(double[] actual, double[] predicted) {
        // TODO: reject a zero actual (say so in the message), then 100 * the mean of |(a - p) / a|.
        throw new UnsupportedOperationException("Not implemented yet: TimeSeries.mape");
    }

    /**
     * The root mean squared error.
     *
     * @param actual    the observed values, (n); not modified
     * @param predicted the forecasts, (n); not modified
     * @return sqrt(mean (actual_t - predicted_t)^2)
     */
    public static double rmse(double[] actual, double[] predicted) {
        // TODO: the square root of the mean squared error.
        throw new UnsupportedOperationException("Not implemented yet: TimeSeries.rmse");
    }

    /**
     * Expanding-window cross-validation splits of a series of length n.
     *
     * @param n       the series' length, &gt;= 1
     * @param initial the first training window's length, &gt;= 1
     * @param horizon the test window's length, &gt;= 1, with initial + horizon &lt;= n
     * @param step    how much the training window grows from one split to the next, &gt;= 1
     * @return a new list of the splits, in order; only those whose test window fits in the series
     */
    public static List<Split> expandingWindowSplits(int n, int initial, int horizon, int step) {
        // TODO: trainTo = initial, initial + step, ... while trainTo + horizon <= n; train always starts at 0.
        throw new UnsupportedOperationException("Not implemented yet: TimeSeries.expandingWindowSplits");
    }
}
