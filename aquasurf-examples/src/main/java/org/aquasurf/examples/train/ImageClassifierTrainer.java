package org.aquasurf.examples.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import org.aquasurf.examples.data.ImageSet;
import org.aquasurf.examples.data.Normalization;
import org.aquasurf.store.EvaluationResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Trains an image classifier (any DJL block mapping (N,C,H,W) images to class logits) with SGD and
 * momentum on softmax cross-entropy, float32, and measures loss and accuracy on the train,
 * validation and test sets: the {@code evaluate} step of an activation-function search.
 * A run whose loss becomes non-finite stops early and reports NaN losses (accuracies stay measured).
 */
public final class ImageClassifierTrainer {
    private static final int EVAL_BATCH = 500;

    private final ImageSet train;
    private final ImageSet validation;
    private final ImageSet test;
    private final Normalization normalization;
    private final TrainingConfig config;

    public ImageClassifierTrainer(ImageSet train, ImageSet validation, ImageSet test, Normalization normalization,
                                  TrainingConfig config) {
        this.train = train.slice(0, Math.min(train.size(), config.trainSize()));
        this.validation = validation;
        this.test = test;
        this.normalization = normalization;
        this.config = config;
    }

    /** The training configuration. */
    public TrainingConfig config() {
        return config;
    }

    /**
     * Trains {@code net} from scratch (DJL's seed set to the configured seed first) and returns
     * final train/validation/test accuracy and loss; {@code epochLines} gets one line per epoch.
     */
    public EvaluationResult train(String name, Block net, Consumer<String> epochLines) {
        long start = System.nanoTime();
        Engine.getInstance().setRandomSeed(config.seed());
        Loss loss = Loss.softmaxCrossEntropyLoss();
        try (Model model = Model.newInstance(name, Device.cpu()); NDManager data = NDManager.newBaseManager(Device.cpu())) {
            model.setBlock(net);
            DefaultTrainingConfig trainingConfig = new DefaultTrainingConfig(loss)
                    .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(config.learningRate()))
                            .optMomentum(config.momentum()).build())
                    .optDevices(new Device[] {Device.cpu()});
            try (Trainer trainer = model.newTrainer(trainingConfig)) {
                trainer.initialize(new Shape(1, train.channels(), train.height(), train.width()));
                ArrayDataset trainSet = train.toDataset(data, normalization, config.batchSize(), true);
                double trainLoss = Double.NaN;
                for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                    long epochStart = System.nanoTime();
                    double sum = 0;
                    for (Batch b : trainer.iterateDataset(trainSet)) {
                        try (b; GradientCollector collector = trainer.newGradientCollector()) {
                            NDArray l = loss.evaluate(b.getLabels(), trainer.forward(b.getData()));
                            collector.backward(l);
                            sum += l.getFloat() * b.getSize();
                        }
                        trainer.step();
                    }
                    trainLoss = sum / train.size();
                    epochLines.accept(String.format(Locale.ROOT, "  %s epoch %d/%d train loss %.4f (%.1f s)", name, epoch,
                            config.epochs(), trainLoss, (System.nanoTime() - epochStart) / 1e9));
                    if (!Double.isFinite(trainLoss)) break;
                }
                double[] tr = measure(trainer, loss, data, train);
                double[] va = measure(trainer, loss, data, validation);
                double[] te = measure(trainer, loss, data, test);
                return new EvaluationResult(tr[0], tr[1], va[0], va[1], te[0], te[1],
                        (System.nanoTime() - start) / 1e9, null);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot iterate image batches", e);
        } catch (TranslateException e) {
            throw new IllegalStateException("cannot iterate image batches: " + e.getMessage(), e);
        }
    }

    /** {accuracy, mean loss} of the trained network on {@code set}. */
    private double[] measure(Trainer trainer, Loss loss, NDManager data, ImageSet set) throws IOException, TranslateException {
        long correct = 0;
        double lossSum = 0;
        for (Batch b : trainer.iterateDataset(set.toDataset(data, normalization, EVAL_BATCH, false))) {
            try (b) {
                NDArray logits = trainer.evaluate(b.getData()).singletonOrThrow();
                lossSum += loss.evaluate(b.getLabels(), new ai.djl.ndarray.NDList(logits)).getFloat() * b.getSize();
                NDArray predicted = logits.argMax(1);
                NDArray labels = b.getLabels().singletonOrThrow().toType(predicted.getDataType(), false);
                correct += predicted.eq(labels).sum().getLong();
            }
        }
        return new double[] {(double) correct / set.size(), lossSum / set.size()};
    }
}
