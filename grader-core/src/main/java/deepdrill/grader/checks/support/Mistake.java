package deepdrill.grader.checks.support;

import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A known wrong answer: what the output would be if the learner made this mistake, computed by
 * the oracle with the mistake built in (a flipped kernel, a forgotten bias, ...). It is only
 * computed when the learner's answer is already wrong.
 *
 * @param diagnosis what the learner probably did, as a sentence that starts with a verb in the past
 *                  tense ("flipped the kernel: ...")
 * @param output    the oracle's output with the mistake made on purpose
 */
public record Mistake(String diagnosis, Supplier<INDArray> output) {
}
