package deepdrill.grader.checks.week2;

import deepdrill.week2.DecisionTree.Criterion;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * The decision-tree check's oracle, written again from the definitions and independent of the
 * model solution: impurities from class counts (Gini as an exact fraction, entropy as
 * log2(n) - (1/n) sum n_k log2 n_k, a different arrangement of the same sum), the best split by
 * brute force (every feature, every midpoint, each partition recounted from scratch), and a tree
 * grown from those splits. Each can be built with one learner's mistake in it, so that the check
 * can name the mistake whose answer the learner's equals.
 */
final class TreeOracle {

    private TreeOracle() {
    }

    /** Which mistake, if any, the oracle builds in. */
    enum Variant {
        RIGHT,
        /** Children's impurities averaged, not weighted by their sizes. */
        UNWEIGHTED,
        /** Among tied splits, the last (highest feature, then highest threshold). */
        LAST_TIE,
        /** A node is split by its best candidate even when that decreases nothing. */
        ZERO_DECREASE,
        /** Leaves break majority ties towards the largest class index. */
        MAJORITY_LARGEST,
        /** The depth limit is off by one upwards (the root counted as depth 1, or depth > maxDepth). */
        DEPTH_PLUS_ONE,
        /** The depth limit is off by one downwards. */
        DEPTH_MINUS_ONE,
        /** A node needs more than minSamplesSplit samples to split (<= in the stopping rule). */
        MIN_SPLIT_STRICT
    }

    /** A split found by brute force; the threshold's neighbouring data values come with it. */
    record Candidate(int feature, double threshold, double decrease, double below, double above) {
    }

    /** A fitted tree, in the oracle's own type: a leaf when {@code left} is null. */
    record Tree(int feature, double threshold, Tree left, Tree right, int label) {
        boolean isLeaf() {
            return left == null;
        }
    }

