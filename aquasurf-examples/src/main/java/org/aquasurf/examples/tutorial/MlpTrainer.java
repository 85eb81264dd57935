package org.aquasurf.examples.tutorial;

import org.aquasurf.examples.train.EpochProgress;
import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import ai.djl.util.Pair;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.aquasurf.examples.data.ImageSet;
import org.aquasurf.examples.data.Mnist;

/**
 * Trains one MLP on MNIST with DJL's {@link Trainer} (float32, SGD with momentum, softmax
 * cross-entropy; DJL's default Xavier-uniform initialization of weights, zero biases), measuring loss,
 * accuracy, and weight and gradient snapshots of the first and last layers.
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
        Engine.getInstance().setRandomSeed((int) config.seed());
        SequentialBlock net = network(config);
        try (Model model = Model.newInstance(config.name(), Device.cpu());
                NDManager data = NDManager.newBaseManager(Device.cpu())) {
            model.setBlock(net);
            DefaultTrainingConfig trainingConfig = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(config.learningRate()))
                            .optMomentum(config.momentum()).build())
                    .optDevices(new Device[] {Device.cpu()});
            try (Trainer trainer = model.newTrainer(trainingConfig)) {
                trainer.initialize(new Shape(1, 1, Mnist.SIDE, Mnist.SIDE));
                List<Linear> linears = new ArrayList<>();
                for (Pair<String, Block> child : net.getChildren()) {
                    if (child.getValue() instanceof Linear linear) {
                        linears.add(linear);
                    }
                }
                Parameter first = linears.get(0).getParameters().get("weight");
                Parameter last = linears.get(linears.size() - 1).getParameters().get("weight");
                long parameters = 0;
                for (Pair<String, Parameter> p : net.getParameters()) {
                    parameters += p.getValue().getArray().size();
                }

                ArrayDataset trainSet = train.toDataset(data, Mnist.NORMALIZATION, config.batchSize(), true);
                ArrayDataset probe = train.slice(0, Math.min(PROBE_SIZE, train.size()))
                        .toDataset(data, Mnist.NORMALIZATION, PROBE_SIZE, false);
                ArrayDataset validationSet = validation.toDataset(data, Mnist.NORMALIZATION, EVAL_BATCH, false);
                ArrayDataset testSet = test.toDataset(data, Mnist.NORMALIZATION, EVAL_BATCH, false);
                int batches = (train.size() + config.batchSize() - 1) / config.batchSize();

                List<MlpResult.LayerSnapshot> snapshots = new ArrayList<>();
                snapshots.add(snapshot(trainer, probe, first, last));
                double[] loss = new double[config.epochs()];
                double[] validationAccuracy = new double[config.epochs()];
                double[] testAccuracy = new double[config.epochs()];
                for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                    long epochStart = System.nanoTime();
                    double lossSum = 0;
                    int batch = 0;
                    for (Batch b : trainer.iterateDataset(trainSet)) {
                        try (b; GradientCollector collector = trainer.newGradientCollector()) {
                            NDArray l = trainer.getLoss().evaluate(b.getLabels(), trainer.forward(b.getData()));
                            collector.backward(l);
                            lossSum += l.getFloat() * b.getSize();
                        }
                        trainer.step();
                        progress.batch(config.name(), epoch, config.epochs(), ++batch, batches);
                    }
                    loss[epoch - 1] = lossSum / train.size();
                    validationAccuracy[epoch - 1] = accuracy(trainer, validationSet);
                    testAccuracy[epoch - 1] = accuracy(trainer, testSet);
                    snapshots.add(snapshot(trainer, probe, first, last));
                    progress.epoch(String.format(Locale.ROOT,
                            "%-18s epoch %d/%d  train loss %.4f  val acc %.4f  test acc %.4f  (%.1f s)", config.name(),
                            epoch, config.epochs(), loss[epoch - 1], validationAccuracy[epoch - 1],
                            testAccuracy[epoch - 1], (System.nanoTime() - epochStart) / 1e9));
                }
                return new MlpResult(config, parameters, loss, validationAccuracy, testAccuracy, snapshots,
                        (System.nanoTime() - start) / 1e9);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot iterate MNIST batches", e);
        } catch (TranslateException e) {
            throw new IllegalStateException("cannot iterate MNIST batches: " + e.getMessage(), e);
        }
    }

    /** Fraction of {@code set} whose arg-max prediction equals the label. */
    private static double accuracy(Trainer trainer, ArrayDataset set) throws IOException, TranslateException {
        long correct = 0;
        long total = 0;
        for (Batch b : trainer.iterateDataset(set)) {
            try (b) {
                NDArray predicted = trainer.evaluate(b.getData()).singletonOrThrow().argMax(1);
                NDArray labels = b.getLabels().singletonOrThrow().toType(predicted.getDataType(), false);
                correct += predicted.eq(labels).sum().getLong();
                total += b.getSize();
            }
        }
        return (double) correct / total;
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
