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
        // TODO: the N x N distances; then N - 1 times: the smallest m, the tied pair with the smallest (a, b), a row, a Lance-Williams update.
        throw new UnsupportedOperationException("Not implemented yet: HierarchicalClustering.linkage");
    }

    /**
     * Cuts the tree into k flat clusters: the clusters after the first N - k merges.
     *
     * @param z the linkage matrix {@code double[N-1][4]} of N points; not modified
     * @param k how many clusters, 1 to N
     * @return {@code int[N]}: labels 0..k-1, numbered in order of first appearance over the points
     */
    public static int[] cut(double[][] z, int k) {
        // TODO: replay the first N - k rows (a parent per merged cluster id), find each point's root, number the roots as they first appear.
        throw new UnsupportedOperationException("Not implemented yet: HierarchicalClustering.cut");
    }
}
