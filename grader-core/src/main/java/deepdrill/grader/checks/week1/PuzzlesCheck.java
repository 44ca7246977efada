package deepdrill.grader.checks.week1;

import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Inputs;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Rejection;
import deepdrill.week1.Puzzles;
import deepdrill.week1.Puzzles.Estimate;
import deepdrill.week1.Puzzles.Fraction;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * Checks {@code puzzles}. Every exact answer is compared, as a fraction, with {@link PuzzleOracles}:
 * Commons Numbers {@link BigFraction} arithmetic over a tail sum (cards), absorbing Markov chains
 * solved by exact Gaussian elimination (runs of successes, all faces of a die), and brute-force
 * enumeration (card subsets in the two bags, truthful and lying friends, every split of up to 12
 * people into teams, and beyond that the "first person picks their team" recursion). The
 * simulation is held to the chain's exact mean and variance: its estimate within 4.5 true standard
 * errors, its standard error within 10% of {@code sigma / sqrt(trials)}, its interval
 * {@code mean -/+ 1.96 SE}, coverage of the exact value over 100 seeds, and the same answer for the
 * same seed.
 *
 * <p>Covered: the standard deck (48/5) pinned, one queen, a deck of only queens (0), a one-card
 * deck; p = 1 (the wait is exactly the run), p = 1/2 and 1/6 pinned (6 and 6), runs up to 5; one
 * face (1 roll), six faces pinned (147/10), 40 faces (a denominator past a long's range in naive
 * arithmetic); bags of different sizes, a bag with no red card, a bag too small for the draws,
 * priors 0, 1 and uneven; teams of one, one team, 12 into 3 pinned (5775), 40 people; prior 0 and
 * 1, friends who always or never tell the truth, p = 1/2 (the posterior is the prior), six
 * friends; every rejection the Javadoc names (queens 0 or more than the deck, p 0 or above 1,
 * runs, faces, draws, friends or trials below their minimum, negative counts, teams that do not
 * divide, an impossible observation); the simulation with p = 1 (zero spread). Named: the position
 * instead of the cards before, k instead of k + 1 gaps, failures instead of trials, 1/p^r and
 * r/p for runs, the harmonic sum without the factor n, one roll short, the prior left out, pooled
 * red cards, the likelihood returned as the posterior, drawing with replacement, labelled teams,
 * members ordered within teams, "at least one tells the truth", the standard deviation (or
 * sigma / n) as the standard error, z of 1.645 or 2.576 for a 95% interval, another source of
 * randomness than the Random handed in.
 */
@ExerciseCheck
class PuzzlesCheck {

    @Test
    @DisplayName("expected cards before the first queen")
    void cardsBeforeFirstQueen(Random random) {
        List<int[]> cases = new ArrayList<>(List.of(new int[] {52, 4}, new int[] {52, 1}, new int[] {4, 4},
                new int[] {1, 1}, new int[] {10, 3}, new int[] {52, 13}));
        while (cases.size() < 25) {
            int deck = Inputs.between(random, 1, 60);
            cases.add(new int[] {deck, Inputs.between(random, 1, deck)});
        }
        for (int[] c : cases) {
            int n = c[0];
            int k = c[1];
            Fraction actual = Guarded.call(in -> Puzzles.cardsBeforeFirstQueen(n, k));
            assertExact("cardsBeforeFirstQueen(" + n + ", " + k + ")", "a tail sum of P(the first j cards hold no queen)",
                    PuzzleOracles.cardsBeforeFirstQueen(n, k), actual, List.of(
                            Mistake.giving("returned the position of the first queen, (N + 1) / (k + 1): the cards "
                                    + "before it are one fewer, (N - k) / (k + 1).", BigFraction.of(n + 1, k + 1)),
                            Mistake.giving("divided by k: the k queens cut the deck into k + 1 gaps, and each other "
                                    + "card falls in the first with probability 1 / (k + 1).", BigFraction.of(n - k, k))));
        }
        for (int[] bad : new int[][] {{52, 0}, {52, 53}, {5, -1}, {0, 1}}) {
            Rejection.expectRejected("cardsBeforeFirstQueen(" + bad[0] + ", " + bad[1] + ")",
                    "queens must be between 1 and deckSize", () -> Puzzles.cardsBeforeFirstQueen(bad[0], bad[1]));
        }
    }

