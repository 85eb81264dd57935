package org.aquasurf.surrogate;

/**
 * What {@link Surrogate#predict} computed, row by row in the caller's order. Arrays are not copied.
 *
 * @param embedding   per row its 2-D coordinates (NaN for excluded rows), in embedding units
 * @param predictions per row the predicted accuracy (NaN for excluded rows or when no accuracy is known)
 * @param included    per row whether all its features were finite, so that it took part
 * @param timings     where the time went
 */
public record SurrogateResult(double[][] embedding, double[] predictions, boolean[] included, Timings timings) {

    /**
     * Wall-clock nanoseconds of each stage.
     *
     * @param neighbors  both nearest-neighbour searches
     * @param graph      smooth kNN distances, memberships, symmetrization and union
     * @param embedding  spectral initialization and SGD layout
     * @param regression training and querying the KNN regressor
     */
    public record Timings(long neighbors, long graph, long embedding, long regression) {
        /** Sum of all stages. */
        public long total() {
            return neighbors + graph + embedding + regression;
        }
    }

    /** Index of the included row with the highest prediction, or -1 if there is none. */
    public int best() {
        int best = -1;
        for (int i = 0; i < predictions.length; i++) {
            if (!Double.isNaN(predictions[i]) && (best < 0 || predictions[i] > predictions[best])) {
                best = i;
            }
        }
        return best;
    }
}
