package org.aquasurf.fisher;

/**
 * The spectrum of one layer's K-FAC Fisher block A ⊗ G: its eigenvalues are all products
 * {@code eigA[i] * eigG[j]}. Eigenvalues are ascending; they are all NaN for a factor whose
 * covariance had a non-finite entry (for instance an activation that overflowed).
 *
 * @param layerName path of the layer in the model, child names joined by '/'
 * @param kind the kind of layer
 * @param weights number of trainable values of the layer (weights plus biases)
 * @param eigA eigenvalues of the input covariance A
 * @param eigG eigenvalues of the output-gradient covariance G
 */
public record LayerSpectrum(String layerName, LayerKind kind, long weights, double[] eigA, double[] eigG) {

    /** Copies the arrays. */
    public LayerSpectrum {
        eigA = eigA.clone();
        eigG = eigG.clone();
    }

    @Override
    public double[] eigA() {
        return eigA.clone();
    }

    @Override
    public double[] eigG() {
        return eigG.clone();
    }

    /**
     * Natural logarithms of the Fisher block's eigenvalues as pairwise sums
     * {@code log(eigA[i]) + log(eigG[j])} at index {@code i * eigG.length + j}. A non-positive factor
     * eigenvalue has no logarithm: its pairs are -infinity (zero) or NaN (negative), as with the
     * reference, and fall outside every histogram bin.
     */
    public double[] logEigenvalues() {
        double[] out = new double[eigA.length * eigG.length];
        double[] logG = new double[eigG.length];
        for (int j = 0; j < eigG.length; j++) {
            logG[j] = Math.log(eigG[j]);
        }
        for (int i = 0; i < eigA.length; i++) {
            double logA = Math.log(eigA[i]);
            for (int j = 0; j < eigG.length; j++) {
                out[i * eigG.length + j] = logA + logG[j];
            }
        }
        return out;
    }

    /** The eigenvalues themselves, {@code eigA[i] * eigG[j]} at index {@code i * eigG.length + j}. */
    public double[] eigenvalues() {
        double[] out = new double[eigA.length * eigG.length];
        for (int i = 0; i < eigA.length; i++) {
            for (int j = 0; j < eigG.length; j++) {
                out[i * eigG.length + j] = eigA[i] * eigG[j];
            }
        }
        return out;
    }
}
