package deepdrill.grader.checks.week3;

import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Rejection;
import deepdrill.week3.BeamSearch;
import deepdrill.week3.BeamSearch.Hypothesis;
import deepdrill.week3.BeamSearch.NextTokenModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * Checks {@code beam-search} against the procedure of its Javadoc, written again here (top k chosen
 * by repeated selection rather than a sort, hypotheses as lists), and against brute force: with a
 * beam at least as wide as the number of sequences, the best hypothesis is the best of every
 * sequence enumerated. Known mistakes are the same procedure with one rule changed.
 *
 * <p>Covered: seeded random toy models (sharp and flat), V = 2 to 5, k = 1 (greedy) to wider than
 * every sequence, T = 1 to 4, alpha 0, 0.6 and 1, a model where greedy misses the best sequence,
 * a uniform model (every log-probability tied, so only the tie rule decides), the end token as
 * token 0 and as the last token, a model that ends every sequence at once; rejected: k, T or V
 * below 1, an end token outside the vocabulary, a negative or NaN alpha, a model that returns too
 * few log-probabilities. Named: no length normalisation, finished hypotheses kept expanding,
 * greedy decoding, the end token left out of the length, ties broken the other way.
 */
@ExerciseCheck
class BeamSearchCheck {

    private static final double TOLERANCE = 1e-12;

    /** One way to run the procedure: the Javadoc's, or a mistake. */
    private record Rules(boolean normalise, boolean stopAtEnd, boolean greedy, boolean endInLength, boolean smallerFirst,
            boolean smallerFirstInResult) {
        static final Rules RIGHT = new Rules(true, true, false, true, true, true);
    }

    private record Mistake(String diagnosis, Rules rules) {
    }

    private static final String TIES = "broke ties the other way: among equal log-probabilities (when choosing the "
            + "beam) and equal scores (in the result) the smaller token sequence (Arrays.compare) comes first.";

    private static final List<Mistake> MISTAKES = List.of(
            new Mistake("left out the length normalisation: score = logProb / length^alpha, so that long hypotheses "
                    + "are not punished for their extra tokens.", new Rules(false, true, false, true, true, true)),
            new Mistake("kept extending hypotheses that ended with the end token: a hypothesis whose last token is "
                    + "endToken is finished; it keeps its place in this step's k but is never extended.",
                    new Rules(true, false, false, true, true, true)),
            new Mistake("decoded greedily (one hypothesis per step): keep the beamWidth best extensions of all live "
                    + "hypotheses, not only the best one.", new Rules(true, true, true, true, true, true)),
            new Mistake("left the end token out of the length: length counts every token of the hypothesis, the end "
                    + "token too.", new Rules(true, true, false, false, true, true)),
            new Mistake(TIES, new Rules(true, true, false, true, false, true)),
            new Mistake(TIES, new Rules(true, true, false, true, true, false)),
            new Mistake(TIES, new Rules(true, true, false, true, false, false)));

    @Test
    @DisplayName("small beams on random toy models")
    void smallBeams(Random random) {
        check(toy(random.nextLong(), 3, 1.5), 3, 0, 2, 3, 1);
        check(toy(random.nextLong(), 4, 2.0), 4, 3, 2, 4, 0.6);
        check(toy(random.nextLong(), 5, 1.0), 5, 1, 3, 3, 1);
        check(toy(random.nextLong(), 2, 3.0), 2, 0, 1, 4, 1);   // k = 1: greedy
        check(toy(random.nextLong(), 3, 0.5), 3, 2, 2, 1, 1);   // T = 1
        check(toy(random.nextLong(), 4, 1.0), 4, 0, 3, 3, 0);   // no normalisation asked for
    }

    @Test
    @DisplayName("a beam wider than every sequence finds the best sequence (brute force)")
    void exhaustive(Random random) {
        for (int i = 0; i < 3; i++) {
            int v = 2 + random.nextInt(2);
            NextTokenModel model = toy(random.nextLong(), v, 2.0);
            List<Hypothesis> actual = check(model, v, 0, 100, 3, 0.6);
            double best = bruteForceBest(model, v, 0, 3, 0.6);
            if (actual.isEmpty() || Math.abs(actual.get(0).score() - best) > TOLERANCE * Math.max(1, Math.abs(best))) {
                throw new AssertionFailedError("search(" + v + " tokens, k 100, T 3, alpha 0.6): the best score of every "
                        + "sequence is " + fmt(best) + ", yours " + (actual.isEmpty() ? "(nothing)" : fmt(actual.get(0).score())));
            }
        }
    }

