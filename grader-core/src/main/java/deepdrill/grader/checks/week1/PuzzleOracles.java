package deepdrill.grader.checks.week1;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * The exact answers {@link PuzzlesCheck} compares with, each worked out a different way from the
 * closed forms a model answer uses: absorbing Markov chains solved by Gaussian elimination in exact
 * rational arithmetic (Commons Numbers {@link BigFraction}), tail sums, and brute-force enumeration
 * of card subsets, liars and team partitions.
 */
final class PuzzleOracles {

    private PuzzleOracles() {
    }

    /** The first two moments of the time to absorption from state 0 of a transient chain. */
    record Moments(BigFraction mean, BigFraction secondMoment) {
        BigFraction variance() {
            return secondMoment.subtract(mean.multiply(mean));
        }
    }

    /**
     * Expected cards before the first queen as a tail sum: {@code E[X] = sum_{j >= 1} P(X >= j)}, and
     * {@code P(X >= j)} is the chance that the first j cards are all non-queens.
     */
    static BigFraction cardsBeforeFirstQueen(int deckSize, int queens) {
        BigFraction total = BigFraction.ZERO;
        BigFraction allOthers = BigFraction.ONE;
        for (int j = 1; j <= deckSize - queens; j++) {
            allOthers = allOthers.multiply(BigFraction.of(deckSize - queens - j + 1, deckSize - j + 1));
            total = total.add(allOthers);
        }
        return total;
    }

    /** Trials until {@code run} successes in a row: a chain on the current streak 0 .. run - 1. */
    static Moments trialsUntilRun(BigFraction p, int run) {
        BigFraction q = BigFraction.ONE.subtract(p);
        BigFraction[][] transient_ = zeros(run);
        for (int streak = 0; streak < run; streak++) {
            if (streak + 1 < run) {
                transient_[streak][streak + 1] = transient_[streak][streak + 1].add(p);
            }
            transient_[streak][0] = transient_[streak][0].add(q);
        }
        return absorption(transient_);
    }

    /** Rolls until all faces have shown: a chain on the number of faces seen, 0 .. faces - 1. */
    static Moments rollsToSeeAllFaces(int faces) {
        BigFraction[][] transient_ = zeros(faces);
        for (int seen = 0; seen < faces; seen++) {
            transient_[seen][seen] = BigFraction.of(seen, faces);
            if (seen + 1 < faces) {
                transient_[seen][seen + 1] = BigFraction.of(faces - seen, faces);
            }
        }
        return absorption(transient_);
    }

    /**
     * P(A | all red) with each bag's likelihood counted: the share of its {@code draws}-card subsets
     * (equally likely without replacement) that hold only red cards, enumerated as bit masks.
     */
    static BigFraction bagPosterior(int redA, int blackA, int redB, int blackB, BigFraction priorA, int draws) {
        BigFraction joinA = priorA.multiply(allRedShare(redA, blackA, draws));
        BigFraction joinB = BigFraction.ONE.subtract(priorA).multiply(allRedShare(redB, blackB, draws));
        return joinA.divide(joinA.add(joinB));
    }

    private static BigFraction allRedShare(int red, int black, int draws) {
        int size = red + black;
        if (draws > size) {
            return BigFraction.ZERO;
        }
        long subsets = 0;
        long allRed = 0;
        int redMask = (1 << red) - 1;
        for (int mask = 0; mask < 1 << size; mask++) {
            if (Integer.bitCount(mask) == draws) {
                subsets++;
                if ((mask & ~redMask) == 0) {
                    allRed++;
                }
            }
        }
        return BigFraction.of(allRed, subsets);
    }

    /**
     * P(rain | all yes) by enumerating the worlds: rain or not, and which friends tell the truth; a
     * friend says yes when truthful and it rains, or lying and it does not.
     */
    static BigFraction rainGivenAllYes(BigFraction prior, BigFraction truthful, int friends) {
        BigFraction yesAndRain = BigFraction.ZERO;
        BigFraction yes = BigFraction.ZERO;
        for (int rain = 0; rain <= 1; rain++) {
            BigFraction world = rain == 1 ? prior : BigFraction.ONE.subtract(prior);
            for (int honest = 0; honest < 1 << friends; honest++) {
                BigFraction weight = world;
                boolean allYes = true;
                for (int f = 0; f < friends; f++) {
                    boolean tellsTruth = (honest >> f & 1) == 1;
                    weight = weight.multiply(tellsTruth ? truthful : BigFraction.ONE.subtract(truthful));
                    allYes &= tellsTruth == (rain == 1);
                }
                if (allYes) {
                    yes = yes.add(weight);
                    if (rain == 1) {
                        yesAndRain = yesAndRain.add(weight);
                    }
                }
            }
        }
        return yesAndRain.divide(yes);
    }