    static int[] counts(int[] labels, int numClasses) {
        int[] counts = new int[numClasses];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /** Gini = 1 - sum n_k^2 / n^2, exactly. */
    static BigFraction giniExact(int[] counts) {
        long n = 0;
        long squares = 0;
        for (int c : counts) {
            n += c;
            squares += (long) c * c;
        }
        return BigFraction.ONE.subtract(BigFraction.of(BigInteger.valueOf(squares), BigInteger.valueOf(n * n)));
    }

    /** Entropy in bits as log2(n) - (1/n) sum n_k log2 n_k. */
    static double entropyBits(int[] counts) {
        double n = 0;
        double sum = 0;
        for (int c : counts) {
            n += c;
            sum += c == 0 ? 0 : c * Math.log(c);
        }
        return (Math.log(n) - sum / n) / Math.log(2);
    }

    static double impurity(int[] counts, Criterion criterion) {
        return criterion == Criterion.GINI ? giniExact(counts).doubleValue() : entropyBits(counts);
    }

    /** The decrease of splitting into these two count vectors, exactly for Gini. */
    static double decrease(int[] left, int[] right, Criterion criterion, boolean weighted) {
        int[] parent = new int[left.length];
        long nl = 0;
        long nr = 0;
        for (int k = 0; k < left.length; k++) {
            parent[k] = left[k] + right[k];
            nl += left[k];
            nr += right[k];
        }
        long n = nl + nr;
        if (criterion == Criterion.GINI) {
            BigFraction wl = weighted ? BigFraction.of(BigInteger.valueOf(nl), BigInteger.valueOf(n)) : BigFraction.of(1, 2);
            BigFraction wr = weighted ? BigFraction.of(BigInteger.valueOf(nr), BigInteger.valueOf(n)) : BigFraction.of(1, 2);
            return giniExact(parent).subtract(wl.multiply(giniExact(left))).subtract(wr.multiply(giniExact(right)))
                    .doubleValue();
        }
        double wl = weighted ? (double) nl / n : 0.5;
        double wr = weighted ? (double) nr / n : 0.5;
        return entropyBits(parent) - wl * entropyBits(left) - wr * entropyBits(right);
    }

    /** Every candidate split of a node, in (feature, threshold) order, each recounted from scratch. */
    static List<Candidate> candidates(double[][] x, int[] labels, int numClasses, Criterion criterion, boolean weighted) {
        List<Candidate> all = new ArrayList<>();
        for (int j = 0; j < x[0].length; j++) {
            TreeSet<Double> values = new TreeSet<>();
            for (double[] row : x) {
                values.add(row[j]);
            }
            Double previous = null;
            for (double v : values) {
                if (previous != null) {
                    double t = (previous + v) / 2;
                    int[] left = new int[numClasses];
                    int[] right = new int[numClasses];
                    for (int i = 0; i < labels.length; i++) {
                        (x[i][j] <= t ? left : right)[labels[i]]++;
                    }
                    all.add(new Candidate(j, t, decrease(left, right, criterion, weighted), previous, v));
                }
                previous = v;
            }
        }
        return all;
    }

    /** The best split under {@code variant}'s rules, or null when none decreases the impurity. */
    static Candidate bestSplit(double[][] x, int[] labels, int numClasses, Criterion criterion, Variant variant) {
        List<Candidate> all = candidates(x, labels, numClasses, criterion, variant != Variant.UNWEIGHTED);
        if (all.isEmpty()) {
            return null;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (Candidate c : all) {
            max = Math.max(max, c.decrease());
        }
        if (max <= 1e-12 && variant != Variant.ZERO_DECREASE) {
            return null;
        }
        Candidate chosen = null;
        for (Candidate c : all) {
            if (c.decrease() >= max - 1e-12 && (chosen == null || variant == Variant.LAST_TIE)) {
                chosen = c;
            }
        }
        return chosen;
    }

    /** The tree grown by the rules of the exercise (or with {@code variant}'s mistake in them). */
    static Tree fit(double[][] x, int[] labels, int numClasses, int maxDepth, int minSamplesSplit, Criterion criterion,
            Variant variant) {
        int limit = maxDepth + (variant == Variant.DEPTH_PLUS_ONE ? 1 : variant == Variant.DEPTH_MINUS_ONE ? -1 : 0);
        return grow(x, labels, numClasses, 0, Math.max(limit, 0), minSamplesSplit, criterion, variant);
    }

    private static Tree grow(double[][] x, int[] labels, int numClasses, int depth, int maxDepth, int minSamplesSplit,
            Criterion criterion, Variant variant) {
        int[] counts = counts(labels, numClasses);
        int label = majority(counts, variant == Variant.MAJORITY_LARGEST);
        boolean tooFew = variant == Variant.MIN_SPLIT_STRICT ? labels.length <= minSamplesSplit
                : labels.length < minSamplesSplit;
        boolean pure = counts[label] == labels.length;
        if (depth >= maxDepth || tooFew || (pure && variant != Variant.ZERO_DECREASE)) {
            return new Tree(-1, Double.NaN, null, null, label);
        }
        Candidate split = bestSplit(x, labels, numClasses, criterion, variant);
        if (split == null) {
            return new Tree(-1, Double.NaN, null, null, label);
        }
        List<Integer> l = new ArrayList<>();
        List<Integer> r = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            (x[i][split.feature()] <= split.threshold() ? l : r).add(i);
        }
        return new Tree(split.feature(), split.threshold(),
                grow(rows(x, l), labels(labels, l), numClasses, depth + 1, maxDepth, minSamplesSplit, criterion, variant),
                grow(rows(x, r), labels(labels, r), numClasses, depth + 1, maxDepth, minSamplesSplit, criterion, variant),
                label);
    }

    static int majority(int[] counts, boolean largestOnTie) {
        int best = largestOnTie ? counts.length - 1 : 0;
        for (int k = 0; k < counts.length; k++) {
            if (counts[k] > counts[best] || (largestOnTie && counts[k] == counts[best])) {
                best = k;
            }
        }
        return best;
    }

    /** The label each row reaches, going left when {@code x <= threshold} (or {@code <} when strict). */
    static int[] predict(Tree tree, double[][] x, boolean strict) {
        int[] out = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            Tree node = tree;
            while (!node.isLeaf()) {
                double v = x[i][node.feature()];
                node = (strict ? v < node.threshold() : v <= node.threshold()) ? node.left() : node.right();
            }
            out[i] = node.label();
        }
        return out;
    }

    static int depth(Tree tree) {
        return tree.isLeaf() ? 0 : 1 + Math.max(depth(tree.left()), depth(tree.right()));
    }

    static int leaves(Tree tree) {
        return tree.isLeaf() ? 1 : leaves(tree.left()) + leaves(tree.right());
    }

    private static double[][] rows(double[][] x, List<Integer> which) {
        return which.stream().map(i -> x[i]).toArray(double[][]::new);
    }

    private static int[] labels(int[] labels, List<Integer> which) {
        return which.stream().mapToInt(i -> labels[i]).toArray();
    }
}
