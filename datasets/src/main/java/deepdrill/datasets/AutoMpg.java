package deepdrill.datasets;

import java.util.List;

/**
 * The Auto MPG data: fuel consumption of 392 car models from 1970 to 1982, for regression.
 *
 * <p>Source: the UCI Machine Learning Repository, "Auto MPG" (donated by R. Quinlan, 1993; from
 * the StatLib library at Carnegie Mellon University; CC BY 4.0). Used by Quinlan (1993),
 * "Combining instance-based and model-based learning", ICML. The file was taken from the npm
 * package {@code vega-datasets} 3.2.1 ({@code cars.json}, BSD-3-Clause); the 14 rows with a
 * missing value were dropped, leaving the usual 392.
 *
 * @param features {@code [392][7]} in the order of {@link #FEATURE_NAMES}
 * @param mpg      miles per US gallon, the target
 * @param names    the car model's name per row
 */
public record AutoMpg(double[][] features, double[] mpg, List<String> names) {

    /** Origin is coded 1 (USA), 2 (Europe), 3 (Japan); model year is the year minus 1900. */
    public static final List<String> FEATURE_NAMES = List.of("cylinders", "displacement", "horsepower", "weight",
            "acceleration", "model_year", "origin");

    private static final String SHA256 = "b1c6acb10caf399802f61aec1098538797211522e0d08552c5e56970f6728794";

    /** Loads a fresh copy (callers may change the arrays). */
    public static AutoMpg load() {
        List<String> rows = Resources.csvRows("auto-mpg.csv", SHA256);
        double[][] x = new double[rows.size()][FEATURE_NAMES.size()];
        double[] y = new double[rows.size()];
        String[] names = new String[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            // Eight numeric cells, then the name, which may itself hold commas (quoted in the file).
            String[] cells = rows.get(i).split(",", 9);
            y[i] = Double.parseDouble(cells[0]);
            for (int j = 0; j < x[i].length; j++) {
                x[i][j] = Double.parseDouble(cells[j + 1]);
            }
            names[i] = cells[8].replace("\"", "");
        }
        return new AutoMpg(x, y, List.of(names));
    }
}
