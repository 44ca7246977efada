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
        // TODO: count each class, then 1 - sum of the squared shares; reject an empty node and bad labels.
        throw new UnsupportedOperationException("Not implemented yet: DecisionTree.gini");
    }

    /**
     * The entropy of a node's labels in bits, - sum_k p_k log2 p_k, with 0 log 0 = 0.
     *
     * @param labels     class indices 0 .. numClasses-1, at least one; not modified
     * @param numClasses K, at least 1
     */
    public static double entropy(int[] labels, int numClasses) {
        // TODO: count each class, then - sum p log2 p over the classes that occur (0 log 0 = 0).
        throw new UnsupportedOperationException("Not implemented yet: DecisionTree.entropy");
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
        // TODO: the parent is left and right together; weight each child by its share of the samples.
        throw new UnsupportedOperationException("Not implemented yet: DecisionTree.impurityDecrease");
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
        // TODO: per feature, sort the samples by it and sweep the midpoints between distinct values,
        //       keeping the largest decrease (replace the best only when larger by more than 1e-12).
        throw new UnsupportedOperationException("Not implemented yet: DecisionTree.bestSplit");
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
        // TODO: validate, then grow recursively from depth 0: a leaf at maxDepth, below
        //       minSamplesSplit, when pure, or when bestSplit finds nothing; else split and recurse.
        throw new UnsupportedOperationException("Not implemented yet: DecisionTree.fit");
    }

    /**
     * The tree's predicted class for each row of {@code x}: from the root, go left while
     * {@code x[feature] <= threshold}, right otherwise, and return the leaf's label.
     *
     * @param tree a fitted tree (not null)
     * @param x    the samples, double[M][D] with D the training data's width (M may be 0); not modified
     */
    public static int[] predict(Node tree, double[][] x) {
        // TODO: walk each row from the root: left when x[feature] <= threshold, until a leaf.
        throw new UnsupportedOperationException("Not implemented yet: DecisionTree.predict");
    }
}
