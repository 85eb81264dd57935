package org.aquasurf.search;

import org.aquasurf.surrogate.Surrogate;
import org.aquasurf.surrogate.SurrogateEmbedding;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link AccuracyPredictor#surrogate(long)}: the AQuaSurF surrogate that keeps its last fitted
 * embedding and refits only when the rows change. Rows are compared by reference first (the rows
 * of {@link Observations} are cached arrays) and by content otherwise, so the predictions are
 * exactly those of a fit from scratch.
 *
 * <p>Fits are also shared between instances: the last {@link #SHARED} embeddings of the process are
 * kept, keyed on the surrogate's settings (seed included) and the very row arrays they were fitted
 * on (by reference). So the searches of a {@link Replay}, whose observations share their row arrays,
 * fit each (seed, settings) once however many suggesters use it: the paper's surrogate with seed s
 * and the first member of an {@link EnsembleSuggester} with seed s are one fit.
 */
final class FittedSurrogate implements AccuracyPredictor {
    /** Embeddings kept for other instances. */
    static final int SHARED = 16;

    private static final Map<Key, SurrogateEmbedding> shared = new LinkedHashMap<>(2 * SHARED, 0.75f, true) {
        @Override protected boolean removeEldestEntry(Map.Entry<Key, SurrogateEmbedding> eldest) {
            return size() > SHARED;
        }
    };

    /** A surrogate's settings and the identity of the row arrays it embeds. */
    private record Key(Surrogate surrogate, Rows outputs, Rows fisher) {}

    /** Row arrays compared by reference. */
    private static final class Rows {
        private final double[][] rows;
        private final int hash;

        Rows(double[][] rows) {
            this.rows = rows.clone();
            int h = rows.length;
            for (double[] r : rows) h = 31 * h + System.identityHashCode(r);
            this.hash = h;
        }

        @Override public boolean equals(Object o) {
            if (!(o instanceof Rows other) || other.rows.length != rows.length || other.hash != hash) return false;
            for (int i = 0; i < rows.length; i++) if (rows[i] != other.rows[i]) return false;
            return true;
        }

        @Override public int hashCode() {
            return hash;
        }
    }

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
            Key key = new Key(surrogate, new Rows(outputs), new Rows(fisher));
            SurrogateEmbedding e;
            synchronized (shared) {
                e = shared.get(key);
            }
            if (e == null) {
                e = surrogate.embed(outputs, fisher);
                synchronized (shared) {
                    shared.put(key, e);
                }
            }
            fitted = e;
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
