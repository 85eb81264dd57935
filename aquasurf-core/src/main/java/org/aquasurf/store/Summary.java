package org.aquasurf.store;

/**
 * Counts over a store: function names, equivalence classes, classes with a Fisher feature vector,
 * classes whose feature computation failed (stored errors, not features), classes evaluated
 * (DONE), running and failed, and the best
 * class so far by validation accuracy ({@code bestName} null and {@code bestValidationAccuracy}
 * NaN when none is evaluated).
 */
public record Summary(long names, long classes, long classesWithFeatures, long featureErrors, long evaluated, long running,
                      long failed, String bestName, double bestValidationAccuracy) {

    @Override public String toString() {
        return "Number of activation functions: " + names
                + "\nNumber of unique activation functions: " + classes
                + "\nNumber of unique functions with Fisher features: " + classesWithFeatures
                + (featureErrors == 0 ? "" : "\nNumber of unique functions whose Fisher features failed: " + featureErrors
                        + " (clear with summary --clear-feature-errors to retry)")
                + "\nNumber of evaluated unique functions: " + evaluated
                + "\nNumber of running unique functions: " + running
                + "\nNumber of failed unique functions: " + failed
                + "\nBest so far: " + (bestName == null ? "none"
                        : bestName + " with validation accuracy " + bestValidationAccuracy);
    }
}