    @Test
    @DisplayName("trials until a run of successes: rolls until a six, flips until two heads in a row")
    void trialsUntilRun(Random random) {
        // 1/3 with a run of 2 comes before the fair coin's HH: there 1 / p^r and the failures alone both give 4.
        List<Object[]> cases = new ArrayList<>(List.of(new Object[] {1, 6, 1}, new Object[] {1, 3, 2}, new Object[] {1, 2, 2},
                new Object[] {1, 1, 3}, new Object[] {1, 2, 1}, new Object[] {5, 6, 4}, new Object[] {1, 3, 5}));
        while (cases.size() < 20) {
            int den = Inputs.between(random, 2, 10);
            cases.add(new Object[] {Inputs.between(random, 1, den), den, Inputs.between(random, 1, 5)});
        }
        for (Object[] c : cases) {
            BigFraction p = BigFraction.of((int) c[0], (int) c[1]);
            int run = (int) c[2];
            Fraction actual = Guarded.call(in -> Puzzles.trialsUntilRun(in.copy("p", fraction(p)), run));
            BigFraction expected = PuzzleOracles.trialsUntilRun(p, run).mean();
            assertExact("trialsUntilRun(" + p + ", " + run + ")", "first-step analysis of the streak, solved exactly",
                    expected, actual, List.of(
                            Mistake.giving("counted only the failures: the wait counts every trial, the last "
                                    + "success included (rolls until a six is 6, not 5).", expected.subtract(run)),
                            Mistake.giving("treated the run as one event of probability p^r: 1 / p^r ignores that a "
                                    + "failure throws away the streak built so far; solve E_i = 1 + p E_(i+1) + (1 - p) E_0.",
                                    run > 1 ? p.pow(run).reciprocal() : null),
                            Mistake.giving("waited for r separate successes (r / p): a failure resets the streak to 0.",
                                    run > 1 ? p.reciprocal().multiply(run) : null)));
        }
        Rejection.expectRejected("trialsUntilRun(0/1, 1)", "p must be in (0, 1]: with p = 0 the wait never ends",
                () -> Puzzles.trialsUntilRun(Fraction.of(0, 1), 1));
        Rejection.expectRejected("trialsUntilRun(3/2, 1)", "p must be a probability",
                () -> Puzzles.trialsUntilRun(Fraction.of(3, 2), 1));
        Rejection.expectRejected("trialsUntilRun(-1/2, 1)", "p must be a probability",
                () -> Puzzles.trialsUntilRun(Fraction.of(-1, 2), 1));
        Rejection.expectRejected("trialsUntilRun(1/2, 0)", "run must be at least 1",
                () -> Puzzles.trialsUntilRun(Fraction.of(1, 2), 0));
    }

    @Test
    @DisplayName("rolls until every face of a die has shown (coupon collector)")
    void rollsToSeeAllFaces() {
        for (int faces : new int[] {1, 2, 6, 3, 4, 5, 7, 8, 10, 12, 20, 40}) {
            BigFraction expected = PuzzleOracles.rollsToSeeAllFaces(faces).mean();
            BigFraction harmonic = expected.divide(faces);
            Fraction actual = Guarded.call(in -> Puzzles.rollsToSeeAllFaces(faces));
            assertExact("rollsToSeeAllFaces(" + faces + ")", "a Markov chain on the faces seen, solved exactly",
                    expected, actual, List.of(
                            Mistake.giving("summed 1 + 1/2 + ... + 1/n without the factor n: with j faces seen, the "
                                    + "next new face takes n / (n - j) rolls on average.", harmonic),
                            Mistake.giving("left out a roll: the first roll always shows a new face and counts too.",
                                    expected.subtract(1))));
        }
        for (int bad : new int[] {0, -3}) {
            Rejection.expectRejected("rollsToSeeAllFaces(" + bad + ")", "a die needs at least one face",
                    () -> Puzzles.rollsToSeeAllFaces(bad));
        }
    }

