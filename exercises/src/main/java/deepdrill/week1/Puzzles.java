package deepdrill.week1;

import java.math.BigInteger;
import java.util.Random;

/**
 * The probability puzzles of a quant or ML screening round, each answered exactly (as a fraction,
 * or a count) and one of them also by a seeded Monte-Carlo simulation with a 95% interval.
 *
 * <h2>The idea</h2>
 * Most of these puzzles fall to three tools. Linearity of expectation: a count is a sum of
 * indicators, and {@code E[sum] = sum E[indicator]} whether or not they are independent. First-step
 * analysis: write the expected waiting time from each state in terms of the states one step later
 * and solve the linear equations (a Markov chain). Bayes' rule: {@code P(H | E) = P(E | H) P(H) /
 * P(E)}, with {@code P(E)} summed over every hypothesis. Counting puzzles are "count the labelled
 * arrangements, then divide by the symmetries you do not distinguish".
 *
 * <h2>Formula</h2>
 * <pre>
 *   cards before the first queen   N cards, k queens:  E = (N - k) / (k + 1)
 *       (each of the N - k other cards comes before all k queens with probability 1 / (k + 1));
 *       the position of the first queen is one more: (N + 1) / (k + 1). A 52-card deck: 48/5 = 9.6.
 *   trials until r successes in a row, success probability p:
 *       E = 1/p + 1/p^2 + ... + 1/p^r = (1 - p^r) / ((1 - p) p^r)
 *       r = 1 is the geometric distribution: rolls until a six, E = 6 (counting the six itself);
 *       p = 1/2, r = 2: flips until two heads in a row, E = 2 + 4 = 6.
 *   all n faces of a die (coupon collector): E = n (1 + 1/2 + ... + 1/n) = n H_n; six faces: 147/10
 *       (with j faces seen, the next new face takes a geometric n / (n - j) rolls).
 *   two bags (Bayes): P(A | all red) = P(red | A) P(A) / (P(red | A) P(A) + P(red | B) P(B))
 *   teams: n people into t unlabelled teams of m = n / t:  n! / ((m!)^t t!); 12 into 3 of 4: 5775.
 *   friends: P(rain | k yes) = q p^k / (q p^k + (1 - q) (1 - p)^k); q = 1/4, p = 2/3, k = 3: 8/11.
 * </pre>
 *
 * <h2>Symbols</h2>
 * <pre>
 *   N  cards in the deck       k  queens (or the target cards) in it
 *   p  probability of success in one trial, of a friend telling the truth
 *   r  the run of successes waited for       n  faces of the die
 *   q  the prior probability (of rain, of bag A)
 *   Fraction  an exact rational number, always in lowest terms with a positive denominator
 * </pre>
 *
 * <h2>The convention</h2>
 * Waiting times count every trial, the last (successful) one included: "rolls until a six" is 6,
 * not the 5 failures before it. "Cards before the first queen" counts the cards strictly before
 * it, not its position. Teams are unlabelled (swapping two whole teams gives the same split), and
 * every team has the same size. The two-bags puzzle is stated exactly at
 * {@link #bagPosterior}; the friends puzzle at {@link #rainGivenAllYes}. Arguments outside the
 * stated ranges are rejected with an {@link IllegalArgumentException}. The inputs must not change.
 *
 * <h2>What interviewers ask</h2>
 * "Expected cards before the first ace?" (48/5: the 48 others each precede all 4 aces with
 * probability 1/5). "Flips until HH, and until HT?" (6 and 4: HT cannot be spoiled by an extra
 * head, HH is reset by a tail). "Rolls to see all six faces?" (14.7; grows as n ln n). "Three
 * friends each lie with probability 1/3 and all say it rains; P(rain)?" (it depends on the prior:
 * without one the question has no answer; with q = 1/4, 8/11). "How many ways to split 12 people
 * into 3 teams of 4?" (5775; 34650 if the teams are labelled). "How many simulations for two
 * decimals?" (the standard error is sigma / sqrt(trials): each extra digit costs 100 times the
 * trials).
 *
 * @see <a href="https://www.probabilitycourse.com/chapter11/11_2_5_using_the_law_of_total_probability_with_recursion.php">
 *      First-step analysis for Markov chains (H. Pishro-Nik, Introduction to Probability)</a>
 * @see <a href="https://en.wikipedia.org/wiki/Coupon_collector%27s_problem">Coupon collector's problem</a>
 */
public final class Puzzles {

    private Puzzles() {
    }

    /**
     * An exact rational number, always in lowest terms with a positive denominator: the canonical
     * constructor reduces it, so two equal fractions are {@code equals}.
     *
     * @param numerator   the numerator, any sign
     * @param denominator the denominator, not zero (a negative one moves its sign to the numerator)
     */
    public record Fraction(BigInteger numerator, BigInteger denominator) {

