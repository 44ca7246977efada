package deepdrill.grader.checks.support;

import deepdrill.datasets.SyntheticScenes;
import deepdrill.datasets.SyntheticScenes.Detection;
import deepdrill.datasets.SyntheticScenes.GroundTruth;
import deepdrill.datasets.SyntheticScenes.Scene;
import java.util.List;
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
}