    @Test
    @DisplayName("two bags: which bag did the red cards come from (Bayes)")
    void bagPosterior(Random random) {
        List<int[]> cases = new ArrayList<>(List.of(
                // {redA, blackA, redB, blackB, prior numerator, prior denominator, draws}
                new int[] {3, 2, 1, 4, 1, 2, 1}, new int[] {2, 1, 4, 6, 1, 2, 1}, new int[] {2, 1, 4, 6, 1, 5, 1},
                // Two draws from 4 red 2 black and 2 red 3 black: with replacement gives 25/34, not 4/5 (the bags
                // of 5 red 5 black and 3 red 1 black would not tell: both ways give 8/17).
                new int[] {4, 2, 2, 3, 1, 2, 2}, new int[] {5, 5, 3, 1, 2, 3, 2}, new int[] {0, 3, 2, 2, 1, 2, 1},
                new int[] {2, 0, 0, 4, 1, 3, 1}, new int[] {1, 1, 4, 2, 1, 2, 2}, new int[] {3, 1, 3, 5, 0, 1, 1}, new int[] {3, 1, 3, 5, 1, 1, 2},
                new int[] {4, 4, 2, 0, 3, 4, 3}));
        while (cases.size() < 60) {
            int[] c = {Inputs.between(random, 0, 6), Inputs.between(random, 0, 5), Inputs.between(random, 0, 6),
                    Inputs.between(random, 0, 5), 0, Inputs.between(random, 1, 6), Inputs.between(random, 1, 3)};
            c[4] = Inputs.between(random, 0, c[5]);
            BigFraction prior = BigFraction.of(c[4], c[5]);
            boolean possible = !prior.isZero() && c[0] >= c[6] || !prior.isOne() && c[2] >= c[6];
            if (possible) {
                cases.add(c);
            }
        }
        for (int[] c : cases) {
            BigFraction prior = BigFraction.of(c[4], c[5]);
            int draws = c[6];
            String call = String.format(Locale.ROOT, "bagPosterior(%d, %d, %d, %d, %s, %d)", c[0], c[1], c[2], c[3],
                    prior, draws);
            Fraction actual = Guarded.call(in -> Puzzles.bagPosterior(c[0], c[1], c[2], c[3],
                    in.copy("priorA", fraction(prior)), draws));
            BigFraction likelihoodA = likelihood(c[0], c[1], draws);
            BigFraction likelihoodB = likelihood(c[2], c[3], draws);
            BigFraction withReplacementA = BigFraction.of(c[0], Math.max(1, c[0] + c[1])).pow(draws);
            BigFraction withReplacementB = BigFraction.of(c[2], Math.max(1, c[2] + c[3])).pow(draws);
            assertExact(call, "Bayes' rule over every draw of " + draws + " card(s), enumerated",
                    PuzzleOracles.bagPosterior(c[0], c[1], c[2], c[3], prior, draws), actual, List.of(
                            new Mistake<>("left out the prior: P(A | red) weighs P(red | A) by P(A) before normalising.",
                                    () -> normalised(likelihoodA, likelihoodB, BigFraction.of(1, 2))),
                            new Mistake<>("pooled the red cards of both bags: a red card of the smaller bag is more "
                                    + "likely to be drawn, so compare P(red | A) P(A) with P(red | B) P(B).",
                                    () -> draws == 1 && c[0] + c[2] > 0 ? BigFraction.of(c[0], c[0] + c[2]) : null),
                            Mistake.giving("returned the likelihood P(all red | A) instead of the posterior "
                                    + "P(A | all red).", likelihoodA),
                            new Mistake<>("drew with replacement: the cards drawn stay out of the bag, so the "
                                    + "chance of red changes from draw to draw.",
                                    () -> draws > 1 ? normalised(withReplacementA, withReplacementB, prior) : null)));
        }
        Rejection.expectRejected("bagPosterior(0, 3, 0, 2, 1/2, 1)", "no bag holds a red card: the observation is "
                + "impossible", () -> Puzzles.bagPosterior(0, 3, 0, 2, Fraction.of(1, 2), 1));
        Rejection.expectRejected("bagPosterior(1, 3, 0, 2, 0/1, 1)", "bag A is never picked and B has no red card",
                () -> Puzzles.bagPosterior(1, 3, 0, 2, Fraction.of(0, 1), 1));
        Rejection.expectRejected("bagPosterior(-1, 3, 2, 2, 1/2, 1)", "card counts cannot be negative",
                () -> Puzzles.bagPosterior(-1, 3, 2, 2, Fraction.of(1, 2), 1));
        Rejection.expectRejected("bagPosterior(1, 3, 2, 2, 1/2, 0)", "draws must be at least 1",
                () -> Puzzles.bagPosterior(1, 3, 2, 2, Fraction.of(1, 2), 0));
        Rejection.expectRejected("bagPosterior(1, 3, 2, 2, 3/2, 1)", "priorA must be a probability",
                () -> Puzzles.bagPosterior(1, 3, 2, 2, Fraction.of(3, 2), 1));
    }

