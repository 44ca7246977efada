package deepdrill.grader.checks.week4;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import deepdrill.datasets.SyntheticScenes.Detection;
import deepdrill.datasets.SyntheticScenes.Scene;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Nchw;
import deepdrill.grader.checks.support.Overflow;
import deepdrill.grader.checks.support.SceneInputs;
import deepdrill.grader.checks.support.Rejection;
import deepdrill.grader.oracle.BoxDeltas;
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.week4.BoxCoder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Checks {@code box-coder} against {@link BoxDeltas}, torchvision's {@code BoxCoder} written with
 * NDArray primitives, on synthetic scenes: the detections of a scene are the references, the
 * objects they came from the targets. Known mistakes are the same formulas with the mistake made on
 * purpose: weights forgotten or multiplied in decode, the size ratio not logged, the offsets divided
 * by the target's size, reference and target swapped, dh computed from the widths, the clamp
 * missing, on one axis only or in the wrong place.
 *
 * <p>Covered: a fresh result, scene pairs (non-square boxes), a target equal to its reference, a
 * single pair, weights (1, 1, 1, 1), (10, 10, 5, 5) and unequal ones, huge positive and negative
 * size deltas, a size delta exactly at the clamp, +Infinity (clamped) and NaN (passed through)
 * deltas, round trips, float32; bad shapes, different N, zero and negative weights, zero-width
 * boxes (rejected). Not applicable: batch and channel axes.
 */
@ExerciseCheck
class BoxCoderCheck {

    private static final double CLIP = Math.log(1000.0 / 16);
    private static final double[] ONES = {1, 1, 1, 1};
    private static final double[] RCNN = {10, 10, 5, 5};

    private static final String NO_WEIGHTS = "forgot the weights: encode multiplies the deltas by (wx, wy, ww, wh), "
            + "decode divides them first.";
    private static final String WEIGHTS_MULTIPLIED = "multiplied the deltas by the weights in decode: encode "
            + "multiplies, so decode divides (dx / wx, ...).";
    private static final String NOT_LOGGED = "used the size ratio gw / pw without the log: dw = ww * log(gw / pw), "
            + "so that growing and shrinking are symmetric and decode's exp inverts it.";
    private static final String TARGET_SIZE = "divided the centre offset by the target's size: dx = wx * (gx - px) "
            + "/ pw uses the REFERENCE's width (the network only sees the reference).";
    private static final String SWAPPED = "swapped reference and target: the deltas move the reference onto the "
            + "target, dx = wx * (gx - px) / pw with p the reference.";
    private static final String NO_HALF = "put the corners a whole width from the centre: x1 = cx - w / 2, "
            + "x2 = cx + w / 2.";
    private static final String NO_CLAMP = "did not clamp dw / ww and dh / wh before exp: clamp them to at most "
            + "log(1000 / 16) (torchvision's bbox_xform_clip), or one huge delta overflows exp to Infinity.";
    private static final String CLAMP_BEFORE_WEIGHTS = "clamped dw and dh before dividing by the weights: the clamp "
            + "is on dw / ww and dh / wh.";
    private static final String CLAMP_ONE_AXIS = "clamped only one of dw / ww and dh / wh: both size deltas are "
            + "clamped to at most log(1000 / 16) before exp.";
    private static final String HEIGHT_FROM_WIDTH = "computed dh from the widths (dh = wh * log(gw / pw), a line "
            + "copied and not changed): dh = wh * log(gh / ph); square boxes hide it.";
    private static final String CLAMP_BOTH_SIDES = "clamped the size deltas from below too: only the upper bound, "
            + "log(1000 / 16), is clamped (a very negative delta just makes a tiny box).";

    /** Reference boxes and the target boxes matched to them, row by row. */
    private record Pairs(INDArray reference, INDArray target, String name) {
    }

    @Test
    @DisplayName("encode: scene detections against their objects, weights (1, 1, 1, 1) and (10, 10, 5, 5)")
    void encode(NDManager manager, Random random) {
        for (Pairs pairs : cases(random)) {
            checkEncode(manager, pairs, ONES);
            checkEncode(manager, pairs, RCNN);
        }
        checkEncode(manager, pairs(random.nextLong()), new double[] {2, 3, 0.5, 4});
    }

