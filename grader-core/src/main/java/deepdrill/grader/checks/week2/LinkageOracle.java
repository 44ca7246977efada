package deepdrill.grader.checks.week2;

import deepdrill.week2.HierarchicalClustering.Linkage;
import java.util.ArrayList;
import java.util.List;

/**
 * Agglomerative clustering from the definitions, for {@code HierarchicalClusteringCheck}: at every
 * merge the distance between every two current clusters is computed again from all their point
 * pairs (the minimum, maximum or mean), with no Lance-Williams update, so that it shares nothing
 * with a solution that updates a matrix. The tie rule and the ids are the Javadoc's. Wrong variants
 * (squared distances, reused ids, the last tied pair, WPGMA) let the check name a mistake.
 */
final class LinkageOracle {

    /** A tie: within this much of the smallest distance, relative to max(1, smallest). */
    static final double TIE = 1e-10;

    private LinkageOracle() {
    }

    /** The Euclidean distances of every pair of points, feature by feature. */
    static double[][] distances(double[][] x, boolean squared) {
        double[][] d = new double[x.length][x.length];
        for (int p = 0; p < x.length; p++) {
            for (int q = 0; q < x.length; q++) {
                double s = 0;
                for (int f = 0; f < x[p].length; f++) {
                    s += (x[p][f] - x[q][f]) * (x[p][f] - x[q][f]);
                }
                d[p][q] = squared ? s : Math.sqrt(s);
            }
        }
        return d;
    }

    /** The linkage matrix the Javadoc asks for. */
    static double[][] linkage(double[][] x, Linkage linkage) {
        return brute(x, linkage, false, false, false);
    }

