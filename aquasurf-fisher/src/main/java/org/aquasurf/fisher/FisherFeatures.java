package org.aquasurf.fisher;

import java.util.List;

/**
 * Fisher eigenvalue features as in AQuaSurF: for each layer, the log-eigenvalues of its Fisher
 * block are histogrammed on the edges {@code linspace(-100, 100, weights / 100)} (integer
 * division; {@code weights / 100 - 1} bins, the last one closed), turned into a CDF (cumulative
 * count divided by the count inside [-100, 100]), and the layers' CDFs are concatenated in forward
 * order. Log-eigenvalues outside [-100, 100], -infinity (zero eigenvalues) and NaN (negative ones)
 * are not counted. A layer none of whose log-eigenvalues falls inside gets a CDF of NaN values,
 * as the reference's 0/0 does.
 */
public final class FisherFeatures {

    /** Lower edge of the histogram, in natural-log units. */
    public static final double LOW = -100;
    /** Upper edge of the histogram, in natural-log units. */
    public static final double HIGH = 100;

    private FisherFeatures() {
    }

    /** The concatenated CDFs of all layers; its length is the sum of {@code weights / 100 - 1}. */
    public static double[] cdf(List<LayerSpectrum> layers) {
        if (layers == null || layers.isEmpty()) {
            throw new IllegalArgumentException("Fisher features: no layer spectra given");
        }
        double[][] parts = new double[layers.size()][];
        int total = 0;
        for (int i = 0; i < parts.length; i++) {
            parts[i] = layerCdf(layers.get(i));
            total += parts[i].length;
        }
        double[] out = new double[total];
        int at = 0;
        for (double[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    /**
     * The CDF of one layer's log-eigenvalues at the upper edge of each bin.
     *
     * @throws IllegalArgumentException if the layer has fewer than 200 weights (no bin)
     */
    public static double[] layerCdf(LayerSpectrum layer) {
        int edges = Math.toIntExact(layer.weights() / 100);
        if (edges < 2) {
            throw new IllegalArgumentException("Fisher features: layer '" + layer.layerName() + "' has "
                    + layer.weights() + " weights; at least 200 are needed for one histogram bin");
        }
        double[] edge = edges(edges);
        int bins = edges - 1;
        long[] counts = new long[bins];
        long inside = 0;
        for (double v : layer.logEigenvalues()) {
            if (v >= LOW && v <= HIGH) {
                counts[bin(edge, v)]++;
                inside++;
            }
        }
        double[] cdf = new double[bins];
        long cumulative = 0;
        for (int b = 0; b < bins; b++) {
            cumulative += counts[b];
            cdf[b] = inside == 0 ? Double.NaN : cumulative / (double) inside;
        }
        return cdf;
    }

    /** numpy.linspace(LOW, HIGH, n): start + i * step, the last edge exactly HIGH. */
    static double[] edges(int n) {
        double step = (HIGH - LOW) / (n - 1);
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            e[i] = LOW + i * step;
        }
        e[n - 1] = HIGH;
        return e;
    }

    /** Index of the half-open bin [e[b], e[b+1]) holding v, the last bin closed; v in range. */
    static int bin(double[] edge, double v) {
        int last = edge.length - 2;
        int b = (int) Math.min(last, Math.floor((v - edge[0]) / (edge[1] - edge[0])));
        while (b > 0 && v < edge[b]) {
            b--;
        }
        while (b < last && v >= edge[b + 1]) {
            b++;
        }
        return b;
    }
}
