package deepdrill.week1;

/**
 * Information theory for ML: entropy, Gini impurity, the information gain of a split,
 * cross-entropy, and the Kullback-Leibler and Jensen-Shannon divergences of discrete distributions.
 *
 * <h2>The idea</h2>
 * Entropy measures how uncertain an outcome is: the average number of bits (yes/no questions) an
 * optimal code needs per outcome. A decision tree picks the split whose children are purest, by
 * entropy (information gain, ID3/C4.5) or by Gini impurity (CART). Cross-entropy is the cost of
 * coding data from p with a code built for q, the loss of every classifier; KL divergence is its
 * excess over the entropy; Jensen-Shannon is a symmetric, bounded version of KL (the original GAN
 * objective).
 *
 * <h2>Formulas</h2>
 * <pre>
 *   H(p)       = - sum_i p_i log_b p_i
 *   Gini(p)    = 1 - sum_i p_i^2                       (p_i = n_i / n from counts)
 *   IG         = H(parent) - sum_j (n_j / n) H(child_j)  (children weighted by their size)
 *   H(p, q)    = - sum_i p_i log_b q_i                  = H(p) + KL(p || q)
 *   KL(p || q) =   sum_i p_i log_b (p_i / q_i)          (not symmetric: p is the data, q the model)
 *   JS(p, q)   = KL(p || m) / 2 + KL(q || m) / 2,  m = (p + q) / 2    (0 &lt;= JS &lt;= log_b 2)
 * </pre>
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   p, q       double[K]      probabilities, each in [0, 1], summing to 1 (within 1e-9)
 *   counts     long[K]        class counts, at least 0, not all 0
 *   children   long[J][K]     children[j][k]: samples of class k in child j of a split
 *   base       double         the logarithm's base: 2 (bits), e (nats, Math.E), 10 (hartleys)
 * </pre>
 *
 * <h2>The convention</h2>
 * Every result is in the base passed ({@code log_b x = ln x / ln b}); a fair coin has entropy 1
 * bit = ln 2 nats. 0 log 0 = 0 (the limit of p log p), so outcomes of probability 0 contribute
 * nothing, in H, H(p, q) and KL (a term with p_i = 0 is 0 whatever q_i). Where p_i &gt; 0 and
 * q_i = 0, H(p, q) and KL(p || q) are +infinity (q says impossible what happens). Distributions
 * are not normalised for you: probabilities that do not sum to 1 (within 1e-9), a negative, NaN or
 * infinite entry, an empty array, arrays of different lengths, counts that are negative or all
 * 0, a split whose children are ragged or hold no sample at all, and a base that is not finite,
 * &gt; 0 and != 1, are refused with an {@link IllegalArgumentException}. A child with no samples is
 * allowed (its weight is 0). Inputs are only read.
 *
 * <h2>What interviewers ask</h2>
 * "Entropy of a fair coin? Of a fair die?" (1 bit; log2 6 = 2.585 bits). "Maximum entropy over K
 * outcomes?" (log K, the uniform distribution). "Gini or entropy for a tree?" (nearly always the
 * same split; Gini needs no log and is a little faster). "Is KL a distance?" (no: not symmetric,
 * no triangle inequality). "Why does minimising cross-entropy fit the model?" (H(p) is fixed, so it
 * minimises KL(p || q)). "Forward or reverse KL?" (KL(p || q) is mean-seeking, covers every mode of
 * p; KL(q || p) is mode-seeking). "Why Jensen-Shannon?" (symmetric, always finite, bounded by 1
 * bit).
 *
 * @see <a href="https://en.wikipedia.org/wiki/Entropy_(information_theory)">Entropy (information theory)</a>
 * @see <a href="https://en.wikipedia.org/wiki/Kullback%E2%80%93Leibler_divergence">Kullback-Leibler divergence</a>
 * @see <a href="https://scikit-learn.org/stable/modules/tree.html#classification-criteria">scikit-learn,
 *      decision trees' classification criteria</a>
 */
public final class InfoTheory {

    private InfoTheory() {
    }

    /**
     * The entropy of a distribution.
     *
     * @param p    probabilities summing to 1; not modified
     * @param base the logarithm's base
     * @return H(p) in that base, at least 0
     * @throws IllegalArgumentException if p is not a distribution or the base is not valid
     */
    public static double entropy(double[] p, double base) {
        double lnBase = logOfBase(base);
        requireDistribution(p, "p");
        double h = 0;
        for (double pi : p) {
            if (pi > 0) {
                h -= pi * Math.log(pi);
            }
        }
        return h / lnBase;
    }

    /**
     * The entropy of the distribution of class counts (p_k = counts_k / n).
     *
     * @param counts counts, at least 0, not all 0; not modified
     * @param base   the logarithm's base
     * @return H in that base
     * @throws IllegalArgumentException if a count is negative, all are 0, or the base is not valid
     */
    public static double entropyOfCounts(long[] counts, double base) {
        double lnBase = logOfBase(base);
        double n = total(counts, "counts");
        double h = 0;
        for (long c : counts) {
            if (c > 0) {
                double pk = c / n;
                h -= pk * Math.log(pk);
            }
        }
        return h / lnBase;
    }