    @Test
    @DisplayName("decode: predicted deltas on scene detections, weights (1, 1, 1, 1) and (10, 10, 5, 5)")
    void decode(NDManager manager, Random random) {
        for (Pairs pairs : cases(random)) {
            checkDecode(manager, deltas(random, pairs.reference().size(0), ONES), pairs.reference(), ONES, pairs.name());
            checkDecode(manager, deltas(random, pairs.reference().size(0), RCNN), pairs.reference(), RCNN, pairs.name());
        }
    }

    @Test
    @DisplayName("decode(encode(target, reference), reference) gives the target back")
    void roundTrip(Random random) {
        for (Pairs pairs : cases(random)) {
            for (double[] weights : new double[][] {ONES, RCNN}) {
                INDArray deltas = encode(pairs.reference(), pairs.target(), weights);
                INDArray back = decode(deltas, pairs.reference(), weights);
                Compare.assertClose("decode(encode(target, reference, weights " + Arrays.toString(weights)
                        + "), reference) for " + pairs.name(), pairs.target(), back);
            }
        }
    }

    @Test
    @DisplayName("decode clamps huge size deltas to log(1000 / 16): finite boxes, no Infinity")
    void clampsHugeDeltas(NDManager manager, Random random) {
        Pairs pairs = pairs(random.nextLong());
        long n = pairs.reference().size(0);
        for (double[] weights : new double[][] {ONES, RCNN}) {
            double[] d = deltas(random, n, weights).dup('c').data().asDouble();
            double[] huge = {50, 1000, 100, -50, 800, 10, -1000};
            for (int i = 0; i < n; i++) {
                d[4 * i + 2 + i % 2] = huge[i % huge.length] * weights[2 + i % 2];
            }
            checkDecode(manager, Nd4j.create(d, new long[] {n, 4}, DataType.DOUBLE), pairs.reference(), weights,
                    pairs.name() + ", huge dw and dh (up to 1000 * weight, and as negative)");
            // Exactly at the clamp, +Infinity (clamped like any huge delta, as torch.clamp does) and NaN (which
            // passes through): the first rows only, the others keep their deltas.
            double[] edge = deltas(random, n, weights).dup('c').data().asDouble();
            edge[2] = CLIP * weights[2];
            edge[3] = Double.POSITIVE_INFINITY;
            edge[4] = Double.NaN;
            checkDecode(manager, Nd4j.create(edge, new long[] {n, 4}, DataType.DOUBLE), pairs.reference(), weights,
                    pairs.name() + ", box 0 with dw / ww exactly log(1000 / 16) and dh = Infinity, box 1 with dx = NaN");
        }
    }

    @Test
    @DisplayName("float32 boxes give float32 deltas, and float32 deltas float32 boxes")
    void float32(NDManager manager, Random random) {
        Pairs pairs = pairs(random.nextLong());
        Pairs single = new Pairs(pairs.reference().castTo(DataType.FLOAT), pairs.target().castTo(DataType.FLOAT),
                pairs.name() + ", float32");
        checkEncode(manager, single, RCNN);
        checkDecode(manager, deltas(random, pairs.reference().size(0), RCNN).castTo(DataType.FLOAT), single.reference(), RCNN,
                single.name());
    }

