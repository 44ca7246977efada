package deepdrill.grader.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepdrill.datasets.Iris;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.junit.jupiter.api.Test;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The week-2 oracle libraries resolve and run together with ND4J's versions of their shared
 * dependencies (Commons Lang, Collections): Tribuo trains a tree and Commons Math decomposes a
 * matrix, on the shipped Iris data.
 */
class Week2OracleLibrariesTest {

    @Test
    void tribuoTrainsACartTreeOnIris() {
        Iris iris = Iris.load();
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance("iris", factory), factory);
        String[] names = Iris.FEATURE_NAMES.toArray(String[]::new);
        for (int i = 0; i < iris.labels().length; i++) {
            data.add(new ArrayExample<>(new Label(Iris.CLASS_NAMES.get(iris.labels()[i])), names, iris.features()[i]));
        }
        var model = new CARTClassificationTrainer(3).train(data);
        int right = 0;
        for (var example : data) {
            Prediction<Label> p = model.predict(example);
            right += p.getOutput().getLabel().equals(example.getOutput().getLabel()) ? 1 : 0;
        }
        assertTrue(right >= 140, "a depth-3 tree fits Iris well: " + right + "/150");
    }

    @Test
    void commonsMathDecomposesTheIrisMatrix() {
        var svd = new SingularValueDecomposition(MatrixUtils.createRealMatrix(Iris.load().features()));
        assertEquals(4, svd.getSingularValues().length);
        assertTrue(svd.getSingularValues()[0] > svd.getSingularValues()[1]);
    }
}