    /**
     * The brute-force linkage matrix, with mistakes switched on at will.
     *
     * @param squared   squared Euclidean distances between points
     * @param reuseIds  the merged cluster keeps the smaller id instead of taking N + row
     * @param tieLast   a tie goes to the largest (a, b) instead of the smallest
     */
    static double[][] brute(double[][] x, Linkage linkage, boolean squared, boolean reuseIds, boolean tieLast) {
        int n = x.length;
        double[][] d = distances(x, squared);
        List<Integer> ids = new ArrayList<>();
        List<int[]> members = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            ids.add(p);
            members.add(new int[] {p});
        }
        double[][] z = new double[n - 1][];
        for (int row = 0; row < n - 1; row++) {
            int c = ids.size();
            double[][] between = new double[c][c];
            double m = Double.POSITIVE_INFINITY;
            for (int u = 0; u < c; u++) {
                for (int v = u + 1; v < c; v++) {
                    between[u][v] = clusterDistance(d, members.get(u), members.get(v), linkage);
                    m = Math.min(m, between[u][v]);
                }
            }
            int[] best = choose(between, ids, m, tieLast);
            int u = best[0];
            int v = best[1];
            int a = Math.min(ids.get(u), ids.get(v));
            int b = Math.max(ids.get(u), ids.get(v));
            int[] merged = new int[members.get(u).length + members.get(v).length];
            System.arraycopy(members.get(u), 0, merged, 0, members.get(u).length);
            System.arraycopy(members.get(v), 0, merged, members.get(u).length, members.get(v).length);
            z[row] = new double[] {a, b, between[u][v], merged.length};
            // v > u: remove v first so that u's position holds.
            ids.remove(v);
            members.remove(v);
            ids.set(u, reuseIds ? a : n + row);
            members.set(u, merged);
        }
        return z;
    }

    /** WPGMA: the merged cluster's distance to K is the plain mean of its two parts' distances to K. */
    static double[][] wpgma(double[][] x) {
        int n = x.length;
        double[][] d = distances(x, false);
        List<Integer> ids = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();   // rows.get(u)[w]: distance from cluster u to w (by position)
        for (int p = 0; p < n; p++) {
            ids.add(p);
            sizes.add(1);
            rows.add(d[p].clone());
        }
        double[][] z = new double[n - 1][];
        for (int row = 0; row < n - 1; row++) {
            int c = ids.size();
            double[][] between = new double[c][c];
            double m = Double.POSITIVE_INFINITY;
            for (int u = 0; u < c; u++) {
                for (int v = u + 1; v < c; v++) {
                    between[u][v] = rows.get(u)[v];
                    m = Math.min(m, between[u][v]);
                }
            }
            int[] best = choose(between, ids, m, false);
            int u = best[0];
            int v = best[1];
            z[row] = new double[] {Math.min(ids.get(u), ids.get(v)), Math.max(ids.get(u), ids.get(v)), between[u][v],
                    sizes.get(u) + sizes.get(v)};
            double[] mergedRow = new double[c];
            for (int w = 0; w < c; w++) {
                mergedRow[w] = (rows.get(u)[w] + rows.get(v)[w]) / 2;
            }
            for (int w = 0; w < c; w++) {
                rows.get(w)[u] = mergedRow[w];
            }
            mergedRow[u] = 0;
            rows.set(u, mergedRow);
            for (int w = 0; w < c; w++) {
                double[] r = rows.get(w);
                double[] shorter = new double[c - 1];
                for (int t = 0, s = 0; t < c; t++) {
                    if (t != v) {
                        shorter[s++] = r[t];
                    }
                }
                rows.set(w, shorter);
            }
            rows.remove(v);
            ids.remove(v);
            sizes.set(u, sizes.get(u) + sizes.get(v));
            sizes.remove(v);
            ids.set(u, n + row);
        }
        return z;
    }

    private static double clusterDistance(double[][] d, int[] a, int[] b, Linkage linkage) {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        double sum = 0;
        for (int p : a) {
            for (int q : b) {
                min = Math.min(min, d[p][q]);
                max = Math.max(max, d[p][q]);
                sum += d[p][q];
            }
        }
        return switch (linkage) {
            case SINGLE -> min;
            case COMPLETE -> max;
            case AVERAGE -> sum / ((double) a.length * b.length);
        };
    }

    /** The tied pair (positions u < v) with the smallest (or largest) (a, b) of ids. */
    private static int[] choose(double[][] between, List<Integer> ids, double m, boolean last) {
        double limit = m + TIE * Math.max(1, m);
        int[] best = null;
        long bestKey = 0;
        for (int u = 0; u < between.length; u++) {
            for (int v = u + 1; v < between.length; v++) {
                if (between[u][v] <= limit) {
                    long a = Math.min(ids.get(u), ids.get(v));
                    long b = Math.max(ids.get(u), ids.get(v));
                    long key = a * 1_000_000L + b;
                    if (best == null || (last ? key > bestKey : key < bestKey)) {
                        best = new int[] {u, v};
                        bestKey = key;
                    }
                }
            }
        }
        return best;
    }

    /** The flat clusters after the first N - k merges, numbered by first appearance (or by root id). */
    static int[] cut(double[][] z, int k, int mergesOffset, boolean byRootId) {
        int n = z.length + 1;
        int merges = Math.max(0, Math.min(n - 1, n - k + mergesOffset));
        List<List<Integer>> clusters = new ArrayList<>();
        List<Integer> rootIds = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            clusters.add(new ArrayList<>(List.of(p)));
            rootIds.add(p);
        }
        for (int row = 0; row < merges; row++) {
            int ia = rootIds.indexOf((int) z[row][0]);
            int ib = rootIds.indexOf((int) z[row][1]);
            clusters.get(ia).addAll(clusters.get(ib));
            rootIds.set(ia, n + row);
            clusters.remove(ib);
            rootIds.remove(ib);
        }
        int[] labels = new int[n];
        List<Integer> order = new ArrayList<>();
        if (byRootId) {
            List<Integer> sorted = new ArrayList<>(rootIds);
            sorted.sort(null);
            order.addAll(sorted);
        } else {
            for (int p = 0; p < n; p++) {
                for (int c = 0; c < clusters.size(); c++) {
                    if (clusters.get(c).contains(p) && !order.contains(rootIds.get(c))) {
                        order.add(rootIds.get(c));
                    }
                }
            }
        }
        for (int c = 0; c < clusters.size(); c++) {
            for (int p : clusters.get(c)) {
                labels[p] = order.indexOf(rootIds.get(c));
            }
        }
        return labels;
    }
}
