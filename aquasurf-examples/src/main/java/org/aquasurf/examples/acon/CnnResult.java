package org.aquasurf.examples.acon;

import java.util.Arrays;
import java.util.List;

/**
 * What one CNN run measured. Per-epoch arrays have one entry per epoch (index 0 = after epoch 1).
 *
 * @param config             the run
 * @param parameters         trainable parameters in the DJL model (BatchNorm running statistics excluded)
 * @param trainLoss          mean softmax cross-entropy over the training batches of each epoch
 * @param validationAccuracy fraction of validation digits classified correctly after each epoch
 * @param testAccuracy       fraction of test digits classified correctly after each epoch
 * @param epochSeconds       wall-clock seconds of each epoch's training pass (evaluation excluded)
 * @param aconLayers         the ACON-C layers in network order; empty unless the activation is ACON-C
 */
public record CnnResult(CnnConfig config, long parameters, double[] trainLoss, double[] validationAccuracy,
        double[] testAccuracy, double[] epochSeconds, List<AconLayer> aconLayers) {

    public CnnResult {
        int e = config.epochs();
        if (trainLoss.length != e || validationAccuracy.length != e || testAccuracy.length != e || epochSeconds.length != e) {
            throw new IllegalArgumentException("result of " + config.name() + " needs " + e + " values per epoch");
        }
        trainLoss = trainLoss.clone();
        validationAccuracy = validationAccuracy.clone();
        testAccuracy = testAccuracy.clone();
        epochSeconds = epochSeconds.clone();
        aconLayers = List.copyOf(aconLayers);
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

    @Override
    public double[] epochSeconds() {
        return epochSeconds.clone();
    }

    /** Validation accuracy after the last epoch. */
    public double finalValidationAccuracy() {
        return validationAccuracy[validationAccuracy.length - 1];
    }

    /** Test accuracy after the last epoch. */
    public double finalTestAccuracy() {
        return testAccuracy[testAccuracy.length - 1];
    }

    /** Mean training seconds per epoch. */
    public double secondsPerEpoch() {
        return Arrays.stream(epochSeconds).average().orElseThrow();
    }
}
