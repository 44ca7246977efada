package deepdrill.grader.checks.week3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Inputs;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Nchw;
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.week3.BatchNorm;
import deepdrill.week3.ResnetBlock;
import java.util.EnumSet;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.opentest4j.AssertionFailedError;

/**
 * Checks {@code resnet-block} against the same block computed with PyTorch's own operations
 * ({@code conv2d}, eval-mode {@code batch_norm}, {@code relu}), never with the learner's layers, for
 * the identity shortcut and the strided 1x1 projection shortcut (He et al. 2015, arXiv:1512.03385).
 * Known mistakes are recognised by computing the block with the mistake built in.
 *
 * <p>Covered: batch 1, one channel, non-square images (odd height and even width at stride 2),
 * 1x1 images (with stride 1 and 2), odd sizes with stride 2, stride 3, a projection for more
 * channels at stride 1 and for stride 2 at the same channel count; float32.
 * Every parameter must come back unchanged (each under its name, {@code bn1.running.var}), and
 * the output must be a new array.
 */
@ExerciseCheck
class ResnetBlockCheck {

    private static final String RELU_BEFORE_ADD = "applied the final ReLU before the addition: the block is "
            + "relu(bn2(conv2(...)) + shortcut(x)), so the shortcut is added first and the sum goes through the ReLU.";
    private static final String NO_SHORTCUT = "did not add the shortcut: out = relu(bn2(conv2(...)) + shortcut(x)); "
            + "the addition is what makes the block residual.";
    private static final String NO_FINAL_RELU = "left out the final ReLU: out = relu(bn2(conv2(...)) + shortcut(x)).";
    private static final String NO_MIDDLE_RELU = "left out the ReLU between the two convs: conv2 reads "
            + "relu(bn1(conv1(x))).";
    private static final String RELU_BEFORE_BN = "put the ReLU before bn1: the order is conv1, bn1, relu.";
    private static final String NO_SHORTCUT_BN = "left out the batch norm of the projection shortcut: the shortcut "
            + "is bnShortcut(convShortcut(x)).";
    private static final String SHAPES_DIFFER = "added two branches of different shapes: both must be "
            + "(N, C_out, (H - 1) / s + 1, (W - 1) / s + 1), so conv1 and the projection's 1x1 conv both use stride s "
            + "(and conv2 stride 1).";
    private static final String TRAIN_MODE = "ran the batch norms in train mode (the batch's own statistics): the "
            + "block is evaluated in inference mode, with each batch norm's running mean and variance (train = false).";

    /** One batch norm's parameters, each (C_out). */
    private record Bn(INDArray gamma, INDArray beta, INDArray mean, INDArray var) {
        /** The learner's copy, each array handed out by {@code in} under its full name ("bn1.gamma"). */
        ResnetBlock.BnParams copy(Guarded.Copies in, String name) {
            return new ResnetBlock.BnParams(in.copy(name + ".gamma", gamma), in.copy(name + ".beta", beta),
                    new BatchNorm.RunningStats(in.copy(name + ".running.mean", mean), in.copy(name + ".running.var", var)));
        }
    }

    /** The inputs of one call; {@code ws} and {@code bns} are null for the identity shortcut. */
    private record Block(INDArray x, INDArray w1, Bn bn1, INDArray w2, Bn bn2, INDArray ws, Bn bns, int stride,
                         double eps) {
        @Override
        public String toString() {
            return "forward(x " + Nchw.shape(x) + (x.dataType() == DataType.DOUBLE ? "" : " " + x.dataType())
                    + ", params {w1 " + Nchw.shape(w1) + ", w2 " + Nchw.shape(w2) + ", wShortcut "
                    + (ws == null ? "null" : Nchw.shape(ws)) + "}, stride " + stride + ", eps " + eps + ")";
        }
    }

    /** A mistake built into the oracle's block. */
    private enum Flaw { RELU_BEFORE_ADD, NO_SHORTCUT, NO_FINAL_RELU, NO_MIDDLE_RELU, RELU_BEFORE_BN, NO_SHORTCUT_BN,
        TRAIN_MODE }

