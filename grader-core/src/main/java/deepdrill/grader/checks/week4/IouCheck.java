package deepdrill.grader.checks.week4;

import static deepdrill.grader.oracle.BoxConversion.coordinate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import deepdrill.datasets.SyntheticScenes;
import deepdrill.datasets.SyntheticScenes.Scene;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Nchw;
import deepdrill.grader.checks.support.Rejection;
import deepdrill.grader.checks.support.SceneInputs;
import deepdrill.grader.checks.support.Tolerance;
import deepdrill.grader.oracle.BoxConversion;
import deepdrill.grader.oracle.BoxIou;
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.week4.Iou;
import java.util.List;
import java.util.Random;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.opentest4j.AssertionFailedError;

/**
 * Checks {@code iou} against the pairwise IoU and GIoU of {@link BoxIou} (NDArray primitives,
 * continuous area), on the detections and ground truth of synthetic scenes (near-duplicates give
 * high IoUs, most pairs do not overlap) and on hand-made pairs where the classic mistakes show:
 * identical, touching, nested and disjoint boxes, apart along one axis or both. Known mistakes are
 * the same formula with the mistake made on purpose: the {@code +1} pixel convention
 * ({@link BoxIou#pixelIou}), no clamp, a union that counts the overlap twice, and for GIoU an
 * enclosing box that is really the intersection, a clamp on one axis only, square-only code, and a
 * 0 / 0 guarded to 0.
 *
 * <p>Covered: a fresh result, N != M (and the (M, N) matrix named), a single box against itself,
 * identical, touching (IoU exactly 0), nested, overlapping and disjoint boxes apart along one axis
 * or both, zero-area boxes (0 / 0 = NaN as in PyTorch), NaN and infinite coordinates, GIoU near -1,
 * float32 and mixed float32/float64 boxes, empty (0, 4) inputs on either side, and boxes that are
 * not (N, 4). Not applicable: thresholds, batch and channel axes.
 */
@ExerciseCheck
class IouCheck {

    private static final String PIXEL = "used the +1 pixel convention (side = x2 - x1 + 1, from the PASCAL VOC "
            + "devkit and DJL's Rectangle.getIoU): here coordinates are continuous, side = x2 - x1, so boxes that "
            + "only touch along an edge have IoU 0.";
    private static final String NO_CLAMP = "did not clamp the overlaps at 0: for boxes apart along x and along y both "
            + "min(x2) - max(x1) and min(y2) - max(y1) are negative and their product is positive; take "
            + "max(0, .) of each side before multiplying.";
    private static final String UNION_TWICE = "added the two areas for the union: the intersection is inside both, so "
            + "union = area(A) + area(B) - intersection (identical boxes must give 1, not 0.5).";
    private static final String TRANSPOSED = "returned an (M, N) matrix: entry (i, j) pairs box i of a (the rows) with "
            + "box j of b (the columns).";
    private static final String GIOU_IS_IOU = "returned the plain IoU: GIoU = IoU - (area(C) - union) / area(C), with "
            + "C the smallest box enclosing both, which makes it negative for boxes that do not overlap.";
    private static final String ENCLOSING_AS_INTERSECTION = "took the intersection for the enclosing box C: C spans "
            + "min(x1) to max(x2) and min(y1) to max(y2) of the two boxes, the opposite of the intersection.";
    private static final String NO_CLAMP_ONE_AXIS = "clamped the overlap at 0 on one axis only: boxes apart along "
            + "the other axis get a negative overlap there, and a negative intersection; take max(0, .) of the width "
            + "and of the height.";
    private static final String SQUARE_ONLY = "used the width where the height belongs (code tried on squares "
            + "only): the height is y2 - y1, from columns 1 and 3.";
    private static final String ZERO_AREA_AS_ZERO = "returned 0 for a pair of zero-area boxes: their IoU is 0 / 0 = NaN, "
            + "as in PyTorch (torchvision.ops.box_iou); divide without guarding the union.";
    private static final String DIVIDED_BY_UNION = "divided the empty part of C by the union: GIoU = IoU - (area(C) - "
            + "union) / area(C), a fraction of the enclosing box.";