    @Test
    @DisplayName("ways to split people into unlabelled teams of equal size")
    void teamSplits() {
        int[][] small = {{12, 3}, {4, 2}, {6, 3}, {8, 4}, {9, 3}, {10, 5}, {12, 2}, {12, 4}, {12, 6}, {12, 12},
            {12, 1}, {1, 1}, {6, 2}};
        int[][] large = {{40, 4}, {30, 5}, {24, 8}, {20, 10}};
        List<int[]> cases = new ArrayList<>(List.of(small));
        cases.addAll(List.of(large));
        for (int[] c : cases) {
            int n = c[0];
            int t = c[1];
            boolean enumerated = n <= 12;
            BigInteger expected = enumerated ? BigInteger.valueOf(PuzzleOracles.enumerateTeamSplits(n, t))
                    : PuzzleOracles.teamSplitsByRecursion(n, t);
            BigInteger actual = Guarded.call(in -> Puzzles.teamSplits(n, t));
            if (expected.equals(actual)) {
                continue;
            }
            BigInteger orders = factorial(t);
            String diagnosis = Mistake.matching(wrong -> wrong.equals(actual), List.of(
                    Mistake.giving("counted labelled teams: swapping two whole teams gives the same split, so "
                            + "divide by t! (the orders of the teams).", expected.multiply(orders)),
                    Mistake.giving("divided by t instead of t!: the t teams can be listed in t! orders.",
                            t > 2 ? expected.multiply(orders).divide(BigInteger.valueOf(t)) : null),
                    Mistake.giving("counted the members of each team in order: n! / t! lines everyone up; a team "
                            + "of m is the same team in all m! of its orders.",
                            factorial(n).divide(orders))));
            throw new AssertionFailedError(diagnosis + "teamSplits(" + n + ", " + t + "): expected " + expected + " ("
                    + (enumerated ? "every split enumerated" : "the first person left picks their teammates, "
                    + "recursively") + "), got " + actual);
        }
        for (int[] bad : new int[][] {{12, 5}, {0, 1}, {12, 0}, {-4, 2}}) {
            Rejection.expectRejected("teamSplits(" + bad[0] + ", " + bad[1] + ")", "teams must divide people, both at "
                    + "least 1", () -> Puzzles.teamSplits(bad[0], bad[1]));
        }
    }

