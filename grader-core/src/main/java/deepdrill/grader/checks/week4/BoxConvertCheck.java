package deepdrill.grader.checks.week4;

import static deepdrill.grader.oracle.BoxConversion.coordinate;
import static deepdrill.grader.oracle.BoxConversion.rows;

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
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.week4.BoxConvert;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.opentest4j.AssertionFailedError;

/**
 * Checks {@code box-convert} against the conversions written with NDArray primitives
 * ({@link BoxConversion}), on the boxes of synthetic scenes (objects and detections) and on hand-made
 * edge cases: a zero-size box, a single box, an empty (0, 4) array. Known mistakes are the same
 * conversions with the mistake made on purpose: a centre a whole width from the corner, the
 * {@code +1} pixel width, the other format's anchor point, each also made on one axis only, and
 * the right values in the wrong columns.
 *
 * <p>Covered: a fresh result (never the input or a view of it), the boxes of synthetic scenes, a
 * single box, a box of zero size, NaN, infinite and huge (1e300) coordinates, which pass through as
 * they do in PyTorch, an empty (0, 4) array, float32 boxes, round trips, and boxes that are not
 * (N, 4). Not applicable: thresholds, batch and channel axes.
 */
@ExerciseCheck
class BoxConvertCheck {

    private static final String CENTRE_WITHOUT_HALF = "added the whole width to x1 for the centre: cx = x1 + w / 2 "
            + "(the midpoint (x1 + x2) / 2); x1 + w is x2, the right edge.";
    private static final String CORNERS_WITHOUT_HALF = "went a whole width from the centre to each corner: the box is "
            + "w wide in total, half on each side, so x1 = cx - w / 2 and x2 = cx + w / 2.";
    private static final String HALF_SIZE_AS_CENTRE = "took half the size for the centre: cx = x1 + (x2 - x1) / 2; "
            + "(x2 - x1) / 2 alone forgets where the box starts.";
    private static final String PLUS_ONE = "used the +1 pixel convention (w = x2 - x1 + 1, from the PASCAL VOC "
            + "devkit): here coordinates are continuous, w = x2 - x1, so a box from 10 to 20 is 10 wide.";
    private static final String MINUS_ONE = "used the +1 pixel convention backwards (x2 = x1 + w - 1, from the PASCAL "
            + "VOC devkit): here coordinates are continuous, x2 = x1 + w.";
    private static final String TOP_LEFT_NOT_CENTRE = "returned the top-left corner (x1, y1) where the centre belongs: "
            + "that is COCO's xywh; cxcywh starts with cx = x1 + w / 2, cy = y1 + h / 2.";
    private static final String CENTRE_NOT_TOP_LEFT = "returned the centre where COCO's xywh keeps the top-left "
            + "corner: x = x1, y = y1.";
    private static final String CENTRE_AS_CORNER = "treated (cx, cy) as the top-left corner: in cxcywh it is the "
            + "centre, so x1 = cx - w / 2 and x2 = cx + w / 2.";
    private static final String CORNER_AS_CENTRE = "treated (x, y) as the centre: in COCO's xywh it is the top-left "
            + "corner, so x1 = x and x2 = x + w.";

    /**
     * One of the four methods: its name, the learner's code, the oracle, the known mistakes (each
     * with what it gives on the oracle's device) and the names of the output's columns.
     */
    private record Conversion(String name, UnaryOperator<INDArray> code, UnaryOperator<NDArray> oracle,
                              Function<NDArray, List<Mistake<NDArray>>> mistakes, List<String> columns) {
    }