    /** A box of side 10 at the origin, and boxes placed around it where the mistakes differ. */
    private static final double[][] SQUARE = {{0, 0, 10, 10}};
    private static final double[][] AROUND = {
        {0, 0, 10, 10},      // identical: IoU 1
        {10, 0, 20, 10},     // touching the right edge: 0 (11 / 231 with the +1)
        {0, 10, 10, 20},     // touching the bottom edge
        {10, 10, 20, 20},    // touching at a corner
        {2, 3, 6, 8},        // nested: 20 / 100
        {5, 5, 15, 15},      // overlapping: 25 / 175
        {14, 16, 18, 20},    // apart along x and y: two negative sides
        {12, 2, 16, 6},      // apart along x only: one negative side
    };

    @Test
    @DisplayName("area of every box, (x2 - x1) * (y2 - y1)")
    void area(NDManager manager, Random random) {
        for (int i = 0; i < 2; i++) {
            checkArea(manager, sceneBoxes(random.nextLong()), "the boxes of a synthetic scene");
        }
        checkArea(manager, SceneInputs.boxes(AROUND), "hand-made boxes");
        checkArea(manager, SceneInputs.boxes(new double[][] {{3, 7, 3, 7}}), "a single box of zero size (3, 7, 3, 7)");
    }

    @Test
    @DisplayName("pairwise IoU of scene detections against the ground truth")
    void sceneDetections(NDManager manager, Random random) {
        for (int i = 0; i < 3; i++) {
            Scene scene = sceneWithObjects(random.nextLong());
            checkIou(manager, SceneInputs.detectionBoxes(scene.detections()), SceneInputs.groundTruthBoxes(scene.objects()),
                    "a = the detections, b = the objects of a synthetic scene");
        }
    }

    @Test
    @DisplayName("pairwise IoU of identical, touching, nested and disjoint boxes")
    void handCases(NDManager manager) {
        checkIou(manager, SceneInputs.boxes(SQUARE), SceneInputs.boxes(AROUND),
                "a = (0, 0, 10, 10), b = boxes identical, touching, nested, overlapping and apart");
        checkIou(manager, SceneInputs.boxes(AROUND), SceneInputs.boxes(new double[][] {{0, 0, 10, 10}, {3, 3, 13, 13}}),
                "a = boxes identical, touching, nested, overlapping and apart, b = (0, 0, 10, 10), (3, 3, 13, 13)");
        double[][] one = {{1.5, 2.25, 7.75, 9.5}};
        checkIou(manager, SceneInputs.boxes(one), SceneInputs.boxes(one), "a single box against itself (1.5, 2.25, 7.75, 9.5)");
        // Zero-area boxes: 0 / 0 = NaN against each other (as in PyTorch), 0 against a box with area.
        double[][] flat = {{3, 7, 3, 7}, {0, 0, 10, 10}};
        double[][] others = {{3, 7, 3, 7}, {0, 0, 10, 10}, {2, 0, 12, 10}, {3, 5, 3, 9}};
        checkIou(manager, SceneInputs.boxes(flat), SceneInputs.boxes(others), "a = (3, 7, 3, 7) of zero area, "
                + "(0, 0, 10, 10), b = (3, 7, 3, 7), (0, 0, 10, 10), (2, 0, 12, 10), (3, 5, 3, 9) of zero area");
        // NaN and infinite coordinates pass through the arithmetic as in PyTorch: NaN stays NaN, an infinite
        // area makes the IoU 0.
        double[][] extreme = {{Double.NaN, 0, 10, 10}, {0, 0, Double.POSITIVE_INFINITY, 10}, {0, 0, 10, 10}};
        checkIou(manager, SceneInputs.boxes(extreme), SceneInputs.boxes(SQUARE), "a = (NaN, 0, 10, 10), "
                + "(0, 0, Infinity, 10), (0, 0, 10, 10), b = (0, 0, 10, 10)");
    }