    @Test
    @DisplayName("shapes other than (N, 4), different N, bad weights and empty boxes throw IllegalArgumentException")
    void rejectsBadInput() {
        INDArray two = SceneInputs.boxes(new double[][] {{0, 0, 4, 2}, {1, 1, 3, 5}});
        INDArray three = SceneInputs.boxes(new double[][] {{0, 0, 4, 2}, {1, 1, 3, 5}, {2, 2, 6, 6}});
        INDArray columns = Nd4j.create(new double[] {0, 0, 4, 1, 1, 3}, new long[] {2, 3}, DataType.DOUBLE);
        INDArray flat = Nd4j.create(new double[] {0, 0, 4, 2}, new long[] {4}, DataType.DOUBLE);
        INDArray zeroWidth = SceneInputs.boxes(new double[][] {{0, 0, 4, 2}, {3, 1, 3, 5}});
        INDArray zeroHeight = SceneInputs.boxes(new double[][] {{0, 0, 4, 2}, {1, 5, 3, 5}});
        INDArray inverted = SceneInputs.boxes(new double[][] {{4, 0, 0, 2}, {1, 1, 3, 5}});
        expectRejected("encode(reference (2, 3), target (2, 4), weights (1, 1, 1, 1))",
                () -> BoxCoder.encode(columns.dup(), two.dup(), ONES.clone()));
        expectRejected("encode(reference (2, 4), target (3, 4), weights (1, 1, 1, 1))",
                () -> BoxCoder.encode(two.dup(), three.dup(), ONES.clone()));
        expectRejected("encode(reference (4), target (4), weights (1, 1, 1, 1))",
                () -> BoxCoder.encode(flat.dup(), flat.dup(), ONES.clone()));
        expectRejected("encode(reference (2, 4), target (2, 4), weights (10, 10, 5))",
                () -> BoxCoder.encode(two.dup(), two.dup(), new double[] {10, 10, 5}));
        expectRejected("encode(reference (2, 4), target (2, 4), weights (10, 0, 5, 5))",
                () -> BoxCoder.encode(two.dup(), two.dup(), new double[] {10, 0, 5, 5}));
        expectRejected("encode(reference with a box of width 0, target (2, 4), weights (1, 1, 1, 1))",
                () -> BoxCoder.encode(zeroWidth.dup(), two.dup(), ONES.clone()));
        expectRejected("encode(reference (2, 4), target with a box of width 0, weights (1, 1, 1, 1))",
                () -> BoxCoder.encode(two.dup(), zeroWidth.dup(), ONES.clone()));
        expectRejected("encode(reference with a box of height 0, target (2, 4), weights (1, 1, 1, 1))",
                () -> BoxCoder.encode(zeroHeight.dup(), two.dup(), ONES.clone()));
        expectRejected("encode(reference (2, 4), target with a box of height 0, weights (1, 1, 1, 1))",
                () -> BoxCoder.encode(two.dup(), zeroHeight.dup(), ONES.clone()));
        expectRejected("encode(reference (2, 4), target with x2 < x1 (width -4), weights (1, 1, 1, 1))",
                () -> BoxCoder.encode(two.dup(), inverted.dup(), ONES.clone()));
        expectRejected("decode(deltas (2, 3), reference (2, 4), weights (1, 1, 1, 1))",
                () -> BoxCoder.decode(columns.dup(), two.dup(), ONES.clone()));
        expectRejected("decode(deltas (3, 4), reference (2, 4), weights (1, 1, 1, 1))",
                () -> BoxCoder.decode(three.dup(), two.dup(), ONES.clone()));
        expectRejected("decode(deltas (2, 4), reference (2, 4), weights (10, 10, 5, -5))",
                () -> BoxCoder.decode(two.dup(), two.dup(), new double[] {10, 10, 5, -5}));
    }

    private static void checkEncode(NDManager manager, Pairs pairs, double[] weights) {
        INDArray reference = pairs.reference();
        INDArray target = pairs.target();
        INDArray actual = encode(reference, target, weights);
        DataType type = reference.dataType();
        NDArray p = TorchOracle.toTorch(manager, reference);
        NDArray g = TorchOracle.toTorch(manager, target);
        String what = "encode(reference " + Nchw.shape(reference) + ", target " + Nchw.shape(target) + ", weights "
                + Arrays.toString(weights) + ") for " + pairs.name();
        boolean unweighted = Arrays.equals(weights, ONES);
        Compare.assertClose(what, Nchw.expected(BoxDeltas.encode(p, g, weights), type), actual,
                new Mistake<>(NO_WEIGHTS, () -> unweighted ? null : Nchw.expected(BoxDeltas.encode(p, g, ONES), type)),
                new Mistake<>(NOT_LOGGED, () -> Nchw.expected(notLogged(p, g, weights), type)),
                new Mistake<>(TARGET_SIZE, () -> Nchw.expected(offsetByTargetSize(p, g, weights), type)),
                new Mistake<>(SWAPPED, () -> Nchw.expected(BoxDeltas.encode(g, p, weights), type)),
                new Mistake<>(HEIGHT_FROM_WIDTH, () -> Nchw.expected(heightFromWidth(BoxDeltas.encode(p, g, weights),
                        weights), type)));
    }

