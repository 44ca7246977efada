package deepdrill.grader.checks.week4;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.util.Pair;
import deepdrill.grader.checks.support.CompareCount;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Inputs;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.week4.ModelSize.Conv;
import deepdrill.week4.ModelSize.Layer;
import deepdrill.week4.ModelSize.Linear;
import deepdrill.week4.ModelSize;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Checks {@code model-size} twice over. Single layers, a random sample drawn from the three networks
 * and beyond, are counted by DJL: each is built as a DJL block ({@code Conv2d}, {@code Linear},
 * {@code BatchNorm}), initialised on an input of the right shape, and its learnable arrays are
 * added up (a batch norm's running statistics are arrays that need no gradient, so they are not
 * counted). Whole networks are compared with their published counts, from torchvision's model
 * documentation: AlexNet 61,100,840 (Krizhevsky et al. 2012, torchvision's variant), VGG-16
 * 138,357,544 (Simonyan and Zisserman 2014, arXiv:1409.1556), ResNet-18 11,689,512 (He et al. 2015,
 * arXiv:1512.03385).
 *
 * <p>Covered: convs with and without bias, 1 x 1 to 11 x 11 kernels, one input or output channel;
 * linear layers with and without bias; batch norms down to one channel; the three whole networks;
 * an empty list (no layer, no parameter); one layer and one list whose counts pass
 * Integer.MAX_VALUE (int arithmetic wraps them around, named).
 */
@ExerciseCheck
class ModelSizeCheck {

    private static final String BIAS_PER_INPUT = "counted one bias per input channel (or input): there is one bias "
            + "per output channel (per output of a linear layer).";
    private static final String RUNNING_STATS = "counted the running statistics of the batch norm as parameters: "
            + "only gamma and beta are learned (2 per channel); the running mean and variance are buffers.";
    private static final String KERNEL_AS_K = "counted the conv kernel as k instead of k * k: a k x k kernel has "
            + "k * k weights per input channel and filter.";

    private static final String OVERFLOW = "counted in int: the count passes Integer.MAX_VALUE and wraps around; "
            + "keep the total in a long and multiply in long, (long) c.in() * c.out() * c.k() * c.k().";

    /** AlexNet as in torchvision (64, 192, 384, 256, 256 filters; a 6x6 map into the classifier). */
    static final List<Layer> ALEXNET = List.of(
            new Conv(3, 64, 11, true), new Conv(64, 192, 5, true), new Conv(192, 384, 3, true),
            new Conv(384, 256, 3, true), new Conv(256, 256, 3, true),
            new Linear(256 * 6 * 6, 4096, true), new Linear(4096, 4096, true), new Linear(4096, 1000, true));

    static final List<Layer> VGG16 = vgg16();

    static final List<Layer> RESNET18 = resnet18();

    @Test
    @DisplayName("single layers, counted by DJL: convs with and without bias, linear layers, batch norms")
    void singleLayers(NDManager manager, Random random) {
        List<Layer> sample = new ArrayList<>(List.of(
                new Conv(3, 64, 11, true),            // AlexNet's first conv
                new Conv(64, 64, 3, false),           // a ResNet conv
                new ModelSize.BatchNorm(64),
                new Conv(64, 128, 1, false),          // a ResNet shortcut
                new Linear(512, 1000, true),          // ResNet's classifier
                new Linear(10, 3, false),
                new Conv(16, 8, 5, true),
                new ModelSize.BatchNorm(1)));
        List<Layer> small = new ArrayList<>();
        for (List<Layer> network : List.of(ALEXNET, VGG16, RESNET18)) {
            for (Layer layer : network) {
                // Initialising a layer costs its size in memory and time: the sample keeps to the smaller ones.
                if (weights(layer) <= 600_000) {
                    small.add(layer);
                }
            }
        }
        for (int i = 0; i < 4; i++) {
            sample.add(small.get(random.nextInt(small.size())));
        }
        for (int i = 0; i < 4; i++) {
            int in = Inputs.between(random, 1, 64);
            int out = Inputs.between(random, 1, 64);
            sample.add(switch (i) {
                case 0 -> new Conv(in, out, Inputs.between(random, 1, 7), random.nextBoolean());
                case 1 -> new Linear(in, out, random.nextBoolean());
                case 2 -> new ModelSize.BatchNorm(out);
                default -> new Conv(in, out, Inputs.between(random, 2, 5), true);
            });
        }
        for (Layer layer : sample) {
            Counted djl = countWithDjl(manager, layer);
            long actual = ModelSize.parameters(List.of(layer));
            List<Mistake<Long>> mistakes = new ArrayList<>();
            if (layer instanceof Conv c && c.k() > 1) {
                mistakes.add(Mistake.giving(KERNEL_AS_K, djl.weight() / c.k() + djl.bias()));
            }
            if (djl.bias() > 0 && inputs(layer) != djl.bias()) {
                mistakes.add(Mistake.giving(BIAS_PER_INPUT, djl.learnable() - djl.bias() + inputs(layer)));
            }
            if (layer instanceof ModelSize.BatchNorm) {
                mistakes.add(Mistake.giving(RUNNING_STATS, djl.all()));
            }
            CompareCount.assertEqual("parameters(List.of(" + layer + "))", "the learnable arrays of DJL's " + djl.block(),
                    djl.learnable(), actual, mistakes);
        }
    }

    @Test
    @DisplayName("counts past Integer.MAX_VALUE (one layer, a long list) and an empty list")
    void largeCounts(NDManager manager) {
        // No layer, no parameter: the sum over an empty list.
        CompareCount.assertEqual("parameters(List.of())", "the sum over no layers", 0L, ModelSize.parameters(List.of()),
                List.of());
        // Layers too large to initialise: a conv's weight is `in` copies of a one-input-channel conv's, a
        // linear layer's `in` columns of a one-input layer's; DJL counts the one-input layer.
        for (Layer layer : List.of(new Conv(4096, 4096, 12, true), new Linear(60_000, 40_000, false))) {
            Layer oneInput = layer instanceof Conv c ? new Conv(1, c.out(), c.k(), c.bias())
                    : new Linear(1, ((Linear) layer).out(), false);
            Counted djl = countWithDjl(manager, oneInput);
            long weight = inputs(layer) * djl.weight();
            long expected = weight + djl.bias();
            CompareCount.assertEqual("parameters(List.of(" + layer + "))", inputs(layer) + " times the weight of DJL's "
                    + djl.block() + " with one input, plus its bias", expected, ModelSize.parameters(List.of(layer)),
                    List.of(Mistake.giving(OVERFLOW, (long) (int) weight + djl.bias()),
                            Mistake.giving(OVERFLOW, (long) (int) expected)));
        }
        List<Layer> twentyVggs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            twentyVggs.addAll(VGG16);
        }
        long published = 20 * 138_357_544L;
        CompareCount.assertEqual("parameters(VGG-16's " + VGG16.size() + " layers, 20 times over)",
                "20 times VGG-16's published count", published, ModelSize.parameters(List.copyOf(twentyVggs)),
                List.of(Mistake.giving(OVERFLOW, (long) (int) published)));
    }

    @Test
    @DisplayName("AlexNet (torchvision): 61,100,840 parameters")
    void alexNet() {
        checkNetwork("AlexNet", ALEXNET, 61_100_840L);
    }

    @Test
    @DisplayName("VGG-16: 138,357,544 parameters")
    void vgg16Network() {
        checkNetwork("VGG-16", VGG16, 138_357_544L);
    }

    @Test
    @DisplayName("ResNet-18: 11,689,512 parameters, with batch norms")
    void resnet18Network() {
        checkNetwork("ResNet-18", RESNET18, 11_689_512L);
    }

    private static void checkNetwork(String name, List<Layer> layers, long published) {
        long actual = ModelSize.parameters(layers);
        List<Mistake<Long>> mistakes = List.of(
                new Mistake<>(BIAS_PER_INPUT, () -> published + sum(layers, l -> hasBias(l) ? inputs(l) - outputs(l) : 0)),
                new Mistake<>(RUNNING_STATS, () -> published + sum(layers, l -> l instanceof ModelSize.BatchNorm b
                        ? 2L * b.channels() : 0)),
                new Mistake<>(KERNEL_AS_K, () -> published - sum(layers, l -> l instanceof Conv c
                        ? (long) c.in() * c.out() * c.k() * (c.k() - 1) : 0)));
        CompareCount.assertEqual(String.format(Locale.ROOT, "parameters(%s: %d layers, starting %s)", name, layers.size(),
                layers.get(0)), name + "'s published count, from torchvision's model documentation", published,
                actual, mistakes);
    }

    private static List<Layer> vgg16() {
        int[][] convs = {{3, 64}, {64, 64}, {64, 128}, {128, 128}, {128, 256}, {256, 256}, {256, 256}, {256, 512},
                {512, 512}, {512, 512}, {512, 512}, {512, 512}, {512, 512}};
        List<Layer> layers = new ArrayList<>();
        for (int[] c : convs) {
            layers.add(new Conv(c[0], c[1], 3, true));
        }
        layers.add(new Linear(512 * 7 * 7, 4096, true));
        layers.add(new Linear(4096, 4096, true));
        layers.add(new Linear(4096, 1000, true));
        return List.copyOf(layers);
    }

    private static List<Layer> resnet18() {
        List<Layer> layers = new ArrayList<>(List.of(new Conv(3, 64, 7, false), new ModelSize.BatchNorm(64)));
        int in = 64;
        for (int out : new int[] {64, 128, 256, 512}) {
            for (int block = 0; block < 2; block++) {
                int blockIn = block == 0 ? in : out;
                layers.add(new Conv(blockIn, out, 3, false));
                layers.add(new ModelSize.BatchNorm(out));
                layers.add(new Conv(out, out, 3, false));
                layers.add(new ModelSize.BatchNorm(out));
                if (blockIn != out) {
                    layers.add(new Conv(blockIn, out, 1, false));   // the projection shortcut
                    layers.add(new ModelSize.BatchNorm(out));
                }
            }
            in = out;
        }
        layers.add(new Linear(512, 1000, true));
        return List.copyOf(layers);
    }

    /** What DJL holds for one layer: its learnable arrays, all its arrays, the weight and the bias. */
    private record Counted(String block, long learnable, long all, long weight, long bias) {
    }

    private static Counted countWithDjl(NDManager manager, Layer layer) {
        try (NDManager m = manager.newSubManager()) {
            AbstractBlock block;
            Shape input;
            String name;
            if (layer instanceof Conv c) {
                block = Conv2d.builder().setKernelShape(new Shape(c.k(), c.k())).setFilters(c.out()).optBias(c.bias())
                        .build();
                input = new Shape(1, c.in(), c.k(), c.k());
                name = "Conv2d";
            } else if (layer instanceof Linear l) {
                block = ai.djl.nn.core.Linear.builder().setUnits(l.out()).optBias(l.bias()).build();
                input = new Shape(1, l.in());
                name = "Linear";
            } else {
                block = BatchNorm.builder().build();
                input = new Shape(2, ((ModelSize.BatchNorm) layer).channels(), 2, 2);
                name = "BatchNorm";
            }
            block.initialize(m, DataType.FLOAT32, input);
            long learnable = 0;
            long all = 0;
            long weight = 0;
            long bias = 0;
            for (Pair<String, Parameter> p : block.getParameters()) {
                long size = p.getValue().getArray().size();
                all += size;
                if (p.getValue().requiresGradient()) {
                    learnable += size;
                }
                if ("weight".equals(p.getKey())) {
                    weight = size;
                } else if ("bias".equals(p.getKey())) {
                    bias = size;
                }
            }
            return new Counted(name, learnable, all, weight, bias);
        }
    }

    private static boolean hasBias(Layer layer) {
        return layer instanceof Conv c ? c.bias() : layer instanceof Linear l && l.bias();
    }

    private static long inputs(Layer layer) {
        return layer instanceof Conv c ? c.in() : layer instanceof Linear l ? l.in() : 0;
    }

    private static long outputs(Layer layer) {
        return layer instanceof Conv c ? c.out() : layer instanceof Linear l ? l.out() : 0;
    }

    /** The weight count, to keep the DJL sample to layers that initialise quickly. */
    private static long weights(Layer layer) {
        return layer instanceof Conv c ? (long) c.in() * c.out() * c.k() * c.k() : inputs(layer) * outputs(layer);
    }

    private static long sum(List<Layer> layers, java.util.function.ToLongFunction<Layer> term) {
        return layers.stream().mapToLong(term).sum();
    }

}