    /**
     * The Gini impurity of class counts: the chance that two samples drawn with replacement differ in class.
     *
     * @param counts counts, at least 0, not all 0; not modified
     * @return 1 - sum p_k^2, in [0, 1 - 1/K]
     * @throws IllegalArgumentException if a count is negative or all are 0
     */
    public static double gini(long[] counts) {
        double n = total(counts, "counts");
        double sumSq = 0;
        for (long c : counts) {
            double pk = c / n;
            sumSq += pk * pk;
        }
        return 1 - sumSq;
    }

    /**
     * The information gain of a split: the parent's entropy less its children's, weighted by size.
     *
     * @param children children[j][k] = samples of class k in child j (the parent is their sum);
     *                 at least one child, all of the same length, counts at least 0, at least one sample; not modified
     * @param base     the logarithm's base
     * @return H(parent) - sum_j (n_j / n) H(child_j), at least 0
     * @throws IllegalArgumentException if the split breaks those rules or the base is not valid
     */
    public static double informationGain(long[][] children, double base) {
        logOfBase(base);
        if (children == null || children.length == 0) {
            throw new IllegalArgumentException("a split needs at least one child");
        }
        int classes = children[0].length;
        long[] parent = new long[classes];
        for (int j = 0; j < children.length; j++) {
            if (children[j].length != classes) {
                throw new IllegalArgumentException("child " + j + " has " + children[j].length + " classes, child 0 has "
                        + classes);
            }
            for (int k = 0; k < classes; k++) {
                if (children[j][k] < 0) {
                    throw new IllegalArgumentException("negative count " + children[j][k] + " in child " + j);
                }
                parent[k] += children[j][k];
            }
        }
        double n = total(parent, "the split");
        double gain = entropyOfCounts(parent, base);
        for (long[] child : children) {
            long nj = 0;
            for (long c : child) {
                nj += c;
            }
            if (nj > 0) {
                gain -= nj / n * entropyOfCounts(child, base);
            }
        }
        return gain;
    }

    /**
     * The cross-entropy of q relative to p.
     *
     * @param p    the true distribution; not modified
     * @param q    the model's distribution, the same length; not modified
     * @param base the logarithm's base
     * @return H(p, q) = - sum p log q, +infinity where q_i = 0 &lt; p_i
     * @throws IllegalArgumentException if p or q is not a distribution, their lengths differ, or the base is not valid
     */
    public static double crossEntropy(double[] p, double[] q, double base) {
        double lnBase = logOfBase(base);
        requirePair(p, q);
        double h = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] > 0) {
                if (q[i] == 0) {
                    return Double.POSITIVE_INFINITY;
                }
                h -= p[i] * Math.log(q[i]);
            }
        }
        return h / lnBase;
    }

    /**
     * The Kullback-Leibler divergence of q from p.
     *
     * @param p    the true distribution; not modified
     * @param q    the approximating distribution, the same length; not modified
     * @param base the logarithm's base
     * @return KL(p || q) = sum p log (p / q), at least 0, +infinity where q_i = 0 &lt; p_i
     * @throws IllegalArgumentException if p or q is not a distribution, their lengths differ, or the base is not valid
     */
    public static double klDivergence(double[] p, double[] q, double base) {
        double lnBase = logOfBase(base);
        requirePair(p, q);
        return kl(p, q) / lnBase;
    }

    /**
     * The Jensen-Shannon divergence of p and q.
     *
     * @param p    a distribution; not modified
     * @param q    a distribution of the same length; not modified
     * @param base the logarithm's base
     * @return KL(p || m) / 2 + KL(q || m) / 2 with m = (p + q) / 2, in [0, log_b 2]
     * @throws IllegalArgumentException if p or q is not a distribution, their lengths differ, or the base is not valid
     */
    public static double jsDivergence(double[] p, double[] q, double base) {
        double lnBase = logOfBase(base);
        requirePair(p, q);
        double[] m = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            m[i] = (p[i] + q[i]) / 2;
        }
        return (kl(p, m) / 2 + kl(q, m) / 2) / lnBase;
    }

    // KL(p || q) in nats.
    private static double kl(double[] p, double[] q) {
        double d = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] > 0) {
                if (q[i] == 0) {
                    return Double.POSITIVE_INFINITY;
                }
                d += p[i] * Math.log(p[i] / q[i]);
            }
        }
        return d;
    }

    private static double logOfBase(double base) {
        if (!(base > 0) || base == 1 || Double.isInfinite(base)) {
            throw new IllegalArgumentException("the base must be finite, > 0 and != 1, got " + base);
        }
        return Math.log(base);
    }

    private static void requirePair(double[] p, double[] q) {
        requireDistribution(p, "p");
        requireDistribution(q, "q");
        if (p.length != q.length) {
            throw new IllegalArgumentException("p has " + p.length + " outcomes, q has " + q.length);
        }
    }

    private static void requireDistribution(double[] p, String name) {
        if (p == null || p.length == 0) {
            throw new IllegalArgumentException(name + " is empty");
        }
        double sum = 0;
        for (double v : p) {
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException(name + " has the entry " + v + ", not a probability");
            }
            sum += v;
        }
        if (Math.abs(sum - 1) > 1e-9) {
            throw new IllegalArgumentException(name + " sums to " + sum + ", not 1");
        }
    }

    private static double total(long[] counts, String name) {
        if (counts == null || counts.length == 0) {
            throw new IllegalArgumentException(name + " is empty");
        }
        long n = 0;
        for (long c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException(name + " has the negative count " + c);
            }
            n += c;
        }
        if (n == 0) {
            throw new IllegalArgumentException(name + " holds no samples");
        }
        return n;
    }
}
