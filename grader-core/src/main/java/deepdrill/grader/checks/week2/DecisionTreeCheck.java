package deepdrill.grader.checks.week2;

import deepdrill.datasets.Iris;
import deepdrill.grader.checks.support.CompareScalar;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Rejection;
import deepdrill.grader.checks.support.Tolerance;
import deepdrill.grader.checks.week2.TreeOracle.Candidate;
import deepdrill.grader.checks.week2.TreeOracle.Tree;
import deepdrill.grader.checks.week2.TreeOracle.Variant;
import deepdrill.week2.DecisionTree;
import deepdrill.week2.DecisionTree.Criterion;
import deepdrill.week2.DecisionTree.Node;
import deepdrill.week2.DecisionTree.Split;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.Entropy;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.common.tree.LeafNode;
import org.tribuo.common.tree.SplitNode;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Checks {@code decision-tree} against {@link TreeOracle}, written again from the definitions
 * (Gini as an exact fraction, entropy rearranged as log2 n - (1/n) sum n_k log2 n_k, every split of
 * a node by brute force with each partition recounted, a tree grown from those), and on Iris
 * against Tribuo's {@code CARTClassificationTrainer}: with {@code maxDepth} d, a minimum child
 * weight of 1e-6 (so that only the depth and purity stop it), no minimum decrease, every feature
 * and no random split points, Tribuo grows the same CART tree as the exercise (midpoint thresholds,
 * {@code <=} to the left, depth d counting splits from the root, a strictly positive decrease, ties
 * to the first feature and the lowest threshold, leaf ties to the first label); the features are
 * named f0..f3 so that Tribuo's sorted feature ids keep the columns' order. The learner's tree must
 * equal Tribuo's node for node (feature, threshold, leaf labels), and its predictions on Iris must
 * equal Tribuo's.
 *
 * <p>Covered: a pure node and a node of one sample (impurity 0), a class that never occurs
 * (0 log 0), numClasses above the labels seen, uniform labels (Gini 1 - 1/K, entropy log2 K);
 * splits: a constant feature (no threshold), every feature constant, one class only, duplicated
 * points with different labels (no split), XOR labels (no split helps: none), exactly tied splits
 * across features and across thresholds, a feature that only ties at a later threshold, negative
 * and large (1e6) values, the Iris root (petal length and width tie); trees: depth 0 (one leaf, the
 * majority with a tie to the smaller class), one class at any depth, duplicated points, a node
 * with minSamplesSplit samples and one fewer, seeded random data on a small grid (many ties), Iris
 * with Gini and entropy at depths 1 to 5; predict: a sample exactly on a threshold, a hand-built
 * tree, no rows. Rejected: empty labels and an empty child, numClasses 0, labels -1 and K, rows of
 * different lengths, no features, rows and labels of different counts, NaN and infinite features,
 * maxDepth -1, minSamplesSplit 1, a null tree, a row too short for the tree. Every input must be
 * left unchanged. Named: entropy in nats or log10, 0 log 0 as NaN, Gini without "1 -", integer
 * division of counts, unweighted (averaged) or unnormalised child impurities, the children's
 * impurity returned instead of the decrease, the decrease's sign flipped, a threshold at a data
 * value instead of the midpoint, the last of tied splits, a split that decreases nothing (a pure
 * node), {@code <} instead of {@code <=}, the majority tie to the largest class, the depth limit off
 * by one, minSamplesSplit applied with {@code <=}.
 */
@ExerciseCheck
class DecisionTreeCheck {

    private static final Tolerance TOLERANCE = new Tolerance(1e-12, 1e-9);

