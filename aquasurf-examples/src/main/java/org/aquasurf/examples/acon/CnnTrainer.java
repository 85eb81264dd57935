package org.aquasurf.examples.acon;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import org.aquasurf.data.ImageSet;
import org.aquasurf.examples.data.Mnist;
import org.aquasurf.train.EpochMetrics;
import org.aquasurf.train.EpochProgress;
import org.aquasurf.train.ImageClassifierTrainer;
import org.aquasurf.train.TrainingConfig;
import org.aquasurf.train.TrainingHooks;
import org.aquasurf.nn.AconC;

/**
 * Builds and trains the small CNN of a {@link CnnConfig} on MNIST with the shared
 * {@link ImageClassifierTrainer} (float32, Adam, softmax cross-entropy), measuring loss, accuracy and time per epoch, and reading
 * back the learned ACON-C parameters.
 *
 * <p>Runs with the same seed start from the same weights in the layers they share: the weights of each
 * convolution and of the dense layer are drawn from DJL's default Xavier initializer with the engine seed set to seed + layer index, so parameters an
 * activation adds (ACON-C's p1, p2, β; Meta-ACON-C's β network) do not shift the other draws.
 * Biases start at zero.
 */
public final class CnnTrainer {

    /** Inputs at which the learned ACON-C curves are sampled: [-{@value #CURVE_RANGE}, {@value #CURVE_RANGE}]. */
    public static final double CURVE_RANGE = 6;
    /** Points of the curve grid. */
    public static final int CURVE_POINTS = 241;

    private CnnTrainer() {}