        /** Reduces the fraction; rejects a zero denominator. */
        public Fraction {
            if (numerator == null || denominator == null || denominator.signum() == 0) {
                throw new IllegalArgumentException("a fraction needs a numerator and a non-zero denominator");
            }
            BigInteger gcd = numerator.gcd(denominator);
            if (denominator.signum() < 0) {
                gcd = gcd.negate();
            }
            if (gcd.signum() != 0) {
                numerator = numerator.divide(gcd);
                denominator = denominator.divide(gcd);
            }
        }

        /** The fraction {@code numerator / denominator}. */
        public static Fraction of(long numerator, long denominator) {
            return new Fraction(BigInteger.valueOf(numerator), BigInteger.valueOf(denominator));
        }

        /** {@code this + other}. */
        public Fraction plus(Fraction other) {
            return new Fraction(numerator.multiply(other.denominator).add(other.numerator.multiply(denominator)),
                    denominator.multiply(other.denominator));
        }

        /** {@code this - other}. */
        public Fraction minus(Fraction other) {
            return plus(new Fraction(other.numerator.negate(), other.denominator));
        }

        /** {@code this * other}. */
        public Fraction times(Fraction other) {
            return new Fraction(numerator.multiply(other.numerator), denominator.multiply(other.denominator));
        }

        /** {@code this / other}; rejects a zero {@code other}. */
        public Fraction dividedBy(Fraction other) {
            return new Fraction(numerator.multiply(other.denominator), denominator.multiply(other.numerator));
        }

        /** {@code this} to the power {@code exponent}, at least 0. */
        public Fraction pow(int exponent) {
            return new Fraction(numerator.pow(exponent), denominator.pow(exponent));
        }

        /** The nearest double (up to a rounding or two). */
        public double doubleValue() {
            return new java.math.BigDecimal(numerator).divide(new java.math.BigDecimal(denominator),
                    java.math.MathContext.DECIMAL64).doubleValue();
        }

        @Override
        public String toString() {
            return numerator + "/" + denominator;
        }
    }

    /**
     * A Monte-Carlo estimate with its 95% confidence interval.
     *
     * @param mean          the mean of the simulated values
     * @param standardError the sample standard deviation (divisor trials - 1) over sqrt(trials)
     * @param lower         {@code mean - 1.96 * standardError}
     * @param upper         {@code mean + 1.96 * standardError}
     */
    public record Estimate(double mean, double standardError, double lower, double upper) {
    }

    /**
     * The expected number of cards dealt before the first queen, from a well-shuffled deck of
     * {@code deckSize} cards that holds {@code queens} queens.
     *
     * @param deckSize the cards in the deck, N, at least 1
     * @param queens   the queens in it, k, from 1 to {@code deckSize}
     * @return {@code (N - k) / (k + 1)}: 48/5 for a standard deck
     * @throws IllegalArgumentException when {@code queens} is not in {@code [1, deckSize]}
     */
    public static Fraction cardsBeforeFirstQueen(int deckSize, int queens) {
        // TODO: Linearity of expectation: one indicator per non-queen card ("does it come before every queen?").
        throw new UnsupportedOperationException("Not implemented yet: Puzzles.cardsBeforeFirstQueen");
    }

    /**
     * The expected number of independent trials, each a success with probability {@code p}, until
     * {@code run} successes in a row have been seen, counting every trial up to and including the
     * last success. Rolls until a six: {@code p = 1/6, run = 1} (6). Flips of a fair coin until two
     * heads in a row: {@code p = 1/2, run = 2} (6).
     *
     * @param p   the probability of success, in {@code (0, 1]}
     * @param run the successes in a row waited for, at least 1
     * @return {@code 1/p + 1/p^2 + ... + 1/p^run}
     * @throws IllegalArgumentException when {@code p} is not in {@code (0, 1]} or {@code run < 1}
     */
    public static Fraction trialsUntilRun(Fraction p, int run) {
        // TODO: First-step analysis: E_i = 1 + p E_(i+1) + (1 - p) E_0 for a streak of i, E_run = 0; or the closed form.
        throw new UnsupportedOperationException("Not implemented yet: Puzzles.trialsUntilRun");
    }

    /**
     * The expected number of rolls of a fair {@code faces}-sided die until every face has shown at
     * least once (the coupon collector's problem).
     *
     * @param faces the faces of the die, n, at least 1
     * @return {@code n (1 + 1/2 + ... + 1/n)}: 147/10 for six faces
     * @throws IllegalArgumentException when {@code faces < 1}
     */
    public static Fraction rollsToSeeAllFaces(int faces) {
        // TODO: Add the geometric waits for the first, second, ..., n-th new face.
        throw new UnsupportedOperationException("Not implemented yet: Puzzles.rollsToSeeAllFaces");
    }