    @Test
    @DisplayName("generalized IoU: scenes, identical, touching, nested and far-apart boxes")
    void generalized(NDManager manager, Random random) {
        for (int i = 0; i < 2; i++) {
            Scene scene = sceneWithObjects(random.nextLong());
            checkGiou(manager, SceneInputs.detectionBoxes(scene.detections()), SceneInputs.groundTruthBoxes(scene.objects()),
                    "a = the detections, b = the objects of a synthetic scene");
        }
        checkGiou(manager, SceneInputs.boxes(SQUARE), SceneInputs.boxes(AROUND),
                "a = (0, 0, 10, 10), b = boxes identical, touching, nested, overlapping and apart");
        checkGiou(manager, SceneInputs.boxes(new double[][] {{0, 0, 1, 1}, {50, 40, 51, 41}}),
                SceneInputs.boxes(new double[][] {{99, 99, 100, 100}, {0, 0, 1, 1}, {0.5, 0, 1.5, 1}}),
                "small boxes far apart (GIoU near -1), a = (0, 0, 1, 1), (50, 40, 51, 41), "
                        + "b = (99, 99, 100, 100), (0, 0, 1, 1), (0.5, 0, 1.5, 1)");
        checkGiou(manager, SceneInputs.boxes(new double[][] {{3, 7, 3, 7}, {0, 0, 10, 10}}),
                SceneInputs.boxes(new double[][] {{3, 7, 3, 7}, {20, 0, 30, 10}}), "zero-area boxes (NaN against each "
                        + "other, as in PyTorch): a = (3, 7, 3, 7), (0, 0, 10, 10), b = (3, 7, 3, 7), (20, 0, 30, 10)");
    }

    @Test
    @DisplayName("no boxes: (0, M), (N, 0) and (0) results")
    void emptyInput(NDManager manager) {
        INDArray none = SceneInputs.boxes(new double[0][]);
        INDArray three = SceneInputs.boxes(new double[][] {{0, 0, 10, 10}, {5, 5, 15, 15}, {2, 3, 6, 8}});
        checkEmpty("area(boxes (0, 4))", () -> Guarded.fresh(in -> Iou.area(in.copy("boxes", none))), TorchOracle.toNd4j(BoxIou.area(torch(manager, none))));
        for (INDArray[] pair : List.of(new INDArray[] {none, three}, new INDArray[] {three, none})) {
            String shapes = "(a " + Nchw.shape(pair[0]) + ", b " + Nchw.shape(pair[1]) + ")";
            checkEmpty("pairwise" + shapes, () -> learner(Iou::pairwise, pair[0], pair[1]),
                    TorchOracle.toNd4j(BoxIou.iou(torch(manager, pair[0]), torch(manager, pair[1]))));
            checkEmpty("generalized" + shapes, () -> learner(Iou::generalized, pair[0], pair[1]),
                    TorchOracle.toNd4j(BoxIou.giou(torch(manager, pair[0]), torch(manager, pair[1]))));
        }
    }

    @Test
    @DisplayName("float32 boxes give float64 IoUs")
    void float32(NDManager manager, Random random) {
        Scene scene = sceneWithObjects(random.nextLong());
        INDArray detections = SceneInputs.detectionBoxes(scene.detections()).castTo(DataType.FLOAT);
        INDArray objects = SceneInputs.groundTruthBoxes(scene.objects()).castTo(DataType.FLOAT);
        String both = "float32 boxes (the IoUs stay float64): a = the detections, b = the objects of a synthetic scene";
        checkArea(manager, detections, "float32 boxes of a synthetic scene (the areas stay float64)");
        checkIou(manager, detections, objects, both);
        checkGiou(manager, detections, objects, both);
        checkIou(manager, detections, SceneInputs.groundTruthBoxes(scene.objects()),
                "a = the detections in float32, b = the objects in float64");
    }

