package deepdrill.week2;

/**
 * Gini impurity and entropy of a node, the best axis-aligned split of a node, and a depth-limited
 * CART classification tree grown from those splits.
 *
 * <h2>The idea</h2>
 * A classification tree asks one yes/no question per node, "is feature j at most t?", and sends
 * each sample left or right until it reaches a leaf, which predicts the majority class of the
 * training samples that landed there. CART (Breiman et al., 1984) grows the tree greedily: at each
 * node it tries every feature and every threshold between two neighbouring values, keeps the split
 * that lowers the impurity the most, and recurses on the two halves until a stopping rule fires.
 * Impurity measures how mixed the labels are: 0 for a pure node, largest when every class is
 * equally common. Trees are the building block of random forests and gradient boosting.
 *
 * <h2>Formula</h2>
 * <pre>
 *   p_k = n_k / n                                  the share of class k in the node
 *   Gini(S)    = 1 - sum_k p_k^2                    (K classes: at most 1 - 1/K)
 *   entropy(S) = - sum_k p_k log2 p_k               in bits, 0 log 0 = 0 (at most log2 K)
 *
 *   a split of S into L (x_j &lt;= t) and R (x_j &gt; t):
 *   decrease = I(S) - (|L| / |S|) I(L) - (|R| / |S|) I(R)     (each child weighted by its size)
 *
 *   candidate thresholds of feature j: the midpoints (a + b) / 2 of consecutive distinct values
 *   a &lt; b of x_j in the node, in increasing order
 * </pre>
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   N  samples in the node     D  features     K  classes (numClasses)
 *
 *   x       double[N][D]   the features, finite; rows of equal length D &gt;= 1
 *   labels  int[N]         class indices 0 .. K-1
 *   Split   (feature, threshold, decrease): go left when x[feature] &lt;= threshold
 *   Node    a leaf (feature -1, threshold NaN, no children) or a split with two children;
 *           every node also stores the majority label of its training samples
 * </pre>
 *
 * <h2>The convention</h2>
 * This exercise follows scikit-learn's {@code DecisionTreeClassifier} and Tribuo's
 * {@code CARTClassificationTrainer} (the check compares whole trees with Tribuo on Iris):
 * <ul>
 *   <li>Thresholds are midpoints between consecutive distinct values, computed as
 *       {@code (a + b) / 2}, and a sample goes left when {@code x[feature] <= threshold}. A feature
 *       with one distinct value in the node offers no threshold.</li>
 *   <li>Entropy is in bits (log base 2), as in scikit-learn and Tribuo. The base does not change
 *       which split wins, but it does change every value.</li>
 *   <li>Best split: the largest decrease. Ties go to the lowest feature index, then the lowest
 *       threshold; two decreases that differ by at most {@code 1e-12} count as tied (so rounding
 *       noise never decides). Scanning features and thresholds in increasing order and replacing
 *       the best only when a decrease is larger by more than {@code 1e-12} does exactly this.
 *       A split must decrease the impurity by more than {@code 1e-12}; when none does (a pure node,
 *       every feature constant, or no single split helps) there is no split: {@code null}.</li>
 *   <li>Growing: the root is at depth 0. A node becomes a leaf when its depth equals
 *       {@code maxDepth}, when it has fewer than {@code minSamplesSplit} samples, when it is pure,
 *       or when {@link #bestSplit} finds no split; otherwise it splits and both children grow
 *       from depth + 1. {@code maxDepth = 0} is a single leaf.</li>
 *   <li>The majority label: the class with the most samples in the node; a tie goes to the
 *       smallest class index.</li>
 * </ul>
 * Bad input throws an {@link IllegalArgumentException}: an empty node (no labels, no rows, an
 * empty child of a split), {@code numClasses < 1}, a label outside {@code 0 .. numClasses-1},
 * rows of different lengths or no features, a number of rows other than the number of labels,
 * a NaN or infinite feature, {@code maxDepth < 0}, {@code minSamplesSplit < 2}, and a null tree or
 * a row of the wrong length in {@link #predict}. Inputs are not modified.
 *
 * <h2>What interviewers ask</h2>
 * <ul>
 *   <li>Gini or entropy? (They pick the same split most of the time; Gini needs no logarithm, so
 *       it is faster and scikit-learn's default.)</li>
 *   <li>Why weight the children by their sizes? (Otherwise a split that peels off one pure sample
 *       looks excellent: its tiny child has impurity 0 and counts as much as the big one.)</li>
 *   <li>Why thresholds at midpoints? (Every threshold between two neighbouring values gives the
 *       same training partition; the midpoint is the maximum-margin choice for unseen values.)</li>
 *   <li>How expensive is finding the best split? (Sort each feature once, O(D N log N), then sweep
 *       the thresholds updating class counts, O(D N K), instead of recounting for every
 *       threshold.)</li>
 *   <li>How do you stop a tree from overfitting? (Limit depth, require a minimum number of samples
 *       per split or leaf, require a minimum decrease, or grow fully and prune by cost-complexity;
 *       or average many trees: a random forest.)</li>
 *   <li>Why can a greedy tree not learn XOR from its root? (No single axis-aligned split lowers
 *       the impurity, so the greedy search sees no gain, although two levels would separate it.)</li>
 * </ul>
 *
 * @see <a href="https://scikit-learn.org/stable/modules/tree.html#mathematical-formulation">scikit-learn,
 *      Decision trees: mathematical formulation</a>, and Breiman, Friedman, Olshen and Stone,
 *      <i>Classification and Regression Trees</i> (1984)
 */
