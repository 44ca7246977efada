package deepdrill.week2;

import java.util.Random;

/**
 * k-means clustering: k-means++ seeding, then Lloyd's iterations (assign every point to its nearest
 * centre, move every centre to the mean of its points) until no assignment changes.
 *
 * <h2>The idea</h2>
 * k-means splits N points into k groups so that each point is close to its group's centre: it
 * minimises the inertia, the sum of squared distances from every point to its centre. Finding the
 * best split is NP-hard, so Lloyd's algorithm descends from a start: with the centres fixed, the
 * best labels are the nearest centres; with the labels fixed, the best centres are the means.
 * Neither step can raise the inertia, and there are finitely many labelings, so it stops, at a
 * local minimum that depends on the start. k-means++ picks a start that is spread out: each new
 * centre is a data point drawn with probability proportional to D(x)^2, its squared distance to the
 * nearest centre chosen so far. That start is O(log k)-competitive with the optimum in expectation.
 * It is the first thing to try for customer segments, colour quantisation, the visual words of a
 * bag-of-features, or the anchor shapes of YOLOv2 (k-means on box sizes).
 *
 * <h2>Formula</h2>
 * <pre>
 *   inertia      = sum_i || x_i - c_{label_i} ||^2                 (squared Euclidean, summed, not averaged)
 *   assignment   label_i = argmin_j || x_i - c_j ||^2               (ties: the lowest j)
 *   update       c_j = (1 / |S_j|) sum_{i in S_j} x_i,   S_j = { i : label_i = j }
 *   k-means++    P(pick i) = D(x_i)^2 / sum_m D(x_m)^2,  D(x)^2 = min over chosen c of || x - c ||^2
 * </pre>
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   N  points      D  features      k  clusters
 *
 *   x        double[N][D]   the points, finite; not modified
 *   centres  double[k][D]   one centre per row; not modified where it is an input
 *   labels   int[N]         the cluster of each point, 0 to k - 1
 * </pre>
 *
 * <h2>The convention</h2>
 * Libraries differ in their draws, their tie rules and their empty clusters, so this exercise fixes
 * the path, and the check demands exactly it:
 * <ul>
 *   <li><b>Seeding</b> ({@link #seedPlusPlus}): the first centre is point {@code random.nextInt(N)}.
 *       For each next one, compute every point's D^2 to its nearest chosen centre and their sum
 *       {@code total}, added up in index order. If {@code total > 0}, draw one
 *       {@code u = random.nextDouble() * total} and pick the first index i whose running sum
 *       D^2_0 + ... + D^2_i is strictly greater than u (so a point with D^2 = 0, a chosen one or a
 *       duplicate of one, is never picked). If {@code total == 0} (every point sits on a chosen
 *       centre: fewer distinct points than k), draw nothing and pick the lowest index not chosen
 *       yet. Nothing else is drawn: one {@code nextInt} and at most k - 1 {@code nextDouble}s.</li>
 *   <li><b>Assignment</b>: squared Euclidean distance; on a tie, the lowest centre index.</li>
 *   <li><b>Update</b>: the mean of the cluster's points (their sum divided by their count). An
 *       empty cluster keeps its centre as it was.</li>
 *   <li><b>Lloyd</b> ({@link #lloyd}): labels = assign(initial centres); then repeat at most
 *       {@code maxIter} times: centres = update(labels), new labels = assign(centres); stop as soon
 *       as the new labels equal the old ones (converged). {@code iterations} counts the updates. The
 *       result's labels are the assignment to the result's centres, and its inertia is theirs.</li>
 *   <li><b>fit</b>: {@code lloyd(x, the seeded points as centres, maxIter)}.</li>
 * </ul>
 * Bad arguments throw {@link IllegalArgumentException}: no points, rows of different lengths, no
 * features, a value that is NaN or infinite, k below 1 or above N, centres of another width, labels
 * of another length or outside 0..k-1, {@code maxIter < 0}, a null {@code random}. Every method
 * returns new arrays and leaves its inputs unchanged.
 *
 * <h2>What interviewers ask</h2>
 * <ul>
 *   <li>Does Lloyd's algorithm find the global optimum? (No: a local one; run it from several seeds
 *       and keep the lowest inertia, as {@code n_init} does in scikit-learn.)</li>
 *   <li>Why D^2 and not the farthest point? (The farthest point is usually an outlier; sampling by
 *       D^2 spreads the centres yet follows the density, and gives the O(log k) guarantee.)</li>
 *   <li>Why does each step not increase the inertia? (For fixed centres the nearest one is the best
 *       label; for fixed labels the mean minimises a sum of squared distances.)</li>
 *   <li>How do you choose k? (The elbow of inertia against k, the silhouette score, the gap
 *       statistic; inertia itself always falls as k grows, to 0 at k = N.)</li>
 *   <li>Cost of one iteration? (O(N k D): the distances dominate.)</li>
 *   <li>When does k-means fail? (Non-convex or elongated clusters, very different sizes or
 *       densities, unscaled features: it assumes round clusters of similar spread; scale first.)</li>
 *   <li>What is an empty cluster and what do you do? (A centre that no point is nearest to; keep it,
 *       re-seed it at the point farthest from its centre, or drop it.)</li>
 * </ul>
 *
 * @see <a href="https://theory.stanford.edu/~sergei/papers/kMeansPP-soda.pdf">Arthur and
 *      Vassilvitskii (2007), k-means++: the advantages of careful seeding</a>
 */
