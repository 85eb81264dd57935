package org.aquasurf.surrogate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The block-sum lower bound against brute-force distances, and its skips against the plain metric. */
class BoundedDistancesTest {

    @Test
    void lowerBoundNeverExceedsTheDistance() {
        for (Metric metric : Metric.values()) {
            for (int dim : new int[] {1, 31, 70, 1000}) {
                double[][] x = TestData.clusters(4, 10, dim, 3.0, dim);
                BoundedDistances bd = new BoundedDistances(x, metric);
                for (int a = 0; a < x.length; a++) {
                    for (int b = 0; b < x.length; b++) {
                        double exact = metric.reducedBounded(x[a], x[b], Double.POSITIVE_INFINITY);
                        double lower = bd.lowerBound(a, b);
                        assertTrue(lower <= exact * (1 + 1e-12) + 1e-12,
                                metric + " dim " + dim + " rows " + a + "," + b + ": " + lower + " > " + exact);
                    }
                }
            }
        }
    }

    @Test
    void givesExactlyThePlainMetricsAnswerAtEveryBound() {
        for (Metric metric : Metric.values()) {
            double[][] x = concat(TestData.clusters(3, 8, 1000, 0.5, 7), cdfs(24, 1000, 8));
            BoundedDistances bd = new BoundedDistances(x, metric);
            int decidedByTheBound = 0;
            for (int a = 0; a < x.length; a++) {
                for (int b = 0; b < x.length; b++) {
                    double d = metric.reducedBounded(x[a], x[b], Double.POSITIVE_INFINITY);
                    decidedByTheBound += bd.exceeds(a, b, d / 2) ? 1 : 0;
                    for (double bound : new double[] {0, d / 2, Math.nextDown(d), d, Math.nextUp(d), 2 * d,
                            Double.POSITIVE_INFINITY}) {
                        assertEquals(metric.reducedBounded(x[a], x[b], bound), bd.reduced(a, b, bound),
                                metric + " rows " + a + "," + b + " bound " + bound);
                    }
                }
            }
            assertTrue(decidedByTheBound > x.length * (x.length - 1) / 10, metric + ": the bound decided only "
                    + decidedByTheBound + " of " + x.length * (x.length - 1) + " pairs at half their distance");
        }
    }

    /**
     * Where one cumulative distribution lies above the other, the manhattan bound is the distance (up
     * to rounding): the property that lets it decide almost every pair of Fisher features.
     */
    @Test
    void manhattanBoundIsTightForOrderedCumulativeDistributions() {
        double[][] x = new double[2][500];
        for (int c = 0; c < 500; c++) {
            x[0][c] = 1 / (1 + Math.exp(-(c - 200) / 30.0));
            x[1][c] = 1 / (1 + Math.exp(-(c - 260) / 30.0));
        }
        BoundedDistances bd = new BoundedDistances(x, Metric.MANHATTAN);
        double exact = Metric.MANHATTAN.distance(x[0], x[1]);
        assertEquals(exact, bd.lowerBound(0, 1), 1e-12 * exact);
        assertTrue(bd.exceeds(0, 1, 0.99 * exact));
    }

    /** Cumulative histograms of Gaussian samples: exactly 0 and 1 outside their support. */
    static double[][] cdfs(int rows, int bins, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[rows][bins];
        for (double[] row : x) {
            double mean = bins * r.nextDouble(0.3, 0.7);
            double sd = bins * r.nextDouble(0.02, 0.1);
            for (int s = 0; s < 400; s++) {
                int bin = (int) Math.floor(mean + sd * TestData.gaussian(r));
                row[Math.max(0, Math.min(bins - 1, bin))] += 1;
            }
            double total = 0;
            for (int c = 0; c < bins; c++) {
                total += row[c];
                row[c] = total;
            }
            for (int c = 0; c < bins; c++) {
                row[c] /= total;
            }
        }
        return x;
    }

    private static double[][] concat(double[][] a, double[][] b) {
        double[][] out = new double[a.length + b.length][];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