    /**
     * The network: conv 3×3 (padding 1) → activation → max-pool 2×2 → conv 3×3 (padding 1) →
     * activation → max-pool 2×2 → flatten → dense 10, for (N, 1, 28, 28) inputs.
     */
    public static SequentialBlock network(CnnConfig config) {
        return new SequentialBlock()
                .add(conv(config.channels1()))
                .add(config.activation().block(config.channels1(), config.reduction()))
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(conv(config.channels2()))
                .add(config.activation().block(config.channels2(), config.reduction()))
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(Mnist.CLASSES).build());
    }

    private static Conv2d conv(int filters) {
        return Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(filters).build();
    }

    /**
     * Trains {@code config} on {@code train}, measuring after every epoch on {@code validation} and
     * {@code test}; reports one line per epoch to {@code progress}.
     */
    public static CnnResult train(CnnConfig config, ImageSet train, ImageSet validation, ImageSet test, EpochProgress progress) {
        SequentialBlock net = network(config);
        TrainingConfig training = TrainingConfig.adam(config.epochs(), config.batchSize(), config.learningRate(),
                (int) config.seed(), train.size());
        AconCapture capture = new AconCapture(net, config.seed(), config.epochs());
        EpochMetrics metrics = new ImageClassifierTrainer(train, validation, test, Mnist.NORMALIZATION, training)
                .trainEachEpoch(config.name(), net, progress, capture);
        return new CnnResult(config, capture.parameters, metrics, capture.layers);
    }

    /**
     * Initializes as described in the class comment; counts trainable parameters and reads the ACON-C
     * parameters at initialization, and after the last epoch the learned parameters and curves.
     */
    private static final class AconCapture implements TrainingHooks {
        private final SequentialBlock net;
        private final long seed;
        private final int epochs;
        private final List<AconC> blocks;
        private List<AconParameters> initial;
        private final List<AconLayer> layers = new ArrayList<>();
        private long parameters;

        AconCapture(SequentialBlock net, long seed, int epochs) {
            this.net = net;
            this.seed = seed;
            this.epochs = epochs;
            this.blocks = aconBlocks(net);
        }

        @Override
        public void initialize(Trainer trainer, Shape inputShape) {
            CnnTrainer.initialize(trainer, net, seed);
        }

        @Override
        public void epochEnd(Trainer trainer, int epoch) {
            if (epoch == 0) {
                parameters = trainableParameters(net);
                initial = blocks.stream().map(CnnTrainer::parameters).toList();
            }
            if (epoch == epochs) {
                for (int i = 0; i < blocks.size(); i++) {
                    layers.add(new AconLayer(initial.get(i), parameters(blocks.get(i)), curves(blocks.get(i))));
                }
            }
        }
    }

    /** The number of parameters that receive gradients (BatchNorm running statistics do not). */
    static long trainableParameters(Block net) {
        long n = 0;
        for (Pair<String, Parameter> p : net.getParameters()) {
            if (p.getValue().requiresGradient()) n += p.getValue().getArray().size();
        }
        return n;
    }

    /** The output of a trained ACON-C block on the grid, per channel: an input of shape (points, C) with x in every column. */
    static ChannelCurves curves(AconC block) {
        int channels = Math.toIntExact(block.getParameters().get("p1").getArray().size());
        double[] x = new double[CURVE_POINTS];
        float[] input = new float[CURVE_POINTS * channels];
        for (int i = 0; i < CURVE_POINTS; i++) {
            x[i] = -CURVE_RANGE + 2 * CURVE_RANGE * i / (CURVE_POINTS - 1);
            for (int c = 0; c < channels; c++) input[i * channels + c] = (float) x[i];
        }
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray in = m.create(input, new Shape(CURVE_POINTS, channels));
            float[] out = block.forward(new ParameterStore(m, false), new NDList(in), false).singletonOrThrow().toFloatArray();
            double[][] y = new double[channels][CURVE_POINTS];
            for (int i = 0; i < CURVE_POINTS; i++) {
                for (int c = 0; c < channels; c++) y[c][i] = out[i * channels + c];
            }
            return new ChannelCurves(x, y);
        }
    }

    private static AconParameters parameters(AconC block) {
        return new AconParameters(block.getParameters().get("p1").getArray().toFloatArray(),
                block.getParameters().get("p2").getArray().toFloatArray(),
                block.getParameters().get("beta").getArray().toFloatArray());
    }

    private static List<AconC> aconBlocks(SequentialBlock net) {
        List<AconC> blocks = new ArrayList<>();
        for (Pair<String, Block> child : net.getChildren()) {
            if (child.getValue() instanceof AconC a) blocks.add(a);
        }
        return blocks;
    }

    /**
     * Initializes the trainer's {@link #network} for MNIST inputs from {@code seed}, drawing the shared
     * layers' weights as described in the class comment; leaves the engine seeded with {@code seed}.
     */
    static void initialize(Trainer trainer, SequentialBlock net, long seed) {
        seedSharedWeights(net, seed);
        Engine.getInstance().setRandomSeed((int) seed);
        trainer.initialize(new Shape(1, 1, Mnist.SIDE, Mnist.SIDE));
        Engine.getInstance().setRandomSeed((int) seed);
    }

    /**
     * Gives each convolution's and the dense layer's weight an initializer that seeds the engine with
     * seed + layer index and then draws DJL's default Xavier weights. Drawing them in place at
     * initialization, rather than overwriting them afterwards with {@code NDArray.set}, keeps PyTorch
     * from printing its "AutoNonVariableTypeMode is deprecated" warning (DJL's set and copy use that mode).
     */
    private static void seedSharedWeights(SequentialBlock net, long seed) {
        int layer = 0;
        for (Pair<String, Block> child : net.getChildren()) {
            Block b = child.getValue();
            if (b instanceof Conv2d || b instanceof Linear) {
                int layerSeed = (int) (seed + layer++);
                Initializer xavier = new XavierInitializer();
                b.setInitializer((manager, shape, dataType) -> {
                    Engine.getInstance().setRandomSeed(layerSeed);
                    return xavier.initialize(manager, shape, dataType);
                }, Parameter.Type.WEIGHT);
            }
        }
    }
}
