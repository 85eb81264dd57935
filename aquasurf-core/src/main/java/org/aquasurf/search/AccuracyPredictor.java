package org.aquasurf.search;

import org.aquasurf.surrogate.Surrogate;

/**
 * Predicts validation accuracy of activation functions from their features: the surrogate model.
 * Implementations may be stateful (e.g. seeded, or caching a fitted model keyed on the rows they
 * are given) but must not modify the arrays (callers share them between calls, and do not modify
 * them either).
 */
@FunctionalInterface
public interface AccuracyPredictor {
    /**
     * Predicts the validation accuracy of each of N functions.
     *
     * @param outputs  N x 1000 function outputs on the standard inputs (all finite)
     * @param fisher   N x D Fisher log-eigenvalue CDF features (all finite, one length D)
     * @param accuracy N known validation accuracies, NaN where unknown (at least one is known)
     * @return N predictions; only those at unknown positions are used
     */
    double[] predict(double[][] outputs, double[][] fisher, double[] accuracy);

    /**
     * The AQuaSurF surrogate with the paper's settings ({@link Surrogate#defaults(long)}): UMAP of
     * outputs (euclidean) united with UMAP of Fisher features (manhattan, 3 neighbours), 2-D
     * embedding, k-nearest-neighbour regression (k = 3). The embedding depends only on the rows
     * and the seed: it is fitted once and reused while the rows stay the same, so only the
     * regression runs per call (the predictions equal a fit from scratch).
     */
    static AccuracyPredictor surrogate(long seed) {
        return new FittedSurrogate(Surrogate.defaults(seed));
    }
}
