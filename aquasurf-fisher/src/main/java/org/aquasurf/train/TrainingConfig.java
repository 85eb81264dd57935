package org.aquasurf.train;

import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

/**
 * How an image classifier is trained: the optimizer ({@link Method#SGD} with momentum, or
 * {@link Method#ADAM}), epochs, mini-batch size, base learning rate and its {@link LearningRateSchedule},
 * SGD momentum (0 for Adam), L2 weight decay on every parameter, the {@link Augmentation} of training
 * images, DJL random seed (initialization) and shuffling seed, and how many training images to use (all
 * if larger than the set). Start from {@link #sgd} or {@link #adam} and change one thing at a time with
 * the {@code with...} methods; {@link #allCnnC} is the All-CNN-C recipe.
 */
public record TrainingConfig(Method method, int epochs, int batchSize, float learningRate, float momentum,
                             float weightDecay, LearningRateSchedule schedule, Augmentation augmentation, int seed,
                             int trainSize) {

    /** The optimizer. */
    public enum Method { SGD, ADAM }

    public TrainingConfig {
        if (method == null || schedule == null || augmentation == null) {
            throw new IllegalArgumentException("TrainingConfig needs an optimizer method, a schedule and an augmentation");
        }
        if (epochs < 1 || batchSize < 1 || trainSize < 1) {
            throw new IllegalArgumentException("epochs, batch size and train size must be >= 1: " + epochs + ", "
                    + batchSize + ", " + trainSize);
        }
        if (!(learningRate > 0) || !(momentum >= 0 && momentum < 1) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("learning rate must be > 0, momentum in [0, 1) and weight decay >= 0: "
                    + learningRate + ", " + momentum + ", " + weightDecay);
        }
        if (method == Method.ADAM && momentum != 0) {
            throw new IllegalArgumentException("Adam takes no momentum, got " + momentum);
        }
    }

    /** SGD with momentum, constant learning rate, no weight decay, no augmentation. */
    public TrainingConfig(int epochs, int batchSize, float learningRate, float momentum, int seed, int trainSize) {
        this(Method.SGD, epochs, batchSize, learningRate, momentum, 0f, LearningRateSchedule.constant(), Augmentation.NONE,
                seed, trainSize);
    }

    /** SGD with momentum, constant learning rate, no weight decay, no augmentation, all training images. */
    public static TrainingConfig sgd(int epochs, int batchSize, float learningRate, float momentum) {
        return new TrainingConfig(epochs, batchSize, learningRate, momentum, 0, Integer.MAX_VALUE);
    }

    /** Adam with DJL's default betas and epsilon, constant learning rate. */
    public static TrainingConfig adam(int epochs, int batchSize, float learningRate, int seed, int trainSize) {
        return new TrainingConfig(Method.ADAM, epochs, batchSize, learningRate, 0, 0f, LearningRateSchedule.constant(),
                Augmentation.NONE, seed, trainSize);
    }

    /**
     * All-CNN-C's recipe for {@code epochs} epochs (the recipe's own length is {@value #ALL_CNN_C_EPOCHS}):
     * SGD with momentum 0.9, base learning rate 0.01 multiplied by 0.1 at epochs 200, 250 and 300 of 350
     * (at the same fractions of a shorter run), weight decay 0.001, mini-batches of 128, random crops after
     * 4 pixels of zero padding and random left-right flips.
     *
     * <p>Sources: momentum 0.9, the x0.1 steps at epochs 200/250/300 of 350 and weight decay 0.001 are
     * Springenberg et al., "Striving for Simplicity: The All Convolutional Net" (ICLR 2015 workshop), section
     * 3.2.1, which AQuaSurF's All-CNN-C experiments follow (Bingham &amp; Miikkulainen, NeurIPS 2023,
     * appendix; the public reference code github.com/cognizant-ai-labs/aquasurf ships no training script).
     * The learning rate 0.01 is the smallest of Springenberg's grid {0.25, 0.1, 0.05, 0.01}, the stable one
     * without batch normalization; batch size 128 and crop-after-4-pixel-padding with flips are the
     * standard CIFAR recipe (He et al. 2016), used where the papers leave them open. Dropout (0.2 on the
     * input, 0.5 after the stride-2 convolutions in Springenberg) is part of the network, not of this config.
     */
    public static TrainingConfig allCnnC(int epochs, int seed, int trainSize) {
        return new TrainingConfig(Method.SGD, epochs, 128, 0.01f, 0.9f, 0.001f,
                LearningRateSchedule.steps(0.1f, 200.0 / 350, 250.0 / 350, 300.0 / 350), Augmentation.cropAndFlip(4), seed,
                trainSize);
    }

    /** Epochs of All-CNN-C's recipe (Springenberg et al. 2015). */
    public static final int ALL_CNN_C_EPOCHS = 350;

    public TrainingConfig withEpochs(int value) {
        return new TrainingConfig(method, value, batchSize, learningRate, momentum, weightDecay, schedule, augmentation, seed, trainSize);
    }

    public TrainingConfig withBatchSize(int value) {
        return new TrainingConfig(method, epochs, value, learningRate, momentum, weightDecay, schedule, augmentation, seed, trainSize);
    }

    public TrainingConfig withLearningRate(float value) {
        return new TrainingConfig(method, epochs, batchSize, value, momentum, weightDecay, schedule, augmentation, seed, trainSize);
    }

    public TrainingConfig withWeightDecay(float value) {
        return new TrainingConfig(method, epochs, batchSize, learningRate, momentum, value, schedule, augmentation, seed, trainSize);
    }

    public TrainingConfig withSchedule(LearningRateSchedule value) {
        return new TrainingConfig(method, epochs, batchSize, learningRate, momentum, weightDecay, value, augmentation, seed, trainSize);
    }

    public TrainingConfig withAugmentation(Augmentation value) {
        return new TrainingConfig(method, epochs, batchSize, learningRate, momentum, weightDecay, schedule, value, seed, trainSize);
    }

    public TrainingConfig withSeed(int value) {
        return new TrainingConfig(method, epochs, batchSize, learningRate, momentum, weightDecay, schedule, augmentation, value, trainSize);
    }

    public TrainingConfig withTrainSize(int value) {
        return new TrainingConfig(method, epochs, batchSize, learningRate, momentum, weightDecay, schedule, augmentation, seed, value);
    }

    /** The learning rate during epoch {@code epoch} (0-based). */
    public float learningRate(int epoch) {
        return schedule.rate(learningRate, epoch, epochs);
    }

    /**
     * A new DJL optimizer of this method whose learning rate follows the schedule, given how many
     * optimizer updates (mini-batches) make one epoch.
     */
    public Optimizer optimizer(int updatesPerEpoch) {
        if (updatesPerEpoch < 1) throw new IllegalArgumentException("updates per epoch must be >= 1, got " + updatesPerEpoch);
        // DJL counts updates per parameter from 1
        Tracker rate = numUpdate -> learningRate(Math.min(epochs - 1, Math.max(0, numUpdate - 1) / updatesPerEpoch));
        return switch (method) {
            case SGD -> Optimizer.sgd().setLearningRateTracker(rate).optMomentum(momentum).optWeightDecays(weightDecay).build();
            case ADAM -> Optimizer.adam().optLearningRateTracker(rate).optWeightDecays(weightDecay).build();
        };
    }
}
