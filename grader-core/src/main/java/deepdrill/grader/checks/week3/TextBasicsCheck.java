package deepdrill.grader.checks.week3;

import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Rejection;
import deepdrill.week3.TextBasics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.text.similarity.CosineSimilarity;
import org.apache.commons.text.similarity.DamerauLevenshteinDistance;
import org.apache.commons.text.similarity.JaccardDistance;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.apache.commons.text.similarity.LongestCommonSubsequence;
import org.apache.commons.text.similarity.SimilarityInput;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.opentest4j.AssertionFailedError;

/**
 * Checks {@code text-basics}. Oracles: the tokeniser is the regular expression {@code [a-z0-9]+}
 * over {@code toLowerCase(Locale.ROOT)} ({@link java.util.regex}, not the solution's loop), and
 * every other oracle tokenises with it; bags of words and TF-IDF by direct counting with
 * scikit-learn's formula written out, pinned by hand values ({@link #tfidf}); cosine similarity by
 * Apache Commons Text's {@code CosineSimilarity} on count vectors (whose zero-vector convention,
 * 0, is the exercise's) and by the formula on unit vectors for real ones; the Jaccard distance by
 * Commons Text's {@code JaccardDistance} applied to {@code SimilarityInput}s of the tokens (it
 * takes their set; on plain strings it would compare characters, a mistake it then names); the
 * edit distance by Commons Text's {@code LevenshteinDistance} (on chars, as the exercise).
 *
 * <p>Covered: empty strings, identical strings, punctuation-only and non-ASCII text (accents, the
 * Kelvin sign that lower-cases to "k", an emoji), digits inside words, apostrophes and hyphens; a
 * vocabulary word that never occurs, a document with no vocabulary word (a zero TF-IDF row), a word in
 * every document (idf 1), one document; zero vectors, opposite vectors, vectors of length 1 and 0,
 * entries of 1e-200 and 1e200 (squares under- and overflow); seeded random sentences and strings;
 * null, duplicate-vocabulary, empty-corpus and length-mismatch arguments rejected; the inputs only
 * read. Named: case-sensitive tokens, split on whitespace only, Unicode letters kept, presence instead
 * of counts, idf without smoothing or without the +1, log base 10, no l2 normalisation, l1
 * normalisation, zero-vector cosine NaN, unscaled squares, cosine distance or the bare dot product
 * returned, Jaccard similarity instead of distance, Jaccard of characters or of multisets, two empty
 * sets given distance 1, substitution cost 2, Damerau's transpositions, edits counted case-
 * insensitively.
 */
@ExerciseCheck
class TextBasicsCheck {

    private static final Pattern TOKEN = Pattern.compile("[a-z0-9]+");

