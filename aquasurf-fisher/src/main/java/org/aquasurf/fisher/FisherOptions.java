package org.aquasurf.fisher;

/**
 * How the K-FAC factors are normalised, in which precision they are accumulated, and on how many
 * threads the layers are processed.
 *
 * @param scaling the normalisation of the factors
 * @param float64Covariance multiply the covariance products in float64 (libtorch matmul); with
 *     false, each chunk of the batch is multiplied in float32 (about twice as fast) and the chunks
 *     are summed in float64
 * @param threads layers whose factors and eigenvalues are computed at the same time, each on its
 *     own Java thread, while the forward and backward pass runs on the calling thread, all with
 *     one libtorch intra-op thread; 1 runs everything on the calling thread with the engine's
 *     intra-op threads
 */
public record FisherOptions(Scaling scaling, boolean float64Covariance, int threads) {

    /** Normalisation of the factors A (input covariance) and G (output-gradient covariance). */
    public enum Scaling {
        /**
         * K-FAC (Martens and Grosse 2015) for dense layers and KFC (Grosse and Martens 2016) for
         * convolutions, with per-sample loss gradients. N is the batch size and T the number of
         * output locations of a convolution; g is the per-sample gradient, recovered as
         * N times the gradient of the loss, which presumes that the loss averages over the batch
         * as every DJL built-in loss does. Dense: A = sum(a a^T)/N, G = sum(g g^T)/N.
         * Convolution: A = sum over samples and locations of (patch patch^T)/N,
         * G = sum over samples and locations of (g g^T)/(N T).
         */
        KFAC,
        /**
         * Reproduces the public AQuaSurF reference ({@code fisher.py}), so that features can be
         * compared with the published Act-Bench data: G is built from the gradient of the
         * batch-averaged loss itself (not rescaled to per-sample gradients), and dense layers
         * divide both A and G by the number of rows of the homogeneous input (in_features + 1
         * with a bias, in_features without) where the batch size was meant. Convolutions are
         * normalised as in {@link #KFAC} apart from the gradient scale, except that a depthwise
         * convolution's G is divided by N·T·C (C channels) rather than N·T: the reference divides
         * by the rows of its expanded input, which has one row per channel for depthwise layers.
         */
        REFERENCE
    }

    /** Rejects a missing scaling and a thread count below 1. */
    public FisherOptions {
        if (scaling == null) {
            throw new IllegalArgumentException("FisherOptions: scaling must not be null");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("FisherOptions: threads must be at least 1, got " + threads);
        }
    }

    /** K-FAC/KFC normalisation, float64 covariances, one thread per available processor. */
    public static FisherOptions kfac() {
        return new FisherOptions(Scaling.KFAC, true, Runtime.getRuntime().availableProcessors());
    }

    /** The reference implementation's normalisation, float64 covariances, one thread per available processor. */
    public static FisherOptions reference() {
        return new FisherOptions(Scaling.REFERENCE, true, Runtime.getRuntime().availableProcessors());
    }

    /** A copy with the covariance precision changed. */
    public FisherOptions withFloat64Covariance(boolean float64) {
        return new FisherOptions(scaling, float64, threads);
    }

    /**
     * What of these options the features depend on, for the store's feature provenance: scaling and
     * covariance precision. The layer threads are left out: they change the speed, never a value, so
     * workers with different thread counts share one store.
     */
    public String provenance() {
        return "FisherOptions[scaling=" + scaling + ", float64Covariance=" + float64Covariance + "]";
    }

    /** The layer thread count that provenances written before 2026-11-30 held: ", threads=N]". */
    private static final java.util.regex.Pattern FORMER_THREADS = java.util.regex.Pattern.compile(", threads=\\d+\\]");

    /**
     * A stored provenance in today's spelling: stores written before 2026-11-30 recorded the layer
     * thread count in {@code FisherOptions[…, threads=N]}, which this drops (it changes no value).
     * For {@link org.aquasurf.store.Features#checkProvenance(String, java.util.function.UnaryOperator)}.
     */
    public static String currentProvenance(String stored) {
        return FORMER_THREADS.matcher(stored).replaceAll("]");
    }

    /** A copy with the number of layer threads changed. */
    public FisherOptions withThreads(int layerThreads) {
        return new FisherOptions(scaling, float64Covariance, layerThreads);
    }
}