public final class DecisionTree {

    private DecisionTree() {
    }

    /** The impurity measure a split minimises. */
    public enum Criterion {
        /** 1 - sum p_k^2. */
        GINI,
        /** - sum p_k log2 p_k, in bits. */
        ENTROPY
    }

    /**
     * A split of a node: samples with {@code x[feature] <= threshold} go left.
     *
     * @param feature   the feature's column index
     * @param threshold the midpoint between two consecutive distinct values of that feature
     * @param decrease  the weighted impurity decrease the split achieves (greater than 0)
     */
    public record Split(int feature, double threshold, double decrease) {
    }

    /**
     * A node of a fitted tree. A leaf has {@code feature == -1}, {@code threshold} NaN and null
     * children; a split node has both children. {@code label} is the majority class of the node's
     * training samples (ties to the smallest index), which a leaf predicts.
     *
     * @param feature   the split's feature, or -1 for a leaf
     * @param threshold the split's threshold (go left when {@code x[feature] <= threshold}), or NaN
     * @param left      the subtree for {@code x[feature] <= threshold}, or null for a leaf
     * @param right     the subtree for {@code x[feature] > threshold}, or null for a leaf
     * @param label     the majority label of the node's training samples
     */
    public record Node(int feature, double threshold, Node left, Node right, int label) {

        /** A leaf that predicts {@code label}. */
        public static Node leaf(int label) {
            return new Node(-1, Double.NaN, null, null, label);
        }

        /** Whether this node is a leaf (it has no children). */
        public boolean isLeaf() {
            return left == null;
        }
    }

    /**
     * The Gini impurity of a node's labels, 1 - sum_k p_k^2.
     *
     * @param labels     class indices 0 .. numClasses-1, at least one; not modified
     * @param numClasses K, at least 1
     */
    public static double gini(int[] labels, int numClasses) {
        int[] counts = counts(labels, numClasses);
        double n = labels.length;
        double sumSquares = 0;
        for (int c : counts) {
            sumSquares += (c / n) * (c / n);
        }
        return 1 - sumSquares;
    }

    /**
     * The entropy of a node's labels in bits, - sum_k p_k log2 p_k, with 0 log 0 = 0.
     *
     * @param labels     class indices 0 .. numClasses-1, at least one; not modified
     * @param numClasses K, at least 1
     */
    public static double entropy(int[] labels, int numClasses) {
        int[] counts = counts(labels, numClasses);
        double n = labels.length;
        double h = 0;
        for (int c : counts) {
            if (c > 0) {
                double p = c / n;
                h -= p * Math.log(p) / Math.log(2);
            }
        }
        return h;
    }

