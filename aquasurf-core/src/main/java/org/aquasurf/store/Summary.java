package org.aquasurf.store;

/**
 * Counts over a store: function names, equivalence classes, classes with a Fisher feature vector
 * (successful or failed computation), classes evaluated (DONE), running and failed, and the best
 * class so far by validation accuracy ({@code bestName} null and {@code bestValidationAccuracy}
 * NaN when none is evaluated).
 */
public record Summary(long names, long classes, long classesWithFeatures, long evaluated, long running,
                      long failed, String bestName, double bestValidationAccuracy) {

    @Override public String toString() {
        return "Number of activation functions: " + names
                + "\nNumber of unique activation functions: " + classes
                + "\nNumber of unique functions with Fisher features: " + classesWithFeatures
                + "\nNumber of evaluated unique functions: " + evaluated
                + "\nNumber of running unique functions: " + running
                + "\nNumber of failed unique functions: " + failed
                + "\nBest so far: " + (bestName == null ? "none"
                        : bestName + " with validation accuracy " + bestValidationAccuracy);
    }
}
