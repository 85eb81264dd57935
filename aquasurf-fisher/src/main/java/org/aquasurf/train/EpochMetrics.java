package org.aquasurf.train;

import java.util.Arrays;

/**
 * What a run measured after each epoch; every array has one entry per epoch (index 0 = after epoch 1).
 *
 * @param trainLoss          mean softmax cross-entropy over the training batches of each epoch
 * @param validationAccuracy fraction of validation images classified correctly after each epoch
 * @param testAccuracy       fraction of test images classified correctly after each epoch
 * @param seconds            wall-clock seconds of each epoch's training pass (evaluation excluded)
 */
public record EpochMetrics(double[] trainLoss, double[] validationAccuracy, double[] testAccuracy, double[] seconds) {

    public EpochMetrics {
        int e = trainLoss.length;
        if (e == 0 || validationAccuracy.length != e || testAccuracy.length != e || seconds.length != e) {
            throw new IllegalArgumentException("epoch metrics need the same positive number of values per array, got "
                    + e + ", " + validationAccuracy.length + ", " + testAccuracy.length + ", " + seconds.length);
        }
        trainLoss = trainLoss.clone();
        validationAccuracy = validationAccuracy.clone();
        testAccuracy = testAccuracy.clone();
        seconds = seconds.clone();
    }

    /** Number of epochs measured. */
    public int epochs() {
        return trainLoss.length;
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
    public double[] seconds() {
        return seconds.clone();
    }

    /** Validation accuracy after the last epoch. */
    public double finalValidationAccuracy() {
        return validationAccuracy[epochs() - 1];
    }

    /** Test accuracy after the last epoch. */
    public double finalTestAccuracy() {
        return testAccuracy[epochs() - 1];
    }

    /** Mean training seconds per epoch. */
    public double meanSeconds() {
        return Arrays.stream(seconds).average().orElseThrow();
    }
}
