package org.aquasurf.examples.tutorial;

import java.util.List;
import org.aquasurf.train.EpochMetrics;
import org.aquasurf.train.PerEpochResult;

/**
 * What one MLP run measured. {@code snapshots} has one entry more than there are epochs: index 0 is at
 * initialization, index e after epoch e.
 *
 * @param config     the run
 * @param parameters trainable parameters counted in the DJL model
 * @param metrics    train loss and validation and test accuracy after each epoch
 * @param snapshots  weights and gradients of the first and last layers
 * @param seconds    wall-clock training time
 */
public record MlpResult(MlpConfig config, long parameters, EpochMetrics metrics, List<LayerSnapshot> snapshots,
        double seconds) implements PerEpochResult {

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
        if (metrics.epochs() != config.epochs() || snapshots.size() != config.epochs() + 1) {
            throw new IllegalArgumentException("result of " + config.name() + " needs " + config.epochs()
                    + " per-epoch values and " + (config.epochs() + 1) + " snapshots");
        }
        snapshots = List.copyOf(snapshots);
    }
}