    private static final String NATS = "took the natural log: entropy here is in bits, log2 (divide ln by ln 2).";
    private static final String LOG10 = "took log10: entropy here is in bits, log2.";
    private static final String NAN_ZERO = "computed 0 * log(0) as NaN for a class with no samples: it contributes 0 "
            + "(skip classes whose count is 0).";
    private static final String NO_ONE_MINUS = "returned sum p_k^2, the chance that two draws agree: Gini is 1 minus it.";
    private static final String INT_DIV = "divided two integer counts (n_k / n in int arithmetic), which truncates to 0: "
            + "divide in double.";
    private static final String UNWEIGHTED = "averaged the children's impurities (I(L) + I(R)) / 2: weight each child by "
            + "its share of the samples, |L| / |S| and |R| / |S|.";
    private static final String UNNORMALISED = "subtracted I(L) + I(R) without weights: weight each child by its share of "
            + "the samples, |L| / |S| and |R| / |S|.";
    private static final String CHILDREN_ONLY = "returned the children's weighted impurity: the decrease is the parent's "
            + "impurity minus it.";
    private static final String SIGN = "flipped the sign: the decrease is I(parent) minus the weighted children, positive "
            + "for a good split.";
    private static final String AT_VALUE = "put the threshold at a data value: it belongs at the midpoint (a + b) / 2 of "
            + "two consecutive distinct values (samples with x <= threshold go left).";
    private static final String LAST_TIE = "kept the last of equally good splits (>= where > belongs): ties go to the "
            + "lowest feature, then the lowest threshold.";
    private static final String ZERO_SPLIT = "returned a split that does not decrease the impurity (a pure node, or no "
            + "split helps): that node has no split, return null.";
    private static final String STRICT = "sent x == threshold to the right (x < threshold): samples with "
            + "x <= threshold go left.";
    private static final String MAJORITY_LARGEST = "broke a tie in the majority vote towards the larger class index: a "
            + "tie goes to the smallest.";
    private static final String DEPTH_PLUS = "let the tree grow one level deeper than maxDepth: the root is at depth 0 "
            + "and a node at depth maxDepth is a leaf.";
    private static final String DEPTH_MINUS = "stopped one level early: the root is at depth 0, so maxDepth d allows d "
            + "levels of splits.";
    private static final String MIN_SPLIT = "required more than minSamplesSplit samples to split: a node with exactly "
            + "minSamplesSplit samples may split.";

    @Test
    @DisplayName("Gini and entropy of a node's labels")
    void impurities(Random random) {
        checkImpurities(new int[] {0, 0, 1, 1}, 2);          // 0.5 and 1 bit
        checkImpurities(new int[] {0, 1, 2}, 3);             // 2/3 and log2 3
        checkImpurities(new int[] {1, 1, 1}, 2);             // pure: 0 and 0
        checkImpurities(new int[] {2}, 3);                   // one sample
        checkImpurities(new int[] {0, 0, 0, 2}, 4);          // classes 1 and 3 never occur
        checkImpurities(new int[] {0, 1, 1, 1, 1, 1, 1, 1}, 2);
        for (int i = 0; i < 4; i++) {
            int k = 2 + random.nextInt(4);
            checkImpurities(randomLabels(random, 1 + random.nextInt(40), k), k);
        }
    }

    @Test
    @DisplayName("the weighted impurity decrease of a split")
    void impurityDecrease(Random random) {
        for (Criterion criterion : Criterion.values()) {
            checkDecrease(new int[] {0, 0, 0}, new int[] {1}, 2, criterion);          // a perfect split
            checkDecrease(new int[] {0, 1}, new int[] {0, 1}, 2, criterion);          // no gain: 0
            checkDecrease(new int[] {0}, new int[] {0, 0, 1, 1, 1, 2}, 3, criterion);   // one pure sample peeled off
            for (int i = 0; i < 3; i++) {
                int k = 2 + random.nextInt(3);
                checkDecrease(randomLabels(random, 1 + random.nextInt(15), k), randomLabels(random, 1 + random.nextInt(15), k),
                        k, criterion);
            }
        }
    }

