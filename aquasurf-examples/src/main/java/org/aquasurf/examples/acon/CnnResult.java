package org.aquasurf.examples.acon;

import java.util.List;
import org.aquasurf.examples.train.EpochMetrics;

/**
 * What one CNN run measured.
 *
 * @param config     the run
 * @param parameters trainable parameters in the DJL model (BatchNorm running statistics excluded)
 * @param metrics    train loss, validation and test accuracy and training seconds of each epoch
 * @param aconLayers the ACON-C layers in network order; empty unless the activation is ACON-C
 */
public record CnnResult(CnnConfig config, long parameters, EpochMetrics metrics, List<AconLayer> aconLayers) {

    public CnnResult {
        if (metrics.epochs() != config.epochs()) {
            throw new IllegalArgumentException("result of " + config.name() + " needs " + config.epochs() + " values per epoch");
        }
        aconLayers = List.copyOf(aconLayers);
    }

    /** Mean softmax cross-entropy over the training batches of each epoch. */
    public double[] trainLoss() {
        return metrics.trainLoss();
    }

    /** Fraction of validation digits classified correctly after each epoch. */
    public double[] validationAccuracy() {
        return metrics.validationAccuracy();
    }

    /** Fraction of test digits classified correctly after each epoch. */
    public double[] testAccuracy() {
        return metrics.testAccuracy();
    }

    /** Wall-clock seconds of each epoch's training pass (evaluation excluded). */
    public double[] epochSeconds() {
        return metrics.seconds();
    }

    /** Validation accuracy after the last epoch. */
    public double finalValidationAccuracy() {
        return metrics.finalValidationAccuracy();
    }

    /** Test accuracy after the last epoch. */
    public double finalTestAccuracy() {
        return metrics.finalTestAccuracy();
    }

    /** Mean training seconds per epoch. */
    public double secondsPerEpoch() {
        return metrics.meanSeconds();
    }
}
