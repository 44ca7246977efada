package deepdrill.grader.bench;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import deepdrill.datasets.MnistDigits;
import deepdrill.grader.checks.week4.MnistRecipe;
import deepdrill.week4.TrainMnist;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The JVM that runs {@code ./grader train mnist}: its class path holds one implementation (the
 * learner's classes or the model solution) before the grader, as {@link BenchHost}'s does, and it
 * trains that implementation's {@code TrainMnist} on the 8,000 MNIST training digits with
 * {@link MnistRecipe}'s starting weights and hyper-parameters, evaluating on the 2,000 test digits
 * before training and after every epoch. Writes one JSON event per line to standard output, each
 * line starting with {@value #PREFIX} (anything else there is the learner's own output):
 * <pre>
 *   {"event": "start", "epochs", "steps", "train", "test"}
 *   {"event": "step", "epoch", "step", "loss"}                      before each update
 *   {"event": "epoch", "epoch", "trainLoss", "trainAccuracy", "valLoss", "valAccuracy", "seconds"}
 *   {"event": "done", "confusion": [[...] x 10]}                    rows: true digit, columns: predicted
 *   {"event": "failed", "message", "notImplemented"}
 * </pre>
 * Epoch 0 is the evaluation before training. Arguments: {@code epochs seed}.
 */
public final class TrainHost {

    /** What starts every event line. */
    public static final String PREFIX = "train ";
    private static final int EVAL_BATCH = 500;

    private TrainHost() {
    }

    public static void main(String[] args) {
        int epochs = Integer.parseInt(args[0]);
        long seed = Long.parseLong(args[1]);
        Gson gson = new GsonBuilder().serializeSpecialFloatingPointValues().create();
        try {
            run(epochs, seed, gson);
        } catch (UnsupportedOperationException e) {
            emit(gson, Map.of("event", "failed", "message", String.valueOf(e.getMessage()), "notImplemented", true));
        } catch (RuntimeException | StackOverflowError e) {
            emit(gson, Map.of("event", "failed", "message", e.getMessage() != null && e instanceof Stopped
                    ? e.getMessage() : "your code threw " + e, "notImplemented", false));
        }
        System.out.flush();
        System.exit(0);
    }

    private static void run(int epochs, long seed, Gson gson) {
        MnistDigits train = MnistDigits.train();
        MnistDigits test = MnistDigits.test();
        INDArray trainX = MnistRecipe.images(train, 0, train.size(), DataType.FLOAT);
        INDArray testX = MnistRecipe.images(test, 0, test.size(), DataType.FLOAT);
        TrainMnist.Config config = MnistRecipe.config();
        int steps = (train.size() + config.batchSize() - 1) / config.batchSize();
        emit(gson, ordered("event", "start", "epochs", epochs, "steps", steps, "train", train.size(), "test", test.size()));
        TrainMnist.State state = MnistRecipe.start(MnistRecipe.params(new Random(seed), DataType.FLOAT));
        evaluate(gson, 0, state.params(), trainX, train.labels(), testX, test.labels(), 0, null);
        for (int epoch = 1; epoch <= epochs; epoch++) {
            int e = epoch;
            long started = System.nanoTime();
            state = TrainMnist.trainEpoch(trainX, train.labels(), state, config, (step, loss, before) -> {
                if (!Double.isFinite(loss)) {
                    throw new Stopped("loss became " + (Double.isNaN(loss) ? "NaN" : "infinite") + " at step "
                            + ((e - 1) * steps + step) + " (epoch " + e + ", step " + step + "); ./grader check "
                            + "train-mnist names the first layer that produced it");
                }
                emit(gson, ordered("event", "step", "epoch", e, "step", step, "loss", loss));
            });
            double seconds = (System.nanoTime() - started) / 1e9;
            int[][] confusion = new int[10][10];
            evaluate(gson, epoch, state.params(), trainX, train.labels(), testX, test.labels(), seconds,
                    epoch == epochs ? confusion : null);
            if (epoch == epochs) {
                emit(gson, ordered("event", "done", "confusion", confusion));
            }
        }
        if (epochs == 0) {
            emit(gson, ordered("event", "done", "confusion", new int[10][10]));
        }
    }

    private static void evaluate(Gson gson, int epoch, TrainMnist.Params params, INDArray trainX, int[] trainY,
                                 INDArray testX, int[] testY, double seconds, int[][] confusion) {
        double[] tr = lossAndAccuracy(params, trainX, trainY, null);
        double[] va = lossAndAccuracy(params, testX, testY, confusion);
        emit(gson, ordered("event", "epoch", "epoch", epoch, "trainLoss", tr[0], "trainAccuracy", tr[1],
                "valLoss", va[0], "valAccuracy", va[1], "seconds", seconds));
    }

    /** The mean softmax cross-entropy and the accuracy of the learner's forward pass, in batches. */
    private static double[] lossAndAccuracy(TrainMnist.Params params, INDArray x, int[] y, int[][] confusion) {
        double loss = 0;
        int correct = 0;
        int n = y.length;
        for (int from = 0; from < n; from += EVAL_BATCH) {
            int to = Math.min(from + EVAL_BATCH, n);
            INDArray batch = x.get(NDArrayIndex.interval(from, to), NDArrayIndex.all(), NDArrayIndex.all(),
                    NDArrayIndex.all()).dup();
            double[] logits = TrainMnist.forward(batch, params).logits().castTo(DataType.DOUBLE).dup('c').data().asDouble();
            for (int i = 0; i < to - from; i++) {
                double max = Double.NEGATIVE_INFINITY;
                int best = 0;
                for (int k = 0; k < 10; k++) {
                    if (logits[i * 10 + k] > max) {
                        max = logits[i * 10 + k];
                        best = k;
                    }
                }
                double sum = 0;
                for (int k = 0; k < 10; k++) {
                    sum += Math.exp(logits[i * 10 + k] - max);
                }
                int label = y[from + i];
                loss += max + Math.log(sum) - logits[i * 10 + label];
                correct += best == label ? 1 : 0;
                if (confusion != null) {
                    confusion[label][best]++;
                }
            }
        }
        return new double[] {loss / n, correct / (double) n};
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static synchronized void emit(Gson gson, Map<String, Object> event) {
        System.out.println(PREFIX + gson.toJson(event));
        System.out.flush();
    }

    /** Stops training from the listener, with the message to show. */
    private static final class Stopped extends RuntimeException {
        Stopped(String message) {
            super(message, null, false, false);
        }
    }

    /** Lists the arguments for a host run; the inverse of {@link #main}'s parsing. */
    static java.util.List<String> arguments(int epochs, long seed) {
        return java.util.List.of(Integer.toString(epochs), Long.toString(seed));
    }
}
