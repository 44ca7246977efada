package deepdrill.datasets;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded synthetic detection scenes: objects with ground-truth boxes, and the scored detections
 * a real detector would produce for them, so that IoU, NMS and mAP checks see detector-like inputs
 * rather than uniform noise.
 *
 * <p>For every object, a detector-like output holds (with the configured probabilities) a
 * jittered true positive, near-duplicates of it with lower scores (what NMS exists to remove), and
 * the scene also has false positives of random size and place. Scores are rounded to two decimals,
 * so ties in score happen, as they do in practice. Boxes are {@code (x1, y1, x2, y2)} in pixels
 * with continuous area and always lie inside the image with positive width and height.
 *
 * <p>Everything is a pure function of the seed and the configuration: the same arguments give the
 * same scene on every machine.
 */
public final class SyntheticScenes {

    private SyntheticScenes() {
    }

    /** A box in {@code (x1, y1, x2, y2)} order, continuous coordinates. */
    public record Box(double x1, double y1, double x2, double y2) {
        public double area() {
            return (x2 - x1) * (y2 - y1);
        }

        /** The box as {@code {x1, y1, x2, y2}}. */
        public double[] toArray() {
            return new double[] {x1, y1, x2, y2};
        }
    }

    /** An object in the scene: its true box and class. */
    public record GroundTruth(Box box, int label) {
    }

    /** A scored detection; {@code source} is the index of the object it came from, or -1 for a false positive. */
    public record Detection(Box box, int label, double score, int source) {
    }

    /** One image's objects and detections (detections in no particular order). */
    public record Scene(int width, int height, List<GroundTruth> objects, List<Detection> detections) {
        public Scene {
            objects = List.copyOf(objects);
            detections = List.copyOf(detections);
        }
    }

    /**
     * How scenes are drawn.
     *
     * @param width           image width in pixels
     * @param height          image height in pixels
     * @param maxObjects      objects per scene, drawn from 0 to this
     * @param classes         number of classes
     * @param recall          probability that an object gets a true-positive detection
     * @param duplicateRate   probability of each further near-duplicate of a true positive (geometric)
     * @param falsePositives  expected false positives per scene
     * @param jitter          box jitter as a fraction of the object's size (standard deviation)
     */
    public record Config(int width, int height, int maxObjects, int classes, double recall, double duplicateRate,
                         double falsePositives, double jitter) {

        public static Config defaults() {
            return new Config(640, 480, 8, 3, 0.9, 0.5, 2.0, 0.05);
        }
    }

    public static Scene generate(long seed, Config config) {
        Random random = new Random(seed);
        int count = random.nextInt(config.maxObjects() + 1);
        List<GroundTruth> objects = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            objects.add(new GroundTruth(randomBox(random, config), random.nextInt(config.classes())));
        }
        List<Detection> detections = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            GroundTruth object = objects.get(i);
            if (random.nextDouble() >= config.recall()) {
                continue;
            }
            double score = 0.5 + 0.5 * random.nextDouble();
            detections.add(new Detection(jitter(random, object.box(), config), object.label(), round(score), i));
            while (random.nextDouble() < config.duplicateRate()) {
                score *= 0.6 + 0.4 * random.nextDouble();
                detections.add(new Detection(jitter(random, object.box(), config), object.label(), round(score), i));
            }
        }
        int falsePositives = poisson(random, config.falsePositives());
        for (int i = 0; i < falsePositives; i++) {
            detections.add(new Detection(randomBox(random, config), random.nextInt(config.classes()),
                    round(0.6 * random.nextDouble()), -1));
        }
        return new Scene(config.width(), config.height(), objects, detections);
    }

    private static Box randomBox(Random random, Config config) {
        double w = config.width() * (0.05 + 0.35 * random.nextDouble());
        double h = config.height() * (0.05 + 0.35 * random.nextDouble());
        double x1 = (config.width() - w) * random.nextDouble();
        double y1 = (config.height() - h) * random.nextDouble();
        return new Box(x1, y1, x1 + w, y1 + h);
    }

    /** The box moved and resized by Gaussian noise proportional to its size, kept inside the image. */
    private static Box jitter(Random random, Box box, Config config) {
        double w = box.x2() - box.x1();
        double h = box.y2() - box.y1();
        double x1 = box.x1() + random.nextGaussian() * config.jitter() * w;
        double y1 = box.y1() + random.nextGaussian() * config.jitter() * h;
        double x2 = box.x2() + random.nextGaussian() * config.jitter() * w;
        double y2 = box.y2() + random.nextGaussian() * config.jitter() * h;
        x1 = clamp(x1, 0, config.width() - 1);
        y1 = clamp(y1, 0, config.height() - 1);
        x2 = clamp(Math.max(x2, x1 + 1), x1 + 1, config.width());
        y2 = clamp(Math.max(y2, y1 + 1), y1 + 1, config.height());
        return new Box(x1, y1, x2, y2);
    }

    private static int poisson(Random random, double mean) {
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int k = 0;
        while (product > limit) {
            product *= random.nextDouble();
            k++;
        }
        return k;
    }

    private static double round(double score) {
        return Math.round(score * 100) / 100.0;
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