    @Test
    @DisplayName("a model where greedy decoding misses the best sequence")
    void greedyTrap() {
        // Token 1 first looks best (0.6), but every continuation after it is spread thin, while token
        // 2 (0.4) is followed by the end token 0 for sure.
        NextTokenModel trap = prefix -> {
            if (prefix.length == 0) {
                return logs(0.0, 0.6, 0.4);
            }
            return prefix[0] == 2 ? logs(1.0, 0.0, 0.0) : logs(1 / 3.0, 1 / 3.0, 1 / 3.0);
        };
        check(trap, 3, 0, 2, 3, 0);
        check(trap, 3, 0, 2, 3, 1);
    }

    @Test
    @DisplayName("ties: a uniform model, where only the tie rule decides")
    void ties() {
        NextTokenModel uniform = prefix -> logs(0.25, 0.25, 0.25, 0.25);
        check(uniform, 4, 3, 2, 3, 1);
        check(uniform, 4, 0, 3, 2, 0);
        NextTokenModel endsAtOnce = prefix -> logs(1.0, 0.0);
        check(endsAtOnce, 2, 0, 2, 3, 1);
    }

    @Test
    @DisplayName("bad arguments and a model of the wrong size throw IllegalArgumentException")
    void rejectsBadInput() {
        NextTokenModel model = prefix -> logs(0.5, 0.5);
        rejected("search(k 0)", () -> BeamSearch.search(model, 2, 0, 0, 3, 1));
        rejected("search(T 0)", () -> BeamSearch.search(model, 2, 0, 2, 0, 1));
        rejected("search(V 0)", () -> BeamSearch.search(model, 0, 0, 2, 3, 1));
        rejected("search(endToken 2 of 2 tokens)", () -> BeamSearch.search(model, 2, 2, 2, 3, 1));
        rejected("search(endToken -1)", () -> BeamSearch.search(model, 2, -1, 2, 3, 1));
        rejected("search(alpha -0.5)", () -> BeamSearch.search(model, 2, 0, 2, 3, -0.5));
        rejected("search(alpha NaN)", () -> BeamSearch.search(model, 2, 0, 2, 3, Double.NaN));
        rejected("search(a model of 2 tokens, V 3)", () -> BeamSearch.search(model, 3, 0, 2, 3, 1));
    }

    // ---- one case -------------------------------------------------------------------------------

    private static List<Hypothesis> check(NextTokenModel model, int v, int end, int k, int t, double alpha) {
        List<Hypothesis> actual = Guarded.call(in -> BeamSearch.search(model, v, end, k, t, alpha));
        String what = String.format(Locale.ROOT, "search(%d tokens, end %d, k %d, T %d, alpha %s)", v, end, k, t, fmt(alpha));
        List<Hypothesis> expected = run(model, v, end, k, t, alpha, Rules.RIGHT);
        if (same(expected, actual)) {
            return actual;
        }
        String diagnosis = "";
        for (Mistake m : MISTAKES) {
            if (same(run(model, v, end, k, t, alpha, m.rules()), actual)) {
                diagnosis = deepdrill.grader.checks.support.Mistake.PREFIX + m.diagnosis() + "\n";
                break;
            }
        }
        throw new AssertionFailedError(diagnosis + what + ": expected " + show(expected) + ", got " + show(actual));
    }

    // ---- the oracle -----------------------------------------------------------------------------

    /** The procedure of the Javadoc, with the given rules. */
    private static List<Hypothesis> run(NextTokenModel model, int v, int end, int k, int t, double alpha, Rules rules) {
        List<List<Integer>> live = new ArrayList<>(List.of(List.of()));
        List<Double> liveLog = new ArrayList<>(List.of(0.0));
        List<List<Integer>> done = new ArrayList<>();
        List<Double> doneLog = new ArrayList<>();
        int width = rules.greedy() ? 1 : k;
        for (int step = 0; step < t && !live.isEmpty(); step++) {
            List<List<Integer>> cand = new ArrayList<>();
            List<Double> candLog = new ArrayList<>();
            for (int h = 0; h < live.size(); h++) {
                double[] next = model.logProbs(live.get(h).stream().mapToInt(Integer::intValue).toArray());
                for (int tok = 0; tok < v; tok++) {
                    List<Integer> extended = new ArrayList<>(live.get(h));
                    extended.add(tok);
                    cand.add(extended);
                    candLog.add(liveLog.get(h) + next[tok]);
                }
            }
            List<List<Integer>> nextLive = new ArrayList<>();
            List<Double> nextLog = new ArrayList<>();
            boolean[] taken = new boolean[cand.size()];
            for (int pick = 0; pick < Math.min(width, cand.size()); pick++) {
                int best = -1;
                for (int c = 0; c < cand.size(); c++) {
                    if (!taken[c] && (best < 0 || before(candLog.get(c), cand.get(c), candLog.get(best), cand.get(best),
                            rules.smallerFirst()))) {
                        best = c;
                    }
                }
                taken[best] = true;
                List<Integer> tokens = cand.get(best);
                if (rules.stopAtEnd() && tokens.get(tokens.size() - 1) == end) {
                    done.add(tokens);
                    doneLog.add(candLog.get(best));
                } else {
                    nextLive.add(tokens);
                    nextLog.add(candLog.get(best));
                }
            }
            live = nextLive;
            liveLog = nextLog;
        }
        done.addAll(live);
        doneLog.addAll(liveLog);
        List<Hypothesis> out = new ArrayList<>();
        for (int i = 0; i < done.size(); i++) {
            int[] tokens = done.get(i).stream().mapToInt(Integer::intValue).toArray();
            int length = rules.endInLength() || tokens[tokens.length - 1] != end ? tokens.length : tokens.length - 1;
            double score = rules.normalise() ? doneLog.get(i) / Math.pow(Math.max(length, 1), alpha) : doneLog.get(i);
            out.add(new Hypothesis(tokens, doneLog.get(i), score));
        }
        out.sort((a, b) -> a.score() != b.score() ? Double.compare(b.score(), a.score())
                : (rules.smallerFirstInResult() ? 1 : -1) * Arrays.compare(a.tokens(), b.tokens()));
        return out;
    }