    @Test
    @DisplayName("boxes that are not (N, 4) throw IllegalArgumentException")
    void rejectsBadShapes(Random random) {
        INDArray good = sceneBoxes(random.nextLong());
        INDArray threeColumns = good.getColumns(0, 1, 2).dup();
        INDArray fiveColumns = Nd4j.hstack(good, good.getColumns(0)).dup();
        INDArray oneBox = Nd4j.create(new double[] {10, 20, 30, 60}, new long[] {4}, DataType.DOUBLE);
        for (INDArray bad : List.of(threeColumns, fiveColumns, oneBox)) {
            expectRejected("area(boxes " + Nchw.shape(bad) + ")", () -> Iou.area(bad.dup()));
            expectRejected("pairwise(a " + Nchw.shape(bad) + ", b " + Nchw.shape(good) + ")",
                    () -> Iou.pairwise(bad.dup(), good.dup()));
            expectRejected("pairwise(a " + Nchw.shape(good) + ", b " + Nchw.shape(bad) + ")",
                    () -> Iou.pairwise(good.dup(), bad.dup()));
            expectRejected("generalized(a " + Nchw.shape(bad) + ", b " + Nchw.shape(good) + ")",
                    () -> Iou.generalized(bad.dup(), good.dup()));
            expectRejected("generalized(a " + Nchw.shape(good) + ", b " + Nchw.shape(bad) + ")",
                    () -> Iou.generalized(good.dup(), bad.dup()));
        }
    }

    private static void checkArea(NDManager manager, INDArray boxes, String description) {
        INDArray actual = Guarded.fresh(in -> Iou.area(in.copy("boxes", boxes)));
        NDArray tb = torch(manager, boxes);
        Compare.assertClose("area(boxes " + Nchw.shape(boxes) + ") for " + description,
                TorchOracle.toNd4j(BoxIou.area(tb)), actual, tolerance(boxes, boxes),
                new Mistake<>(PIXEL, () -> TorchOracle.toNd4j(side(coordinate(tb, 2), coordinate(tb, 0), 1)
                        .mul(side(coordinate(tb, 3), coordinate(tb, 1), 1)))),
                new Mistake<>(SQUARE_ONLY, () -> TorchOracle.toNd4j(BoxIou.area(squares(tb)))));
    }

    private static void checkIou(NDManager manager, INDArray a, INDArray b, String description) {
        INDArray actual = learner(Iou::pairwise, a, b);
        NDArray ta = torch(manager, a);
        NDArray tb = torch(manager, b);
        Compare.assertClose("pairwise(a " + Nchw.shape(a) + ", b " + Nchw.shape(b) + ") for " + description,
                TorchOracle.toNd4j(BoxIou.iou(ta, tb)), actual, tolerance(a, b),
                new Mistake<>(PIXEL, () -> TorchOracle.toNd4j(BoxIou.pixelIou(ta, tb))),
                new Mistake<>(NO_CLAMP, () -> TorchOracle.toNd4j(pieces(ta, tb, 0, Clamp.NONE, true).iou())),
                new Mistake<>(NO_CLAMP, () -> TorchOracle.toNd4j(pieces(ta, tb, 0, Clamp.PRODUCT, true).iou())),
                new Mistake<>(NO_CLAMP_ONE_AXIS, () -> TorchOracle.toNd4j(pieces(ta, tb, 0, Clamp.WIDTH_ONLY, true).iou())),
                new Mistake<>(NO_CLAMP_ONE_AXIS, () -> TorchOracle.toNd4j(pieces(ta, tb, 0, Clamp.HEIGHT_ONLY, true).iou())),
                new Mistake<>(UNION_TWICE, () -> TorchOracle.toNd4j(pieces(ta, tb, 0, Clamp.EACH_SIDE, false).iou())),
                new Mistake<>(SQUARE_ONLY, () -> TorchOracle.toNd4j(BoxIou.iou(squares(ta), squares(tb)))),
                new Mistake<>(ZERO_AREA_AS_ZERO, () -> nanToZero(TorchOracle.toNd4j(BoxIou.iou(ta, tb)))),
                new Mistake<>(TRANSPOSED, () -> TorchOracle.toNd4j(BoxIou.iou(tb, ta))));
    }