    /**
     * The weighted impurity decrease of splitting a node into {@code left} and {@code right}: the
     * parent (all of both) minus each child's impurity weighted by its share of the samples.
     *
     * @param left       the labels that go left, at least one; not modified
     * @param right      the labels that go right, at least one; not modified
     * @param numClasses K, at least 1
     * @param criterion  Gini or entropy
     */
    public static double impurityDecrease(int[] left, int[] right, int numClasses, Criterion criterion) {
        if (left.length == 0 || right.length == 0) {
            throw new IllegalArgumentException("both children of a split need at least one sample");
        }
        int[] parent = new int[left.length + right.length];
        System.arraycopy(left, 0, parent, 0, left.length);
        System.arraycopy(right, 0, parent, left.length, right.length);
        double n = parent.length;
        return impurity(parent, numClasses, criterion) - left.length / n * impurity(left, numClasses, criterion)
                - right.length / n * impurity(right, numClasses, criterion);
    }

    /**
     * The best split of a node over every feature and every midpoint threshold, with the tie rule
     * of the class Javadoc, or null when no split decreases the impurity by more than 1e-12.
     *
     * @param x          the node's samples, double[N][D], finite; not modified
     * @param labels     their classes; not modified
     * @param numClasses K, at least 1
     * @param criterion  Gini or entropy
     */
    public static Split bestSplit(double[][] x, int[] labels, int numClasses, Criterion criterion) {
        validate(x, labels, numClasses);
        int n = labels.length;
        double parent = impurity(labels, numClasses, criterion);
        Split best = null;
        for (int j = 0; j < x[0].length; j++) {
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            final int feature = j;
            java.util.Arrays.sort(order, (a, b) -> Double.compare(x[a][feature], x[b][feature]));
            // Sweep the sorted values, moving one sample at a time from the right child to the left.
            int[] leftCounts = new int[numClasses];
            int[] rightCounts = counts(labels, numClasses);
            for (int k = 0; k < n - 1; k++) {
                int label = labels[order[k]];
                leftCounts[label]++;
                rightCounts[label]--;
                double a = x[order[k]][j];
                double b = x[order[k + 1]][j];
                if (a == b) {
                    continue;
                }
                double nLeft = k + 1;
                double decrease = parent - nLeft / n * impurity(leftCounts, criterion)
                        - (n - nLeft) / n * impurity(rightCounts, criterion);
                if (decrease > (best == null ? 1e-12 : best.decrease() + 1e-12)) {
                    best = new Split(j, (a + b) / 2, decrease);
                }
            }
        }
        return best;
    }

    /**
     * Grows a CART tree on {@code x} and {@code labels} with the stopping rules of the class
     * Javadoc.
     *
     * @param x               the training samples, double[N][D], finite; not modified
     * @param labels          their classes; not modified
     * @param numClasses      K, at least 1
     * @param maxDepth        the largest depth of a node (the root is at depth 0), at least 0
     * @param minSamplesSplit the fewest samples a node needs to be split, at least 2
     * @param criterion       Gini or entropy
     * @return the root of the tree
     */
    public static Node fit(double[][] x, int[] labels, int numClasses, int maxDepth, int minSamplesSplit,
            Criterion criterion) {
        validate(x, labels, numClasses);
        if (maxDepth < 0) {
            throw new IllegalArgumentException("maxDepth must be at least 0, got " + maxDepth);
        }
        if (minSamplesSplit < 2) {
            throw new IllegalArgumentException("minSamplesSplit must be at least 2, got " + minSamplesSplit);
        }
        return grow(x, labels, numClasses, 0, maxDepth, minSamplesSplit, criterion);
    }

