package deepdrill.grader.checks.week2;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The k-means path of {@code KMeans}'s Javadoc written again for the check, independently of the
 * model solution, together with the wrong paths that learners take (a seeding that picks the
 * farthest point, a Lloyd loop that never moves its centres, ...), so that a wrong answer can be
 * named. Each D^2 is recomputed from the list of chosen centres; each mean is built from the list
 * of a cluster's members.
 */
final class KMeansOracle {

    /** How a seeding goes: the Javadoc's way, or a known wrong way. */
    enum Seeding {
        /** nextInt(N), then D^2 sampling with u = nextDouble() * total, first running sum > u. */
        CORRECT,
        /** The next centre is the point farthest from its nearest chosen centre (lowest index on ties). */
        FARTHEST,
        /** Sampled in proportion to D, the distance, instead of D^2. */
        DISTANCE,
        /** D^2 measured to the last chosen centre only, not the nearest of all chosen. */
        LAST_ONLY,
        /** The first centre is point 0 instead of nextInt(N). */
        FIRST_ZERO,
        /** u = nextDouble() compared with the running sum of D^2, without scaling it by the total. */
        UNSCALED
    }

    /** How a Lloyd loop goes: the Javadoc's way, or a known wrong way. */
    enum Loop {
        CORRECT,
        /** The centres are never updated to the means. */
        NO_UPDATE,
        /** Every maxIter update is run, converged or not. */
        NO_STOP,
        /** The labels returned are those the last centres were computed from, not the assignment to them. */
        STALE_LABELS,
        /** An assignment tie goes to the highest centre index. */
        TIE_HIGHEST,
        /** The new labels are compared with themselves: converged after the first update. */
        ONE_UPDATE
    }

    /** What the oracle's Lloyd loop returns, field for field as in {@code KMeans.Result}. */
    record Run(double[][] centres, int[] labels, double inertia, int iterations, boolean converged) {
    }

    private KMeansOracle() {
    }

    static double squared(double[] a, double[] b) {
        double s = 0;
        for (int f = 0; f < a.length; f++) {
            s += (a[f] - b[f]) * (a[f] - b[f]);
        }
        return s;
    }

    /** The seeding's chosen indices; {@code random} is left where the path leaves it. */
    static int[] seed(double[][] x, int k, Random random, Seeding how) {
        int n = x.length;
        List<Integer> chosen = new ArrayList<>();
        chosen.add(how == Seeding.FIRST_ZERO ? 0 : random.nextInt(n));
        while (chosen.size() < k) {
            double[] weight = new double[n];
            for (int i = 0; i < n; i++) {
                double d2 = Double.POSITIVE_INFINITY;
                if (how == Seeding.LAST_ONLY) {
                    d2 = squared(x[i], x[chosen.get(chosen.size() - 1)]);
                } else {
                    for (int c : chosen) {
                        d2 = Math.min(d2, squared(x[i], x[c]));
                    }
                }
                weight[i] = how == Seeding.DISTANCE ? Math.sqrt(d2) : d2;
            }
            double total = 0;
            for (double w : weight) {
                total += w;
            }
            int pick = -1;
            if (total == 0) {
                for (int i = 0; i < n && pick < 0; i++) {
                    pick = chosen.contains(i) ? -1 : i;
                }
            } else if (how == Seeding.FARTHEST) {
                pick = 0;
                for (int i = 1; i < n; i++) {
                    pick = weight[i] > weight[pick] ? i : pick;
                }
            } else {
                double u = how == Seeding.UNSCALED ? random.nextDouble() : random.nextDouble() * total;
                double[] cumulative = new double[n];
                double running = 0;
                for (int i = 0; i < n; i++) {
                    running += weight[i];
                    cumulative[i] = running;
                }
                for (int i = n - 1; i >= 0; i--) {   // the first index whose running sum exceeds u
                    if (cumulative[i] > u) {
                        pick = i;
                    }
                }
                pick = pick < 0 ? n - 1 : pick;
            }
            chosen.add(pick);
        }
        return chosen.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Each point's nearest centre; ties to the lowest index, or the highest for {@link Loop#TIE_HIGHEST}. */
    static int[] assign(double[][] x, double[][] centres, boolean tieHighest) {
        int[] labels = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            double[] d = new double[centres.length];
            double min = Double.POSITIVE_INFINITY;
            for (int j = 0; j < centres.length; j++) {
                d[j] = squared(x[i], centres[j]);
                min = Math.min(min, d[j]);
            }
            labels[i] = -1;
            for (int j = 0; j < centres.length; j++) {
                if (d[j] == min && (labels[i] < 0 || tieHighest)) {
                    labels[i] = j;
                }
            }
        }
        return labels;
    }

    /** The mean of each cluster's members; an empty cluster keeps its centre. */
    static double[][] means(double[][] x, int[] labels, double[][] centres) {
        double[][] out = new double[centres.length][];
        for (int j = 0; j < centres.length; j++) {
            List<double[]> members = new ArrayList<>();
            for (int i = 0; i < x.length; i++) {
                if (labels[i] == j) {
                    members.add(x[i]);
                }
            }
            out[j] = members.isEmpty() ? centres[j].clone() : mean(members);
        }
        return out;
    }

    static double[] mean(List<double[]> members) {
        double[] m = new double[members.get(0).length];
        for (int f = 0; f < m.length; f++) {
            double s = 0;
            for (double[] p : members) {
                s += p[f];
            }
            m[f] = s / members.size();
        }
        return m;
    }

    static double inertia(double[][] x, double[][] centres, int[] labels) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += squared(x[i], centres[labels[i]]);
        }
        return s;
    }

    static Run lloyd(double[][] x, double[][] initial, int maxIter, Loop how) {
        boolean tieHighest = how == Loop.TIE_HIGHEST;
        double[][] centres = new double[initial.length][];
        for (int j = 0; j < initial.length; j++) {
            centres[j] = initial[j].clone();
        }
        int[] labels = assign(x, centres, tieHighest);
        int[] previous = labels;
        int updates = 0;
        boolean converged = false;
        while (updates < maxIter && (!converged || how == Loop.NO_STOP)) {
            if (how != Loop.NO_UPDATE) {
                centres = means(x, labels, centres);
            }
            updates++;
            int[] next = assign(x, centres, tieHighest);
            converged = how == Loop.ONE_UPDATE || java.util.Arrays.equals(next, labels);
            previous = labels;
            labels = next;
        }
        int[] returned = how == Loop.STALE_LABELS ? previous : labels;
        return new Run(centres, returned, inertia(x, centres, returned), updates, converged);
    }

    /** The whole fit: the seeding (its way), then the Javadoc's Lloyd loop from the seeded points. */
    static Run fit(double[][] x, int k, int maxIter, long seed, Seeding how) {
        int[] seeds = seed(x, k, new Random(seed), how);
        double[][] centres = new double[k][];
        for (int c = 0; c < k; c++) {
            centres[c] = x[seeds[c]].clone();
        }
        return lloyd(x, centres, maxIter, Loop.CORRECT);
    }
}