    @Test
    @DisplayName("identity shortcut: stride 1, as many output channels as input channels")
    void identityShortcut(NDManager manager, Random random) {
        check(manager, block(random, 2, 4, 4, 6, 6, 1, DataType.DOUBLE));
        check(manager, block(random, 1, 3, 3, 5, 7, 1, DataType.DOUBLE));   // batch 1, not square
        check(manager, block(random, 2, 1, 1, 4, 4, 1, DataType.DOUBLE));   // one channel
        check(manager, block(random, 3, 2, 2, 3, 2, 1, DataType.DOUBLE));
        check(manager, block(random, 2, 3, 3, 1, 1, 1, DataType.DOUBLE));   // 1x1 images: only the centre taps
    }

    @Test
    @DisplayName("projection shortcut: a strided 1x1 conv and batch norm when the shape changes")
    void projectionShortcut(NDManager manager, Random random) {
        check(manager, block(random, 2, 3, 4, 7, 7, 2, DataType.DOUBLE));   // downsampling, odd size
        check(manager, block(random, 1, 4, 4, 6, 5, 2, DataType.DOUBLE));   // same channels, stride 2
        check(manager, block(random, 2, 2, 3, 5, 5, 1, DataType.DOUBLE));   // more channels, stride 1
        check(manager, block(random, 1, 2, 4, 8, 7, 3, DataType.DOUBLE));   // stride 3
        check(manager, block(random, 2, 2, 3, 7, 6, 2, DataType.DOUBLE));   // odd height, even width
        check(manager, block(random, 1, 2, 4, 1, 1, 2, DataType.DOUBLE));   // 1x1 image, stride 2: 1x1 out
    }

    @Test
    @DisplayName("a float32 input gives a float32 output")
    void float32(NDManager manager, Random random) {
        check(manager, block(random, 2, 3, 4, 6, 6, 2, DataType.FLOAT));
        check(manager, block(random, 1, 2, 2, 5, 5, 1, DataType.FLOAT));
    }

    private static void check(NDManager manager, Block b) {
        INDArray actual;
        try {
            actual = Guarded.fresh(in -> ResnetBlock.forward(in.copy("x", b.x()), new ResnetBlock.Params(
                    in.copy("w1", b.w1()), b.bn1().copy(in, "bn1"), in.copy("w2", b.w2()), b.bn2().copy(in, "bn2"),
                    in.copy("wShortcut", b.ws()), b.bns() == null ? null : b.bns().copy(in, "bnShortcut")),
                    b.stride(), b.eps()));
        } catch (IllegalStateException e) {
            // ND4J's complaint about an addition of two shapes that do not match: here that can only be the
            // residual addition, and it has one usual cause.
            if (e.getMessage() == null || !e.getMessage().contains("not broadcastable")) {
                throw e;
            }
            throw new AssertionFailedError("Looks like you " + SHAPES_DIFFER + "\n" + b + ": " + e.getMessage(), e);
        }

        DataType type = b.x().dataType();
        boolean projection = b.ws() != null;
        long outH = (b.x().size(2) - 1) / b.stride() + 1;
        long outW = (b.x().size(3) - 1) / b.stride() + 1;
        boolean batchStatistics = b.x().size(0) * outH * outW > 1;
        Compare.assertClose("out of " + b, expected(manager, b, EnumSet.noneOf(Flaw.class)), actual,
                mistake(manager, b, RELU_BEFORE_ADD, Flaw.RELU_BEFORE_ADD),
                mistake(manager, b, NO_SHORTCUT, Flaw.NO_SHORTCUT),
                mistake(manager, b, NO_FINAL_RELU, Flaw.NO_FINAL_RELU),
                mistake(manager, b, NO_MIDDLE_RELU, Flaw.NO_MIDDLE_RELU),
                mistake(manager, b, RELU_BEFORE_BN, Flaw.RELU_BEFORE_BN),
                new Mistake<>(NO_SHORTCUT_BN, () -> projection ? expected(manager, b, EnumSet.of(Flaw.NO_SHORTCUT_BN))
                        : null),
                new Mistake<>(TRAIN_MODE, () -> batchStatistics ? expected(manager, b, EnumSet.of(Flaw.TRAIN_MODE))
                        : null));
    }

