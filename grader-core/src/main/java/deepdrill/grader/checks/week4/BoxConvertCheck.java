package deepdrill.grader.checks.week4;

import static deepdrill.grader.oracle.BoxConversion.coordinate;
import static deepdrill.grader.oracle.BoxConversion.rows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import deepdrill.datasets.SyntheticScenes;
import deepdrill.datasets.SyntheticScenes.Scene;
import deepdrill.grader.checks.support.CheckContext;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Nchw;
import deepdrill.grader.checks.support.Rejection;
import deepdrill.grader.checks.support.SceneInputs;
import deepdrill.grader.oracle.BoxConversion;
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.week4.BoxConvert;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
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
 * {@code +1} pixel width, the other format's anchor point.
 */
@Tag("box-convert")
@DisplayName("box-convert")
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

    private NDManager manager;

    @BeforeEach
    void openManager() {
        manager = TorchOracle.newManager();
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    /** One of the four methods: its name, the learner's code, the oracle and the known mistakes. */
    private record Conversion(String name, UnaryOperator<INDArray> code, UnaryOperator<NDArray> oracle,
                              Function<NDArray, Wrong[]> mistakes) {
    }

    /** What the conversion gives with a known mistake made on purpose, on the oracle's device. */
    private record Wrong(String diagnosis, NDArray output) {
    }

    private static final Conversion TO_CXCYWH = new Conversion("xyxyToCxcywh", BoxConvert::xyxyToCxcywh,
            BoxConversion::xyxyToCxcywh, BoxConvertCheck::toCentreMistakes);
    private static final Conversion FROM_CXCYWH = new Conversion("cxcywhToXyxy", BoxConvert::cxcywhToXyxy,
            BoxConversion::cxcywhToXyxy, BoxConvertCheck::fromCentreMistakes);
    private static final Conversion TO_XYWH = new Conversion("xyxyToXywh", BoxConvert::xyxyToXywh,
            BoxConversion::xyxyToXywh, BoxConvertCheck::toTopLeftMistakes);
    private static final Conversion FROM_XYWH = new Conversion("xywhToXyxy", BoxConvert::xywhToXyxy,
            BoxConversion::xywhToXyxy, BoxConvertCheck::fromTopLeftMistakes);

    @Test
    @DisplayName("xyxyToCxcywh: corners to centre and size")
    void xyxyToCxcywh() {
        Random random = CheckContext.random("xyxyToCxcywh");
        for (int i = 0; i < 3; i++) {
            check(TO_CXCYWH, sceneBoxes(random.nextLong()), "the boxes of a synthetic scene");
        }
        checkHandCases(TO_CXCYWH, new double[][] {{10, 20, 30, 60}}, new double[][] {{3, 7, 3, 7}, {2, 3, 12, 8}});
    }

    @Test
    @DisplayName("cxcywhToXyxy: centre and size to corners")
    void cxcywhToXyxy() {
        Random random = CheckContext.random("cxcywhToXyxy");
        for (int i = 0; i < 3; i++) {
            check(FROM_CXCYWH, oracle(BoxConversion::xyxyToCxcywh, sceneBoxes(random.nextLong())),
                    "the boxes of a synthetic scene");
        }
        checkHandCases(FROM_CXCYWH, new double[][] {{20, 40, 20, 40}},
                new double[][] {{3, 7, 0, 0}, {0.5, 0.25, 1, 0.5}});
    }

    @Test
    @DisplayName("xyxyToXywh: corners to COCO's top-left corner and size")
    void xyxyToXywh() {
        Random random = CheckContext.random("xyxyToXywh");
        for (int i = 0; i < 3; i++) {
            check(TO_XYWH, sceneBoxes(random.nextLong()), "the boxes of a synthetic scene");
        }
        checkHandCases(TO_XYWH, new double[][] {{10, 20, 30, 60}}, new double[][] {{3, 7, 3, 7}, {2, 3, 12, 8}});
    }

    @Test
    @DisplayName("xywhToXyxy: COCO's top-left corner and size to corners")
    void xywhToXyxy() {
        Random random = CheckContext.random("xywhToXyxy");
        for (int i = 0; i < 3; i++) {
            check(FROM_XYWH, oracle(BoxConversion::xyxyToXywh, sceneBoxes(random.nextLong())),
                    "the boxes of a synthetic scene");
        }
        checkHandCases(FROM_XYWH, new double[][] {{10, 20, 20, 40}}, new double[][] {{3, 7, 0, 0}, {2, 3, 10, 5}});
    }

    @Test
    @DisplayName("a round trip through either format gives back the boxes")
    void roundTrips() {
        Random random = CheckContext.random("roundTrips");
        for (int i = 0; i < 2; i++) {
            INDArray xyxy = sceneBoxes(random.nextLong());
            String of = " for the boxes of a synthetic scene " + Nchw.shape(xyxy);
            roundTrip("cxcywhToXyxy(xyxyToCxcywh(boxes))" + of, xyxy,
                    BoxConvert.cxcywhToXyxy(learner(TO_CXCYWH, xyxy)));
            roundTrip("xywhToXyxy(xyxyToXywh(boxes))" + of, xyxy, BoxConvert.xywhToXyxy(learner(TO_XYWH, xyxy)));
            INDArray cxcywh = oracle(BoxConversion::xyxyToCxcywh, xyxy);
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
    void float32() {
        Random random = CheckContext.random("float32");
        INDArray xyxy = sceneBoxes(random.nextLong());
        String scene = "the boxes of a synthetic scene";
        check(TO_CXCYWH, xyxy.castTo(DataType.FLOAT), scene);
        check(FROM_CXCYWH, oracle(BoxConversion::xyxyToCxcywh, xyxy).castTo(DataType.FLOAT), scene);
        check(TO_XYWH, xyxy.castTo(DataType.FLOAT), scene);
        check(FROM_XYWH, oracle(BoxConversion::xyxyToXywh, xyxy).castTo(DataType.FLOAT), scene);
    }

    @Test
    @DisplayName("boxes that are not (N, 4) throw IllegalArgumentException")
    void rejectsBadShapes() {
        Random random = CheckContext.random("rejectsBadShapes");
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

    private void checkHandCases(Conversion conversion, double[][] single, double[][] withZeroSize) {
        check(conversion, SceneInputs.boxes(single), "a single box " + rowsText(single));
        check(conversion, SceneInputs.boxes(withZeroSize), "a box of zero size and another " + rowsText(withZeroSize));
    }

    private void check(Conversion conversion, INDArray boxes, String description) {
        INDArray actual = learner(conversion, boxes);
        DataType type = boxes.dataType();
        NDArray tb = TorchOracle.toTorch(manager, boxes);
        String what = conversion.name() + "(boxes " + Nchw.shape(boxes) + (type == DataType.DOUBLE ? "" : " " + type)
                + ") for " + description;
        NDArray expected = conversion.oracle().apply(tb);
        // A mistake is often made on one axis only (the x line fixed, the y line not): recognise
        // it on the x columns (0 and 2 in every format), on the y columns (1 and 3), or on both.
        Mistake[] mistakes = Arrays.stream(conversion.mistakes().apply(tb))
                .flatMap(w -> Stream.of(w.output(), onOneAxis(w.output(), expected, 0),
                                onOneAxis(w.output(), expected, 1))
                        .map(output -> new Mistake(w.diagnosis(), () -> Nchw.expected(output, type))))
                .toArray(Mistake[]::new);
        Compare.assertClose(what, Nchw.expected(expected, type), actual, mistakes);
    }

    /** {@code wrong}'s columns on one axis (0: x, columns 0, 2; 1: y, columns 1, 3), {@code right}'s on the other. */
    private static NDArray onOneAxis(NDArray wrong, NDArray right, int axis) {
        NDArray x = axis == 0 ? wrong : right;
        NDArray y = axis == 1 ? wrong : right;
        return rows(coordinate(x, 0), coordinate(y, 1), coordinate(x, 2), coordinate(y, 3));
    }

    /** Hands the learner a copy of the boxes, then fails if its code changed them. */
    private static INDArray learner(Conversion conversion, INDArray boxes) {
        INDArray passed = boxes.dup();
        INDArray actual = conversion.code().apply(passed);
        Compare.assertUnchanged("boxes", boxes, passed);
        return actual;
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
    private INDArray oracle(UnaryOperator<NDArray> conversion, INDArray boxes) {
        return TorchOracle.toNd4j(conversion.apply(TorchOracle.toTorch(manager, boxes)));
    }

    private static String rowsText(double[][] rows) {
        return Arrays.stream(rows).map(r -> Arrays.stream(r).mapToObj(v -> v == Math.rint(v) ? Long.toString((long) v)
                : Double.toString(v)).collect(Collectors.joining(", ", "(", ")"))).collect(Collectors.joining(", "));
    }

    private static Wrong[] toCentreMistakes(NDArray b) {
        NDArray x1 = coordinate(b, 0);
        NDArray y1 = coordinate(b, 1);
        NDArray w = coordinate(b, 2).sub(x1);
        NDArray h = coordinate(b, 3).sub(y1);
        return new Wrong[] {
            new Wrong(CENTRE_WITHOUT_HALF, rows(x1.add(w), y1.add(h), w, h)),
            new Wrong(HALF_SIZE_AS_CENTRE, rows(w.div(2), h.div(2), w, h)),
            new Wrong(PLUS_ONE, rows(x1.add(w.add(1).div(2)), y1.add(h.add(1).div(2)), w.add(1), h.add(1))),
            new Wrong(PLUS_ONE, rows(x1.add(w.div(2)), y1.add(h.div(2)), w.add(1), h.add(1))),
            new Wrong(TOP_LEFT_NOT_CENTRE, rows(x1, y1, w, h)),
        };
    }

    private static Wrong[] fromCentreMistakes(NDArray b) {
        NDArray cx = coordinate(b, 0);
        NDArray cy = coordinate(b, 1);
        NDArray w = coordinate(b, 2);
        NDArray h = coordinate(b, 3);
        NDArray halfW = w.div(2);
        NDArray halfH = h.div(2);
        return new Wrong[] {
            new Wrong(CORNERS_WITHOUT_HALF, rows(cx.sub(w), cy.sub(h), cx.add(w), cy.add(h))),
            new Wrong(MINUS_ONE, rows(cx.sub(halfW), cy.sub(halfH), cx.add(halfW).sub(1), cy.add(halfH).sub(1))),
            new Wrong(MINUS_ONE, rows(cx.sub(w.sub(1).div(2)), cy.sub(h.sub(1).div(2)), cx.add(w.sub(1).div(2)),
                    cy.add(h.sub(1).div(2)))),
            new Wrong(CENTRE_AS_CORNER, rows(cx, cy, cx.add(w), cy.add(h))),
        };
    }

    private static Wrong[] toTopLeftMistakes(NDArray b) {
        NDArray x1 = coordinate(b, 0);
        NDArray y1 = coordinate(b, 1);
        NDArray w = coordinate(b, 2).sub(x1);
        NDArray h = coordinate(b, 3).sub(y1);
        return new Wrong[] {
            new Wrong(PLUS_ONE, rows(x1, y1, w.add(1), h.add(1))),
            new Wrong(CENTRE_NOT_TOP_LEFT, rows(x1.add(w.div(2)), y1.add(h.div(2)), w, h)),
        };
    }

    private static Wrong[] fromTopLeftMistakes(NDArray b) {
        NDArray x = coordinate(b, 0);
        NDArray y = coordinate(b, 1);
        NDArray w = coordinate(b, 2);
        NDArray h = coordinate(b, 3);
        return new Wrong[] {
            new Wrong(MINUS_ONE, rows(x, y, x.add(w).sub(1), y.add(h).sub(1))),
            new Wrong(CORNER_AS_CENTRE, rows(x.sub(w.div(2)), y.sub(h.div(2)), x.add(w.div(2)), y.add(h.div(2)))),
        };
    }
}
