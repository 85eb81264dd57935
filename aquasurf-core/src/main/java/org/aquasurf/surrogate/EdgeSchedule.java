package org.aquasurf.surrogate;

/**
 * When each edge is sampled: every {@code max / weight} epochs, with {@link Umap#NEGATIVE_SAMPLE_RATE}
 * negative samples per positive one. Modified as the epochs advance.
 */
final class EdgeSchedule {
    final double[] perSample;
    final double[] perNegative;
    final double[] nextSample;
    final double[] nextNegative;

    EdgeSchedule(FuzzyGraph g) {
        int edges = g.entryCount();
        perSample = new double[edges];
        double max = g.maxWeight();
        for (int e = 0; e < edges; e++) {
            perSample[e] = max / g.vals[e]; // epochs / (epochs * w / max)
        }
        nextSample = perSample.clone();
        perNegative = new double[edges];
        nextNegative = new double[edges];
        for (int e = 0; e < edges; e++) {
            perNegative[e] = perSample[e] / Umap.NEGATIVE_SAMPLE_RATE;
            nextNegative[e] = perNegative[e];
        }
    }

    /** Marks edge {@code e} sampled in {@code epoch}; returns its number of negative samples. */
    int sampled(int e, int epoch) {
        nextSample[e] += perSample[e];
        int negatives = (int) ((epoch - nextNegative[e]) / perNegative[e]);
        nextNegative[e] += negatives * perNegative[e];
        return negatives;
    }
}
