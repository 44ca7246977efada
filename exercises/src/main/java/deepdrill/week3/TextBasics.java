package deepdrill.week3;

import java.util.List;

/**
 * The text basics every NLP screening starts with: a tokeniser, bag-of-words counts, TF-IDF
 * vectors as scikit-learn computes them by default, cosine similarity, the Jaccard distance of two
 * token sets and the Levenshtein edit distance.
 *
 * <h2>The idea</h2>
 * Before embeddings, text was a vector of word counts: tokenise, count each vocabulary word, and
 * down-weight the words every document has ("the", "of") by their inverse document frequency.
 * Two documents are then compared by the angle between their vectors (cosine), by the overlap of
 * their word sets (Jaccard), or, for short strings such as spelling errors, by the fewest
 * single-character edits that turn one into the other (Levenshtein). Retrieval baselines (BM25 is
 * a refined TF-IDF), deduplication (MinHash estimates Jaccard), spelling correction and the
 * evaluation of speech recognisers (word error rate is an edit distance) still use them.
 *
 * <h2>Formulas</h2>
 * <pre>
 *   tokenize(text)   = the maximal runs of [a-z0-9] in text.toLowerCase(Locale.ROOT), in order
 *   bag[j]           = the number of tokens of the document equal to vocabulary[j]
 *
 *   n documents; tf(d, t) = bag of d at t (a raw count); df(t) = #{d : tf(d, t) > 0}
 *   idf(t)           = ln((1 + n) / (1 + df(t))) + 1                  (smooth_idf=True)
 *   tfidf[d][t]      = tf(d, t) idf(t) / || tf(d, .) idf(.) ||_2      (norm='l2'; a zero row stays 0)
 *
 *   cos(a, b)        = a . b / (|a| |b|)                                 0 when a or b is the zero vector
 *   jaccard(A, B)    = 1 - |A and B| / |A or B|      A, B the token sets; 0 when both are empty
 *   lev(a, b)        = the fewest insertions, deletions and substitutions (each costing 1) turning a into b
 *                      D[i][j] = min(D[i-1][j] + 1, D[i][j-1] + 1, D[i-1][j-1] + (a[i-1] != b[j-1] ? 1 : 0)),
 *                      D[i][0] = i, D[0][j] = j, lev = D[|a|][|b|]
 * </pre>
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   n  documents       V  vocabulary size
 *
 *   vocabulary   String[V]      distinct words: the order of every vector's entries
 *   documents    String[n]      the texts
 *   bag          long[V]        counts, in vocabulary order
 *   tfidf        double[n][V]   one l2-normalised row per document
 *   a, b         double[D]      two vectors of the same length D
 * </pre>
 *
 * <h2>The conventions</h2>
 * <ul>
 * <li>Tokens: lower-case with {@code Locale.ROOT} first, then every maximal run of the ASCII
 *     letters and digits {@code [a-z0-9]} is a token; everything else (spaces, punctuation,
 *     apostrophes, accented and other non-ASCII letters) separates tokens and is dropped. So
 *     "Don't stop, R2-D2!" gives {@code [don, t, stop, r2, d2]} and "café" gives {@code [caf]}.
 *     (scikit-learn's default pattern keeps Unicode letters and drops one-character tokens; this
 *     rule is simpler to state.) A vocabulary word is matched exactly: one with an upper-case
 *     letter or a space never counts.</li>
 * <li>TF-IDF is scikit-learn's {@code TfidfVectorizer} default: raw counts as tf, the natural
 *     log, the smoothed idf above (as if one extra document held every term once, so a word in
 *     every document has idf exactly 1 and no idf is 0 or infinite) and each row scaled to unit
 *     l2 norm. The textbook idf {@code ln(n / df)} is 0 for a word in every document and
 *     infinite for one in none. A document with no vocabulary word keeps a row of zeros.</li>
 * <li>Cosine similarity of a zero vector with anything is 0 (as scikit-learn's
 *     {@code cosine_similarity} and Commons Text's {@code CosineSimilarity}): it is 0 / 0, and 0
 *     says "nothing in common". It must hold for entries of any finite magnitude: squares of
 *     {@code 1e-200} underflow to 0 and of {@code 1e200} overflow to infinity, so divide each vector
 *     by its largest |entry| first (the cosine does not change).</li>
 * <li>Jaccard distance is of token sets (duplicates count once), the distance 1 - similarity;
 *     two texts without tokens are identical, distance 0.</li>
 * <li>Edit distance works on the {@code char}s of the strings as given (no lower-casing, no
 *     tokens), each edit costing 1. Some textbooks charge 2 for a substitution (a deletion plus an
 *     insertion): that is the edit distance without substitutions, not Levenshtein's.</li>
 * <li>Null arguments, a vocabulary with a duplicate, no documents, and vectors of different
 *     lengths throw an {@link IllegalArgumentException}. Inputs are never changed; every list and array
 *     returned is new.</li>
 * </ul>
 *
 * <h2>What interviewers ask</h2>
 * "Why the idf?" (a word in every document tells them apart by nothing; weighting by
 * {@code log(n / df)} favours rare, informative words). "Why normalise?" (so that a long document
 * does not score higher just by being long: cosine of normalised vectors is their dot product).
 * "Cosine or Euclidean distance for text?" (cosine ignores length; on unit vectors the two rank
 * the same, {@code |a - b|^2 = 2 - 2 cos}). "Jaccard vs cosine?" (Jaccard is on sets, ignores
 * counts; MinHash estimates it at scale). "Complexity of edit distance?" (O(|a| |b|) time, and
 * O(min(|a|, |b|)) memory with two rows). "What do bags of words lose?" (word order, "dog bites
 * man" = "man bites dog"; n-grams or sequence models restore some of it).
 *
 * <h2>Hint</h2>
 * Write {@code tokenize} first and build everything on it; for TF-IDF count the document
 * frequencies in a first pass over the bags, then weight and normalise each row.
 *
 * @see <a href="https://scikit-learn.org/stable/modules/feature_extraction.html#tfidf-term-weighting">scikit-learn,
 *      Tf-idf term weighting (the smoothed idf and the l2 norm)</a>
 * @see <a href="https://nlp.stanford.edu/IR-book/html/htmledition/tf-idf-weighting-1.html">Manning, Raghavan and
 *      Schütze, Introduction to Information Retrieval (2008), section 6.2</a>
 * @see <a href="https://en.wikipedia.org/wiki/Levenshtein_distance">Levenshtein distance</a>
 */
