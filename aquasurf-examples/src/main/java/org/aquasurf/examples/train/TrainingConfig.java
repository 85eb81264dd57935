package org.aquasurf.examples.train;

/**
 * How an image classifier is trained: epochs, mini-batch size, SGD learning rate and momentum,
 * DJL random seed (initialization and shuffling), and how many training images to use (all if
 * larger than the set).
 */
public record TrainingConfig(int epochs, int batchSize, float learningRate, float momentum, int seed, int trainSize) {
    public TrainingConfig {
        if (epochs < 1 || batchSize < 1 || trainSize < 1) {
            throw new IllegalArgumentException("epochs, batch size and train size must be >= 1: " + epochs + ", "
                    + batchSize + ", " + trainSize);
        }
        if (!(learningRate > 0) || !(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("learning rate must be > 0 and momentum in [0, 1): " + learningRate
                    + ", " + momentum);
        }
    }
}