    private static final String CASE_SENSITIVE = "kept the case of the text (case-sensitive tokens): lower-case with "
            + "text.toLowerCase(Locale.ROOT) first, so that \"The\" and \"the\" are one token.";
    private static final String WHITESPACE = "split on whitespace only: punctuation stays glued to the words "
            + "(\"end.\"); a token is a maximal run of [a-z0-9], everything else separates tokens.";
    private static final String UNICODE_LETTERS = "kept non-ASCII letters and digits (Character.isLetterOrDigit): "
            + "the rule is the ASCII runs [a-z0-9] only, so \"caf\u00e9\" gives \"caf\".";
    private static final String PRESENCE = "counted presence (0 or 1) instead of occurrences: a bag of words holds "
            + "how many times each word occurs.";
    private static final String NO_SMOOTHING = "left the smoothing out of the idf (idf without smoothing): "
            + "scikit-learn's default is ln((1 + n) / (1 + df)) + 1, not ln(n / df) + 1.";
    private static final String TEXTBOOK_IDF = "used the textbook idf ln(n / df) without the + 1 (and without "
            + "smoothing): scikit-learn's default is ln((1 + n) / (1 + df)) + 1, so a word in every document keeps "
            + "weight 1.";
    private static final String NO_PLUS_ONE = "left the + 1 out of the idf: ln((1 + n) / (1 + df)) + 1; without it a "
            + "word in every document gets weight 0.";
    private static final String LOG10 = "used log base 10 in the idf: it is the natural log, Math.log.";
    private static final String NO_NORM = "did not normalise the rows (no l2 normalisation): divide each row by its "
            + "Euclidean norm (a zero row stays 0).";
    private static final String L1 = "normalised by the l1 norm (sum of |values|): the rows get unit l2 norm, "
            + "divide by sqrt(sum of squares).";
    private static final String COSINE_NAN = "returned NaN for a zero vector: its cosine similarity is 0 by "
            + "convention (0 / 0, \"nothing in common\").";
    private static final String COSINE_DISTANCE = "returned the cosine distance 1 - cos: this is the similarity.";
    private static final String UNSCALED = "summed the squares without scaling: with entries near 1e-200 they "
            + "underflow to 0 and near 1e200 overflow to infinity; divide each vector by its largest |entry| first.";
    private static final String DOT = "returned the dot product without dividing by |a| |b|.";
    private static final String JACCARD_SIMILARITY = "returned the Jaccard similarity |A and B| / |A or B| instead of "
            + "the distance 1 - similarity.";
    private static final String JACCARD_CHARS = "compared sets of characters, not of tokens (as Commons Text's "
            + "JaccardDistance does on strings): tokenise both texts first.";
    private static final String JACCARD_MULTISET = "counted repeated tokens (multisets): the Jaccard distance is of "
            + "token sets, each distinct token once.";
    private static final String JACCARD_EMPTY = "gave two texts without tokens distance 1: two empty sets are "
            + "identical, distance 0 (the 0 / 0 convention of the exercise).";
    private static final String SUBSTITUTION_TWO = "charged 2 for a substitution (edit distance with substitution "
            + "cost 2, a deletion plus an insertion): Levenshtein's substitution costs 1.";
    private static final String DAMERAU = "counted a swap of two neighbours as one edit (Damerau-Levenshtein): "
            + "Levenshtein has only insertions, deletions and substitutions.";
    private static final String CASE_INSENSITIVE_EDITS = "compared the characters case-insensitively: the edit "
            + "distance works on the strings as given, 'A' and 'a' differ.";

    // ---------------------------------------------------------------- oracles

    /** The exercise's tokens, by regular expression. */
    private static List<String> tokens(String text) {
        return regexTokens(text.toLowerCase(Locale.ROOT), TOKEN);
    }