    private static boolean before(double logA, List<Integer> a, double logB, List<Integer> b, boolean smallerFirst) {
        if (logA != logB) {
            return logA > logB;
        }
        int c = Arrays.compare(a.stream().mapToInt(Integer::intValue).toArray(), b.stream().mapToInt(Integer::intValue).toArray());
        return smallerFirst ? c < 0 : c > 0;
    }

    /** The best score of every sequence that ends with the end token, or has T tokens. */
    private static double bruteForceBest(NextTokenModel model, int v, int end, int t, double alpha) {
        return bestFrom(model, v, end, t, alpha, new int[0], 0);
    }

    private static double bestFrom(NextTokenModel model, int v, int end, int t, double alpha, int[] prefix, double log) {
        double best = Double.NEGATIVE_INFINITY;
        double[] next = model.logProbs(prefix);
        for (int tok = 0; tok < v; tok++) {
            int[] seq = Arrays.copyOf(prefix, prefix.length + 1);
            seq[prefix.length] = tok;
            double l = log + next[tok];
            best = Math.max(best, tok == end || seq.length == t ? l / Math.pow(seq.length, alpha)
                    : bestFrom(model, v, end, t, alpha, seq, l));
        }
        return best;
    }

    // ---- models and helpers ---------------------------------------------------------------------

    /** A seeded toy model: the log-softmax of Gaussian logits (times {@code sharpness}) drawn from the prefix. */
    private static NextTokenModel toy(long seed, int v, double sharpness) {
        return prefix -> {
            Random r = new Random(seed * 31 + Arrays.hashCode(prefix));
            double[] logits = new double[v];
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < v; i++) {
                logits[i] = sharpness * r.nextGaussian();
                max = Math.max(max, logits[i]);
            }
            double sum = 0;
            for (double l : logits) {
                sum += Math.exp(l - max);
            }
            double log = max + Math.log(sum);
            for (int i = 0; i < v; i++) {
                logits[i] -= log;
            }
            return logits;
        };
    }

    private static double[] logs(double... p) {
        return Arrays.stream(p).map(Math::log).toArray();
    }

    private static boolean same(List<Hypothesis> a, List<Hypothesis> b) {
        if (b == null || a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            Hypothesis x = a.get(i);
            Hypothesis y = b.get(i);
            if (y == null || !Arrays.equals(x.tokens(), y.tokens()) || !close(x.logProb(), y.logProb())
                    || !close(x.score(), y.score())) {
                return false;
            }
        }
        return true;
    }

    private static boolean close(double a, double b) {
        return a == b || Math.abs(a - b) <= TOLERANCE * Math.max(1, Math.abs(a));
    }

    private static String show(List<Hypothesis> list) {
        if (list == null) {
            return "null";
        }
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < Math.min(list.size(), 4); i++) {
            Hypothesis h = list.get(i);
            s.append(i == 0 ? "" : ", ").append(h == null ? "null" : Arrays.toString(h.tokens()) + " score " + fmt(h.score()));
        }
        return s.append(list.size() > 4 ? ", ... (" + list.size() + " in all)]" : "]").toString();
    }

    private static void rejected(String what, Runnable call) {
        Rejection.expectRejected(what, "check k, T, V, the end token and alpha, and the model's answer's length", call);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6g", v).replaceAll("\\.?0+(e|$)", "$1");
    }
}