    private static final List<String> XYXY = List.of("x1", "y1", "x2", "y2");
    private static final Conversion TO_CXCYWH = new Conversion("xyxyToCxcywh", BoxConvert::xyxyToCxcywh,
            BoxConversion::xyxyToCxcywh, BoxConvertCheck::toCentreMistakes, List.of("cx", "cy", "w", "h"));
    private static final Conversion FROM_CXCYWH = new Conversion("cxcywhToXyxy", BoxConvert::cxcywhToXyxy,
            BoxConversion::cxcywhToXyxy, BoxConvertCheck::fromCentreMistakes, XYXY);
    private static final Conversion TO_XYWH = new Conversion("xyxyToXywh", BoxConvert::xyxyToXywh,
            BoxConversion::xyxyToXywh, BoxConvertCheck::toTopLeftMistakes, List.of("x", "y", "w", "h"));
    private static final Conversion FROM_XYWH = new Conversion("xywhToXyxy", BoxConvert::xywhToXyxy,
            BoxConversion::xywhToXyxy, BoxConvertCheck::fromTopLeftMistakes, XYXY);

    @Test
    @DisplayName("xyxyToCxcywh: corners to centre and size")
    void xyxyToCxcywh(NDManager manager, Random random) {
        for (int i = 0; i < 3; i++) {
            check(manager, TO_CXCYWH, sceneBoxes(random.nextLong()), "the boxes of a synthetic scene");
        }
        checkHandCases(manager, TO_CXCYWH, new double[][] {{10, 20, 30, 60}}, new double[][] {{3, 7, 3, 7}, {2, 3, 12, 8}});
    }

    @Test
    @DisplayName("cxcywhToXyxy: centre and size to corners")
    void cxcywhToXyxy(NDManager manager, Random random) {
        for (int i = 0; i < 3; i++) {
            check(manager, FROM_CXCYWH, oracle(manager, BoxConversion::xyxyToCxcywh, sceneBoxes(random.nextLong())),
                    "the boxes of a synthetic scene");
        }
        checkHandCases(manager, FROM_CXCYWH, new double[][] {{20, 40, 20, 40}},
                new double[][] {{3, 7, 0, 0}, {0.5, 0.25, 1, 0.5}});
    }

    @Test
    @DisplayName("xyxyToXywh: corners to COCO's top-left corner and size")
    void xyxyToXywh(NDManager manager, Random random) {
        for (int i = 0; i < 3; i++) {
            check(manager, TO_XYWH, sceneBoxes(random.nextLong()), "the boxes of a synthetic scene");
        }
        checkHandCases(manager, TO_XYWH, new double[][] {{10, 20, 30, 60}}, new double[][] {{3, 7, 3, 7}, {2, 3, 12, 8}});
        // Corners and COCO's format agree for a box at the origin: only the result being a new array is left to check.
        check(manager, TO_XYWH, SceneInputs.boxes(new double[][] {{0, 0, 4, 3}}), "a box at the origin (0, 0, 4, 3), "
                + "the same numbers in both formats");
    }

    @Test
    @DisplayName("xywhToXyxy: COCO's top-left corner and size to corners")
    void xywhToXyxy(NDManager manager, Random random) {
        for (int i = 0; i < 3; i++) {
            check(manager, FROM_XYWH, oracle(manager, BoxConversion::xyxyToXywh, sceneBoxes(random.nextLong())),
                    "the boxes of a synthetic scene");
        }
        checkHandCases(manager, FROM_XYWH, new double[][] {{10, 20, 20, 40}}, new double[][] {{3, 7, 0, 0}, {2, 3, 10, 5}});
        check(manager, FROM_XYWH, SceneInputs.boxes(new double[][] {{0, 0, 4, 3}}), "a box at the origin (0, 0, 4, 3), "
                + "the same numbers in both formats");
    }

    @Test
    @DisplayName("a round trip through either format gives back the boxes")
    void roundTrips(NDManager manager, Random random) {
        for (int i = 0; i < 2; i++) {
            INDArray xyxy = sceneBoxes(random.nextLong());
            String of = " for the boxes of a synthetic scene " + Nchw.shape(xyxy);
            roundTrip("cxcywhToXyxy(xyxyToCxcywh(boxes))" + of, xyxy,
                    BoxConvert.cxcywhToXyxy(learner(TO_CXCYWH, xyxy)));
            roundTrip("xywhToXyxy(xyxyToXywh(boxes))" + of, xyxy, BoxConvert.xywhToXyxy(learner(TO_XYWH, xyxy)));
            INDArray cxcywh = oracle(manager, BoxConversion::xyxyToCxcywh, xyxy);
            roundTrip("xyxyToCxcywh(cxcywhToXyxy(boxes)), boxes in cxcywh" + of, cxcywh,
                    BoxConvert.xyxyToCxcywh(learner(FROM_CXCYWH, cxcywh)));
        }
    }