    private static void checkGiou(NDManager manager, INDArray a, INDArray b, String description) {
        INDArray actual = learner(Iou::generalized, a, b);
        NDArray ta = torch(manager, a);
        NDArray tb = torch(manager, b);
        Pieces right = pieces(ta, tb, 0, Clamp.EACH_SIDE, true);
        Pieces pixel = pieces(ta, tb, 1, Clamp.EACH_SIDE, true);
        Compare.assertClose("generalized(a " + Nchw.shape(a) + ", b " + Nchw.shape(b) + ") for " + description,
                TorchOracle.toNd4j(BoxIou.giou(ta, tb)), actual, tolerance(a, b),
                new Mistake<>(GIOU_IS_IOU, () -> TorchOracle.toNd4j(BoxIou.iou(ta, tb))),
                new Mistake<>(PIXEL, () -> TorchOracle.toNd4j(BoxIou.pixelIou(ta, tb)
                        .sub(pixel.enclosing().sub(pixel.union()).div(pixel.enclosing())))),
                new Mistake<>(ENCLOSING_AS_INTERSECTION, () -> TorchOracle.toNd4j(
                        right.withEnclosing(pieces(ta, tb, 0, Clamp.NONE, true).inter()).giou())),
                new Mistake<>(ENCLOSING_AS_INTERSECTION,
                        () -> TorchOracle.toNd4j(right.withEnclosing(right.inter()).giou())),
                new Mistake<>(DIVIDED_BY_UNION, () -> TorchOracle.toNd4j(right.iou().sub(
                        right.enclosing().sub(right.union()).div(right.union())))),
                new Mistake<>(NO_CLAMP, () -> TorchOracle.toNd4j(pieces(ta, tb, 0, Clamp.NONE, true).giou())),
                new Mistake<>(UNION_TWICE, () -> TorchOracle.toNd4j(pieces(ta, tb, 0, Clamp.EACH_SIDE, false).giou())),
                new Mistake<>(SQUARE_ONLY, () -> TorchOracle.toNd4j(BoxIou.giou(squares(ta), squares(tb)))),
                new Mistake<>(ZERO_AREA_AS_ZERO, () -> nanToZero(TorchOracle.toNd4j(BoxIou.giou(ta, tb)))),
                new Mistake<>(TRANSPOSED, () -> TorchOracle.toNd4j(BoxIou.giou(tb, ta))));
    }

    /** Hands the learner copies of both box sets; fails if its code changed them or returned one of them. */
    private static INDArray learner(BinaryOperator<INDArray> code, INDArray a, INDArray b) {
        return Guarded.fresh(in -> code.apply(in.copy("a", a), in.copy("b", b)));
    }

    private static void checkEmpty(String call, Supplier<INDArray> code, INDArray expected) {
        INDArray actual;
        try {
            actual = code.get();
        } catch (RuntimeException e) {
            // The cause keeps an untouched stub recognisable as "not implemented".
            throw new AssertionFailedError(call + " threw " + e + "; no boxes is not an error: return an empty "
                    + "array of the shape asked. ND4J's column ops (getColumn, hstack, arithmetic on slices) throw "
                    + "on empty arrays; the flat double[] route works for 0 boxes.", e);
        }
        Compare.assertClose(call, expected, actual);
    }

    private static void expectRejected(String call, Supplier<INDArray> code) {
        Rejection.expectRejected(call, "check the shapes first: boxes must be (N, 4)", code);
    }

    /** IoUs are float64 whatever the boxes; float32 boxes leave room for arithmetic in float32. */
    private static Tolerance tolerance(INDArray a, INDArray b) {
        boolean float64 = a.dataType() == DataType.DOUBLE && b.dataType() == DataType.DOUBLE;
        return Tolerance.of(float64 ? DataType.DOUBLE : DataType.FLOAT);
    }

