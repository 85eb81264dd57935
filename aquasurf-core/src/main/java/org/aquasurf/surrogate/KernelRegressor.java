package org.aquasurf.surrogate;

import java.util.Arrays;

/**
 * Nadaraya–Watson regression with a Gaussian kernel and euclidean distance: the prediction at q is
 * the mean of the training targets weighted by {@code exp(-|q - x_i|² / (2 h²))}, h being the
 * bandwidth. Every training point counts, the near ones most; far from all of them the prediction
 * tends to the target of the nearest one (the weights are computed relative to the nearest point's,
 * so they never all underflow). {@link #fitSelectingBandwidth} picks h from a grid by leave-one-out
 * error on the training points themselves, so the smoothing follows the data rather than a constant.
 */
public final class KernelRegressor {
    /** Bandwidths tried by {@link #fitSelectingBandwidth}: {@code scale · 2^(j/2)} for j in this range. */
    static final int GRID_LOW = -4, GRID_HIGH = 8;

    private final double[][] x;
    private final double[] y;
    private final double bandwidth;

    private KernelRegressor(double[][] x, double[] y, double bandwidth) {
        this.x = x;
        this.y = y;
        this.bandwidth = bandwidth;
    }

    /**
     * Trains on points {@code x} (rows of equal length, finite) with targets {@code y} (finite) and
     * bandwidth {@code h > 0} (in the units of x). The arrays are kept, not copied.
     *
     * @throws IllegalArgumentException if there are no points, shapes disagree, a value is not finite or h is not positive
     */
    public static KernelRegressor fit(double[][] x, double[] y, double h) {
        if (!(h > 0) || !Double.isFinite(h)) throw new IllegalArgumentException("bandwidth must be positive and finite, got " + h);
        KnnRegressor.checkTrainingSet(x, y);
        return new KernelRegressor(x, y, h);
    }

    /**
     * Trains with the bandwidth of {@code scale · 2^(j/2)}, j = -4..8, whose leave-one-out squared error
     * on the training points is least (the smallest such on ties; {@code scale} itself with fewer than
     * three points, where leaving one out says nothing). A natural scale is the typical distance
     * between neighbouring points of the space the queries come from.
     */
    public static KernelRegressor fitSelectingBandwidth(double[][] x, double[] y, double scale) {
        if (!(scale > 0) || !Double.isFinite(scale)) throw new IllegalArgumentException("scale must be positive and finite, got " + scale);
        if (x.length < 3) return fit(x, y, scale);
        double bestH = scale, bestError = Double.POSITIVE_INFINITY;
        for (int j = GRID_LOW; j <= GRID_HIGH; j++) {
            double h = scale * Math.pow(2, j / 2.0);
            double e = fit(x, y, h).leaveOneOutError();
            if (e < bestError) {
                bestError = e;
                bestH = h;
            }
        }
        return fit(x, y, bestH);
    }

    /** The bandwidth h. */
    public double bandwidth() {
        return bandwidth;
    }

    /** The kernel-weighted mean of the targets at q. */
    public double predict(double[] q) {
        return predict(q, -1);
    }

    /** Mean squared error of predicting each training target from the other points (0 with one point). */
    public double leaveOneOutError() {
        if (x.length < 2) return 0;
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            double d = predict(x[i], i) - y[i];
            sum += d * d;
        }
        return sum / x.length;
    }

    /** The prediction at q without training point {@code skip} (-1: none). */
    private double predict(double[] q, int skip) {
        if (q.length != x[0].length) throw new IllegalArgumentException("query has " + q.length + " coordinates, the model " + x[0].length);
        double[] d2 = new double[x.length];
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < x.length; i++) {
            if (i == skip) continue;
            double s = 0;
            for (int c = 0; c < q.length; c++) s += (q[c] - x[i][c]) * (q[c] - x[i][c]);
            d2[i] = s;
            min = Math.min(min, s);
        }
        double num = 0, den = 0;
        for (int i = 0; i < x.length; i++) {
            if (i == skip) continue;
            double w = Math.exp(-(d2[i] - min) / (2 * bandwidth * bandwidth));
            num += w * y[i];
            den += w;
        }
        return num / den;
    }

    @Override
    public String toString() {
        return "KernelRegressor[" + x.length + " points, h " + bandwidth + "]";
    }

    /** The median (the upper one for an even count) over the points of the distance to the nearest other point (0 with fewer than two points). */
    public static double medianNearestDistance(double[][] points) {
        if (points.length < 2) return 0;
        double[] nearest = new double[points.length];
        for (int i = 0; i < points.length; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < points.length; j++) {
                if (j == i) continue;
                double s = 0;
                for (int c = 0; c < points[i].length; c++) s += (points[i][c] - points[j][c]) * (points[i][c] - points[j][c]);
                best = Math.min(best, s);
            }
            nearest[i] = Math.sqrt(best);
        }
        Arrays.sort(nearest);
        return nearest[points.length / 2];
    }
}
