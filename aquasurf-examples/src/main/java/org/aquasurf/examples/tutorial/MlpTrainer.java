package org.aquasurf.examples.tutorial;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.TranslateException;
import ai.djl.util.Pair;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.aquasurf.data.ImageSet;
import org.aquasurf.examples.data.Mnist;
import org.aquasurf.train.EpochMetrics;
import org.aquasurf.train.EpochProgress;
import org.aquasurf.train.ImageClassifierTrainer;
import org.aquasurf.train.TrainingConfig;
import org.aquasurf.train.TrainingHooks;

/**
 * Trains one MLP on MNIST with the shared {@link ImageClassifierTrainer} (float32, SGD with momentum,
 * softmax cross-entropy; DJL's default Xavier-uniform initialization of weights, zero biases), measuring
 * loss, accuracy, and weight and gradient snapshots of the first and last layers.
 */
public final class MlpTrainer {

    /** Training digits in the fixed batch whose gradients are recorded in the snapshots. */
    public static final int PROBE_SIZE = 512;
    private static final int EVAL_BATCH = 1000;

    private MlpTrainer() {}

    /** Builds the network of {@code config}: flatten, then (Linear, activation) per hidden width, then Linear(10). */
    public static SequentialBlock network(MlpConfig config) {
        SequentialBlock net = new SequentialBlock().add(Blocks.batchFlattenBlock(Mnist.SIDE * Mnist.SIDE));
        for (int width : config.hidden()) {
            net.add(Linear.builder().setUnits(width).build()).add(config.activation().block(config.slope()));
        }
        return net.add(Linear.builder().setUnits(Mnist.CLASSES).build());
    }

    /** Trains {@code config} on {@code train}, measuring after every epoch on {@code validation} and {@code test}. */
    public static MlpResult train(MlpConfig config, ImageSet train, ImageSet validation, ImageSet test, EpochProgress progress) {
        long start = System.nanoTime();
        SequentialBlock net = network(config);
        TrainingConfig training = new TrainingConfig(config.epochs(), config.batchSize(), config.learningRate(),
                config.momentum(), (int) config.seed(), train.size());
        try (NDManager probeData = NDManager.newBaseManager(Device.cpu())) {
            ArrayDataset probe = train.slice(0, Math.min(PROBE_SIZE, train.size()))
                    .toDataset(probeData, Mnist.NORMALIZATION, PROBE_SIZE, false);
            Snapshots snapshots = new Snapshots(net, probe);
            EpochMetrics metrics = new ImageClassifierTrainer(train, validation, test, Mnist.NORMALIZATION, training, EVAL_BATCH)
                    .trainEachEpoch(config.name(), net, progress, snapshots);
            return new MlpResult(config, snapshots.parameters, metrics, snapshots.taken, (System.nanoTime() - start) / 1e9);
        }
    }

    /** Counts parameters at initialization and takes a snapshot then and after each epoch. */
    private static final class Snapshots implements TrainingHooks {
        private final SequentialBlock net;
        private final ArrayDataset probe;
        private final List<MlpResult.LayerSnapshot> taken = new ArrayList<>();
        private long parameters;
        private Parameter first;
        private Parameter last;

        Snapshots(SequentialBlock net, ArrayDataset probe) {
            this.net = net;
            this.probe = probe;
        }

        @Override
        public void epochEnd(Trainer trainer, int epoch) throws IOException, TranslateException {
            if (epoch == 0) {
                for (Pair<String, Parameter> p : net.getParameters()) {
                    parameters += p.getValue().getArray().size();
                }
                List<Linear> linears = new ArrayList<>();
                for (Pair<String, Block> child : net.getChildren()) {
                    if (child.getValue() instanceof Linear linear) linears.add(linear);
                }
                first = linears.get(0).getParameters().get("weight");
                last = linears.get(linears.size() - 1).getParameters().get("weight");
            }
            taken.add(snapshot(trainer, probe, first, last));
        }
    }

    /** Current weights, and gradients of the mean loss over the probe batch (no optimizer step). */
    private static MlpResult.LayerSnapshot snapshot(Trainer trainer, ArrayDataset probe, Parameter first, Parameter last)
            throws IOException, TranslateException {
        for (Batch b : trainer.iterateDataset(probe)) {
            try (b; GradientCollector collector = trainer.newGradientCollector()) {
                NDList predictions = trainer.forward(b.getData());
                collector.backward(trainer.getLoss().evaluate(b.getLabels(), predictions));
            }
        }
        return new MlpResult.LayerSnapshot(first.getArray().toFloatArray(), first.getArray().getGradient().toFloatArray(),
                last.getArray().toFloatArray(), last.getArray().getGradient().toFloatArray());
    }
}