    @Test
    @DisplayName("an empty (0, 4) array gives an empty (0, 4) array")
    void emptyInput() {
        INDArray empty = SceneInputs.boxes(new double[0][]);
        for (Conversion conversion : List.of(TO_CXCYWH, FROM_CXCYWH, TO_XYWH, FROM_XYWH)) {
            String call = conversion.name() + "(boxes (0, 4))";
            INDArray actual;
            try {
                actual = learner(conversion, empty);
            } catch (RuntimeException e) {
                // The cause keeps an untouched stub recognisable as "not implemented".
                throw new AssertionFailedError(call + " threw " + e + "; no boxes in, no boxes out: return an empty "
                        + "(0, 4) array. ND4J's column ops (getColumn, hstack, arithmetic on slices) throw on empty "
                        + "arrays; the flat double[] route works for N = 0.", e);
            }
            Compare.assertClose(call, empty, actual);
        }
    }

    @Test
    @DisplayName("float32 boxes give float32 boxes")
    void float32(NDManager manager, Random random) {
        INDArray xyxy = sceneBoxes(random.nextLong());
        String scene = "the boxes of a synthetic scene";
        check(manager, TO_CXCYWH, xyxy.castTo(DataType.FLOAT), scene);
        check(manager, FROM_CXCYWH, oracle(manager, BoxConversion::xyxyToCxcywh, xyxy).castTo(DataType.FLOAT), scene);
        check(manager, TO_XYWH, xyxy.castTo(DataType.FLOAT), scene);
        check(manager, FROM_XYWH, oracle(manager, BoxConversion::xyxyToXywh, xyxy).castTo(DataType.FLOAT), scene);
    }

    @Test
    @DisplayName("boxes that are not (N, 4) throw IllegalArgumentException")
    void rejectsBadShapes(Random random) {
        INDArray xyxy = sceneBoxes(random.nextLong());
        INDArray threeColumns = xyxy.getColumns(0, 1, 2).dup();
        INDArray fiveColumns = Nd4j.hstack(xyxy, xyxy.getColumns(0)).dup();
        INDArray oneBox = Nd4j.create(new double[] {10, 20, 30, 60}, new long[] {4}, DataType.DOUBLE);
        for (Conversion conversion : List.of(TO_CXCYWH, FROM_CXCYWH, TO_XYWH, FROM_XYWH)) {
            for (INDArray bad : List.of(threeColumns, fiveColumns, oneBox)) {
                expectRejected(conversion, bad);
            }
        }
    }

    private static void checkHandCases(NDManager manager, Conversion conversion, double[][] single, double[][] withZeroSize) {
        check(manager, conversion, SceneInputs.boxes(single), "a single box " + rowsText(single));
        check(manager, conversion, SceneInputs.boxes(withZeroSize), "a box of zero size and another " + rowsText(withZeroSize));
        // Nothing to validate or special-case: NaN and infinities pass through the arithmetic as in PyTorch.
        double[][] extreme = {{Double.NaN, 1, 2, 3}, {0, 0, Double.POSITIVE_INFINITY, 5}, {-1e300, 2e300, 1e300, 3e300}};
        check(manager, conversion, SceneInputs.boxes(extreme), "NaN, infinite and huge coordinates " + rowsText(extreme));
    }