    /**
     * The tree's predicted class for each row of {@code x}: from the root, go left while
     * {@code x[feature] <= threshold}, right otherwise, and return the leaf's label.
     *
     * @param tree a fitted tree (not null)
     * @param x    the samples, double[M][D] with D the training data's width (M may be 0); not modified
     */
    public static int[] predict(Node tree, double[][] x) {
        if (tree == null) {
            throw new IllegalArgumentException("the tree is null");
        }
        int[] out = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            Node node = tree;
            while (!node.isLeaf()) {
                if (node.feature() >= x[i].length) {
                    throw new IllegalArgumentException("row " + i + " has " + x[i].length
                            + " features, the tree splits on feature " + node.feature());
                }
                node = x[i][node.feature()] <= node.threshold() ? node.left() : node.right();
            }
            out[i] = node.label();
        }
        return out;
    }

    private static Node grow(double[][] x, int[] labels, int numClasses, int depth, int maxDepth, int minSamplesSplit,
            Criterion criterion) {
        int label = majority(counts(labels, numClasses));
        if (depth == maxDepth || labels.length < minSamplesSplit || gini(labels, numClasses) == 0) {
            return Node.leaf(label);
        }
        Split split = bestSplit(x, labels, numClasses, criterion);
        if (split == null) {
            return Node.leaf(label);
        }
        int nLeft = 0;
        for (double[] row : x) {
            nLeft += row[split.feature()] <= split.threshold() ? 1 : 0;
        }
        double[][] xl = new double[nLeft][];
        double[][] xr = new double[labels.length - nLeft][];
        int[] yl = new int[nLeft];
        int[] yr = new int[labels.length - nLeft];
        int l = 0;
        int r = 0;
        for (int i = 0; i < labels.length; i++) {
            if (x[i][split.feature()] <= split.threshold()) {
                xl[l] = x[i];
                yl[l++] = labels[i];
            } else {
                xr[r] = x[i];
                yr[r++] = labels[i];
            }
        }
        return new Node(split.feature(), split.threshold(),
                grow(xl, yl, numClasses, depth + 1, maxDepth, minSamplesSplit, criterion),
                grow(xr, yr, numClasses, depth + 1, maxDepth, minSamplesSplit, criterion), label);
    }

    private static int majority(int[] counts) {
        int best = 0;
        for (int k = 1; k < counts.length; k++) {
            if (counts[k] > counts[best]) {
                best = k;
            }
        }
        return best;
    }

    private static double impurity(int[] labels, int numClasses, Criterion criterion) {
        return criterion == Criterion.GINI ? gini(labels, numClasses) : entropy(labels, numClasses);
    }

    // The impurity from class counts: the same formulas as gini and entropy.
    private static double impurity(int[] counts, Criterion criterion) {
        double n = 0;
        for (int c : counts) {
            n += c;
        }
        double value = criterion == Criterion.GINI ? 1 : 0;
        for (int c : counts) {
            double p = c / n;
            if (criterion == Criterion.GINI) {
                value -= p * p;
            } else if (c > 0) {
                value -= p * Math.log(p) / Math.log(2);
            }
        }
        return value;
    }

    private static int[] counts(int[] labels, int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be at least 1, got " + numClasses);
        }
        if (labels.length == 0) {
            throw new IllegalArgumentException("an empty node has no impurity: labels is empty");
        }
        int[] counts = new int[numClasses];
        for (int label : labels) {
            if (label < 0 || label >= numClasses) {
                throw new IllegalArgumentException("label " + label + " is outside 0 .. " + (numClasses - 1));
            }
            counts[label]++;
        }
        return counts;
    }

    private static void validate(double[][] x, int[] labels, int numClasses) {
        counts(labels, numClasses);
        if (x.length != labels.length) {
            throw new IllegalArgumentException(x.length + " rows but " + labels.length + " labels");
        }
        int d = x[0].length;
        if (d == 0) {
            throw new IllegalArgumentException("the samples have no features");
        }
        for (double[] row : x) {
            if (row.length != d) {
                throw new IllegalArgumentException("rows of different lengths: " + d + " and " + row.length);
            }
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("features must be finite, got " + v);
                }
            }
        }
    }
}
