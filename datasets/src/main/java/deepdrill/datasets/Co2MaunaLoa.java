package deepdrill.datasets;

import java.time.YearMonth;
import java.util.List;

/**
 * Monthly mean atmospheric CO2 at Mauna Loa, Hawaii, January 1965 to December 2019 (660 months):
 * a series with a strong trend and a 12-month season, for smoothing, Holt-Winters and forecasting.
 *
 * <p>Source: C. D. Keeling et al., Scripps Institution of Oceanography, and P. Tans, NOAA Global
 * Monitoring Laboratory (public domain, US government data); monthly means in ppm (micromol per
 * mol, dry air). The file was taken from the npm package {@code vega-datasets} 3.2.1
 * ({@code co2-concentration.csv}, BSD-3-Clause), keeping the whole years with no missing month.
 *
 * @param start first month of the series
 * @param ppm   the monthly means, one per month from {@code start}
 */
public record Co2MaunaLoa(YearMonth start, double[] ppm) {

    /** Months per season. */
    public static final int PERIOD = 12;

    private static final String SHA256 = "0256137acd874593988e2ae650c2db77a02a010760da8a8b819310761edaf4ca";

    /** Loads a fresh copy (callers may change the array). */
    public static Co2MaunaLoa load() {
        List<String> rows = Resources.csvRows("co2-mauna-loa.csv", SHA256);
        double[] ppm = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            ppm[i] = Double.parseDouble(rows.get(i).split(",")[1]);
        }
        return new Co2MaunaLoa(YearMonth.parse(rows.get(0).split(",")[0]), ppm);
    }
}