    /** A scene with at least two objects and three detections, so that a and b both hold several boxes. */
    private static Scene sceneWithObjects(long seed) {
        for (long s = seed; ; s++) {
            Scene scene = SceneInputs.sceneWithDetections(s, 3, SyntheticScenes.Config.defaults());
            if (scene.objects().size() >= 2) {
                return scene;
            }
        }
    }

    /** The objects' and the detections' boxes of one scene, (N, 4) float64. */
    private static INDArray sceneBoxes(long seed) {
        Scene scene = sceneWithObjects(seed);
        return Nd4j.vstack(SceneInputs.groundTruthBoxes(scene.objects()),
                SceneInputs.detectionBoxes(scene.detections()));
    }

    private static NDArray torch(NDManager manager, INDArray x) {
        return TorchOracle.toTorch(manager, x);
    }

    /** How a learner might clamp the intersection: each side (right), only the product, one side, or not at all. */
    private enum Clamp { EACH_SIDE, PRODUCT, NONE, WIDTH_ONLY, HEIGHT_ONLY }

    /** The (N, M) pieces of IoU and GIoU for every pair. */
    private record Pieces(NDArray inter, NDArray union, NDArray enclosing) {
        NDArray iou() {
            return inter.div(union);
        }

        NDArray giou() {
            return iou().sub(enclosing.sub(union).div(enclosing));
        }

        Pieces withEnclosing(NDArray other) {
            return new Pieces(inter, union, other);
        }
    }

    /**
     * IoU's pieces computed as a learner might: {@code plus} added to every side (1 for the pixel
     * convention), the intersection clamped as {@code clamp} says, and the union with or without
     * the intersection subtracted. {@code (N, 1)} columns of a against {@code (1, M)} rows of b.
     */
    private static Pieces pieces(NDArray a, NDArray b, double plus, Clamp clamp, boolean subtractIntersection) {
        NDArray w = side(column(a, 2).minimum(row(b, 2)), column(a, 0).maximum(row(b, 0)), plus);
        NDArray h = side(column(a, 3).minimum(row(b, 3)), column(a, 1).maximum(row(b, 1)), plus);
        NDArray inter = switch (clamp) {
            case EACH_SIDE -> w.maximum(0).mul(h.maximum(0));
            case PRODUCT -> w.mul(h).maximum(0);
            case NONE -> w.mul(h);
            case WIDTH_ONLY -> w.maximum(0).mul(h);
            case HEIGHT_ONLY -> w.mul(h.maximum(0));
        };
        NDArray areas = side(column(a, 2), column(a, 0), plus).mul(side(column(a, 3), column(a, 1), plus))
                .add(side(row(b, 2), row(b, 0), plus).mul(side(row(b, 3), row(b, 1), plus)));
        NDArray enclosing = side(column(a, 2).maximum(row(b, 2)), column(a, 0).minimum(row(b, 0)), plus)
                .mul(side(column(a, 3).maximum(row(b, 3)), column(a, 1).minimum(row(b, 1)), plus));
        return new Pieces(inter, subtractIntersection ? areas.sub(inter) : areas, enclosing);
    }

    /** The boxes as square-only code sees them: the x extent used on the y axis too. */
    private static NDArray squares(NDArray boxes) {
        return BoxConversion.rows(coordinate(boxes, 0), coordinate(boxes, 0), coordinate(boxes, 2), coordinate(boxes, 2));
    }

    /** The answer with every NaN (0 / 0 of zero-area pairs) replaced by 0, or null when it has no NaN. */
    private static INDArray nanToZero(INDArray x) {
        INDArray out = x.dup('c');
        boolean any = false;
        for (long i = 0; i < out.length(); i++) {
            if (Double.isNaN(out.getDouble(i))) {
                out.putScalar(i, 0);
                any = true;
            }
        }
        return any ? out : null;
    }

    private static NDArray side(NDArray high, NDArray low, double plus) {
        return high.sub(low).add(plus);
    }

    private static NDArray column(NDArray a, int k) {
        return coordinate(a, k).reshape(-1, 1);
    }

    private static NDArray row(NDArray b, int k) {
        return coordinate(b, k).reshape(1, -1);
    }
}
