package deepdrill.week2;

/**
 * Agglomerative (bottom-up) hierarchical clustering with single, complete and average linkage on
 * Euclidean distances: the merge tree as a SciPy-style linkage matrix, and the tree cut into k flat
 * clusters.
 *
 * <h2>The idea</h2>
 * Start with every point as its own cluster and merge, N - 1 times, the two clusters that are
 * closest; the record of merges is a tree (a dendrogram), and cutting it at any height gives a flat
 * clustering for every k at once, with no k chosen in advance and no random start. What "closest"
 * means for two sets of points is the linkage: single (the nearest pair: finds chains and
 * elongated shapes, but one bridge point can join two groups), complete (the farthest pair:
 * compact, similar-diameter clusters), average (UPGMA, the mean over all pairs: in between).
 * It is used for gene-expression heat maps, taxonomies, document hierarchies, and to pick k by eye
 * from the dendrogram's long vertical gaps.
 *
 * <h2>Formula</h2>
 * <pre>
 *   d(p, q)            = sqrt( sum_f (x_pf - x_qf)^2 )                  Euclidean, not squared
 *   single   D(A, B)   = min  over p in A, q in B of d(p, q)
 *   complete D(A, B)   = max  over p in A, q in B of d(p, q)
 *   average  D(A, B)   = (1 / (|A| |B|)) sum over p in A, q in B of d(p, q)     (UPGMA)
 *
 *   Lance-Williams, for A = I u J merged and any other cluster K (what makes it O(N^2) per merge):
 *   single   D(K, A) = min(D(K, I), D(K, J))
 *   complete D(K, A) = max(D(K, I), D(K, J))
 *   average  D(K, A) = (|I| D(K, I) + |J| D(K, J)) / (|I| + |J|)      weighted by size, not halved
 * </pre>
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   N  points      D  features      k  flat clusters
 *
 *   x        double[N][D]     the points, finite; not modified
 *   Z        double[N-1][4]   row i: {a, b, distance, size}: clusters a < b merged at that distance
 *                             into cluster N + i, which holds size points (0 rows for N = 1)
 *   labels   int[N]           the flat cluster of each point, 0 to k - 1
 * </pre>
 *
 * <h2>The convention</h2>
 * As SciPy's {@code scipy.cluster.hierarchy.linkage}: clusters 0..N-1 are the points, the cluster
 * made by row i is N + i (an id is never reused), each row holds the smaller id first, then the
 * merge distance (Euclidean, not squared) and the new cluster's size. Merge distances of these
 * three linkages never decrease from row to row.
 * <ul>
 *   <li><b>Ties</b>: let m be the smallest linkage distance among the current clusters; every pair
 *       whose distance is at most {@code m + 1e-10 * max(1, m)} counts as tied (so that rounding,
 *       of a distance or of an average, never decides), and the tied pair with the smallest
 *       (a, b), a compared first, is merged; its own distance goes in the row.</li>
 *   <li><b>Cut</b> ({@link #cut}): undo the last k - 1 merges, that is keep the clusters that
 *       exist after the first N - k rows. Labels are numbered in order of first appearance: point
 *       0's cluster is 0, the cluster of the lowest point not in it is 1, and so on.</li>
 * </ul>
 * Bad arguments throw {@link IllegalArgumentException}: no points, rows of different lengths or of
 * no features, a value that is NaN or infinite, a null linkage; for {@code cut}, k outside 1..N, or
 * a matrix whose rows are not of length 4 or name a cluster that does not exist yet or was merged
 * already. Both methods return new arrays and leave their inputs unchanged.
 *
 * <h2>What interviewers ask</h2>
 * <ul>
 *   <li>Cost? (O(N^2) memory for the distances; O(N^3) time naively, O(N^2 log N) with a priority
 *       queue, O(N^2) for single linkage through a minimum spanning tree: single linkage is
 *       Kruskal's algorithm.)</li>
 *   <li>Single vs complete? (Single chains: one close pair joins two groups; complete prefers
 *       compact clusters of similar diameter and is sensitive to outliers.)</li>
 *   <li>UPGMA vs WPGMA? (UPGMA averages over all point pairs, so the merged cluster's distance is
 *       weighted by the sizes; WPGMA halves the two old distances, giving each branch equal
 *       weight whatever its size.)</li>
 *   <li>Why are the merge heights monotone? (These linkages satisfy the reducibility property;
 *       centroid and median linkage do not, and can produce inversions.)</li>
 *   <li>Hierarchical vs k-means? (No k in advance, any distance, deterministic, a whole hierarchy;
 *       but O(N^2) memory, and a merge is never undone.)</li>
 *   <li>Ward's linkage? (Merge the pair that raises the total within-cluster variance the least;
 *       k-means' objective, greedily.)</li>
 * </ul>
 *
 * @see <a href="https://docs.scipy.org/doc/scipy/reference/generated/scipy.cluster.hierarchy.linkage.html">scipy.cluster.hierarchy.linkage</a>
 * @see <a href="https://arxiv.org/abs/1109.2378">Muellner (2011), Modern hierarchical, agglomerative clustering algorithms</a>
 */
public final class HierarchicalClustering {

    private HierarchicalClustering() {
    }

    /** How the distance between two clusters is measured. */
    public enum Linkage {
        /** The nearest pair of points. */
        SINGLE,
        /** The farthest pair of points. */
        COMPLETE,
        /** The mean over all pairs of points (UPGMA). */
        AVERAGE
    }

