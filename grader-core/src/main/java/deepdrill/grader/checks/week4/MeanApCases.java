package deepdrill.grader.checks.week4;

import deepdrill.datasets.SyntheticScenes;
import deepdrill.datasets.SyntheticScenes.Scene;
import deepdrill.grader.checks.support.SceneInputs;
import deepdrill.week4.MeanAp.ImageDetections;
import deepdrill.week4.MeanAp.ImageTruth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The data sets and precision-recall curves of {@link MeanApCheck}: seeded synthetic scenes,
 * hand-made images, and how they are named in a failure message.
 */
final class MeanApCases {

    static final double[] BOX = {0, 0, 10, 10};
    static final double[] FAR = {50, 50, 60, 60};

    private MeanApCases() {
    }

    /** A data set: the detections and the ground truth of every image. */
    record DataSet(String name, List<ImageDetections> detections, List<ImageTruth> truths) {
        @Override
        public String toString() {
            int boxes = detections.stream().mapToInt(d -> d.scores().length).sum();
            int objects = truths.stream().mapToInt(t -> t.labels().length).sum();
            return name + " (" + truths.size() + " images, " + boxes + " detections, " + objects + " objects)";
        }

        /** Which of the first {@code numClasses} classes have at least one detection. */
        boolean[] detected(int numClasses) {
            boolean[] detected = new boolean[numClasses];
            for (ImageDetections d : detections) {
                for (int label : d.labels()) {
                    detected[label] = true;
                }
            }
            return detected;
        }
    }

    /**
     * Seeded scenes with the default configuration (near-duplicates, false positives, ties from
     * scores rounded to 0.01), and one image without objects whose detections are all false positives.
     */
    static DataSet scenes(Random random, int count, DataType type) {
        List<Scene> scenes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            scenes.add(SceneInputs.sceneWithDetections(random.nextLong(), 1, SyntheticScenes.Config.defaults()));
        }
        SyntheticScenes.Config empty = new SyntheticScenes.Config(640, 480, 0, 3, 0.9, 0.5, 2.0, 0.05);
        scenes.add(random.nextInt(scenes.size() + 1), SceneInputs.sceneWithDetections(random.nextLong(), 1, empty));
        List<ImageDetections> detections = new ArrayList<>();
        List<ImageTruth> truths = new ArrayList<>();
        for (Scene scene : scenes) {
            detections.add(new ImageDetections(SceneInputs.detectionBoxes(scene.detections()).castTo(type),
                    SceneInputs.scores(scene.detections()), SceneInputs.labels(scene.detections())));
            truths.add(new ImageTruth(SceneInputs.groundTruthBoxes(scene.objects()).castTo(type),
                    scene.objects().stream().mapToInt(SyntheticScenes.GroundTruth::label).toArray()));
        }
        String name = count + " synthetic scenes and one without objects" + (type == DataType.FLOAT ? ", float32 boxes"
                : "");
        return new DataSet(name, detections, truths);
    }

    /**
     * Adds an image with an object of class 3, which is never detected, and a detection of class 4,
     * which has no object: with 5 classes, class 3 has AP 0 and class 4 AP NaN.
     */
    static DataSet withRareClasses(DataSet set) {
        List<ImageDetections> detections = new ArrayList<>(set.detections());
        List<ImageTruth> truths = new ArrayList<>(set.truths());
        detections.add(detections(new double[][] {{100, 100, 200, 180}, {300, 50, 360, 120}}, new double[] {0.55, 0.9},
                0, 4));
        truths.add(truth(new double[][] {{100, 100, 200, 180}, {400, 300, 480, 420}}, 0, 3));
        return new DataSet(set.name() + ", plus an image with an undetected object of class 3 and a detection of "
                + "class 4, which has no objects", detections, truths);
    }

    /** The detections of one image; without labels, all of class 0. */
    static ImageDetections detections(double[][] boxes, double[] scores, int... labels) {
        return new ImageDetections(SceneInputs.boxes(boxes), scores, labels.length == 0 ? new int[boxes.length] : labels);
    }

    static ImageTruth truth(double[][] boxes, int... labels) {
        return new ImageTruth(SceneInputs.boxes(boxes), labels);
    }

    /** The precision-recall points after each detection, for true positives marked in ranking order. */
    static double[][] curve(boolean[] truePositive, int positives) {
        double[] recall = new double[truePositive.length];
        double[] precision = new double[truePositive.length];
        int found = 0;
        for (int k = 0; k < truePositive.length; k++) {
            found += truePositive[k] ? 1 : 0;
            recall[k] = found / (double) positives;
            precision[k] = found / (double) (k + 1);
        }
        return new double[][] {recall, precision};
    }

    /** {@code {0.5000, 1.000}}: a curve's values for the message. */
    static String format(double[] values) {
        StringBuilder s = new StringBuilder("{");
        for (int i = 0; i < values.length; i++) {
            s.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4g", values[i]));
        }
        return s.append("}").toString();
    }
}