    /**
     * Splits into unlabelled equal teams, counted one by one: the first person not yet placed starts
     * the next team and picks its other members among those left (so no two orders of the same
     * teams are counted). Feasible up to a dozen or so people.
     */
    static long enumerateTeamSplits(int people, int teams) {
        return splits((1 << people) - 1, people / teams);
    }

    private static long splits(int left, int size) {
        if (left == 0) {
            return 1;
        }
        int rest = left & ~Integer.lowestOneBit(left);
        return pick(rest, rest, size - 1, size);
    }

    /**
     * Picks {@code still} more members of the team being built among {@code candidates}, in
     * increasing order (so that each team is counted once), then splits what is left of {@code pool}.
     */
    private static long pick(int pool, int candidates, int still, int size) {
        if (still == 0) {
            return splits(pool, size);
        }
        long count = 0;
        for (int rest = candidates; rest != 0; rest &= rest - 1) {
            int member = Integer.lowestOneBit(rest);
            count += pick(pool & ~member, rest & ~member, still - 1, size);
        }
        return count;
    }

    /**
     * Unlabelled equal teams for sizes too large to enumerate: the first person left picks the
     * {@code m - 1} others of their team among the {@code n - 1} left, then the rest is split the
     * same way: {@code prod C(n - 1 - j m, m - 1)}.
     */
    static BigInteger teamSplitsByRecursion(int people, int teams) {
        int size = people / teams;
        BigInteger count = BigInteger.ONE;
        for (int left = people; left > 0; left -= size) {
            count = count.multiply(binomial(left - 1, size - 1));
        }
        return count;
    }

    static BigInteger binomial(int n, int k) {
        BigInteger value = BigInteger.ONE;
        for (int i = 0; i < k; i++) {
            value = value.multiply(BigInteger.valueOf(n - i)).divide(BigInteger.valueOf(i + 1));
        }
        return value;
    }

    private static BigFraction[][] zeros(int n) {
        BigFraction[][] m = new BigFraction[n][n];
        for (BigFraction[] row : m) {
            java.util.Arrays.fill(row, BigFraction.ZERO);
        }
        return m;
    }

    /**
     * Mean and second moment of the steps to absorption from state 0, given the transitions among
     * the transient states (the rest of each row's mass is absorption):
     * {@code (I - Q) m = 1} and {@code (I - Q) s = 1 + 2 Q m}.
     */
    static Moments absorption(BigFraction[][] q) {
        int n = q.length;
        BigFraction[][] system = new BigFraction[n][n];
        BigFraction[] ones = new BigFraction[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                system[i][j] = (i == j ? BigFraction.ONE : BigFraction.ZERO).subtract(q[i][j]);
            }
            ones[i] = BigFraction.ONE;
        }
        BigFraction[] mean = solve(system, ones);
        BigFraction[] rhs = new BigFraction[n];
        for (int i = 0; i < n; i++) {
            BigFraction qm = BigFraction.ZERO;
            for (int j = 0; j < n; j++) {
                if (!q[i][j].isZero()) {
                    qm = qm.add(q[i][j].multiply(mean[j]));
                }
            }
            rhs[i] = BigFraction.ONE.add(qm.multiply(2));
        }
        BigFraction[] second = solve(system, rhs);
        return new Moments(mean[0], second[0]);
    }

    /** Gaussian elimination with exact fractions (pivoting on any non-zero entry). */
    static BigFraction[] solve(BigFraction[][] a, BigFraction[] b) {
        int n = b.length;
        List<BigFraction[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BigFraction[] row = java.util.Arrays.copyOf(a[i], n + 1);
            row[n] = b[i];
            rows.add(row);
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            while (rows.get(pivot)[col].isZero()) {
                pivot++;
            }
            java.util.Collections.swap(rows, col, pivot);
            BigFraction[] top = rows.get(col);
            for (int r = 0; r < n; r++) {
                BigFraction[] row = rows.get(r);
                if (r == col || row[col].isZero()) {
                    continue;
                }
                BigFraction factor = row[col].divide(top[col]);
                for (int c = col; c <= n; c++) {
                    if (!top[c].isZero()) {
                        row[c] = row[c].subtract(factor.multiply(top[c]));
                    }
                }
            }
        }
        BigFraction[] x = new BigFraction[n];
        for (int i = 0; i < n; i++) {
            x[i] = rows.get(i)[n].divide(rows.get(i)[i]);
        }
        return x;
    }
}