    private static Mistake<INDArray> mistake(NDManager manager, Block b, String diagnosis, Flaw flaw) {
        return new Mistake<>(diagnosis, () -> expected(manager, b, EnumSet.of(flaw)));
    }

    /** The block computed with PyTorch's operations, with the given mistakes built in. */
    private static INDArray expected(NDManager manager, Block b, EnumSet<Flaw> flaws) {
        NDArray x = TorchOracle.toTorch(manager, b.x());
        NDArray out = conv(manager, x, TorchOracle.toTorch(manager, b.w1()), b.stride(), 1);
        if (flaws.contains(Flaw.RELU_BEFORE_BN)) {
            out = batchNorm(manager, Activation.relu(out), b.bn1(), b.eps(), flaws);
        } else {
            out = batchNorm(manager, out, b.bn1(), b.eps(), flaws);
            out = flaws.contains(Flaw.NO_MIDDLE_RELU) ? out : Activation.relu(out);
        }
        out = batchNorm(manager, conv(manager, out, TorchOracle.toTorch(manager, b.w2()), 1, 1), b.bn2(), b.eps(),
                flaws);
        NDArray shortcut = x;
        if (b.ws() != null) {
            shortcut = conv(manager, x, TorchOracle.toTorch(manager, b.ws()), b.stride(), 0);
            if (!flaws.contains(Flaw.NO_SHORTCUT_BN)) {
                shortcut = batchNorm(manager, shortcut, b.bns(), b.eps(), flaws);
            }
        }
        NDArray result;
        if (flaws.contains(Flaw.NO_SHORTCUT)) {
            result = Activation.relu(out);
        } else if (flaws.contains(Flaw.RELU_BEFORE_ADD)) {
            result = Activation.relu(out).add(shortcut);
        } else if (flaws.contains(Flaw.NO_FINAL_RELU)) {
            result = out.add(shortcut);
        } else {
            result = Activation.relu(out.add(shortcut));
        }
        return Nchw.expected(result, b.x().dataType());
    }

    /** PyTorch's {@code conv2d} without bias (a zero bias), as in ResNet. */
    private static NDArray conv(NDManager manager, NDArray x, NDArray w, int stride, int padding) {
        NDArray noBias = manager.zeros(new Shape(w.getShape().get(0)), w.getDataType());
        return ai.djl.nn.convolutional.Conv2d.conv2d(x, w, noBias, new Shape(stride, stride),
                new Shape(padding, padding), new Shape(1, 1), 1).singletonOrThrow();
    }

    /** PyTorch's {@code batch_norm} along the channels; eval mode unless the TRAIN_MODE mistake is asked for. */
    private static NDArray batchNorm(NDManager manager, NDArray x, Bn bn, double eps, EnumSet<Flaw> flaws) {
        return ai.djl.nn.norm.BatchNorm.batchNorm(x, TorchOracle.toTorch(manager, bn.mean()),
                TorchOracle.toTorch(manager, bn.var()), TorchOracle.toTorch(manager, bn.gamma()),
                TorchOracle.toTorch(manager, bn.beta()), 1, 0.9f, (float) eps, flaws.contains(Flaw.TRAIN_MODE))
                .singletonOrThrow();
    }

    /** A random block; the projection is there exactly when the stride or the channel count changes. */
    private static Block block(Random random, int n, int cin, int cout, int h, int w, int stride, DataType type) {
        boolean projection = stride != 1 || cin != cout;
        return new Block(Inputs.normal(random, n, cin, h, w).castTo(type),
                Inputs.normal(random, cout, cin, 3, 3).muli(0.5).castTo(type), bn(random, cout, type),
                Inputs.normal(random, cout, cout, 3, 3).muli(0.5).castTo(type), bn(random, cout, type),
                projection ? Inputs.normal(random, cout, cin, 1, 1).castTo(type) : null,
                projection ? bn(random, cout, type) : null, stride, 1e-5);
    }

    private static Bn bn(Random random, int c, DataType type) {
        return new Bn(Inputs.normal(random, c).castTo(type), Inputs.normal(random, c).castTo(type),
                Inputs.normal(random, c).castTo(type),
                Transforms.abs(Inputs.normal(random, c), false).addi(0.5).castTo(type));
    }
}
