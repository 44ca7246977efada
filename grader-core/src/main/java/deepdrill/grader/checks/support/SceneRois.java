package deepdrill.grader.checks.support;

import deepdrill.datasets.SyntheticScenes;
import deepdrill.datasets.SyntheticScenes.Detection;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Regions of interest for RoI pooling checks: the detections of seeded synthetic scenes, one scene
 * per image of a batch, as {@code (K, 5)} float64 rows {@code (batchIndex, x1, y1, x2, y2)}.
 *
 * <p>It lives here, not in the check, because checks are loaded afresh for every run of a warm
 * grader (watch, the mutant tests) by a class loader that sees only the exercise and grader
 * classes: a check that names a {@code deepdrill.datasets} type itself cannot load it there.
 */
public final class SceneRois {

    private SceneRois() {
    }

    /**
     * The first {@code perImage} detections (at least 2) of one scene of {@code width x height}
     * pixels for each image, the last image's rois first, so that reading every roi from image 0
     * is wrong.
     *
     * @param random the task's random source; each scene's seed is drawn from it
     */
    public static INDArray fromScenes(Random random, int images, int perImage, int width, int height) {
        SyntheticScenes.Config config = new SyntheticScenes.Config(width, height, 6, 3, 0.9, 0.5, 2.0, 0.05);
        List<double[]> rows = new ArrayList<>();
        for (int image = images - 1; image >= 0; image--) {
            List<Detection> detections = SceneInputs.sceneWithDetections(random.nextLong(), 2, config).detections();
            for (Detection d : detections.subList(0, Math.min(detections.size(), perImage))) {
                SyntheticScenes.Box box = d.box();
                rows.add(new double[] {image, box.x1(), box.y1(), box.x2(), box.y2()});
            }
        }
        double[] flat = new double[5 * rows.size()];
        for (int k = 0; k < rows.size(); k++) {
            System.arraycopy(rows.get(k), 0, flat, 5 * k, 5);
        }
        return Nd4j.create(flat, new long[] {rows.size(), 5}, DataType.DOUBLE);
    }
}