    @Test
    @DisplayName("three friends in London: is it raining, given that all say yes")
    void rainGivenAllYes(Random random) {
        List<int[]> cases = new ArrayList<>(List.of(
                // {prior num, prior den, truthful num, truthful den, friends}
                new int[] {1, 4, 2, 3, 3}, new int[] {1, 2, 2, 3, 3}, new int[] {1, 3, 3, 4, 1}, new int[] {0, 1, 2, 3, 3},
                new int[] {1, 1, 2, 3, 3}, new int[] {1, 5, 1, 2, 4}, new int[] {2, 7, 1, 1, 2}, new int[] {2, 7, 0, 1, 2},
                new int[] {1, 10, 9, 10, 6}, new int[] {3, 5, 1, 4, 3}));
        while (cases.size() < 30) {
            int pd = Inputs.between(random, 1, 8);
            int td = Inputs.between(random, 1, 8);
            cases.add(new int[] {Inputs.between(random, 1, pd - 1 < 1 ? 1 : pd - 1), pd,
                Inputs.between(random, 0, td), td, Inputs.between(random, 1, 6)});
        }
        for (int[] c : cases) {
            BigFraction prior = BigFraction.of(c[0], c[1]);
            BigFraction truthful = BigFraction.of(c[2], c[3]);
            int k = c[4];
            BigFraction rain = prior.multiply(truthful.pow(k));
            BigFraction dry = BigFraction.ONE.subtract(prior).multiply(BigFraction.ONE.subtract(truthful).pow(k));
            if (rain.add(dry).isZero()) {
                continue;
            }
            String call = "rainGivenAllYes(" + prior + ", " + truthful + ", " + k + ")";
            Fraction actual = Guarded.call(in -> Puzzles.rainGivenAllYes(in.copy("prior", fraction(prior)),
                    in.copy("truthful", fraction(truthful)), k));
            BigFraction lies = BigFraction.ONE.subtract(truthful).pow(k);
            assertExact(call, "every world (rain or not, who lies) enumerated", PuzzleOracles.rainGivenAllYes(prior,
                    truthful, k), actual, List.of(
                            new Mistake<>("left out the prior: P(rain | all yes) = q p^k / (q p^k + (1 - q) (1 - p)^k); "
                                    + "without q the question has no answer.",
                                    () -> normalised(truthful.pow(k), lies, BigFraction.of(1, 2))),
                            Mistake.giving("computed the chance that at least one friend tells the truth, 1 - (1 - p)^k: "
                                    + "that is not the probability of rain given what they said.",
                                    BigFraction.ONE.subtract(lies)),
                            Mistake.giving("returned the likelihood p^k = P(all yes | rain) instead of the posterior.",
                                    truthful.pow(k))));
        }
        Rejection.expectRejected("rainGivenAllYes(0/1, 1/1, 3)", "it never rains and nobody lies: nobody can say "
                + "yes", () -> Puzzles.rainGivenAllYes(Fraction.of(0, 1), Fraction.of(1, 1), 3));
        Rejection.expectRejected("rainGivenAllYes(-1/3, 2/3, 3)", "prior must be a probability",
                () -> Puzzles.rainGivenAllYes(Fraction.of(-1, 3), Fraction.of(2, 3), 3));
        Rejection.expectRejected("rainGivenAllYes(1/4, 4/3, 3)", "truthful must be a probability",
                () -> Puzzles.rainGivenAllYes(Fraction.of(1, 4), Fraction.of(4, 3), 3));
        Rejection.expectRejected("rainGivenAllYes(1/4, 2/3, 0)", "friends must be at least 1",
                () -> Puzzles.rainGivenAllYes(Fraction.of(1, 4), Fraction.of(2, 3), 0));
    }

