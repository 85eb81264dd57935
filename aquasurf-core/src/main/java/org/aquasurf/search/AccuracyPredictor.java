package org.aquasurf.search;

import org.aquasurf.surrogate.Surrogate;

/**
 * Predicts validation accuracy of activation functions from their features: the surrogate model.
 * Implementations may be stateful (e.g. seeded) but must neither modify nor keep the arrays they
 * are given (callers share them between calls).
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
     * embedding, k-nearest-neighbour regression (k = 3).
     */
    static AccuracyPredictor surrogate(long seed) {
        Surrogate s = Surrogate.defaults(seed);
        return (outputs, fisher, accuracy) -> s.predict(outputs, fisher, accuracy).predictions();
    }
}
