package org.aquasurf.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.translate.TranslateException;
import org.aquasurf.data.ImageSet;
import org.aquasurf.data.Normalization;
import org.aquasurf.store.EvaluationResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Trains an image classifier (any DJL block mapping (N,C,H,W) images to class logits) on softmax
 * cross-entropy, float32, following a {@link TrainingConfig} (optimizer, learning-rate schedule, weight
 * decay, augmentation), on the configured device ({@link Compute#device}; CPU by default), with DJL's
 * seed set to the configured seed first (initialization and shuffling). With augmentation, each epoch's
 * batches are drawn and augmented anew from a generator seeded by the seed and the epoch. Each epoch
 * reports its time and training samples per second.
 *
 * <pre>{@code
 * var trainer = new ImageClassifierTrainer(train, validation, test, normalization, TrainingConfig.sgd(3, 64, 0.02f, 0.9f))
 *         .epochLines(System.out::println);
 * db.search().budget(20).evaluateWith(fn -> trainer.evaluate(db.buildModel(fn))).run();
 * }</pre>
 *
 * Two ways to run:
 * <ul>
 *   <li>{@link #evaluate} / {@link #train}: the {@code evaluate} step of an activation-function search,
 *       measuring loss and accuracy on the train, validation and test sets once at the end; a run whose
 *       loss becomes non-finite stops early and reports NaN losses (accuracies stay measured);</li>
 *   <li>{@link #trainEachEpoch}: the tutorials, measuring validation and test accuracy after every epoch,
 *       with {@link TrainingHooks} for custom initialization and snapshots of the live network.</li>
 * </ul>
 * Instances are immutable; the {@code with}-style methods return changed copies.
 */
public final class ImageClassifierTrainer {
    /** Images per inference batch when measuring, unless another is given. */
    public static final int DEFAULT_EVAL_BATCH = 500;

    private final ImageSet train;
    private final ImageSet validation;
    private final ImageSet test;
    private final Normalization normalization;
    private final TrainingConfig config;
    private final int evalBatch;
    private final Device device;
    private final Consumer<String> epochLines;

    public ImageClassifierTrainer(ImageSet train, ImageSet validation, ImageSet test, Normalization normalization,
                                  TrainingConfig config) {
        this(train, validation, test, normalization, config, DEFAULT_EVAL_BATCH);
    }

    /** As above, measuring in inference batches of {@code evalBatch} images. */
    public ImageClassifierTrainer(ImageSet train, ImageSet validation, ImageSet test, Normalization normalization,
                                  TrainingConfig config, int evalBatch) {
        this(train.slice(0, Math.min(train.size(), config.trainSize())), validation, test, normalization, config, evalBatch,
                Device.cpu(), line -> {});
    }

    private ImageClassifierTrainer(ImageSet train, ImageSet validation, ImageSet test, Normalization normalization,
                                   TrainingConfig config, int evalBatch, Device device, Consumer<String> epochLines) {
        if (evalBatch < 1) throw new IllegalArgumentException("evaluation batch must be positive, got " + evalBatch);
        if (!normalization.fits(train.channels())) {
            throw new IllegalArgumentException(normalization + " does not fit images with " + train.channels() + " channels");
        }
        this.train = train;
        this.validation = validation;
        this.test = test;
        this.normalization = normalization;
        this.config = config;
        this.evalBatch = evalBatch;
        this.device = device;
        this.epochLines = epochLines;
    }

    /** This trainer on {@code value} (e.g. {@code Compute.device("gpu")}). */
    public ImageClassifierTrainer device(Device value) {
        return new ImageClassifierTrainer(train, validation, test, normalization, config, evalBatch, value, epochLines);
    }

    /** This trainer, sending one line per epoch of {@link #evaluate}/{@link #train} to {@code value}. */
    public ImageClassifierTrainer epochLines(Consumer<String> value) {
        return new ImageClassifierTrainer(train, validation, test, normalization, config, evalBatch, device, value);
    }

    /** The training configuration. */
    public TrainingConfig config() {
        return config;
    }

    /** The device it trains on. */
    public Device device() {
        return device;
    }

    /** Trains {@code net} from scratch and returns final train/validation/test accuracy and loss. */
    public EvaluationResult evaluate(Block net) {
        return train("model", net);
    }

    /**
     * Trains {@code net} from scratch and returns final train/validation/test accuracy and loss; the epoch
     * lines name the run {@code name}.
     */
    public EvaluationResult train(String name, Block net) {
        long start = System.nanoTime();
        return run(name, net, TrainingHooks.NONE, session -> {
            for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                long epochStart = System.nanoTime();
                double trainLoss = session.epoch(name, epoch, null);
                double seconds = (System.nanoTime() - epochStart) / 1e9;
                epochLines.accept(String.format(Locale.ROOT, "  %s epoch %d/%d train loss %.4f lr %.3g (%.1f s, %.0f samples/s)",
                        name, epoch, config.epochs(), trainLoss, config.learningRate(epoch - 1), seconds, train.size() / seconds));
                if (!Double.isFinite(trainLoss)) break;
            }
            double[] tr = session.measure(train);
            double[] va = session.measure(validation);
            double[] te = session.measure(test);
            return new EvaluationResult(tr[0], tr[1], va[0], va[1], te[0], te[1], (System.nanoTime() - start) / 1e9, null);
        });
    }

    /**
     * Trains {@code net} from scratch for all configured epochs, measuring validation and test accuracy
     * after each; reports batches and one line per epoch to {@code progress} and calls {@code hooks}
     * (initialization, then after each epoch).
     */
    public EpochMetrics trainEachEpoch(String name, Block net, EpochProgress progress, TrainingHooks hooks) {
        return run(name, net, hooks, session -> {
            hooks.epochEnd(session.trainer, 0);
            int e = config.epochs();
            double[] loss = new double[e];
            double[] validationAccuracy = new double[e];
            double[] testAccuracy = new double[e];
            double[] seconds = new double[e];
            for (int epoch = 1; epoch <= e; epoch++) {
                long start = System.nanoTime();
                loss[epoch - 1] = session.epoch(name, epoch, progress);
                seconds[epoch - 1] = (System.nanoTime() - start) / 1e9;
                validationAccuracy[epoch - 1] = session.measure(validation)[0];
                testAccuracy[epoch - 1] = session.measure(test)[0];
                hooks.epochEnd(session.trainer, epoch);
                progress.epoch(String.format(Locale.ROOT,
                        "%-18s epoch %d/%d  train loss %.4f  val acc %.4f  test acc %.4f  (%.1f s, %.0f samples/s)", name,
                        epoch, e, loss[epoch - 1], validationAccuracy[epoch - 1], testAccuracy[epoch - 1], seconds[epoch - 1],
                        train.size() / seconds[epoch - 1]));
            }
            return new EpochMetrics(loss, validationAccuracy, testAccuracy, seconds);
        });
    }

    /** The body of a run, given the open session. */
    private interface Body<T> {
        T apply(Session session) throws IOException, TranslateException;
    }

    /** Seeds the engine, opens model and trainer, initializes the network through {@code hooks}, and runs {@code body}. */
    private <T> T run(String name, Block net, TrainingHooks hooks, Body<T> body) {
        Engine.getInstance().setRandomSeed(config.seed());
        Loss loss = Loss.softmaxCrossEntropyLoss();
        int batches = (train.size() + config.batchSize() - 1) / config.batchSize();
        try (Model model = Model.newInstance(name, device); NDManager data = NDManager.newBaseManager(device)) {
            model.setBlock(net);
            DefaultTrainingConfig trainingConfig = new DefaultTrainingConfig(loss)
                    .optOptimizer(config.optimizer(batches))
                    .optDevices(new Device[] {device});
            try (Trainer trainer = model.newTrainer(trainingConfig)) {
                hooks.initialize(trainer, new Shape(1, train.channels(), train.height(), train.width()));
                return body.apply(new Session(trainer, loss, data, batches));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot iterate image batches", e);
        } catch (TranslateException e) {
            throw new IllegalStateException("cannot iterate image batches: " + e.getMessage(), e);
        }
    }

    /** An open trainer with its training batches. */
    private final class Session {
        private final Trainer trainer;
        private final Loss loss;
        private final NDManager data;
        private final int batches;
        private final Map<ImageSet, ArrayDataset> evalSets = new IdentityHashMap<>();
        private final float[] image = new float[train.imageSize()];
        private ArrayDataset plain;

        Session(Trainer trainer, Loss loss, NDManager data, int batches) {
            this.trainer = trainer;
            this.loss = loss;
            this.data = data;
            this.batches = batches;
        }

        /**
         * One pass over the training images; returns the mean loss. Batches go to {@code progress} if not
         * null. With augmentation, the images are shuffled and augmented with a generator seeded by the
         * configured seed and the epoch, and normalized batch by batch.
         */
        double epoch(String name, int epoch, EpochProgress progress) throws IOException, TranslateException {
            if (!config.augmentation().active()) return plainEpoch(name, epoch, progress);
            Random random = new Random(config.seed() * 1_000_003L + epoch);
            int n = train.size();
            int[] order = new int[n];
            for (int i = 0; i < n; i++) order[i] = i;
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            Augmentation augmentation = config.augmentation();
            int size = train.imageSize();
            double sum = 0;
            float lossValue;
            for (int batch = 0; batch < batches; batch++) {
                int from = batch * config.batchSize();
                int count = Math.min(config.batchSize(), n - from);
                float[] x = new float[count * size];
                float[] y = new float[count];
                for (int k = 0; k < count; k++) {
                    int i = order[from + k];
                    if (augmentation.active()) {
                        train.normalizedImage(i, normalization, image, 0);
                        augmentation.apply(image, 0, x, k * size, train.channels(), train.height(), train.width(), random);
                    } else {
                        train.normalizedImage(i, normalization, x, k * size);
                    }
                    y[k] = train.label(i);
                }
                try (NDManager step = data.newSubManager();
                     GradientCollector collector = trainer.newGradientCollector()) {
                    NDArray images = step.create(x, new Shape(count, train.channels(), train.height(), train.width()));
                    NDArray labels = step.create(y, new Shape(count));
                    NDArray l = loss.evaluate(new NDList(labels), trainer.forward(new NDList(images)));
                    collector.backward(l);
                    lossValue = l.getFloat();
                    sum += lossValue * count;
                }
                trainer.step();
                if (progress != null) progress.batch(name, epoch, config.epochs(), batch + 1, batches);
                if (!Float.isFinite(lossValue)) return Double.NaN; // diverged: see plainEpoch
            }
            return sum / n;
        }

        /**
         * One pass without augmentation over DJL's shuffled batches of the normalized images (built once per
         * run; the order follows the engine's seed); returns the mean loss, or NaN at once after the first
         * batch whose loss is not finite (the network has diverged; the rest of the run would only cost time).
         */
        private double plainEpoch(String name, int epoch, EpochProgress progress) throws IOException, TranslateException {
            if (plain == null) plain = train.toDataset(data, normalization, config.batchSize(), true);
            double sum = 0;
            int batch = 0;
            for (Batch b : trainer.iterateDataset(plain)) {
                float lossValue;
                try (b; GradientCollector collector = trainer.newGradientCollector()) {
                    NDArray l = loss.evaluate(b.getLabels(), trainer.forward(b.getData()));
                    collector.backward(l);
                    lossValue = l.getFloat();
                    sum += lossValue * b.getSize();
                }
                trainer.step();
                batch++;
                if (progress != null) progress.batch(name, epoch, config.epochs(), batch, batches);
                // A loss that is not finite means the network's outputs were not finite for some image:
                // the step above has made the weights NaN, and no later batch can change the result.
                if (!Float.isFinite(lossValue)) return Double.NaN;
            }
            return sum / train.size();
        }

        /** {accuracy, mean loss} of the network on {@code set}, in inference mode (its batches built once per run). */
        double[] measure(ImageSet set) throws IOException, TranslateException {
            long correct = 0;
            double lossSum = 0;
            ArrayDataset eval = evalSets.computeIfAbsent(set, s -> s.toDataset(data, normalization, evalBatch, false));
            for (Batch b : trainer.iterateDataset(eval)) {
                try (b) {
                    NDArray logits = trainer.evaluate(b.getData()).singletonOrThrow();
                    lossSum += loss.evaluate(b.getLabels(), new NDList(logits)).getFloat() * b.getSize();
                    NDArray predicted = logits.argMax(1);
                    NDArray labels = b.getLabels().singletonOrThrow().toType(predicted.getDataType(), false);
                    correct += predicted.eq(labels).sum().getLong();
                }
            }
            return new double[] {(double) correct / set.size(), lossSum / set.size()};
        }
    }
}