    @Test
    @DisplayName("Monte-Carlo estimate of the wait, with its 95% interval")
    void simulateTrialsUntilRun(Random random) {
        int trials = 20_000;
        for (int[] c : new int[][] {{1, 6, 1}, {1, 2, 2}, {3, 4, 3}, {1, 1, 2}}) {
            BigFraction p = BigFraction.of(c[0], c[1]);
            int run = c[2];
            PuzzleOracles.Moments moments = PuzzleOracles.trialsUntilRun(p, run);
            double mean = moments.mean().doubleValue();
            double sigma = Math.sqrt(moments.variance().doubleValue());
            double trueSe = sigma / Math.sqrt(trials);
            long seed = random.nextLong();
            String call = "simulateTrialsUntilRun(" + p + ", " + run + ", new Random(" + seed + "), " + trials + ")";
            Estimate e = simulate(p, run, seed, trials);
            if (e == null) {
                throw new AssertionFailedError(call + ": expected an Estimate, got null");
            }
            double halfWidth = (e.upper() - e.lower()) / 2;
            if (!(Math.abs(e.mean() - mean) <= 4.5 * trueSe + 1e-12)) {
                throw new AssertionFailedError(String.format(Locale.ROOT, "%s: the estimate %.5f is %.1f standard "
                        + "errors from the exact mean %s = %.5f (more than 4.5 happens once in 100,000 runs): simulate "
                        + "the wait as the Javadoc says, counting every trial up to the last success", call, e.mean(),
                        Math.abs(e.mean() - mean) / trueSe, moments.mean(), mean));
            }
            if (sigma == 0 ? e.standardError() != 0 : !(Math.abs(e.standardError() / trueSe - 1) <= 0.1)) {
                String diagnosis = Mistake.matching(wrong -> Math.abs(e.standardError() / wrong - 1) <= 0.1, List.of(
                        Mistake.giving("returned the standard deviation of one wait as the standard error: the "
                                + "mean of n waits spreads sigma / sqrt(n).", sigma),
                        Mistake.giving("divided by n instead of sqrt(n): the standard error is s / sqrt(n).",
                                sigma / trials),
                        Mistake.giving("returned the variance over n: take its square root, s / sqrt(n).",
                                sigma * sigma / trials)));
                throw new AssertionFailedError(String.format(Locale.ROOT, "%s%s: standard error expected about %.5g "
                        + "(sigma / sqrt(trials), sigma = %.5g from the exact variance), got %.5g", diagnosis, call,
                        trueSe, sigma, e.standardError()));
            }
            if (!close(e.lower(), e.mean() - 1.96 * e.standardError())
                    || !close(e.upper(), e.mean() + 1.96 * e.standardError())) {
                double z = e.standardError() == 0 ? Double.NaN : halfWidth / e.standardError();
                String diagnosis = Mistake.matching(wrong -> Math.abs(z - wrong) < 1e-3, List.of(
                        Mistake.giving("used z = 1.645: that is a 90% two-sided interval; 95% takes 1.96.", 1.645),
                        Mistake.giving("used z = 2.576: that is a 99% interval; 95% takes 1.96.", 2.576),
                        Mistake.giving("used mean -/+ one standard error: that covers about 68%; 95% takes 1.96.",
                                1.0)));
                throw new AssertionFailedError(String.format(Locale.ROOT, "%s%s: expected the interval mean -/+ 1.96 "
                        + "SE = [%.6f, %.6f], got [%.6f, %.6f]", diagnosis, call, e.mean() - 1.96 * e.standardError(),
                        e.mean() + 1.96 * e.standardError(), e.lower(), e.upper()));
            }
            Estimate again = simulate(p, run, seed, trials);
            if (!e.equals(again)) {
                throw new AssertionFailedError("Looks like you used a source of randomness other than the Random "
                        + "handed in (Math.random, a new Random): the same seed must give the same estimate.\n" + call
                        + " gave " + e + " once and " + again + " the second time");
            }
        }
        checkCoverage(random);
        Rejection.expectRejected("simulateTrialsUntilRun(1/2, 2, random, 1)", "trials must be at least 2 for a "
                + "standard error", () -> Puzzles.simulateTrialsUntilRun(Fraction.of(1, 2), 2, new Random(1), 1));
        Rejection.expectRejected("simulateTrialsUntilRun(0/1, 1, random, 100)", "p must be in (0, 1]",
                () -> Puzzles.simulateTrialsUntilRun(Fraction.of(0, 1), 1, new Random(1), 100));
        Rejection.expectRejected("simulateTrialsUntilRun(1/2, 0, random, 100)", "run must be at least 1",
                () -> Puzzles.simulateTrialsUntilRun(Fraction.of(1, 2), 0, new Random(1), 100));
    }

