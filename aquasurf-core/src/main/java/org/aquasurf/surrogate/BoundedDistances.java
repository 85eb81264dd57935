package org.aquasurf.surrogate;

import java.util.stream.IntStream;

/**
 * Reduced distances between rows of a data set, with a cheap lower bound that skips most pairs a
 * neighbour search would reject. Each row is summarised by its sums over consecutive blocks of
 * {@value #BLOCK} coordinates; by the triangle inequality (manhattan) or Cauchy–Schwarz (euclidean)
 * <pre>
 *   sum_blocks |Sa - Sb|          &lt;= sum_i |a_i - b_i|
 *   sum_blocks (Sa - Sb)^2 / m_b  &lt;= sum_i (a_i - b_i)^2       (m_b: the block's length)
 * </pre>
 * The bound is tight where one row stays above the other within each block, as for two cumulative
 * distributions (the Fisher features) or two smooth functions (the outputs), and costs
 * {@value #BLOCK} times fewer operations and memory reads than the distance.
 *
 * <p>{@link #reduced} returns exactly what {@link Metric#reducedBounded} returns: the bound only
 * decides a pair when it exceeds {@code bound} by more than its worst-case rounding error, so neighbour
 * graphs are bit for bit the same with or without it.
 */
final class BoundedDistances {

    /** Coordinates per block sum. */
    static final int BLOCK = 32;
    /**
     * Margin on the bound's rounding, relative to the rows' magnitude (sum of |x| for manhattan, of x²
     * for euclidean). The worst-case error of the block sums is below 2·BLOCK·ε·magnitude (ε = 2^-53),
     * about 1e-14·magnitude for manhattan and 3e-14·magnitude for euclidean; this keeps 3,000 times that.
     */
    private static final double ROUNDING = 1e-10;
    /** Relative margin for the rounding of the full distance (at most a few thousand ulps). */
    private static final double RELATIVE = 1e-9;

    private final double[][] data;
    private final Metric metric;
    private final double[][] sums;
    private final double[] magnitude;
    /** Reciprocal block lengths (the last block may be shorter). */
    private final double[] inverseLength;

    /** Summarises every row (on all cores). {@code data} is not modified and must not change later. */
    BoundedDistances(double[][] data, Metric metric) {
        this.data = data;
        this.metric = metric;
        int n = data.length;
        int dim = n == 0 ? 0 : data[0].length;
        int blocks = (dim + BLOCK - 1) / BLOCK;
        this.sums = new double[n][blocks];
        this.magnitude = new double[n];
        this.inverseLength = new double[blocks];
        for (int blk = 0; blk < blocks; blk++) {
            inverseLength[blk] = 1.0 / (Math.min(dim, (blk + 1) * BLOCK) - blk * BLOCK);
        }
        IntStream.range(0, n).parallel().forEach(i -> {
            double[] row = data[i];
            double[] s = sums[i];
            double mag = 0;
            for (int c = 0; c < dim; c++) {
                s[c / BLOCK] += row[c];
                mag += metric == Metric.MANHATTAN ? Math.abs(row[c]) : row[c] * row[c];
            }
            magnitude[i] = mag;
        });
    }

    /**
     * {@code metric.reducedBounded(data[a], data[b], bound)}: the reduced distance, or +infinity if it
     * exceeds {@code bound}.
     */
    double reduced(int a, int b, double bound) {
        if (bound < Double.POSITIVE_INFINITY && exceeds(a, b, bound)) {
            return Double.POSITIVE_INFINITY;
        }
        return metric.reducedBounded(data[a], data[b], bound);
    }

    /** Whether the lower bound proves that the reduced distance of rows a and b exceeds {@code bound}. */
    boolean exceeds(int a, int b, double bound) {
        double lower = lowerBound(a, b);
        double error = ROUNDING * (magnitude[a] + magnitude[b]);
        return (lower - error) * (1 - RELATIVE) > bound;
    }

    /** The lower bound on the reduced distance of rows a and b, before any rounding margin. */
    double lowerBound(int a, int b) {
        return metric == Metric.MANHATTAN ? manhattan(sums[a], sums[b]) : euclidean(sums[a], sums[b]);
    }

    private static double manhattan(double[] sa, double[] sb) {
        double s0 = 0, s1 = 0;
        int n = sa.length;
        int i = 0;
        for (; i + 1 < n; i += 2) {
            s0 += Math.abs(sa[i] - sb[i]);
            s1 += Math.abs(sa[i + 1] - sb[i + 1]);
        }
        if (i < n) {
            s0 += Math.abs(sa[i] - sb[i]);
        }
        return s0 + s1;
    }

    private double euclidean(double[] sa, double[] sb) {
        double s = 0;
        for (int i = 0; i < sa.length; i++) {
            double t = sa[i] - sb[i];
            s += t * t * inverseLength[i];
        }
        return s;
    }
}
