package org.aquasurf.examples.tutorial;

import java.util.List;

/**
 * What one MLP run measured. Per-epoch arrays have one entry per epoch (index 0 = after epoch 1);
 * {@code snapshots} has one more: index 0 is at initialization, index e after epoch e.
 *
 * @param config             the run
 * @param parameters         trainable parameters counted in the DJL model
 * @param trainLoss          mean softmax cross-entropy over the training batches of each epoch
 * @param validationAccuracy fraction of validation digits classified correctly after each epoch
 * @param testAccuracy       fraction of test digits classified correctly after each epoch
 * @param snapshots          weights and gradients of the first and last layers
 * @param seconds            wall-clock training time
 */
public record MlpResult(MlpConfig config, long parameters, double[] trainLoss, double[] validationAccuracy,
        double[] testAccuracy, List<LayerSnapshot> snapshots, double seconds) {

    /**
     * Weights of the first and the last fully connected layer, and their gradients of the mean loss over
     * a fixed probe batch of training digits.
     */
    public record LayerSnapshot(float[] firstWeights, float[] firstGradients, float[] lastWeights, float[] lastGradients) {
        public LayerSnapshot {
            firstWeights = firstWeights.clone();
            firstGradients = firstGradients.clone();
            lastWeights = lastWeights.clone();
            lastGradients = lastGradients.clone();
        }

        @Override
        public float[] firstWeights() {
            return firstWeights.clone();
        }

        @Override
        public float[] firstGradients() {
            return firstGradients.clone();
        }

        @Override
        public float[] lastWeights() {
            return lastWeights.clone();
        }

        @Override
        public float[] lastGradients() {
            return lastGradients.clone();
        }
    }

    public MlpResult {
        if (trainLoss.length != config.epochs() || validationAccuracy.length != config.epochs()
                || testAccuracy.length != config.epochs() || snapshots.size() != config.epochs() + 1) {
            throw new IllegalArgumentException("result of " + config.name() + " needs " + config.epochs()
                    + " per-epoch values and " + (config.epochs() + 1) + " snapshots");
        }
        trainLoss = trainLoss.clone();
        validationAccuracy = validationAccuracy.clone();
        testAccuracy = testAccuracy.clone();
        snapshots = List.copyOf(snapshots);
    }

    @Override
    public double[] trainLoss() {
        return trainLoss.clone();
    }

    @Override
    public double[] validationAccuracy() {
        return validationAccuracy.clone();
    }

    @Override
    public double[] testAccuracy() {
        return testAccuracy.clone();
    }

    /** Test accuracy after the last epoch. */
    public double finalTestAccuracy() {
        return testAccuracy[testAccuracy.length - 1];
    }
}
