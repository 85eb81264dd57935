package org.aquasurf.search;

import org.aquasurf.surrogate.Surrogate;
import org.aquasurf.surrogate.SurrogateEmbedding;

import java.util.Arrays;

/**
 * {@link AccuracyPredictor#surrogate(long)}: the AQuaSurF surrogate that keeps its last fitted
 * embedding and refits only when the rows change. Rows are compared by reference first (the rows
 * of {@link Observations} are cached arrays) and by content otherwise, so the predictions are
 * exactly those of a fit from scratch.
 */
final class FittedSurrogate implements AccuracyPredictor {
    private final Surrogate surrogate;
    private double[][] outputs;
    private double[][] fisher;
    private SurrogateEmbedding fitted;

    FittedSurrogate(Surrogate surrogate) {
        this.surrogate = surrogate;
    }

    @Override
    public synchronized double[] predict(double[][] outputs, double[][] fisher, double[] accuracy) {
        return surrogate.predict(embedding(outputs, fisher), accuracy).predictions();
    }

    /** The embedding of these rows: the cached one if they are the rows it was fitted on. */
    synchronized SurrogateEmbedding embedding(double[][] outputs, double[][] fisher) {
        if (fitted == null || !same(this.outputs, outputs) || !same(this.fisher, fisher)) {
            fitted = surrogate.embed(outputs, fisher);
            this.outputs = outputs.clone();
            this.fisher = fisher.clone();
        }
        return fitted;
    }

    private static boolean same(double[][] a, double[][] b) {
        if (a.length != b.length) return false;
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i] && !Arrays.equals(a[i], b[i])) return false;
        }
        return true;
    }
}