    private static void check(NDManager manager, Conversion conversion, INDArray boxes, String description) {
        INDArray actual = learner(conversion, boxes);
        DataType type = boxes.dataType();
        NDArray tb = TorchOracle.toTorch(manager, boxes);
        String what = conversion.name() + "(boxes " + Nchw.shape(boxes) + (type == DataType.DOUBLE ? "" : " " + type)
                + ") for " + description;
        NDArray expected = conversion.oracle().apply(tb);
        // A mistake is often made on one axis only (the x line fixed, the y line not): recognise
        // it on the x columns (0 and 2 in every format), on the y columns (1 and 3), or on both.
        List<Mistake<INDArray>> mistakes = new ArrayList<>();
        for (Mistake<NDArray> m : conversion.mistakes().apply(tb)) {
            NDArray wrong = m.answer().get();
            mistakes.add(new Mistake<>(m.diagnosis(), () -> Nchw.expected(wrong, type)));
            mistakes.add(new Mistake<>(m.diagnosis() + " (Only on the x axis: your y columns are right.)",
                    () -> Nchw.expected(onOneAxis(wrong, expected, 0), type)));
            mistakes.add(new Mistake<>(m.diagnosis() + " (Only on the y axis: your x columns are right.)",
                    () -> Nchw.expected(onOneAxis(wrong, expected, 1), type)));
        }
        mistakes.addAll(columnOrders(conversion.columns(), expected, type));
        Compare.assertClose(what, Nchw.expected(expected, type), actual, Tolerance.of(type), mistakes);
    }

    /** The right values in the wrong columns: every other order of the four output columns. */
    private static List<Mistake<INDArray>> columnOrders(List<String> names, NDArray expected, DataType type) {
        List<Mistake<INDArray>> mistakes = new ArrayList<>();
        String right = "(" + String.join(", ", names) + ")";
        for (int code = 0; code < 256; code++) {
            int[] order = {code & 3, (code >> 2) & 3, (code >> 4) & 3, (code >> 6) & 3};
            if (Arrays.stream(order).distinct().count() < 4 || Arrays.equals(order, new int[] {0, 1, 2, 3})) {
                continue;
            }
            String got = Arrays.stream(order).mapToObj(names::get).collect(Collectors.joining(", ", "(", ")"));
            mistakes.add(new Mistake<>("put the right values in the wrong columns: your rows read " + got + ", they "
                    + "must read " + right + ".", () -> Nchw.expected(rows(coordinate(expected, order[0]),
                    coordinate(expected, order[1]), coordinate(expected, order[2]), coordinate(expected, order[3])),
                    type)));
        }
        return mistakes;
    }

    /** {@code wrong}'s columns on one axis (0: x, columns 0, 2; 1: y, columns 1, 3), {@code right}'s on the other. */
    private static NDArray onOneAxis(NDArray wrong, NDArray right, int axis) {
        NDArray x = axis == 0 ? wrong : right;
        NDArray y = axis == 1 ? wrong : right;
        return rows(coordinate(x, 0), coordinate(y, 1), coordinate(x, 2), coordinate(y, 3));
    }

    /** Hands the learner a copy of the boxes; fails if its code changed them or returned them (a new array is promised). */
    private static INDArray learner(Conversion conversion, INDArray boxes) {
        return Guarded.fresh(in -> conversion.code().apply(in.copy("boxes", boxes)));
    }

    private static void roundTrip(String what, INDArray original, INDArray back) {
        Compare.assertClose(what + ": the two directions must undo each other", original, back);
    }

    private static void expectRejected(Conversion conversion, INDArray boxes) {
        Rejection.expectRejected(conversion.name() + "(boxes " + Nchw.shape(boxes) + ")",
                "check the shape first: boxes must be (N, 4)", () -> conversion.code().apply(boxes.dup()));
    }

    /** The objects' and the detections' boxes of one scene, (N, 4) xyxy float64, at least a few of them. */
    private static INDArray sceneBoxes(long seed) {
        Scene scene = SceneInputs.sceneWithDetections(seed, 3, SyntheticScenes.Config.defaults());
        return Nd4j.vstack(SceneInputs.groundTruthBoxes(scene.objects()),
                SceneInputs.detectionBoxes(scene.detections()));
    }