    /**
     * Agglomerative clustering of {@code x}: the N - 1 merges, in order.
     *
     * @param x       the points {@code double[N][D]}; not modified
     * @param linkage single, complete or average
     * @return the linkage matrix {@code double[N-1][4]}: {a, b, distance, size} per row, a < b
     */
    public static double[][] linkage(double[][] x, Linkage linkage) {
        checkPoints(x);
        if (linkage == null) {
            throw new IllegalArgumentException("linkage must not be null");
        }
        int n = x.length;
        double[][] d = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double sum = 0;
                for (int f = 0; f < x[i].length; f++) {
                    double diff = x[i][f] - x[j][f];
                    sum += diff * diff;
                }
                d[i][j] = Math.sqrt(sum);
                d[j][i] = d[i][j];
            }
        }
        int[] id = new int[n];        // the cluster id held in each slot
        int[] size = new int[n];
        boolean[] active = new boolean[n];
        for (int i = 0; i < n; i++) {
            id[i] = i;
            size[i] = 1;
            active[i] = true;
        }
        double[][] z = new double[n - 1][];
        for (int step = 0; step < n - 1; step++) {
            double m = Double.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    if (active[i] && active[j]) {
                        m = Math.min(m, d[i][j]);
                    }
                }
            }
            double tie = m + 1e-10 * Math.max(1, m);
            int bestI = -1;
            int bestJ = -1;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    if (active[i] && active[j] && d[i][j] <= tie
                            && (bestI < 0 || lexLess(id[i], id[j], id[bestI], id[bestJ]))) {
                        bestI = i;
                        bestJ = j;
                    }
                }
            }
            int a = Math.min(id[bestI], id[bestJ]);
            int b = Math.max(id[bestI], id[bestJ]);
            z[step] = new double[] {a, b, d[bestI][bestJ], size[bestI] + size[bestJ]};
            // The merged cluster takes slot bestI; slot bestJ retires.
            for (int k = 0; k < n; k++) {
                if (active[k] && k != bestI && k != bestJ) {
                    double merged = switch (linkage) {
                        case SINGLE -> Math.min(d[k][bestI], d[k][bestJ]);
                        case COMPLETE -> Math.max(d[k][bestI], d[k][bestJ]);
                        case AVERAGE -> (size[bestI] * d[k][bestI] + size[bestJ] * d[k][bestJ])
                                / (size[bestI] + size[bestJ]);
                    };
                    d[k][bestI] = merged;
                    d[bestI][k] = merged;
                }
            }
            size[bestI] += size[bestJ];
            id[bestI] = n + step;
            active[bestJ] = false;
        }
        return z;
    }

    /**
     * Cuts the tree into k flat clusters: the clusters after the first N - k merges.
     *
     * @param z the linkage matrix {@code double[N-1][4]} of N points; not modified
     * @param k how many clusters, 1 to N
     * @return {@code int[N]}: labels 0..k-1, numbered in order of first appearance over the points
     */
    public static int[] cut(double[][] z, int k) {
        if (z == null) {
            throw new IllegalArgumentException("the linkage matrix must not be null");
        }
        int n = z.length + 1;
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("k must be between 1 and the number of points (" + n + "), got " + k);
        }
        // parent[c] for every cluster id 0..2N-2 that is merged, -1 while it is a root.
        int[] parent = new int[2 * n - 1];
        java.util.Arrays.fill(parent, -1);
        for (int row = 0; row < n - 1; row++) {
            if (z[row] == null || z[row].length != 4) {
                throw new IllegalArgumentException("row " + row + " of the linkage matrix must hold 4 values");
            }
            for (int side = 0; side < 2; side++) {
                double c = z[row][side];
                if (c != Math.rint(c) || c < 0 || c >= n + row || parent[(int) c] != -1) {
                    throw new IllegalArgumentException("row " + row + " names cluster " + c
                            + ", which does not exist yet or was merged already");
                }
                if (row < n - k) {
                    parent[(int) c] = n + row;
                } else {
                    parent[(int) c] = -2;   // merged later, after the cut: still a root here
                }
            }
            if (z[row][0] == z[row][1]) {
                throw new IllegalArgumentException("row " + row + " merges cluster " + z[row][0] + " with itself");
            }
        }
        int[] labels = new int[n];
        int[] labelOfRoot = new int[2 * n - 1];
        java.util.Arrays.fill(labelOfRoot, -1);
        int next = 0;
        for (int p = 0; p < n; p++) {
            int c = p;
            while (parent[c] >= 0) {
                c = parent[c];
            }
            if (labelOfRoot[c] < 0) {
                labelOfRoot[c] = next++;
            }
            labels[p] = labelOfRoot[c];
        }
        return labels;
    }

    private static boolean lexLess(int i1, int j1, int i2, int j2) {
        int a1 = Math.min(i1, j1);
        int b1 = Math.max(i1, j1);
        int a2 = Math.min(i2, j2);
        int b2 = Math.max(i2, j2);
        return a1 < a2 || (a1 == a2 && b1 < b2);
    }

    private static void checkPoints(double[][] x) {
        if (x == null || x.length == 0) {
            throw new IllegalArgumentException("x must hold at least one point");
        }
        int d = -1;
        for (int i = 0; i < x.length; i++) {
            if (x[i] == null || x[i].length == 0) {
                throw new IllegalArgumentException("x[" + i + "] must hold at least one feature");
            }
            d = d < 0 ? x[i].length : d;
            if (x[i].length != d) {
                throw new IllegalArgumentException("x[" + i + "] has " + x[i].length + " features, expected " + d);
            }
            for (double v : x[i]) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("x[" + i + "] holds " + v + "; values must be finite");
                }
            }
        }
    }
}
