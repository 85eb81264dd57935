package org.aquasurf.train;

/**
 * A training run's result that holds {@link EpochMetrics}; gives its per-epoch arrays and final
 * accuracies directly.
 */
public interface PerEpochResult {

    /** What the run measured after each epoch. */
    EpochMetrics metrics();

    /** Mean softmax cross-entropy over the training batches of each epoch. */
    default double[] trainLoss() {
        return metrics().trainLoss();
    }

    /** Fraction of validation images classified correctly after each epoch. */
    default double[] validationAccuracy() {
        return metrics().validationAccuracy();
    }

    /** Fraction of test images classified correctly after each epoch. */
    default double[] testAccuracy() {
        return metrics().testAccuracy();
    }

    /** Validation accuracy after the last epoch. */
    default double finalValidationAccuracy() {
        return metrics().finalValidationAccuracy();
    }

    /** Test accuracy after the last epoch. */
    default double finalTestAccuracy() {
        return metrics().finalTestAccuracy();
    }
}