    private static List<String> regexTokens(String text, Pattern pattern) {
        List<String> out = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static List<String> caseSensitiveTokens(String text) {
        return regexTokens(text, Pattern.compile("[A-Za-z0-9]+"));
    }

    private static List<String> whitespaceTokens(String text) {
        List<String> out = new ArrayList<>();
        for (String s : text.toLowerCase(Locale.ROOT).split("\\s+")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    private static List<String> unicodeTokens(String text) {
        return regexTokens(text.toLowerCase(Locale.ROOT), Pattern.compile("[\\p{L}\\p{Nd}]+"));
    }

    private static double[] counts(List<String> tokens, String[] vocabulary, boolean presence) {
        double[] bag = new double[vocabulary.length];
        for (int j = 0; j < vocabulary.length; j++) {
            for (String t : tokens) {
                if (t.equals(vocabulary[j])) {
                    bag[j] = presence ? 1 : bag[j] + 1;
                }
            }
        }
        return bag;
    }

    /** How the idf and the norm are taken: the exercise's, or a mistake's. */
    private enum Idf { SMOOTH, UNSMOOTHED, TEXTBOOK, NO_PLUS_ONE, SMOOTH_LOG10, UNSMOOTHED_RAW, TEXTBOOK_RAW }

    private enum Norm { L2, NONE, L1 }

    /**
     * TF-IDF by direct counting. Hand values that pin scikit-learn's convention (the task checks them):
     * documents {"a a b", "a"}, vocabulary {a, b}: n = 2, df(a) = 2, idf(a) = ln(3 / 3) + 1 = 1,
     * df(b) = 1, idf(b) = ln(3 / 2) + 1 = 1.4054651081081644; row 0 = (2, 1.4054651081) /
     * sqrt(4 + 1.9753321) = (0.8181802073667197, 0.5749618667993135); row 1 = (1, 0). Without
     * smoothing idf(b) would be ln 2 + 1 = 1.693, without the norm row 0 would be (2, 1.405).
     */
    private static double[][] tfidf(String[] documents, String[] vocabulary, Idf how, Norm norm, boolean caseSensitive) {
        int n = documents.length;
        int v = vocabulary.length;
        double[][] tf = new double[n][];
        for (int d = 0; d < n; d++) {
            tf[d] = counts(caseSensitive ? caseSensitiveTokens(documents[d]) : tokens(documents[d]), vocabulary, false);
        }
        double[][] out = new double[n][v];
        for (int t = 0; t < v; t++) {
            int df = 0;
            for (int d = 0; d < n; d++) {
                df += tf[d][t] > 0 ? 1 : 0;
            }
            double idf = switch (how) {
                case SMOOTH -> Math.log((1.0 + n) / (1.0 + df)) + 1;
                case UNSMOOTHED, UNSMOOTHED_RAW -> Math.log((double) n / df) + 1;
                case TEXTBOOK, TEXTBOOK_RAW -> Math.log((double) n / df);
                case NO_PLUS_ONE -> Math.log((1.0 + n) / (1.0 + df));
                case SMOOTH_LOG10 -> Math.log10((1.0 + n) / (1.0 + df)) + 1;
            };
            for (int d = 0; d < n; d++) {
                // A term in no document: 0, even if idf is infinite; the _RAW variants multiply 0 by it (NaN).
                boolean raw = how == Idf.UNSMOOTHED_RAW || how == Idf.TEXTBOOK_RAW;
                out[d][t] = tf[d][t] == 0 && !raw ? 0 : tf[d][t] * idf;
            }
        }
        for (double[] row : out) {
            double size = 0;
            for (double x : row) {
                size += norm == Norm.L1 ? Math.abs(x) : x * x;
            }
            size = norm == Norm.L1 ? size : Math.sqrt(size);
            if (norm != Norm.NONE && size > 0) {
                for (int t = 0; t < v; t++) {
                    row[t] /= size;
                }
            }
        }
        return out;
    }

    private static SimilarityInput<String> input(List<String> tokens) {
        return new SimilarityInput<>() {
            @Override
            public String at(int index) {
                return tokens.get(index);
            }

            @Override
            public int length() {
                return tokens.size();
            }
        };
    }

    private static double jaccard(String a, String b) {
        return new JaccardDistance().apply(input(tokens(a)), input(tokens(b)));
    }

    private static double multisetJaccard(String a, String b) {
        Map<String, Integer> left = multiset(tokens(a));
        Map<String, Integer> right = multiset(tokens(b));
        Set<String> keys = new HashSet<>(left.keySet());
        keys.addAll(right.keySet());
        double inter = 0;
        double union = 0;
        for (String k : keys) {
            inter += Math.min(left.getOrDefault(k, 0), right.getOrDefault(k, 0));
            union += Math.max(left.getOrDefault(k, 0), right.getOrDefault(k, 0));
        }
        return union == 0 ? 0 : 1 - inter / union;
    }

    private static Map<String, Integer> multiset(List<String> tokens) {
        Map<String, Integer> m = new HashMap<>();
        tokens.forEach(t -> m.merge(t, 1, Integer::sum));
        return m;
    }

    // ---------------------------------------------------------------- cases

    private static final String[] TEXTS = {
        "The cat sat on the mat.",
        "the CAT, the hat -- and THE bat!",
        "Don't stop, R2-D2! 3 droids (and C-3PO) in 1977...",
        "",
        "   \t\n ",
        "?!... ,;: -- '' \"\"",
        "Caf\u00e9, na\u00efve; \u00fcber-r\u00e9sum\u00e9!",
        "\u212Aelvin is 0 K; \uD83D\uDE00 smile",
        "end.of.line\nnext_line",
        "dog bites man man bites dog",
    };

    private static List<String> randomSentences(Random random, int count) {
        String[] words = {"the", "a", "cat", "dog", "Sat", "ON", "mat", "model", "loss", "x2", "GPU", "42"};
        String[] glue = {" ", " ", " ", ", ", ". ", "! ", " - ", "\n"};
        List<String> out = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            StringBuilder b = new StringBuilder();
            int n = 1 + random.nextInt(12);
            for (int i = 0; i < n; i++) {
                b.append(words[random.nextInt(words.length)]).append(glue[random.nextInt(glue.length)]);
            }
            out.add(b.toString());
        }
        return out;
    }

    private static List<String> allTexts(Random random) {
        List<String> all = new ArrayList<>(Arrays.asList(TEXTS));
        all.addAll(randomSentences(random, 6));
        return all;
    }

    // ---------------------------------------------------------------- tasks

    @Test
    @DisplayName("tokenize: lower-case, then the maximal runs of [a-z0-9]")
    void tokenize(Random random) {
        for (String text : allTexts(random)) {
            List<String> expected = tokens(text);
            List<String> actual = Guarded.call(in -> TextBasics.tokenize(in.copy("text", text)));
            if (expected.equals(actual)) {
                continue;
            }
            String diagnosis = Mistake.matching(actual == null ? x -> false : actual::equals,
                    Mistake.giving(CASE_SENSITIVE, caseSensitiveTokens(text)),
                    Mistake.giving(WHITESPACE, whitespaceTokens(text)),
                    Mistake.giving(UNICODE_LETTERS, unicodeTokens(text)));
            throw new AssertionFailedError(diagnosis + "tokenize(\"" + printable(text) + "\"): expected " + expected
                    + ", got " + actual);
        }
    }

    @Test
    @DisplayName("bag of words: the count of every vocabulary word, in vocabulary order")
    void bagOfWords(Random random) {
        String[] vocabulary = {"the", "cat", "dog", "mat", "x2", "42", "zebra", "The"};
        for (String text : allTexts(random)) {
            double[] expected = counts(tokens(text), vocabulary, false);
            long[] actual = Guarded.call(in -> TextBasics.bagOfWords(in.copy("document", text),
                    in.copy("vocabulary", vocabulary)));
            Compare.assertClose("bagOfWords(\"" + printable(text) + "\", " + Arrays.toString(vocabulary) + ")",
                    Compare.vector(expected), actual == null ? null : Compare.vector(Arrays.stream(actual).asDoubleStream().toArray()),
                    Mistake.giving(CASE_SENSITIVE, orNull(counts(caseSensitiveTokens(text), vocabulary, false), expected)),
                    Mistake.giving(PRESENCE, orNull(counts(tokens(text), vocabulary, true), expected)),
                    Mistake.giving(WHITESPACE, orNull(counts(whitespaceTokens(text), vocabulary, false), expected)));
        }
        long[] empty = Guarded.call(in -> TextBasics.bagOfWords(in.copy("document", "a b"), in.copy("vocabulary",
                new String[0])));
        if (empty == null || empty.length != 0) {
            throw new AssertionFailedError("bagOfWords(\"a b\", an empty vocabulary): expected an empty array, got "
                    + (empty == null ? "null" : Arrays.toString(empty)));
        }
    }

    @Test
    @DisplayName("TF-IDF as scikit-learn: raw counts, idf = ln((1 + n) / (1 + df)) + 1, rows of unit l2 norm")
    void tfidf(Random random) {
        // The hand values of the oracle's Javadoc: they pin the smoothing and the norm.
        String[] handDocs = {"a a b", "a"};
        String[] handVocab = {"a", "b"};
        double[][] hand = {{0.8181802073667197, 0.5749618667993135}, {1, 0}};
        String[] vocabulary = {"the", "cat", "dog", "sat", "mat", "loss", "zebra"};
        List<String[]> corpora = new ArrayList<>();
        corpora.add(randomSentences(random, 5).toArray(new String[0]));
        corpora.add(randomSentences(random, 9).toArray(new String[0]));
        corpora.add(new String[] {"The cat sat on the mat.", "THE DOG!", "?!", "the cat and the dog", "Zebra, zebra."});
        corpora.add(new String[] {"the cat", "the dog", "the the the"});
        corpora.add(new String[] {"A single document: the cat, the cat."});
        corpora.add(new String[] {"", "nothing here", "ok"});
        for (String[] docs : corpora) {
            checkTfidf(docs, vocabulary, tfidf(docs, vocabulary, Idf.SMOOTH, Norm.L2, false), "a corpus");
        }
        // Last, because it cannot tell every idf mistake from another (its word in every document has weight 0
        // in both the textbook idf and the one without the + 1).
        checkTfidf(handDocs, handVocab, hand, "the hand example");
    }

    private static void checkTfidf(String[] docs, String[] vocabulary, double[][] expected, String name) {
        double[][] actual = Guarded.call(in -> TextBasics.tfidf(in.copy("documents", docs),
                in.copy("vocabulary", vocabulary)));
        String what = "tfidf for " + name + " (" + docs.length + " documents: " + quoted(docs) + "; vocabulary "
                + Arrays.toString(vocabulary) + ")";
        Compare.assertClose(what, matrix(expected), matrix(actual, docs.length, vocabulary.length, what),
                Mistake.giving(NO_SMOOTHING, matrixOrNull(tfidf(docs, vocabulary, Idf.UNSMOOTHED, Norm.L2, false), expected)),
                Mistake.giving(NO_SMOOTHING, matrixOrNull(tfidf(docs, vocabulary, Idf.UNSMOOTHED_RAW, Norm.L2, false), expected)),
                Mistake.giving(TEXTBOOK_IDF, matrixOrNull(tfidf(docs, vocabulary, Idf.TEXTBOOK, Norm.L2, false), expected)),
                Mistake.giving(TEXTBOOK_IDF, matrixOrNull(tfidf(docs, vocabulary, Idf.TEXTBOOK_RAW, Norm.L2, false), expected)),
                Mistake.giving(NO_PLUS_ONE, matrixOrNull(tfidf(docs, vocabulary, Idf.NO_PLUS_ONE, Norm.L2, false), expected)),
                Mistake.giving(LOG10, matrixOrNull(tfidf(docs, vocabulary, Idf.SMOOTH_LOG10, Norm.L2, false), expected)),
                Mistake.giving(NO_NORM, matrixOrNull(tfidf(docs, vocabulary, Idf.SMOOTH, Norm.NONE, false), expected)),
                Mistake.giving(L1, matrixOrNull(tfidf(docs, vocabulary, Idf.SMOOTH, Norm.L1, false), expected)),
                Mistake.giving(CASE_SENSITIVE, matrixOrNull(tfidf(docs, vocabulary, Idf.SMOOTH, Norm.L2, true), expected)));
    }

    @Test
    @DisplayName("cosine similarity a . b / (|a| |b|), 0 when either vector is zero")
    void cosineSimilarity(Random random) {
        List<double[][]> pairs = new ArrayList<>();
        // Count vectors, compared with Commons Text's CosineSimilarity.
        String[] vocabulary = {"the", "cat", "dog", "sat", "mat", "model", "loss", "x2", "42", "gpu"};
        List<String> sentences = randomSentences(random, 6);
        sentences.add("?!");
        for (int i = 0; i + 1 < sentences.size(); i++) {
            pairs.add(new double[][] {counts(tokens(sentences.get(i)), vocabulary, false),
                counts(tokens(sentences.get(i + 1)), vocabulary, false)});
        }
        for (double[][] p : pairs) {
            double expected = commonsCosine(p[0], p[1]);
            checkCosine(p[0], p[1], expected, "count vectors");
        }
        // Real vectors, by the formula on unit vectors.
        List<double[][]> real = new ArrayList<>();
        double[] g = gaussian(random, 7);
        double[] h = gaussian(random, 7);
        real.add(new double[][] {g, h});
        real.add(new double[][] {g, Arrays.stream(g).map(x -> -3 * x).toArray()});
        real.add(new double[][] {{2.5}, {-0.1}});
        real.add(new double[][] {{0, 0, 0}, {1, 2, 3}});
        real.add(new double[][] {{0, 0}, {0, 0}});
        real.add(new double[][] {{}, {}});
        real.add(new double[][] {{1e-200, 2e-200}, {3e-200, -1e-200}});
        real.add(new double[][] {{1e200, 1e200}, {1e200, -2e200}});
        for (double[][] p : real) {
            checkCosine(p[0], p[1], unitCosine(p[0], p[1]), "real vectors");
        }
    }

    private static void checkCosine(double[] a, double[] b, double expected, String kind) {
        double actual = Guarded.call(in -> TextBasics.cosineSimilarity(in.copy("a", a), in.copy("b", b)));
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        boolean zero = Arrays.stream(a).allMatch(x -> x == 0) || Arrays.stream(b).allMatch(x -> x == 0);
        double aa = Arrays.stream(a).map(x -> x * x).sum();
        double bb = Arrays.stream(b).map(x -> x * x).sum();
        double naive = aa == 0 || bb == 0 ? 0 : dot / (Math.sqrt(aa) * Math.sqrt(bb));
        Compare.assertClose("cosineSimilarity(" + Arrays.toString(a) + ", " + Arrays.toString(b) + ") (" + kind + ")",
                Compare.scalar(expected), Compare.scalar(actual),
                Mistake.giving(COSINE_NAN, zero ? Compare.scalar(Double.NaN) : null),
                Mistake.giving(UNSCALED, zero ? null : orNull(naive, expected)),
                Mistake.giving(UNSCALED, zero ? null : orNull(dot / (Math.sqrt(aa) * Math.sqrt(bb)), expected)),
                Mistake.giving(COSINE_DISTANCE, zero ? null : Compare.scalar(1 - expected)),
                Mistake.giving(DOT, zero ? null : orNull(dot, expected)));
    }

    private static double commonsCosine(double[] a, double[] b) {
        Map<CharSequence, Integer> left = new HashMap<>();
        Map<CharSequence, Integer> right = new HashMap<>();
        for (int i = 0; i < a.length; i++) {
            if (a[i] != 0) {
                left.put("t" + i, (int) a[i]);
            }
            if (b[i] != 0) {
                right.put("t" + i, (int) b[i]);
            }
        }
        return new CosineSimilarity().cosineSimilarity(left, right);
    }

    /** The dot product of the two unit vectors, each scaled by its largest |entry| first (no overflow). */
    private static double unitCosine(double[] a, double[] b) {
        double[] u = unit(a);
        double[] w = unit(b);
        if (u == null || w == null) {
            return 0;
        }
        double dot = 0;
        for (int i = 0; i < u.length; i++) {
            dot += u[i] * w[i];
        }
        return dot;
    }

    private static double[] unit(double[] x) {
        double max = Arrays.stream(x).map(Math::abs).max().orElse(0);
        if (max == 0) {
            return null;
        }
        double[] s = Arrays.stream(x).map(v -> v / max).toArray();
        double norm = Math.sqrt(Arrays.stream(s).map(v -> v * v).sum());
        return Arrays.stream(s).map(v -> v / norm).toArray();
    }

    @Test
    @DisplayName("Jaccard distance 1 - |A and B| / |A or B| of the token sets, 0 for two empty sets")
    void jaccardDistance(Random random) {
        List<String[]> pairs = new ArrayList<>();
        pairs.add(new String[] {"The cat sat.", "the CAT sat on the mat"});
        pairs.add(new String[] {"dog bites man", "man bites dog"});
        pairs.add(new String[] {"a a a b", "a c c"});
        pairs.add(new String[] {"", ""});
        pairs.add(new String[] {"?!", "..."});
        pairs.add(new String[] {"", "one word"});
        pairs.add(new String[] {"abc", "cab bca"});
        pairs.add(new String[] {"identical text", "identical text"});
        List<String> sentences = randomSentences(random, 6);
        for (int i = 0; i + 1 < sentences.size(); i++) {
            pairs.add(new String[] {sentences.get(i), sentences.get(i + 1)});
        }
        for (String[] p : pairs) {
            double expected = jaccard(p[0], p[1]);
            double actual = Guarded.call(in -> TextBasics.jaccardDistance(in.copy("a", p[0]), in.copy("b", p[1])));
            boolean bothEmpty = tokens(p[0]).isEmpty() && tokens(p[1]).isEmpty();
            Compare.assertClose("jaccardDistance(\"" + printable(p[0]) + "\", \"" + printable(p[1]) + "\")",
                    Compare.scalar(expected), Compare.scalar(actual),
                    Mistake.giving(JACCARD_EMPTY, bothEmpty ? Compare.scalar(1) : null),
                    Mistake.giving(JACCARD_SIMILARITY, orNull(1 - expected, expected)),
                    Mistake.giving(JACCARD_CHARS, orNull(new JaccardDistance().apply(p[0], p[1]), expected)),
                    Mistake.giving(JACCARD_CHARS, orNull(new JaccardDistance().apply(p[0].toLowerCase(Locale.ROOT),
                            p[1].toLowerCase(Locale.ROOT)), expected)),
                    Mistake.giving(JACCARD_MULTISET, orNull(multisetJaccard(p[0], p[1]), expected)),
                    Mistake.giving(CASE_SENSITIVE, orNull(new JaccardDistance().apply(input(caseSensitiveTokens(p[0])),
                            input(caseSensitiveTokens(p[1]))), expected)));
        }
    }

    @Test
    @DisplayName("Levenshtein edit distance: insertions, deletions and substitutions, each costing 1")
    void editDistance(Random random) {
        List<String[]> pairs = new ArrayList<>();
        pairs.add(new String[] {"kitten", "sitting"});
        pairs.add(new String[] {"", ""});
        pairs.add(new String[] {"", "abc"});
        pairs.add(new String[] {"flaw", ""});
        pairs.add(new String[] {"same", "same"});
        pairs.add(new String[] {"ab", "ba"});
        pairs.add(new String[] {"Apple", "apple"});
        pairs.add(new String[] {"caf\u00e9", "cafe"});
        pairs.add(new String[] {"\uD83D\uDE00!", "!"});
        pairs.add(new String[] {"intention", "execution"});
        String alphabet = "abcA";
        for (int k = 0; k < 6; k++) {
            pairs.add(new String[] {randomString(random, alphabet, 1 + random.nextInt(25)),
                randomString(random, alphabet, random.nextInt(25))});
        }
        LevenshteinDistance levenshtein = LevenshteinDistance.getDefaultInstance();
        for (String[] p : pairs) {
            int expected = levenshtein.apply(p[0], p[1]);
            int actual = Guarded.call(in -> TextBasics.editDistance(in.copy("a", p[0]), in.copy("b", p[1])));
            int lcs = new LongestCommonSubsequence().apply(p[0], p[1]);
            Compare.assertClose("editDistance(\"" + printable(p[0]) + "\", \"" + printable(p[1]) + "\")",
                    Compare.scalar(expected), Compare.scalar(actual),
                    Mistake.giving(SUBSTITUTION_TWO, orNull(p[0].length() + p[1].length() - 2 * lcs, expected)),
                    Mistake.giving(DAMERAU, orNull(new DamerauLevenshteinDistance().apply(p[0], p[1]), expected)),
                    Mistake.giving(CASE_INSENSITIVE_EDITS, orNull(levenshtein.apply(p[0].toLowerCase(Locale.ROOT),
                            p[1].toLowerCase(Locale.ROOT)), expected)));
        }
    }

    @Test
    @DisplayName("null arguments, a duplicate vocabulary word, no documents and vectors of different lengths are rejected")
    void rejectsBadInput() {
        String[] vocabulary = {"a", "b"};
        reject("tokenize(null)", () -> TextBasics.tokenize(null));
        reject("bagOfWords(null, {a, b})", () -> TextBasics.bagOfWords(null, vocabulary));
        reject("bagOfWords(\"a b\", null)", () -> TextBasics.bagOfWords("a b", null));
        reject("bagOfWords(\"a b\", {a, b, a}) (a duplicate word)",
                () -> TextBasics.bagOfWords("a b", new String[] {"a", "b", "a"}));
        reject("bagOfWords(\"a b\", {a, null})", () -> TextBasics.bagOfWords("a b", new String[] {"a", null}));
        reject("tfidf({}, {a, b}) (no document)", () -> TextBasics.tfidf(new String[0], vocabulary));
        reject("tfidf(null, {a, b})", () -> TextBasics.tfidf(null, vocabulary));
        reject("tfidf({\"a\", null}, {a, b})", () -> TextBasics.tfidf(new String[] {"a", null}, vocabulary));
        reject("tfidf({\"a\"}, {b, b}) (a duplicate word)", () -> TextBasics.tfidf(new String[] {"a"},
                new String[] {"b", "b"}));
        reject("tfidf({\"a\"}, null)", () -> TextBasics.tfidf(new String[] {"a"}, null));
        reject("cosineSimilarity({1, 2}, {1, 2, 3})",
                () -> TextBasics.cosineSimilarity(new double[] {1, 2}, new double[] {1, 2, 3}));
        reject("cosineSimilarity(null, {1})", () -> TextBasics.cosineSimilarity(null, new double[] {1}));
        reject("jaccardDistance(null, \"a\")", () -> TextBasics.jaccardDistance(null, "a"));
        reject("jaccardDistance(\"a\", null)", () -> TextBasics.jaccardDistance("a", null));
        reject("editDistance(null, \"a\")", () -> TextBasics.editDistance(null, "a"));
        reject("editDistance(\"a\", null)", () -> TextBasics.editDistance("a", null));
    }

    // ---------------------------------------------------------------- helpers

    private static void reject(String what, Runnable call) {
        Rejection.expectRejected(what, "check for null, duplicate words and lengths before using the arguments", call);
    }

    private static INDArray matrix(double[][] m) {
        int rows = m.length;
        int cols = rows == 0 ? 0 : m[0].length;
        double[] flat = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(m[r], 0, flat, r * cols, cols);
        }
        return Nd4j.create(flat, new long[] {rows, cols}, org.nd4j.linalg.api.buffer.DataType.DOUBLE);
    }

    private static INDArray matrix(double[][] m, int rows, int cols, String what) {
        if (m == null) {
            return null;
        }
        if (m.length != rows) {
            throw new AssertionFailedError(what + ": expected " + rows + " rows (one per document), got " + m.length);
        }
        for (int r = 0; r < rows; r++) {
            if (m[r] == null || m[r].length != cols) {
                throw new AssertionFailedError(what + ": row " + r + " must have " + cols + " entries (one per "
                        + "vocabulary word), got " + (m[r] == null ? "null" : m[r].length));
            }
        }
        return matrix(m);
    }

    private static INDArray matrixOrNull(double[][] wrong, double[][] correct) {
        return Arrays.deepEquals(wrong, correct) ? null : matrix(wrong);
    }

    private static INDArray orNull(double[] wrong, double[] correct) {
        return Arrays.equals(wrong, correct) ? null : Compare.vector(wrong);
    }

    private static INDArray orNull(double wrong, double correct) {
        return Double.compare(wrong, correct) == 0 ? null : Compare.scalar(wrong);
    }

    private static double[] gaussian(Random random, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextGaussian();
        }
        return x;
    }

    private static String randomString(Random random, String alphabet, int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private static String printable(String s) {
        return s.replace("\n", "\\n").replace("\t", "\\t");
    }

    private static String quoted(String[] docs) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < docs.length; i++) {
            b.append(i == 0 ? "\"" : ", \"").append(printable(docs[i])).append('"');
        }
        return b.toString();
    }
}