public final class KMeans {

    private KMeans() {
    }

    /**
     * A clustering.
     *
     * @param centres    {@code double[k][D]}, the final centres
     * @param labels     {@code int[N]}, the nearest centre of each point (lowest index on ties)
     * @param inertia    the sum over points of the squared distance to their centre
     * @param iterations how many times the centres were updated
     * @param converged  whether the last update left every label as it was
     */
    public record Result(double[][] centres, int[] labels, double inertia, int iterations, boolean converged) {
    }

    /**
     * The inertia of a labelling: the sum of squared Euclidean distances from each point to the
     * centre of its label.
     *
     * @param x       the points {@code double[N][D]}
     * @param centres the centres {@code double[k][D]}
     * @param labels  {@code int[N]}, each in 0..k-1
     * @return sum_i ||x_i - centres[labels_i]||^2
     */
    public static double inertia(double[][] x, double[][] centres, int[] labels) {
        // TODO: add up the squared distance from each point to the centre of its label.
        throw new UnsupportedOperationException("Not implemented yet: KMeans.inertia");
    }

    /**
     * The assignment step: each point's nearest centre by squared Euclidean distance, the lowest
     * centre index on a tie.
     *
     * @param x       the points {@code double[N][D]}
     * @param centres the centres {@code double[k][D]}
     * @return {@code int[N]}, new
     */
    public static int[] assign(double[][] x, double[][] centres) {
        // TODO: for each point, the centre with the smallest squared distance; keep the first on a tie (strict <).
        throw new UnsupportedOperationException("Not implemented yet: KMeans.assign");
    }

    /**
     * The update step: each centre becomes the mean of the points labelled with it; a centre with
     * no points keeps its value from {@code centres}.
     *
     * @param x       the points {@code double[N][D]}
     * @param labels  {@code int[N]}, each in 0..k-1
     * @param centres the current centres {@code double[k][D]}; not modified
     * @return the new centres {@code double[k][D]}, a new array
     */
    public static double[][] updateCentres(double[][] x, int[] labels, double[][] centres) {
        // TODO: sum and count the points of each label, divide; an empty cluster keeps its old centre.
        throw new UnsupportedOperationException("Not implemented yet: KMeans.updateCentres");
    }

    /**
     * k-means++ seeding, with exactly the draws the class Javadoc fixes.
     *
     * @param x      the points {@code double[N][D]}
     * @param k      how many centres, 1 to N
     * @param random the source of the draws: one {@code nextInt(N)}, then one {@code nextDouble()}
     *               per further centre while some D^2 is positive
     * @return the indices of the chosen points, in the order chosen, {@code int[k]}, all different
     */
    public static int[] seedPlusPlus(double[][] x, int k, Random random) {
        // TODO: nextInt(N) first; then D^2 to the nearest chosen centre, one nextDouble() * total, the first running sum > u.
        throw new UnsupportedOperationException("Not implemented yet: KMeans.seedPlusPlus");
    }

    /**
     * Lloyd's iterations from the given centres, as the class Javadoc fixes them.
     *
     * @param x              the points {@code double[N][D]}
     * @param initialCentres {@code double[k][D]}, k at least 1; not modified
     * @param maxIter        the most updates, at least 0 (0: only assign)
     * @return the centres, labels, inertia, number of updates and whether it converged
     */
    public static Result lloyd(double[][] x, double[][] initialCentres, int maxIter) {
        // TODO: assign; then update and assign again until the labels stop changing or maxIter updates are done.
        throw new UnsupportedOperationException("Not implemented yet: KMeans.lloyd");
    }

    /**
     * k-means++ seeding, then Lloyd's iterations from the seeded points.
     *
     * @param x       the points {@code double[N][D]}
     * @param k       how many clusters, 1 to N
     * @param maxIter the most updates, at least 0
     * @param random  the source of the seeding's draws
     * @return the clustering
     */
    public static Result fit(double[][] x, int k, int maxIter, Random random) {
        // TODO: seedPlusPlus, copy the seeded points as centres, then lloyd.
        throw new UnsupportedOperationException("Not implemented yet: KMeans.fit");
    }
}
