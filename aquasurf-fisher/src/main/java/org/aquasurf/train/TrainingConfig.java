package org.aquasurf.train;

import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

/**
 * How an image classifier is trained: the optimizer ({@link Method#SGD} with momentum, or
 * {@link Method#ADAM}), epochs, mini-batch size, learning rate, SGD momentum (0 for Adam), DJL random
 * seed (initialization and shuffling), and how many training images to use (all if larger than the set).
 */
public record TrainingConfig(Method method, int epochs, int batchSize, float learningRate, float momentum, int seed,
                             int trainSize) {

    /** The optimizer, with a fixed learning rate. */
    public enum Method { SGD, ADAM }

    public TrainingConfig {
        if (method == null) throw new IllegalArgumentException("TrainingConfig needs an optimizer method");
        if (epochs < 1 || batchSize < 1 || trainSize < 1) {
            throw new IllegalArgumentException("epochs, batch size and train size must be >= 1: " + epochs + ", "
                    + batchSize + ", " + trainSize);
        }
        if (!(learningRate > 0) || !(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("learning rate must be > 0 and momentum in [0, 1): " + learningRate
                    + ", " + momentum);
        }
        if (method == Method.ADAM && momentum != 0) {
            throw new IllegalArgumentException("Adam takes no momentum, got " + momentum);
        }
    }

    /** SGD with momentum. */
    public TrainingConfig(int epochs, int batchSize, float learningRate, float momentum, int seed, int trainSize) {
        this(Method.SGD, epochs, batchSize, learningRate, momentum, seed, trainSize);
    }

    /** Adam with DJL's default betas and epsilon. */
    public static TrainingConfig adam(int epochs, int batchSize, float learningRate, int seed, int trainSize) {
        return new TrainingConfig(Method.ADAM, epochs, batchSize, learningRate, 0, seed, trainSize);
    }

    /** A new DJL optimizer of this method. */
    public Optimizer optimizer() {
        return switch (method) {
            case SGD -> Optimizer.sgd().setLearningRateTracker(Tracker.fixed(learningRate)).optMomentum(momentum).build();
            case ADAM -> Optimizer.adam().optLearningRateTracker(Tracker.fixed(learningRate)).build();
        };
    }
}