public final class TextBasics {

    private TextBasics() {
    }

    /**
     * The tokens of a text: maximal runs of {@code [a-z0-9]} after lower-casing with {@code Locale.ROOT}.
     *
     * @param text any text; not modified
     * @return a new list of the tokens in order, empty when there is none
     * @throws IllegalArgumentException if text is null
     */
    public static List<String> tokenize(String text) {
        // TODO: lower-case with Locale.ROOT, then collect every maximal run of chars in a-z or 0-9.
        throw new UnsupportedOperationException("Not implemented yet: TextBasics.tokenize");
    }

    /**
     * Bag of words: how often each vocabulary word occurs among the document's tokens.
     *
     * @param document   any text; not modified
     * @param vocabulary V distinct words, the order of the result; not modified
     * @return a new array of V counts
     * @throws IllegalArgumentException if an argument or a word is null, or a word occurs twice
     */
    public static long[] bagOfWords(String document, String[] vocabulary) {
        // TODO: map each vocabulary word to its position (rejecting null and duplicates), then count the tokens.
        throw new UnsupportedOperationException("Not implemented yet: TextBasics.bagOfWords");
    }

    /**
     * TF-IDF vectors as scikit-learn's {@code TfidfVectorizer(vocabulary=...)} computes them by default.
     *
     * @param documents  n texts, at least one; not modified
     * @param vocabulary V distinct words, the order of every row; not modified
     * @return a new n x V array; row d has l2 norm 1, or is all 0 when document d has no vocabulary word
     * @throws IllegalArgumentException if an argument, a document or a word is null, there is no
     *                                  document, or a word occurs twice
     */
    public static double[][] tfidf(String[] documents, String[] vocabulary) {
        // TODO: bags of all documents, df per word, then count * (ln((1 + n) / (1 + df)) + 1), each row divided by its l2 norm.
        throw new UnsupportedOperationException("Not implemented yet: TextBasics.tfidf");
    }

    /**
     * The cosine of the angle between two vectors.
     *
     * @param a a vector; not modified
     * @param b a vector of the same length; not modified
     * @return a number in [-1, 1]; 0 when a or b is the zero vector (or both are empty)
     * @throws IllegalArgumentException if a or b is null or their lengths differ
     */
    public static double cosineSimilarity(double[] a, double[] b) {
        // TODO: a . b / (|a| |b|), or 0 when |a| or |b| is 0.
        throw new UnsupportedOperationException("Not implemented yet: TextBasics.cosineSimilarity");
    }

    /**
     * The Jaccard distance of the two texts' token sets.
     *
     * @param a any text; not modified
     * @param b any text; not modified
     * @return a number in [0, 1]; 0 when neither text has a token
     * @throws IllegalArgumentException if a or b is null
     */
    public static double jaccardDistance(String a, String b) {
        // TODO: 1 - |A and B| / |A or B| of the token sets; 0 when the union is empty.
        throw new UnsupportedOperationException("Not implemented yet: TextBasics.jaccardDistance");
    }

    /**
     * The Levenshtein distance of two strings, char by char, every edit costing 1.
     *
     * @param a any string; not modified
     * @param b any string; not modified
     * @return the fewest insertions, deletions and substitutions that turn a into b
     * @throws IllegalArgumentException if a or b is null
     */
    public static int editDistance(String a, String b) {
        // TODO: the dynamic programme D[i][j] over prefixes, two rows suffice.
        throw new UnsupportedOperationException("Not implemented yet: TextBasics.editDistance");
    }
}