    @Test
    @DisplayName("best split of a node against every split tried by brute force")
    void bestSplit(Random random) {
        for (Criterion c : Criterion.values()) {
            // Feature 1 separates perfectly; feature 0 is constant (no threshold at all).
            checkSplit(new double[][] {{3, 1}, {3, 2}, {3, 8}, {3, 9}}, new int[] {0, 0, 1, 1}, 2, c);
            // Unequal children: weighting matters (the averaged impurities prefer peeling one sample).
            checkSplit(new double[][] {{1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}}, new int[] {0, 1, 0, 0, 1, 1, 1, 0}, 2, c);
            checkSplit(new double[][] {{0, 5}, {1, 4}, {2, 3}, {3, 2}, {4, 1}, {5, 0}}, new int[] {0, 0, 1, 1, 1, 2}, 3, c);
            // Two identical columns: the tie goes to feature 0.
            checkSplit(new double[][] {{1, 1}, {2, 2}, {3, 3}, {4, 4}}, new int[] {0, 0, 1, 1}, 2, c);
            // Two thresholds of one feature tie (a symmetric node): the lower one.
            checkSplit(new double[][] {{1}, {2}, {3}, {4}, {5}, {6}}, new int[] {0, 1, 1, 1, 1, 0}, 2, c);
            // Feature 1's best equals feature 0's best only at a later threshold.
            checkSplit(new double[][] {{1, 4}, {2, 3}, {3, 2}, {4, 1}}, new int[] {0, 0, 1, 1}, 2, c);
            // Duplicated points with different labels, and repeated values.
            checkSplit(new double[][] {{1}, {1}, {1}, {2}, {2}, {3}}, new int[] {0, 1, 0, 1, 1, 1}, 2, c);
            checkSplit(new double[][] {{-1e6, 2.5}, {1e6, 2.5}, {-3, 2.5}, {7, 2.5}}, new int[] {1, 0, 1, 0}, 2, c);
            // No split: one class, all features constant, duplicates with different labels, XOR, one sample.
            checkSplit(new double[][] {{1, 5}, {2, 6}, {3, 7}}, new int[] {1, 1, 1}, 2, c);
            checkSplit(new double[][] {{4, 4}, {4, 4}, {4, 4}}, new int[] {0, 1, 1}, 2, c);
            checkSplit(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}}, new int[] {0, 1, 1, 0}, 2, c);
            checkSplit(new double[][] {{2.5}}, new int[] {0}, 2, c);
            for (int i = 0; i < 6; i++) {
                int k = 2 + random.nextInt(2);
                int n = 2 + random.nextInt(14);
                checkSplit(grid(random, n, 1 + random.nextInt(3), 4), randomLabels(random, n, k), k, c);
            }
        }
        Iris iris = Iris.load();
        checkSplit(iris.features(), iris.labels(), 3, Criterion.GINI);       // petal length and width tie
        checkSplit(iris.features(), iris.labels(), 3, Criterion.ENTROPY);
    }

    @Test
    @DisplayName("predict: follow x <= threshold to the left down a hand-built tree")
    void predict() {
        Node tree = new Node(1, 2.5, Node.leaf(0), new Node(0, -1, Node.leaf(2), Node.leaf(1), 1), 2);
        Tree same = new Tree(1, 2.5, leaf(0), new Tree(0, -1, leaf(2), leaf(1), 1), 2);
        double[][] x = {{0, 2.5}, {0, 2.4}, {-1, 2.6}, {-0.5, 3}, {-2, 100}, {5, -5}};  // the first and third on thresholds
        checkPredict(tree, same, x);
        checkPredict(Node.leaf(1), leaf(1), new double[][] {{1, 2}, {3, 4}});
        checkPredict(tree, same, new double[0][]);
    }

    @Test
    @DisplayName("fit: depth 0, one class, duplicated points, minSamplesSplit and the majority tie rule")
    void fitEdges() {
        double[][] x = {{1, 0}, {2, 0}, {3, 1}, {4, 1}, {5, 0}, {6, 1}};
        for (Criterion c : Criterion.values()) {
            checkFit(x, new int[] {0, 1, 1, 0, 0, 1}, 2, 0, 2, c);               // depth 0: one leaf, 3-3 tie to 0
            checkFit(x, new int[] {2, 1, 2, 1, 2, 1}, 3, 0, 2, c);               // a tie between 1 and 2: 1
            checkFit(x, new int[] {1, 1, 1, 1, 1, 1}, 2, 5, 2, c);               // one class: one leaf
            checkFit(new double[][] {{1}, {1}, {1}, {1}}, new int[] {0, 1, 1, 0}, 2, 3, 2, c);   // duplicates
            checkFit(new double[][] {{1}, {1}, {2}, {2}, {3}}, new int[] {0, 1, 1, 0, 1}, 2, 4, 2, c);
            checkFit(x, new int[] {0, 0, 1, 1, 0, 1}, 2, 1, 2, c);               // a stump
            checkFit(x, new int[] {0, 0, 1, 1, 0, 1}, 2, 10, 2, c);              // grows until pure
            checkFit(x, new int[] {0, 0, 1, 1, 0, 1}, 2, 10, 6, c);              // exactly minSamplesSplit at the root
            checkFit(x, new int[] {0, 0, 1, 1, 0, 1}, 2, 10, 3, c);              // small children stay leaves
            checkFit(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}}, new int[] {0, 1, 1, 0}, 2, 3, 2, c);   // XOR: a leaf
        }
    }

    @Test
    @DisplayName("fit: seeded random data on a small grid against the tree grown by brute force")
    void fitRandom(Random random) {
        for (int i = 0; i < 10; i++) {
            int n = 5 + random.nextInt(36);
            int k = 2 + random.nextInt(3);
            checkFit(grid(random, n, 1 + random.nextInt(3), 5), randomLabels(random, n, k), k, random.nextInt(5),
                    2 + random.nextInt(5), i % 2 == 0 ? Criterion.GINI : Criterion.ENTROPY);
        }
    }

    @Test
    @DisplayName("fit on Iris: the same tree and predictions as Tribuo's CART, Gini and entropy, depths 1 to 5")
    void fitIrisAgainstTribuo() {
        Iris iris = Iris.load();
        MutableDataset<Label> data = tribuoData(iris);
        for (Criterion c : Criterion.values()) {
            for (int d = 1; d <= 5; d++) {
                int depth = d;
                double[][] x = iris.features();
                int[] y = iris.labels();
                Node actual = Guarded.call(in -> DecisionTree.fit(in.copy("x", x), in.copy("labels", y), 3,
                        depth, 2, c));
                String what = "fit(Iris, 3, maxDepth " + depth + ", minSamplesSplit 2, " + c + ")";
                Tree learner = toTree(what, actual);
                Model<Label> model = new CARTClassificationTrainer(depth, 1e-6f, 0f, 1f, false,
                        c == Criterion.GINI ? new GiniIndex() : new Entropy(), 1L).train(data);
                Tree tribuo = fromTribuo(((TreeModel<Label>) model).getRoot());
                String diff = difference("root", tribuo, learner, false);
                if (diff != null) {
                    Tree oracle = TreeOracle.fit(x, y, 3, depth, 2, c, Variant.RIGHT);
                    throw new AssertionFailedError(treeMistake(learner, x, y, 3, depth, 2, c) + what
                            + " grew a different tree from Tribuo's CART: " + diff + "\nexpected:\n" + show(tribuo)
                            + "got:\n" + show(learner) + (difference("root", oracle, tribuo, false) == null ? ""
                            : "(the check's own brute-force tree differs from Tribuo's here too)\n"));
                }
                int[] predicted = Guarded.call(in -> DecisionTree.predict(actual, in.copy("x", x)));
                int right = 0;
                int i = 0;
                for (Example<Label> example : data) {
                    int expected = Integer.parseInt(model.predict(example).getOutput().getLabel().substring(1));
                    if (predicted[i] != expected) {
                        throw new AssertionFailedError(what + ": predict disagrees with Tribuo at Iris row " + i + " "
                                + Arrays.toString(x[i]) + ": expected " + expected + ", got " + predicted[i]);
                    }
                    right += expected == y[i] ? 1 : 0;
                    i++;
                }
                if (depth == 3 && right < 140) {
                    throw new AssertionFailedError(what + ": only " + right + " of 150 training samples right");
                }
            }
        }
    }

    @Test
    @DisplayName("an empty node, bad labels, ragged or non-finite features and bad limits throw IllegalArgumentException")
    void rejectsBadInput() {
        double[][] x = {{1, 2}, {3, 4}};
        int[] y = {0, 1};
        rejected("gini({}, 2)", () -> DecisionTree.gini(new int[0], 2));
        rejected("entropy({}, 2)", () -> DecisionTree.entropy(new int[0], 2));
        rejected("gini({0, 1}, 0)", () -> DecisionTree.gini(new int[] {0, 1}, 0));
        rejected("gini({0, -1}, 2)", () -> DecisionTree.gini(new int[] {0, -1}, 2));
        rejected("entropy({0, 2}, 2)", () -> DecisionTree.entropy(new int[] {0, 2}, 2));
        rejected("impurityDecrease({}, {0, 1}, 2, GINI)",
                () -> DecisionTree.impurityDecrease(new int[0], new int[] {0, 1}, 2, Criterion.GINI));
        rejected("impurityDecrease({0}, {}, 2, ENTROPY)",
                () -> DecisionTree.impurityDecrease(new int[] {0}, new int[0], 2, Criterion.ENTROPY));
        rejected("impurityDecrease({0}, {3}, 2, GINI)",
                () -> DecisionTree.impurityDecrease(new int[] {0}, new int[] {3}, 2, Criterion.GINI));
        rejected("bestSplit(no rows, {}, 2, GINI)", () -> DecisionTree.bestSplit(new double[0][], new int[0], 2, Criterion.GINI));
        rejected("bestSplit(2 rows, 3 labels)", () -> DecisionTree.bestSplit(x, new int[] {0, 1, 0}, 2, Criterion.GINI));
        rejected("bestSplit(rows of lengths 2 and 1)",
                () -> DecisionTree.bestSplit(new double[][] {{1, 2}, {3}}, y, 2, Criterion.GINI));
        rejected("bestSplit(rows of no features)", () -> DecisionTree.bestSplit(new double[][] {{}, {}}, y, 2, Criterion.GINI));
        rejected("bestSplit(a NaN feature)",
                () -> DecisionTree.bestSplit(new double[][] {{1, Double.NaN}, {3, 4}}, y, 2, Criterion.GINI));
        rejected("bestSplit(labels {0, 2}, numClasses 2)", () -> DecisionTree.bestSplit(x, new int[] {0, 2}, 2, Criterion.GINI));
        rejected("fit(no rows)", () -> DecisionTree.fit(new double[0][], new int[0], 2, 3, 2, Criterion.GINI));
        rejected("fit(an infinite feature)", () -> DecisionTree.fit(new double[][] {{1, 2}, {Double.POSITIVE_INFINITY, 4}}, y,
                2, 3, 2, Criterion.GINI));
        rejected("fit(maxDepth -1)", () -> DecisionTree.fit(x, y, 2, -1, 2, Criterion.GINI));
        rejected("fit(minSamplesSplit 1)", () -> DecisionTree.fit(x, y, 2, 3, 1, Criterion.GINI));
        rejected("fit(2 rows, 1 label)", () -> DecisionTree.fit(x, new int[] {0}, 2, 3, 2, Criterion.ENTROPY));
        rejected("predict(null, x)", () -> DecisionTree.predict(null, x));
        Node tree = new Node(1, 2.5, Node.leaf(0), Node.leaf(1), 0);
        rejected("predict(a tree that splits on feature 1, a row of 1 feature)",
                () -> DecisionTree.predict(tree, new double[][] {{1, 2}, {3}}));
    }

    // ---- one case each ---------------------------------------------------------------------------

    private static void checkImpurities(int[] labels, int k) {
        int[] counts = TreeOracle.counts(labels, k);
        String args = "(" + show(labels) + ", " + k + ")";
        double gini = TreeOracle.giniExact(counts).doubleValue();
        double actualGini = Guarded.call(in -> DecisionTree.gini(in.copy("labels", labels), k));
        boolean pure = Arrays.stream(counts).anyMatch(c -> c == labels.length);
        CompareScalar.assertClose("gini" + args, gini, actualGini, TOLERANCE, List.of(
                Mistake.giving(NO_ONE_MINUS, 1 - gini),
                new Mistake<>(INT_DIV, () -> pure ? null : 1.0)));
        double entropy = TreeOracle.entropyBits(counts);
        double actualEntropy = Guarded.call(in -> DecisionTree.entropy(in.copy("labels", labels), k));
        boolean missing = Arrays.stream(counts).anyMatch(c -> c == 0);
        if (Double.isNaN(actualEntropy) && (missing || !pure)) {
            // With every class present, NaN comes from p = 0 in a mixed node: n_k / n in integers.
            throw new AssertionFailedError(Mistake.PREFIX + (missing ? NAN_ZERO : INT_DIV) + "\nentropy" + args
                    + ": expected " + fmt(entropy) + ", got NaN");
        }
        CompareScalar.assertClose("entropy" + args, entropy, actualEntropy, TOLERANCE, List.of(
                new Mistake<>(NATS, () -> entropy == 0 ? null : entropy * Math.log(2)),
                new Mistake<>(LOG10, () -> entropy == 0 ? null : entropy * Math.log10(2)),
                new Mistake<>(INT_DIV, () -> pure ? null : 0.0)));
    }

    private static void checkDecrease(int[] left, int[] right, int k, Criterion criterion) {
        int[] cl = TreeOracle.counts(left, k);
        int[] cr = TreeOracle.counts(right, k);
        double expected = TreeOracle.decrease(cl, cr, criterion, true);
        double actual = Guarded.call(in -> DecisionTree.impurityDecrease(in.copy("left", left), in.copy("right", right), k,
                criterion));
        double parent = TreeOracle.impurity(sum(cl, cr), criterion);
        double il = TreeOracle.impurity(cl, criterion);
        double ir = TreeOracle.impurity(cr, criterion);
        boolean equalSizes = left.length == right.length;
        CompareScalar.assertClose("impurityDecrease(" + show(left) + ", " + show(right) + ", " + k + ", " + criterion + ")",
                expected, actual, TOLERANCE, List.of(
                        new Mistake<>(UNWEIGHTED, () -> equalSizes ? null : parent - (il + ir) / 2),
                        new Mistake<>(UNNORMALISED, () -> il + ir == 0 ? null : parent - il - ir),
                        new Mistake<>(CHILDREN_ONLY, () -> parent == 0 ? null : parent - expected),
                        new Mistake<>(SIGN, () -> expected == 0 ? null : -expected),
                        new Mistake<>(NATS, () -> criterion == Criterion.GINI || expected == 0 ? null
                                : expected * Math.log(2))));
    }

    private static void checkSplit(double[][] x, int[] labels, int k, Criterion criterion) {
        Split actual = Guarded.call(in -> DecisionTree.bestSplit(in.copy("x", x), in.copy("labels", labels), k, criterion));
        Candidate expected = TreeOracle.bestSplit(x, labels, k, criterion, Variant.RIGHT);
        String what = "bestSplit(" + show(x) + ", " + show(labels) + ", " + k + ", " + criterion + ")";
        if (expected == null) {
            if (actual != null) {
                throw new AssertionFailedError(Mistake.PREFIX + ZERO_SPLIT + "\n" + what + ": expected null (no split "
                        + "decreases the impurity), got " + show(actual));
            }
            return;
        }
        if (actual == null) {
            throw new AssertionFailedError(what + ": expected " + show(expected) + ", got null (that split decreases the "
                    + "impurity by " + fmt(expected.decrease()) + ")");
        }
        boolean sameSplit = actual.feature() == expected.feature() && TOLERANCE.accepts(expected.threshold(), actual.threshold());
        if (!sameSplit) {
            String diagnosis = splitMistake(actual, expected, x, labels, k, criterion);
            double achieved = Double.NaN;
            for (Candidate c : TreeOracle.candidates(x, labels, k, criterion, true)) {
                if (c.feature() == actual.feature() && TOLERANCE.accepts(c.threshold(), actual.threshold())) {
                    achieved = c.decrease();
                }
            }
            throw new AssertionFailedError(diagnosis + what + ": expected " + show(expected) + ", got " + show(actual)
                    + (Double.isNaN(achieved) ? " (not a midpoint between two consecutive distinct values of that feature)"
                    : " (which decreases the impurity by " + fmt(achieved) + ")"));
        }
        CompareScalar.assertClose(what + ".decrease()", expected.decrease(), actual.decrease(), TOLERANCE, List.of(
                Mistake.giving(UNWEIGHTED, TreeOracle.impurity(TreeOracle.counts(labels, k), criterion)
                        - unweightedChildren(x, labels, k, criterion, expected)),
                new Mistake<>(NATS, () -> criterion == Criterion.GINI ? null : expected.decrease() * Math.log(2))));
    }

    private static String splitMistake(Split actual, Candidate expected, double[][] x, int[] labels, int k,
            Criterion criterion) {
        if (actual.feature() == expected.feature()
                && (actual.threshold() == expected.below() || actual.threshold() == expected.above())) {
            return Mistake.PREFIX + AT_VALUE + "\n";
        }
        for (Variant variant : new Variant[] {Variant.UNWEIGHTED, Variant.LAST_TIE}) {
            Candidate wrong = TreeOracle.bestSplit(x, labels, k, criterion, variant);
            if (wrong != null && wrong.feature() == actual.feature() && TOLERANCE.accepts(wrong.threshold(), actual.threshold())) {
                return Mistake.PREFIX + (variant == Variant.UNWEIGHTED ? UNWEIGHTED : LAST_TIE) + "\n";
            }
        }
        return "";
    }

    private static double unweightedChildren(double[][] x, int[] labels, int k, Criterion criterion, Candidate split) {
        int[] left = new int[k];
        int[] right = new int[k];
        for (int i = 0; i < labels.length; i++) {
            (x[i][split.feature()] <= split.threshold() ? left : right)[labels[i]]++;
        }
        return (TreeOracle.impurity(left, criterion) + TreeOracle.impurity(right, criterion)) / 2;
    }

    private static void checkPredict(Node tree, Tree same, double[][] x) {
        int[] actual = Guarded.call(in -> DecisionTree.predict(tree, in.copy("x", x)));
        int[] expected = TreeOracle.predict(same, x, false);
        if (!Arrays.equals(expected, actual)) {
            String diagnosis = Arrays.equals(TreeOracle.predict(same, x, true), actual) ? Mistake.PREFIX + STRICT + "\n" : "";
            throw new AssertionFailedError(diagnosis + "predict(" + show(same).replace("\n", " ") + ", " + show(x)
                    + "): expected " + Arrays.toString(expected) + ", got " + Arrays.toString(actual));
        }
    }

    private static void checkFit(double[][] x, int[] labels, int k, int maxDepth, int minSamplesSplit, Criterion c) {
        Node actual = Guarded.call(in -> DecisionTree.fit(in.copy("x", x), in.copy("labels", labels), k, maxDepth,
                minSamplesSplit, c));
        String what = "fit(" + show(x) + ", " + show(labels) + ", " + k + ", maxDepth " + maxDepth + ", minSamplesSplit "
                + minSamplesSplit + ", " + c + ")";
        Tree learner = toTree(what, actual);
        Tree expected = TreeOracle.fit(x, labels, k, maxDepth, minSamplesSplit, c, Variant.RIGHT);
        String diff = difference("root", expected, learner, true);
        if (diff != null) {
            throw new AssertionFailedError(treeMistake(learner, x, labels, k, maxDepth, minSamplesSplit, c) + what
                    + " grew a different tree: " + diff + "\nexpected:\n" + show(expected) + "got:\n" + show(learner));
        }
    }

    /** The diagnosis of the first tree-growing mistake whose tree equals the learner's, or "". */
    private static String treeMistake(Tree learner, double[][] x, int[] labels, int k, int maxDepth, int minSamplesSplit,
            Criterion c) {
        Variant[] variants = {Variant.MAJORITY_LARGEST, Variant.DEPTH_PLUS_ONE, Variant.DEPTH_MINUS_ONE,
            Variant.MIN_SPLIT_STRICT, Variant.UNWEIGHTED, Variant.LAST_TIE, Variant.ZERO_DECREASE};
        String[] diagnoses = {MAJORITY_LARGEST, DEPTH_PLUS, DEPTH_MINUS, MIN_SPLIT, UNWEIGHTED, LAST_TIE, ZERO_SPLIT};
        Tree right = TreeOracle.fit(x, labels, k, maxDepth, minSamplesSplit, c, Variant.RIGHT);
        for (int i = 0; i < variants.length; i++) {
            Tree wrong = TreeOracle.fit(x, labels, k, maxDepth, minSamplesSplit, c, variants[i]);
            if (difference("root", right, wrong, true) != null && difference("root", wrong, learner, true) == null) {
                return Mistake.PREFIX + diagnoses[i] + "\n";
            }
        }
        return "";
    }

    // ---- trees -----------------------------------------------------------------------------------

    /** The learner's tree in the oracle's type, refusing a node that is half leaf, half split. */
    private static Tree toTree(String what, Node node) {
        if (node == null) {
            throw new AssertionFailedError(what + " returned null (or a null child): every node is a leaf or a split "
                    + "with two children");
        }
        if (node.left() == null && node.right() == null) {
            return new Tree(-1, Double.NaN, null, null, node.label());
        }
        if (node.left() == null || node.right() == null || node.feature() < 0) {
            throw new AssertionFailedError(what + ": a node with feature " + node.feature() + " and only one child (or a "
                    + "negative feature): a split has a feature and two children, a leaf has feature -1 and none");
        }
        return new Tree(node.feature(), node.threshold(), toTree(what, node.left()), toTree(what, node.right()), node.label());
    }

    private static Tree fromTribuo(org.tribuo.common.tree.Node<Label> node) {
        if (node.isLeaf()) {
            int label = Integer.parseInt(((LeafNode<Label>) node).getOutput().getLabel().substring(1));
            return new Tree(-1, Double.NaN, null, null, label);
        }
        SplitNode<Label> split = (SplitNode<Label>) node;
        // Tribuo's internal nodes keep no label: the comparison with it skips them.
        return new Tree(split.getFeatureID(), split.splitValue(), fromTribuo(split.getLessThanOrEqual()),
                fromTribuo(split.getGreaterThan()), -1);
    }

    /** Where two trees first differ, in words, or null when they are the same. */
    private static String difference(String path, Tree expected, Tree actual, boolean internalLabels) {
        if (expected.isLeaf() != actual.isLeaf()) {
            return "at " + path + " expected " + describe(expected) + ", got " + describe(actual);
        }
        if (expected.isLeaf() || internalLabels) {
            if (expected.label() != actual.label()) {
                return "at " + path + " expected the majority label " + expected.label() + ", got " + actual.label();
            }
        }
        if (expected.isLeaf()) {
            return null;
        }
        if (expected.feature() != actual.feature() || !TOLERANCE.accepts(expected.threshold(), actual.threshold())) {
            return "at " + path + " expected " + describe(expected) + ", got " + describe(actual);
        }
        String left = difference(path + ".left", expected.left(), actual.left(), internalLabels);
        return left != null ? left : difference(path + ".right", expected.right(), actual.right(), internalLabels);
    }

    private static String describe(Tree node) {
        return node.isLeaf() ? "a leaf predicting " + node.label()
                : "a split x[" + node.feature() + "] <= " + fmt(node.threshold());
    }

    private static String show(Tree tree) {
        StringBuilder s = new StringBuilder();
        show(tree, "  ", s);
        return s.toString();
    }

    private static void show(Tree node, String indent, StringBuilder s) {
        s.append(indent).append(describe(node)).append('\n');
        if (!node.isLeaf()) {
            show(node.left(), indent + "  ", s);
            show(node.right(), indent + "  ", s);
        }
    }

    private static Tree leaf(int label) {
        return new Tree(-1, Double.NaN, null, null, label);
    }

    private static MutableDataset<Label> tribuoData(Iris iris) {
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance("iris", factory), factory);
        // Tribuo numbers features by their sorted names: f0..f3 keep the columns' order.
        String[] names = {"f0", "f1", "f2", "f3"};
        for (int i = 0; i < iris.labels().length; i++) {
            data.add(new ArrayExample<>(new Label("c" + iris.labels()[i]), names, iris.features()[i]));
        }
        return data;
    }

    // ---- inputs and words ------------------------------------------------------------------------

    private static int[] randomLabels(Random random, int n, int k) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextInt(k);
        }
        return y;
    }

    /** Values on a grid of {@code levels} steps of 0.5, so that duplicates and tied splits are common. */
    private static double[][] grid(Random random, int n, int d, int levels) {
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = 0.5 * random.nextInt(levels) - 1;
            }
        }
        return x;
    }

    private static int[] sum(int[] a, int[] b) {
        int[] s = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            s[i] = a[i] + b[i];
        }
        return s;
    }

    private static void rejected(String what, Runnable call) {
        Rejection.expectRejected(what, "check the node first: at least one sample, labels in 0 .. numClasses-1, rows of "
                + "one finite length matching the labels, maxDepth >= 0, minSamplesSplit >= 2, a tree", call);
    }

    private static String show(Split s) {
        return String.format(Locale.ROOT, "Split(feature %d, threshold %s, decrease %s)", s.feature(), fmt(s.threshold()),
                fmt(s.decrease()));
    }

    private static String show(Candidate s) {
        return String.format(Locale.ROOT, "Split(feature %d, threshold %s, decrease %s)", s.feature(), fmt(s.threshold()),
                fmt(s.decrease()));
    }

    private static String show(int[] y) {
        return y.length > 16 ? "(" + y.length + " labels)" : Arrays.toString(y).replace('[', '{').replace(']', '}');
    }

    private static String show(double[][] x) {
        if (x.length > 6) {
            return "(" + x.length + " x " + (x.length == 0 ? 0 : x[0].length) + " samples)";
        }
        List<String> rows = new ArrayList<>();
        for (double[] row : x) {
            List<String> cells = new ArrayList<>();
            for (double v : row) {
                cells.add(fmt(v));
            }
            rows.add("{" + String.join(", ", cells) + "}");
        }
        return "{" + String.join(", ", rows) + "}";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.10g", v).replaceAll("\\.?0+(e|$)", "$1");
    }
}
