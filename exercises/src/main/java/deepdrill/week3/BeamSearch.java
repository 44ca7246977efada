package deepdrill.week3;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Beam search: decode the most likely token sequence from a next-token model, keeping only the
 * {@code beamWidth} best partial sequences at every step.
 *
 * <h2>The idea</h2>
 * A language model or a captioning decoder gives the log-probability of each next token given the
 * tokens so far. The best sequence maximises the sum of those log-probabilities, but there are
 * V^T sequences of length T. Greedy decoding keeps one (the best next token each step) and can
 * miss a sequence whose first token looked worse; beam search keeps the best k partial sequences
 * ("hypotheses") and so explores k paths at a cost of k * V expansions per step. Long sequences
 * add more negative log-probabilities, so raw scores favour short outputs; length normalisation
 * divides by length^alpha to compare lengths fairly (Wu et al., 2016, use a related penalty).
 *
 * <h2>The procedure (the check follows exactly this)</h2>
 * <pre>
 *   live = [ the empty hypothesis, logProb 0 ];  finished = []
 *   for step = 1 .. maxLength, while live is not empty:
 *     candidates = every h in live extended by every token v:  logProb(h) + model(h.tokens)[v]
 *     sort candidates by logProb, highest first; ties: the smaller token sequence first
 *                                         (Arrays.compare on the tokens)
 *     keep the first beamWidth; of those, the ones ending with endToken go to finished,
 *                                         the others are the new live
 *   the live ones left after maxLength steps are finished too (truncated, no end token)
 *   score(h) = logProb(h) / length(h)^alpha      length counts every token, the end token too
 *   return finished sorted by score, highest first; ties: the smaller token sequence first
 * </pre>
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   V          the vocabulary size: tokens are 0 .. V - 1, endToken among them
 *   k          beamWidth, at least 1
 *   T          maxLength, at least 1: no hypothesis has more than T tokens
 *   alpha      the length-normalisation exponent, at least 0 (0: raw log-probabilities)
 *   model      logProbs(prefix) returns V log-probabilities for the token after prefix
 * </pre>
 *
 * <h2>The convention</h2>
 * The end token is part of the hypothesis (the last token) and counts in its length; a finished
 * hypothesis takes one of the k places of its step and is never extended. A bad argument (k or T
 * below 1, V below 1, endToken outside [0, V), alpha negative or NaN, a model that returns an array
 * of another length) throws an {@link IllegalArgumentException}. The model's arrays must not be
 * changed; pass it prefixes it may keep.
 *
 * <h2>What interviewers ask</h2>
 * <ul>
 *   <li>What does k = 1 give? (Greedy decoding.) And k = V^T? (Exhaustive search: the best
 *       sequence overall.)</li>
 *   <li>Why normalise by length? (Each token adds a negative log-probability, so unnormalised
 *       beam search prefers short outputs, often stopping at the end token early.)</li>
 *   <li>Cost per step? (k * V scores and a top-k selection: O(k V log(k V)) with a sort, O(k V)
 *       with a selection; the model's k forward passes usually dominate.)</li>
 *   <li>Why can a larger beam give a worse output? (The "beam search curse": wider beams find
 *       higher-probability but short or generic sequences; normalisation and penalties fight
 *       it.)</li>
 * </ul>
 *
 * @see <a href="https://arxiv.org/abs/1609.08144">Wu et al., Google's Neural Machine Translation
 *      System (2016), section 7: beam search with length normalisation</a>
 */
public final class BeamSearch {

    private BeamSearch() {
    }

    /** A next-token model: log-probabilities of every token after a prefix. */
    public interface NextTokenModel {
        /**
         * @param prefix the tokens so far (empty at the start); the model does not change it
         * @return V log-probabilities, one per token
         */
        double[] logProbs(int[] prefix);
    }

    /**
     * A finished hypothesis.
     *
     * @param tokens  its tokens, the end token last if it has one
     * @param logProb the sum of its tokens' log-probabilities
     * @param score   logProb / tokens.length^alpha
     */
    public record Hypothesis(int[] tokens, double logProb, double score) {
    }

    /**
     * Runs beam search as the class Javadoc states.
     *
     * @return every finished hypothesis, best score first
     */
    public static List<Hypothesis> search(NextTokenModel model, int vocabSize, int endToken, int beamWidth,
            int maxLength, double alpha) {
        // TODO: the live list, the candidates of each step, the top beamWidth, then the scores.
        throw new UnsupportedOperationException("Not implemented yet: BeamSearch.search");
    }
}
