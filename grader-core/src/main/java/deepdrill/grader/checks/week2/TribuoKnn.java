package deepdrill.grader.checks.week2;

import java.util.stream.IntStream;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.common.nearest.KNNModel;
import org.tribuo.common.nearest.KNNTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.distance.L2Distance;
import org.tribuo.math.neighbour.NeighboursQueryFactoryType;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Tribuo's brute-force {@code KNNTrainer} classifier (L2 distance, majority vote), one thread, on features the caller has already standardised (Tribuo does not standardise). Its tie
 * rules are its own, so a check compares with it only where no tie can matter.
 */
public final class TribuoKnn {

    private TribuoKnn() {
    }

    public static int[] classify(double[][] train, int[] labels, double[][] queries, int k) {
        LabelFactory factory = new LabelFactory();
        String[] names = names(train[0].length);
        MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance("train", factory), factory);
        for (int i = 0; i < train.length; i++) {
            data.add(new ArrayExample<>(new Label(Integer.toString(labels[i])), names, train[i]));
        }
        KNNTrainer<Label> trainer = new KNNTrainer<>(k, new L2Distance(), 1, new VotingCombiner(),
                KNNModel.Backend.STREAMS, NeighboursQueryFactoryType.BRUTE_FORCE);
        Model<Label> model = trainer.train(data);
        return IntStream.range(0, queries.length).map(q -> Integer.parseInt(model.predict(
                new ArrayExample<>(factory.getUnknownOutput(), names, queries[q])).getOutput().getLabel())).toArray();
    }

    /**
     * As {@link #classify}, after standardising train and queries with the training features' mean
     * and population standard deviation (a constant feature to 0), as {@code knn} does.
     */
    public static int[] classifyStandardised(double[][] train, int[] labels, double[][] queries, int k) {
        int d = train[0].length;
        double[] mean = new double[d];
        double[] std = new double[d];
        for (int j = 0; j < d; j++) {
            for (double[] row : train) {
                mean[j] += row[j] / train.length;
            }
            for (double[] row : train) {
                std[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / train.length;
            }
            std[j] = Math.sqrt(std[j]);
        }
        return classify(scaled(train, mean, std), labels, scaled(queries, mean, std), k);
    }

    private static double[][] scaled(double[][] x, double[] mean, double[] std) {
        double[][] z = new double[x.length][mean.length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < mean.length; j++) {
                z[i][j] = std[j] == 0 ? 0 : (x[i][j] - mean[j]) / std[j];
            }
        }
        return z;
    }

    /** f00, f01, ...: Tribuo sorts features by name, so the names keep the columns' order. */
    private static String[] names(int d) {
        return IntStream.range(0, d).mapToObj(j -> String.format("f%03d", j)).toArray(String[]::new);
    }
}
