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
        if (x.length == 0) throw new IllegalArgumentException("no training points");
        if (x.length != y.length) throw new IllegalArgumentException(x.length + " points but " + y.length + " targets");
        if (!(h > 0) || !Double.isFinite(h)) throw new IllegalArgumentException("bandwidth must be positive and finite, got " + h);
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != x[0].length) {
                throw new IllegalArgumentException("point " + i + " has " + x[i].length + " coordinates, point 0 has " + x[0].length);
            }
            for (double v : x[i]) if (!Double.isFinite(v)) throw new IllegalArgumentException("point " + i + " has a coordinate " + v);
            if (!Double.isFinite(y[i])) throw new IllegalArgumentException("target " + i + " is " + y[i]);
        }
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

    /**
     * The expected improvement over {@code best} of a new point at q under a kernel-weighted mixture
     * predictive: with absolute weights {@code w_i = exp(-|q - x_i|² / (2 h²))} and a prior weight
     * {@code alpha} spread evenly over the n training targets, the new value is y_i plus Gaussian noise of
     * sd {@code noise} with probability {@code (w_i + alpha / n) / (Σ w + alpha)}. Near training points the
     * mixture is their local targets; far from all of them it is the empirical distribution of all
     * targets. So a low neighbour (e.g. one that trained at chance) lowers the chance of a good value
     * without erasing the upside of good neighbours, and a region whose known values are all below the
     * overall spread ranks below unexplored ones.
     */
    public double expectedImprovement(double[] q, double best, double noise, double alpha) {
        if (!(noise > 0)) throw new IllegalArgumentException("noise must be positive, got " + noise);
        if (!(alpha > 0)) throw new IllegalArgumentException("alpha must be positive, got " + alpha);
        if (q.length != x[0].length) throw new IllegalArgumentException("query has " + q.length + " coordinates, the model " + x[0].length);
        double num = 0, den = alpha, prior = alpha / x.length;
        for (int i = 0; i < x.length; i++) {
            double s = 0;
            for (int c = 0; c < q.length; c++) s += (q[c] - x[i][c]) * (q[c] - x[i][c]);
            double w = Math.exp(-s / (2 * bandwidth * bandwidth));
            num += (w + prior) * gaussianImprovement(y[i], best, noise);
            den += w;
        }
        return num / den;
    }

    /**
     * The kernel-weighted mean with a prior: {@code (alpha · mean(y) + Σ w_i y_i) / (alpha + Σ w_i)} with absolute
     * weights {@code w_i = exp(-|q - x_i|² / (2 h²))} (1 at a training point): near training points their
     * targets, far from all of them the mean of all targets (the mean of the mixture of
     * {@link #expectedImprovement}).
     */
    public double predictWithPrior(double[] q, double alpha) {
        if (!(alpha > 0)) throw new IllegalArgumentException("alpha must be positive, got " + alpha);
        if (q.length != x[0].length) throw new IllegalArgumentException("query has " + q.length + " coordinates, the model " + x[0].length);
        double num = 0, den = alpha, prior = alpha / x.length;
        for (int i = 0; i < x.length; i++) {
            double s = 0;
            for (int c = 0; c < q.length; c++) s += (q[c] - x[i][c]) * (q[c] - x[i][c]);
            double w = Math.exp(-s / (2 * bandwidth * bandwidth));
            num += (w + prior) * y[i];
            den += w;
        }
        return num / den;
    }

    /** E[max(Y - best, 0)] for Y ~ N(mean, sd²). */
    static double gaussianImprovement(double mean, double best, double sd) {
        double z = (mean - best) / sd;
        return sd * Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI) + (mean - best) * normalCdf(z);
    }

    /** The standard normal CDF (Zelen & Severo 26.2.17 via erfc, absolute error below 1e-7). */
    static double normalCdf(double z) {
        double t = 1 / (1 + 0.2316419 * Math.abs(z));
        double poly = t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
        double tail = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI) * poly;
        return z >= 0 ? 1 - tail : tail;
    }

    /** The leave-one-out residuals (prediction from the other points minus the target); empty with one point. */
    public double[] leaveOneOutResiduals() {
        if (x.length < 2) return new double[0];
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; i++) r[i] = predict(x[i], i) - y[i];
        return r;
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

    /** The median over the points of the distance to the nearest other point (0 with fewer than two points). */
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