    private static void checkDecode(NDManager manager, INDArray deltas, INDArray reference, double[] weights,
                                    String name) {
        INDArray actual = decode(deltas, reference, weights);
        DataType type = deltas.dataType();
        NDArray d = TorchOracle.toTorch(manager, deltas);
        NDArray p = TorchOracle.toTorch(manager, reference);
        String what = "decode(deltas " + Nchw.shape(deltas) + ", reference " + Nchw.shape(reference) + ", weights "
                + Arrays.toString(weights) + ") for " + name;
        INDArray expected = Nchw.expected(BoxDeltas.decode(d, p, weights, CLIP), type);
        Overflow.assertFinite(what, expected, actual, overflowDiagnosis(expected, actual));
        boolean unweighted = Arrays.equals(weights, ONES);
        double[] inverse = Arrays.stream(weights).map(w -> 1 / w).toArray();
        Compare.assertClose(what, expected, actual,
                new Mistake<>(NO_WEIGHTS, () -> unweighted ? null : Nchw.expected(BoxDeltas.decode(d, p, ONES, CLIP),
                        type)),
                new Mistake<>(WEIGHTS_MULTIPLIED, () -> unweighted ? null : Nchw.expected(BoxDeltas.decode(d, p, inverse,
                        CLIP), type)),
                new Mistake<>(NO_CLAMP, () -> Nchw.expected(BoxDeltas.decode(d, p, weights, Double.POSITIVE_INFINITY),
                        type)),
                new Mistake<>(CLAMP_BEFORE_WEIGHTS, () -> Nchw.expected(BoxDeltas.decode(clampSizes(d, CLIP), p, weights,
                        Double.POSITIVE_INFINITY), type)),
                new Mistake<>(CLAMP_ONE_AXIS, () -> Nchw.expected(BoxDeltas.decode(clampColumn(d, 2, CLIP * weights[2]),
                        p, weights, Double.POSITIVE_INFINITY), type)),
                new Mistake<>(CLAMP_ONE_AXIS, () -> Nchw.expected(BoxDeltas.decode(clampColumn(d, 3, CLIP * weights[3]),
                        p, weights, Double.POSITIVE_INFINITY), type)),
                new Mistake<>(CLAMP_BOTH_SIDES, () -> Nchw.expected(BoxDeltas.decode(clampSizesBelow(d, weights), p,
                        weights, CLIP), type)),
                new Mistake<>(NO_HALF, () -> Nchw.expected(wholeWidthCorners(BoxDeltas.decode(d, p, weights, CLIP)),
                        type)));
    }

    /** Scene pairs, two hand-made ones, and a single pair. */
    private static List<Pairs> cases(Random random) {
        Pairs scene = pairs(random.nextLong());
        return List.of(scene, pairs(random.nextLong()),
                new Pairs(SceneInputs.boxes(new double[][] {{10, 20, 50, 40}, {0, 0, 1, 1}, {100.5, 7.25, 300, 8}}),
                        SceneInputs.boxes(new double[][] {{10, 20, 50, 40}, {-3, 0.5, 5, 2}, {90, 0, 320, 16}}),
                        "hand-made boxes (the first target equals its reference)"),
                new Pairs(scene.reference().getRows(0), scene.target().getRows(0),
                        "the first pair of that scene alone"));
    }

    /**
     * The true-positive detections of the first scene from {@code seed} on with at least three
     * of them, and the objects they came from.
     */
    private static Pairs pairs(long seed) {
        for (long s = seed; ; s++) {
            Scene scene = SceneInputs.scene(s);
            List<Detection> hits = scene.detections().stream().filter(d -> d.source() >= 0).toList();
            if (hits.size() >= 3) {
                INDArray target = SceneInputs.groundTruthBoxes(hits.stream()
                        .map(d -> scene.objects().get(d.source())).toList());
                return new Pairs(SceneInputs.detectionBoxes(hits), target, "scene " + s
                        + " (SceneInputs.scene: its true-positive detections as references, their objects as targets)");
            }
        }
    }

    /** Deltas a trained network might output: centre shifts of about 10% and size changes of about 20%. */
    private static INDArray deltas(Random random, long n, double[] weights) {
        double[] d = new double[(int) (4 * n)];
        for (int i = 0; i < d.length; i++) {
            d[i] = random.nextGaussian() * (i % 4 < 2 ? 0.1 : 0.2) * weights[i % 4];
        }
        return Nd4j.create(d, new long[] {n, 4}, DataType.DOUBLE);
    }

