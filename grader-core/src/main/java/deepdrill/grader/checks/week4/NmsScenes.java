package deepdrill.grader.checks.week4;

import deepdrill.datasets.SyntheticScenes;
import deepdrill.datasets.SyntheticScenes.Config;
import deepdrill.datasets.SyntheticScenes.Detection;
import deepdrill.grader.checks.support.SceneInputs;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The cases of {@link NmsCheck}: boxes with their scores (and labels), drawn from seeded synthetic
 * scenes or written by hand, and how a case is named in a failure message.
 */
final class NmsScenes {

    /** Two thin boxes that share an edge: continuous IoU 0, but 9 / 13.5 = 0.67 with the +1 convention. */
    static final double[] THIN_LEFT = {100, 0, 100.25, 8};
    static final double[] THIN_RIGHT = {100.25, 0, 100.5, 8};

    static final Config DEFAULT = Config.defaults();
    /** Many duplicates per object, so that NMS has work to do. */
    static final Config CROWDED = new Config(640, 480, 8, 3, 0.95, 0.7, 2.0, 0.05);
    /** A busy image, to merge into hundreds of boxes. */
    static final Config BUSY = new Config(640, 480, 20, 3, 0.9, 0.6, 3.0, 0.05);

    private NmsScenes() {
    }

    /** Boxes with their scores and labels; {@code name} describes them, or null to list them. */
    record Boxes(INDArray boxes, double[] scores, int[] labels, String name) {
        int n() {
            return scores.length;
        }

        /** The same boxes with other scores, named after what was done to them. */
        Boxes rescored(double[] newScores, String how) {
            return new Boxes(boxes, newScores, labels, name == null ? null : name + ", " + how);
        }

        @Override
        public String toString() {
            if (name != null) {
                return name + " (N = " + n() + " boxes)";
            }
            double[][] rows = n() == 0 ? new double[0][] : boxes.toDoubleMatrix();
            StringBuilder s = new StringBuilder("boxes {");
            for (int i = 0; i < rows.length; i++) {
                s.append(i == 0 ? "(" : ", (").append(number(rows[i][0])).append(", ").append(number(rows[i][1]))
                        .append(", ").append(number(rows[i][2])).append(", ").append(number(rows[i][3])).append(")");
            }
            s.append("}, scores ").append(Arrays.toString(scores));
            return s.append(labels == null ? "" : ", labels " + Arrays.toString(labels)).toString();
        }
    }

    /** Scene {@code k} of a task, with at least 6 detections, seeded from the task's random source. */
    static Boxes scene(Random random, int k, Config config) {
        SyntheticScenes.Scene scene = SceneInputs.sceneWithDetections(random.nextLong(), 6, config);
        List<Detection> d = scene.detections();
        return new Boxes(SceneInputs.detectionBoxes(d), SceneInputs.scores(d), SceneInputs.labels(d),
                "scene " + k + " of this task");
    }

    /** The first {@code count} detections of busy scenes drawn one after another from a seed of the task. */
    static Boxes merged(Random random, int count) {
        List<Detection> merged = new java.util.ArrayList<>();
        long seed = random.nextLong();
        while (merged.size() < count) {
            merged.addAll(SyntheticScenes.generate(seed++, BUSY).detections());
        }
        List<Detection> detections = merged.subList(0, count);
        return new Boxes(SceneInputs.detectionBoxes(detections), SceneInputs.scores(detections),
                SceneInputs.labels(detections), count + " detections of merged scenes");
    }

    static Boxes hand(double[][] rows, double... scores) {
        return new Boxes(SceneInputs.boxes(rows), scores, null, null);
    }

    static Boxes hand(double[][] rows, int[] labels, double... scores) {
        return new Boxes(SceneInputs.boxes(rows), scores, labels, null);
    }

    /** A coordinate, score or threshold as a learner would type it: 3, 0.5, 19.999. */
    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
