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
        if (queens < 1 || queens > deckSize) {
            throw new IllegalArgumentException("need 1 <= queens <= deckSize, got " + queens + " queens in "
                    + deckSize + " cards");
        }
        // Each non-queen precedes all k queens with probability 1 / (k + 1): it is equally likely to
        // sit in any of the k + 1 gaps they leave.
        return Fraction.of(deckSize - queens, queens + 1L);
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
        checkProbability(p, "p");
        if (p.numerator().signum() == 0 || run < 1) {
            throw new IllegalArgumentException("need 0 < p <= 1 and run >= 1, got p = " + p + ", run = " + run);
        }
        // 1/p^i = (d/n)^i; add them over the common denominator n^run.
        BigInteger n = p.numerator();
        BigInteger d = p.denominator();
        BigInteger sum = BigInteger.ZERO;
        for (int i = 1; i <= run; i++) {
            sum = sum.add(d.pow(i).multiply(n.pow(run - i)));
        }
        return new Fraction(sum, n.pow(run));
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
        if (faces < 1) {
            throw new IllegalArgumentException("need at least one face, got " + faces);
        }
        // With j faces seen, a new one shows with probability (n - j) / n: a geometric wait of n / (n - j).
        Fraction total = Fraction.of(0, 1);
        for (int seen = 0; seen < faces; seen++) {
            total = total.plus(Fraction.of(faces, faces - seen));
        }
        return total;
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
        checkProbability(priorA, "priorA");
        if (redA < 0 || blackA < 0 || redB < 0 || blackB < 0 || draws < 1) {
            throw new IllegalArgumentException("card counts must be >= 0 and draws >= 1");
        }
        Fraction priorB = Fraction.of(1, 1).minus(priorA);
        Fraction joinA = priorA.times(allRed(redA, blackA, draws));
        Fraction joinB = priorB.times(allRed(redB, blackB, draws));
        Fraction evidence = joinA.plus(joinB);
        if (evidence.numerator().signum() == 0) {
            throw new IllegalArgumentException("drawing " + draws + " red cards is impossible here: "
                    + "the posterior is undefined");
        }
        return joinA.dividedBy(evidence);
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
        if (people < 1 || teams < 1 || people % teams != 0) {
            throw new IllegalArgumentException("need teams >= 1 dividing people >= 1, got " + people
                    + " people into " + teams + " teams");
        }
        int size = people / teams;
        // Labelled teams: the multinomial n! / (m!)^t. The t! orders of the same teams count once.
        BigInteger labelled = factorial(people).divide(factorial(size).pow(teams));
        return labelled.divide(factorial(teams));
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
        checkProbability(prior, "prior");
        checkProbability(truthful, "truthful");
        if (friends < 1) {
            throw new IllegalArgumentException("need at least one friend, got " + friends);
        }
        Fraction one = Fraction.of(1, 1);
        Fraction rain = prior.times(truthful.pow(friends));
        Fraction dry = one.minus(prior).times(one.minus(truthful).pow(friends));
        Fraction evidence = rain.plus(dry);
        if (evidence.numerator().signum() == 0) {
            throw new IllegalArgumentException("all friends saying yes is impossible here: the posterior is undefined");
        }
        return rain.dividedBy(evidence);
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
        checkProbability(p, "p");
        if (p.numerator().signum() == 0 || run < 1 || trials < 2) {
            throw new IllegalArgumentException("need 0 < p <= 1, run >= 1 and trials >= 2");
        }
        double success = p.doubleValue();
        double sum = 0;
        double sumSquares = 0;
        for (int t = 0; t < trials; t++) {
            long count = 0;
            int streak = 0;
            while (streak < run) {
                count++;
                streak = random.nextDouble() < success ? streak + 1 : 0;
            }
            sum += count;
            sumSquares += (double) count * count;
        }
        double mean = sum / trials;
        double variance = Math.max(0, (sumSquares - trials * mean * mean) / (trials - 1));
        double standardError = Math.sqrt(variance / trials);
        return new Estimate(mean, standardError, mean - 1.96 * standardError, mean + 1.96 * standardError);
    }

    private static void checkProbability(Fraction value, String name) {
        if (value == null || value.numerator().signum() < 0 || value.numerator().compareTo(value.denominator()) > 0) {
            throw new IllegalArgumentException(name + " must be a probability in [0, 1], got " + value);
        }
    }

    // P(every one of the draws is red), drawn without replacement from one bag.
    private static Fraction allRed(int red, int black, int draws) {
        if (draws > red) {
            return Fraction.of(0, 1);
        }
        Fraction probability = Fraction.of(1, 1);
        for (int i = 0; i < draws; i++) {
            probability = probability.times(Fraction.of(red - i, (long) red + black - i));
        }
        return probability;
    }

    private static BigInteger factorial(int n) {
        BigInteger product = BigInteger.ONE;
        for (int i = 2; i <= n; i++) {
            product = product.multiply(BigInteger.valueOf(i));
        }
        return product;
    }
}