    /** 100 small simulations: their 95% intervals must hold the exact mean about 95 times. */
    private static void checkCoverage(Random random) {
        BigFraction p = BigFraction.of(1, 2);
        int run = 2;
        int trials = 400;
        double exact = PuzzleOracles.trialsUntilRun(p, run).mean().doubleValue();
        int covered = 0;
        int runs = 100;
        for (int i = 0; i < runs; i++) {
            Estimate e = simulate(p, run, random.nextLong(), trials);
            if (e.lower() <= exact && exact <= e.upper()) {
                covered++;
            }
        }
        // Binomial(100, ~0.94): below 85 or above 99 is more than 3.5 standard deviations away.
        if (covered < 85 || covered > 99) {
            throw new AssertionFailedError("simulateTrialsUntilRun(1/2, 2, ..., " + trials + "): over " + runs
                    + " seeds the 95% interval held the exact mean " + exact + " " + covered + " times; expected "
                    + "about 95 (between 85 and 99)");
        }
    }

    private static Estimate simulate(BigFraction p, int run, long seed, int trials) {
        return Guarded.call(in -> Puzzles.simulateTrialsUntilRun(in.copy("p", fraction(p)), run, new Random(seed),
                trials));
    }

    private static boolean close(double a, double b) {
        return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
    }

    private static void assertExact(String call, String source, BigFraction expected, Fraction actual,
                                    List<Mistake<BigFraction>> mistakes) {
        if (actual == null) {
            throw new AssertionFailedError(call + ": expected " + expected + " (" + source + "), got null");
        }
        BigFraction got = BigFraction.of(actual.numerator(), actual.denominator());
        if (got.equals(expected)) {
            return;
        }
        String diagnosis = Mistake.matching(wrong -> wrong.equals(got), mistakes);
        throw new AssertionFailedError(String.format(Locale.ROOT, "%s%s: expected %s = %.6g (%s), got %s = %.6g",
                diagnosis, call, expected, expected.doubleValue(), source, got, got.doubleValue()));
    }

    private static BigFraction likelihood(int red, int black, int draws) {
        BigFraction value = BigFraction.ONE;
        for (int i = 0; i < draws; i++) {
            if (red - i <= 0) {
                return BigFraction.ZERO;
            }
            value = value.multiply(BigFraction.of(red - i, red + black - i));
        }
        return value;
    }

    /** {@code a q / (a q + b (1 - q))}, or null when that is 0 / 0. */
    private static BigFraction normalised(BigFraction a, BigFraction b, BigFraction q) {
        BigFraction joint = a.multiply(q);
        BigFraction total = joint.add(b.multiply(BigFraction.ONE.subtract(q)));
        return total.isZero() ? null : joint.divide(total);
    }

    private static Fraction fraction(BigFraction f) {
        return new Fraction(f.getNumerator(), f.getDenominator());
    }

    private static BigInteger factorial(int n) {
        BigInteger product = BigInteger.ONE;
        for (int i = 2; i <= n; i++) {
            product = product.multiply(BigInteger.valueOf(i));
        }
        return product;
    }

}