    /**
     * The two bags. Bag A holds {@code redA} red and {@code blackA} black cards, bag B holds
     * {@code redB} red and {@code blackB} black cards. A bag is picked, A with probability
     * {@code priorA} and B otherwise, and {@code draws} cards are drawn from it at random without
     * replacement. All of them are red. What is the probability that the bag was A?
     *
     * <p>{@code P(all red | A) = C(redA, draws) / C(redA + blackA, draws)} (0 when the bag has
     * fewer red cards than draws), and the same for B; Bayes' rule weighs each by its prior.
     *
     * @param redA   red cards in bag A, at least 0
     * @param blackA black cards in bag A, at least 0
     * @param redB   red cards in bag B, at least 0
     * @param blackB black cards in bag B, at least 0
     * @param priorA the probability of picking bag A, in {@code [0, 1]}
     * @param draws  the cards drawn, at least 1
     * @return {@code P(A | all red)}
     * @throws IllegalArgumentException when a count is negative, {@code draws < 1}, {@code priorA}
     *                                  is not a probability, or drawing only red cards is impossible
     *                                  (a bag too small for the draws is merely never the answer)
     */
    public static Fraction bagPosterior(int redA, int blackA, int redB, int blackB, Fraction priorA, int draws) {
        // TODO: P(all red | bag) for each bag (a product of red / remaining), times its prior; normalise.
        throw new UnsupportedOperationException("Not implemented yet: Puzzles.bagPosterior");
    }

    /**
     * The number of ways to split {@code people} people into {@code teams} unlabelled teams of
     * equal size: 5775 for 12 people in 3 teams of four.
     *
     * @param people the people, at least 1
     * @param teams  the teams, at least 1, dividing {@code people}
     * @return {@code n! / ((m!)^t t!)} with {@code m = n / t}
     * @throws IllegalArgumentException when {@code people < 1}, {@code teams < 1}, or the teams
     *                                  cannot all have the same size
     */
    public static BigInteger teamSplits(int people, int teams) {
        // TODO: Count labelled teams with a multinomial, then divide by the orders of the teams.
        throw new UnsupportedOperationException("Not implemented yet: Puzzles.teamSplits");
    }

    /**
     * The friends in London. It rains in London with prior probability {@code prior}. You ask
     * {@code friends} friends there, independently, whether it is raining; each tells the truth
     * with probability {@code truthful} and lies otherwise. All of them say yes. What is the
     * probability that it is raining?
     *
     * @param prior    the prior probability of rain, q, in {@code [0, 1]}
     * @param truthful the probability that a friend tells the truth, p, in {@code [0, 1]}
     * @param friends  the friends asked, k, at least 1
     * @return {@code q p^k / (q p^k + (1 - q) (1 - p)^k)}: 8/11 for q = 1/4, p = 2/3, k = 3
     * @throws IllegalArgumentException when a probability is outside {@code [0, 1]},
     *                                  {@code friends < 1}, or all saying yes is impossible
     */
    public static Fraction rainGivenAllYes(Fraction prior, Fraction truthful, int friends) {
        // TODO: P(all yes | rain) = p^k, P(all yes | dry) = (1 - p)^k; weigh each by its prior and normalise.
        throw new UnsupportedOperationException("Not implemented yet: Puzzles.rainGivenAllYes");
    }

    /**
     * Simulates {@link #trialsUntilRun}: {@code trials} times, draws trials (a success when
     * {@code random.nextDouble() < p}) until {@code run} successes in a row and records how many
     * it took; returns their mean with its 95% normal-approximation interval.
     *
     * @param p      the probability of success, in {@code (0, 1]}
     * @param run    the successes in a row waited for, at least 1
     * @param random the only source of randomness, so that a seed reproduces the estimate
     * @param trials the simulated waits, at least 2
     * @return the mean wait, its standard error {@code s / sqrt(trials)} (s with divisor trials - 1)
     *         and the interval {@code mean -/+ 1.96 * standardError}
     * @throws IllegalArgumentException when {@code p} is not in {@code (0, 1]}, {@code run < 1} or
     *                                  {@code trials < 2}
     */
    public static Estimate simulateTrialsUntilRun(Fraction p, int run, Random random, int trials) {
        // TODO: Loop trials times; count draws until the streak reaches run; then mean, s / sqrt(trials), mean -/+ 1.96 SE.
        throw new UnsupportedOperationException("Not implemented yet: Puzzles.simulateTrialsUntilRun");
    }
}
