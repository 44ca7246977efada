package deepdrill.grader.checks.support;

import deepdrill.datasets.SyntheticScenes;
import deepdrill.datasets.SyntheticScenes.Detection;
import deepdrill.datasets.SyntheticScenes.GroundTruth;
import deepdrill.datasets.SyntheticScenes.Scene;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Detector-like inputs for the detection checks, drawn from {@link SyntheticScenes} with a seed
 * derived from the task's, and turned into the arrays the exercises take: boxes as {@code (N, 4)}
 * float64 {@code (x1, y1, x2, y2)}, scores as {@code double[]}, labels as {@code int[]}.
 */
public final class SceneInputs {

    private SceneInputs() {
    }

    /** The scene for {@code seed} with the default configuration (640 x 480, up to 8 objects, 3 classes). */
    public static Scene scene(long seed) {
        return SyntheticScenes.generate(seed, SyntheticScenes.Config.defaults());
    }

    /** A scene with at least {@code minDetections} detections: the first such seed from {@code seed} on. */
    public static Scene sceneWithDetections(long seed, int minDetections, SyntheticScenes.Config config) {
        for (long s = seed; ; s++) {
            Scene scene = SyntheticScenes.generate(s, config);
            if (scene.detections().size() >= minDetections) {
                return scene;
            }
        }
    }

    /** The detections' boxes, {@code (N, 4)} float64; a {@code (0, 4)} array when there are none. */
    public static INDArray detectionBoxes(List<Detection> detections) {
        return boxes(detections.stream().map(d -> d.box().toArray()).toArray(double[][]::new));
    }

    /** The objects' true boxes, {@code (M, 4)} float64. */
    public static INDArray groundTruthBoxes(List<GroundTruth> objects) {
        return boxes(objects.stream().map(g -> g.box().toArray()).toArray(double[][]::new));
    }

    public static double[] scores(List<Detection> detections) {
        return detections.stream().mapToDouble(Detection::score).toArray();
    }

    public static int[] labels(List<Detection> detections) {
        return detections.stream().mapToInt(Detection::label).toArray();
    }

    /** Rows of 4 coordinates as an {@code (N, 4)} float64 array, {@code (0, 4)} for none. */
    public static INDArray boxes(double[][] rows) {
        double[] flat = new double[rows.length * 4];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, 4 * i, 4);
        }
        return Nd4j.create(flat, new long[] {rows.length, 4}, DataType.DOUBLE);
    }

    /**
     * Regions of interest for RoI pooling: the first {@code perImage} detections (at least 2) of one
     * seeded scene of {@code width x height} pixels per image of a batch, as {@code (K, 5)} float64
     * rows {@code (batchIndex, x1, y1, x2, y2)}. The last image's rois come first, so that reading
     * every roi from image 0 is wrong.
     *
     * @param random the task's random source; each scene's seed is drawn from it
     */
    public static INDArray rois(Random random, int images, int perImage, int width, int height) {
        SyntheticScenes.Config config = new SyntheticScenes.Config(width, height, 6, 3, 0.9, 0.5, 2.0, 0.05);
        List<double[]> rows = new ArrayList<>();
        for (int image = images - 1; image >= 0; image--) {
            List<Detection> detections = sceneWithDetections(random.nextLong(), 2, config).detections();
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