    /** The oracle's conversion of float64 boxes, as an ND4J float64 array: the input of the reverse method. */
    private static INDArray oracle(NDManager manager, UnaryOperator<NDArray> conversion, INDArray boxes) {
        return TorchOracle.toNd4j(conversion.apply(TorchOracle.toTorch(manager, boxes)));
    }

    private static String rowsText(double[][] rows) {
        return Arrays.stream(rows).map(r -> Arrays.stream(r).mapToObj(v -> v == Math.rint(v) ? Long.toString((long) v)
                : Double.toString(v)).collect(Collectors.joining(", ", "(", ")"))).collect(Collectors.joining(", "));
    }

    private static List<Mistake<NDArray>> toCentreMistakes(NDArray b) {
        NDArray x1 = coordinate(b, 0);
        NDArray y1 = coordinate(b, 1);
        NDArray w = coordinate(b, 2).sub(x1);
        NDArray h = coordinate(b, 3).sub(y1);
        return List.of(
            Mistake.giving(CENTRE_WITHOUT_HALF, rows(x1.add(w), y1.add(h), w, h)),
            Mistake.giving(HALF_SIZE_AS_CENTRE, rows(w.div(2), h.div(2), w, h)),
            Mistake.giving(PLUS_ONE, rows(x1.add(w.add(1).div(2)), y1.add(h.add(1).div(2)), w.add(1), h.add(1))),
            Mistake.giving(PLUS_ONE, rows(x1.add(w.div(2)), y1.add(h.div(2)), w.add(1), h.add(1))),
            Mistake.giving(TOP_LEFT_NOT_CENTRE, rows(x1, y1, w, h)));
    }

    private static List<Mistake<NDArray>> fromCentreMistakes(NDArray b) {
        NDArray cx = coordinate(b, 0);
        NDArray cy = coordinate(b, 1);
        NDArray w = coordinate(b, 2);
        NDArray h = coordinate(b, 3);
        NDArray halfW = w.div(2);
        NDArray halfH = h.div(2);
        return List.of(
            Mistake.giving(CORNERS_WITHOUT_HALF, rows(cx.sub(w), cy.sub(h), cx.add(w), cy.add(h))),
            Mistake.giving(MINUS_ONE, rows(cx.sub(halfW), cy.sub(halfH), cx.add(halfW).sub(1), cy.add(halfH).sub(1))),
            Mistake.giving(MINUS_ONE, rows(cx.sub(w.sub(1).div(2)), cy.sub(h.sub(1).div(2)), cx.add(w.sub(1).div(2)),
                    cy.add(h.sub(1).div(2)))),
            Mistake.giving(CENTRE_AS_CORNER, rows(cx, cy, cx.add(w), cy.add(h))));
    }

    private static List<Mistake<NDArray>> toTopLeftMistakes(NDArray b) {
        NDArray x1 = coordinate(b, 0);
        NDArray y1 = coordinate(b, 1);
        NDArray w = coordinate(b, 2).sub(x1);
        NDArray h = coordinate(b, 3).sub(y1);
        return List.of(
            Mistake.giving(PLUS_ONE, rows(x1, y1, w.add(1), h.add(1))),
            Mistake.giving(CENTRE_NOT_TOP_LEFT, rows(x1.add(w.div(2)), y1.add(h.div(2)), w, h)));
    }

    private static List<Mistake<NDArray>> fromTopLeftMistakes(NDArray b) {
        NDArray x = coordinate(b, 0);
        NDArray y = coordinate(b, 1);
        NDArray w = coordinate(b, 2);
        NDArray h = coordinate(b, 3);
        return List.of(
            Mistake.giving(MINUS_ONE, rows(x, y, x.add(w).sub(1), y.add(h).sub(1))),
            Mistake.giving(CORNER_AS_CENTRE, rows(x.sub(w.div(2)), y.sub(h.div(2)), x.add(w.div(2)), y.add(h.div(2)))));
    }
}