    /** Encode with dw = ww * gw / pw, the ratio itself. */
    private static NDArray notLogged(NDArray p, NDArray g, double[] weights) {
        NDArray right = BoxDeltas.encode(p, g, ONES);
        NDArray ratio = right.get(new NDIndex(":, 2:4")).exp();
        return right.get(new NDIndex(":, 0:2")).concat(ratio, 1).mul(p.getManager().create(weights));
    }

    /** Encode with the centre offsets divided by the target's width and height. */
    private static NDArray offsetByTargetSize(NDArray p, NDArray g, double[] weights) {
        NDArray pc = BoxDeltas.centreSize(p);
        NDArray gc = BoxDeltas.centreSize(g);
        NDArray offset = gc.get(new NDIndex(":, 0:2")).sub(pc.get(new NDIndex(":, 0:2")))
                .div(gc.get(new NDIndex(":, 2:4")));
        NDArray scale = gc.get(new NDIndex(":, 2:4")).div(pc.get(new NDIndex(":, 2:4"))).log();
        return offset.concat(scale, 1).mul(p.getManager().create(weights));
    }

    /** The deltas with dw and dh clamped to at most {@code clip}, before any division by the weights. */
    private static NDArray clampSizes(NDArray d, double clip) {
        return d.get(new NDIndex(":, 0:2")).concat(d.get(new NDIndex(":, 2:4")).minimum(clip), 1);
    }

    /**
     * Which clamp is missing, from where the learner's boxes overflow: in the x columns (0, 2) only,
     * the y columns (1, 3) only, or both.
     */
    private static String overflowDiagnosis(INDArray expected, INDArray actual) {
        if (actual == null || !Arrays.equals(expected.shape(), actual.shape())) {
            return NO_CLAMP;
        }
        double[] e = expected.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] a = actual.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        boolean[] overflows = new boolean[2];
        for (int i = 0; i < e.length; i++) {
            overflows[i % 2] |= Double.isFinite(e[i]) && !Double.isFinite(a[i]);
        }
        return overflows[0] != overflows[1] ? CLAMP_ONE_AXIS : NO_CLAMP;
    }

    /** The deltas with column {@code k} alone clamped to at most {@code max}: the clamp on one axis only. */
    private static NDArray clampColumn(NDArray d, int k, double max) {
        double[] bound = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY,
            Double.POSITIVE_INFINITY};
        bound[k] = max;
        return d.minimum(d.getManager().create(bound));
    }

    /** Encoded deltas whose dh was computed from the widths, dh = wh * log(gw / pw): a line copied, not changed. */
    private static NDArray heightFromWidth(NDArray deltas, double[] weights) {
        NDArray dw = deltas.get(new NDIndex(":, 2:3"));
        return deltas.get(new NDIndex(":, 0:3")).concat(dw.div(weights[2]).mul(weights[3]), 1);
    }

    /** The deltas with dw / ww and dh / wh clamped to at least {@code -CLIP} as well. */
    private static NDArray clampSizesBelow(NDArray d, double[] weights) {
        NDArray low = d.getManager().create(new double[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY,
                -CLIP * weights[2], -CLIP * weights[3]});
        return d.maximum(low);
    }

    /** Boxes (x1, y1, x2, y2) made (cx - w, cy - h, cx + w, cy + h). */
    private static NDArray wholeWidthCorners(NDArray boxes) {
        NDArray c = BoxDeltas.centreSize(boxes);
        NDArray centre = c.get(new NDIndex(":, 0:2"));
        NDArray size = c.get(new NDIndex(":, 2:4"));
        return centre.sub(size).concat(centre.add(size), 1);
    }

    /** The learner's encode on copies; the deltas must be a new array. */
    private static INDArray encode(INDArray reference, INDArray target, double[] weights) {
        return Guarded.fresh(in -> BoxCoder.encode(in.copy("reference", reference), in.copy("target", target),
                in.copy("weights", weights)));
    }

    /** The learner's decode on copies; the boxes must be a new array. */
    private static INDArray decode(INDArray deltas, INDArray reference, double[] weights) {
        return Guarded.fresh(in -> BoxCoder.decode(in.copy("deltas", deltas), in.copy("reference", reference),
                in.copy("weights", weights)));
    }

    private static void expectRejected(String what, Runnable call) {
        Rejection.expectRejected(what, "check the shapes and the weights before using them", call);
    }
}
