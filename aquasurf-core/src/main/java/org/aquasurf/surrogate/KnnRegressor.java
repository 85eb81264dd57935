package org.aquasurf.surrogate;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * k-nearest-neighbour regression with euclidean distance, by brute force: the prediction is the mean
 * target of the k training points nearest to the query (ties in distance by lower training index).
 * Queries of {@link #predict(double[][])} run on all cores; each result depends only on its query,
 * so the output is the same on any number of cores. It agrees bit for bit with Tribuo's KNNTrainer (brute force,
 * L2) with an averaging combiner, which {@code KnnRegressorTest} checks.
 */
public final class KnnRegressor {

    private final double[][] x;
    private final double[] y;
    private final int k;

    private KnnRegressor(double[][] x, double[] y, int k) {
        this.x = x;
        this.y = y;
        this.k = k;
    }

    /**
     * Trains on points {@code x} (rows of equal length, finite) with targets {@code y} (finite); uses
     * {@code min(k, n)} neighbours. The arrays are kept, not copied.
     *
     * @throws IllegalArgumentException if there are no points, shapes disagree, a value is not finite
     *                                  or {@code k < 1}
     */
    public static KnnRegressor fit(double[][] x, double[] y, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        checkTrainingSet(x, y);
        return new KnnRegressor(x, y, Math.min(k, x.length));
    }

    /** Mean target of the nearest training points to {@code q}. */
    public double predict(double[] q) {
        int[] nearest = neighbors(q);
        double mean = 0; // running mean, nearest first, as Tribuo's averaging combiner computes it
        for (int s = 0; s < nearest.length; s++) {
            mean += 1.0 / (s + 1) * (y[nearest[s]] - mean);
        }
        return mean;
    }

    /**
     * Indices (into the training points) of the {@code min(k, n)} training points nearest to
     * {@code q}, nearest first, ties in distance by lower index: the points {@link #predict(double[])}
     * averages.
     */
    public int[] neighbors(double[] q) {
        if (q.length != x[0].length) {
            throw new IllegalArgumentException(
                    "query has " + q.length + " coordinates, the model " + x[0].length);
        }
        finite(q, 0);
        double[] bestD = new double[k];
        int[] bestI = new int[k];
        Arrays.fill(bestD, Double.POSITIVE_INFINITY);
        Arrays.fill(bestI, Integer.MAX_VALUE);
        for (int i = 0; i < x.length; i++) {
            double d = 0;
            double[] p = x[i];
            for (int c = 0; c < q.length; c++) {
                double t = p[c] - q[c];
                d += t * t;
            }
            if (d < bestD[k - 1]) { // strict: an equal distance keeps the lower index already kept
                int s = k - 1;
                while (s > 0 && bestD[s - 1] > d) {
                    bestD[s] = bestD[s - 1];
                    bestI[s] = bestI[s - 1];
                    s--;
                }
                bestD[s] = d;
                bestI[s] = i;
            }
        }
        return bestI;
    }

    /** {@link #predict(double[])} for each row, on all cores. */
    public double[] predict(double[][] queries) {
        double[] out = new double[queries.length];
        IntStream.range(0, queries.length).parallel().forEach(i -> out[i] = predict(queries[i]));
        return out;
    }

    /**
     * Checks a regression's training set: at least one point, one finite target per point, points of
     * equal length with finite coordinates (IllegalArgumentException naming the first bad one).
     */
    static void checkTrainingSet(double[][] x, double[] y) {
        if (x.length == 0) {
            throw new IllegalArgumentException("no training points");
        }
        if (x.length != y.length) {
            throw new IllegalArgumentException(x.length + " points but " + y.length + " targets");
        }
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != x[0].length) {
                throw new IllegalArgumentException(
                        "point " + i + " has " + x[i].length + " coordinates, point 0 has " + x[0].length);
            }
            finite(x[i], i);
            if (!Double.isFinite(y[i])) {
                throw new IllegalArgumentException("target " + i + " is " + y[i]);
            }
        }
    }

    private static void finite(double[] v, int row) {
        for (int d = 0; d < v.length; d++) {
            if (!Double.isFinite(v[d])) {
                throw new IllegalArgumentException("point " + row + " coordinate " + d + " is " + v[d]);
            }
        }
    }
}
