package org.aquasurf.surrogate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FuzzyGraphTest {

    private static final double LOG2_15 = Math.log(15) / Math.log(2);

    @Test
    void sigmaSolvesItsEquation() {
        double[][] x = TestData.clusters(3, 40, 6, 4.0, 5);
        KnnGraph knn = NearestNeighbors.exact(x, 14, Metric.EUCLIDEAN);
        SmoothKnn s = SmoothKnn.of(knn);
        for (int i = 0; i < x.length; i++) {
            double[] d = knn.distances()[i];
            assertEquals(d[0], s.rho()[i], 0.0);
            double sum = 0;
            for (double v : d) {
                sum += Math.exp(-Math.max(0, v - s.rho()[i]) / s.sigma()[i]);
            }
            assertEquals(LOG2_15, sum, 1e-4, "row " + i);
        }
    }

    @Test
    void symmetrizationMatchesHandComputation() {
        // Points 0, 1, 3 on a line with 2 neighbours each: the nearest has membership 1 and the other
        // c = log2(3) - 1, so A = [[0,1,c],[1,0,c],[c,1,0]] and A + Aᵀ - A∘Aᵀ has (0,2) = 2c - c².
        double c = Math.log(3) / Math.log(2) - 1;
        FuzzyGraph g = Umap.graph(new double[][] {{0}, {1}, {3}}, UmapConfig.defaults().withNeighbors(3));
        double[][] expected = {{0, 1, 2 * c - c * c}, {1, 0, 1}, {2 * c - c * c, 1, 0}};
        assertDense(expected, g.toDense(), 1e-5);
        assertEquals(6, g.entryCount());
    }

    @Test
    void duplicatePointsAreFullyConnected() {
        double[][] x = {{0, 0}, {0, 0}, {0, 0}, {1, 0}, {0, 2}, {3, 3}};
        FuzzyGraph g = Umap.graph(x, UmapConfig.defaults().withNeighbors(4));
        assertEquals(1.0, g.weight(0, 1), 0.0);
        assertEquals(1.0, g.weight(1, 2), 0.0);
        assertEquals(1.0, g.weight(0, 2), 0.0);
        for (double[] row : g.toDense()) {
            for (double v : row) {
                assertTrue(v >= 0 && v <= 1 && Double.isFinite(v));
            }
        }
        FuzzyGraph allSame = Umap.graph(new double[][] {{2}, {2}, {2}}, UmapConfig.defaults());
        assertEquals(1.0, allSame.weight(0, 2), 0.0);
    }

    @Test
    void unionWithItselfMatchesDenseComputation() {
        double[][] w = {
            {0, .9, .2, .5, .05, .7},
            {.9, 0, .3, 0, .6, .1},
            {.2, .3, 0, .8, .4, 1},
            {.5, 0, .8, 0, .25, .35},
            {.05, .6, .4, .25, 0, .15},
            {.7, .1, 1, .35, .15, 0}};
        FuzzyGraph g = graph(w);
        assertDense(referenceUnion(w, w), g.union(g).toDense(), 1e-4);
    }

    @Test
    void unionOfTwoGraphsFillsMissingEntriesWithHalfTheMinimum() {
        double[][] w1 = {
            {0, .9, .2, .5, 0, .7},
            {.9, 0, .3, 0, .6, 0},
            {.2, .3, 0, .8, .4, 1},
            {.5, 0, .8, 0, 0, .35},
            {0, .6, .4, 0, 0, .15},
            {.7, 0, 1, .35, .15, 0}};
        double[][] w2 = {
            {0, 0, .6, .1, .3, .2},
            {0, 0, .5, .9, .4, .8},
            {.6, .5, 0, 0, .7, .3},
            {.1, .9, 0, 0, .2, .6},
            {.3, .4, .7, .2, 0, 0},
            {.2, .8, .3, .6, 0, 0}};
        double[][] got = graph(w1).union(graph(w2)).toDense();
        assertDense(referenceUnion(w1, w2), got, 1e-4);
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                assertEquals(got[i][j], got[j][i], 1e-15);
            }
        }
    }

    @Test
    void rejectsAsymmetricOrOutOfRangeEntries() {
        assertThrows(IllegalArgumentException.class,
                () -> FuzzyGraph.of(3, new int[] {0, 1}, new int[] {1, 0}, new double[] {.5, .4}));
        assertThrows(IllegalArgumentException.class,
                () -> FuzzyGraph.of(3, new int[] {0, 1}, new int[] {1, 0}, new double[] {1.5, 1.5}));
        assertThrows(IllegalArgumentException.class,
                () -> FuzzyGraph.of(3, new int[] {1}, new int[] {1}, new double[] {.5}));
        FuzzyGraph a = FuzzyGraph.of(3, new int[] {0, 1}, new int[] {1, 0}, new double[] {.5, .5});
        FuzzyGraph b = FuzzyGraph.of(2, new int[] {0, 1}, new int[] {1, 0}, new double[] {.5, .5});
        assertThrows(IllegalArgumentException.class, () -> a.union(b));
    }

    /**
     * Dense reference of umap-learn's {@code model1 + model2} graph: entrywise l + r - lr over the union
     * pattern with missing sides at half their minimum, rows divided by their maximum and raised to the
     * power e solving sum p^e = log2(15) (found here by Newton's method on log-space), then A + Aᵀ - A∘Aᵀ.
     */
    static double[][] referenceUnion(double[][] w1, double[][] w2) {
        int n = w1.length;
        double min1 = Double.POSITIVE_INFINITY;
        double min2 = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (w1[i][j] > 0) {
                    min1 = Math.min(min1, w1[i][j]);
                }
                if (w2[i][j] > 0) {
                    min2 = Math.min(min2, w2[i][j]);
                }
            }
        }
        double[][] p = new double[n][n];
        for (int i = 0; i < n; i++) {
            double max = 0;
            for (int j = 0; j < n; j++) {
                if (w1[i][j] > 0 || w2[i][j] > 0) {
                    double l = w1[i][j] > 0 ? w1[i][j] : Math.max(min1 / 2, 1e-8);
                    double r = w2[i][j] > 0 ? w2[i][j] : Math.max(min2 / 2, 1e-8);
                    p[i][j] = l + r - l * r;
                    max = Math.max(max, p[i][j]);
                }
            }
            List<Integer> nz = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                if (p[i][j] > 0) {
                    p[i][j] /= max;
                    nz.add(j);
                }
            }
            double e = 1;
            for (int it = 0; it < 100; it++) {
                double f = -LOG2_15;
                double df = 0;
                for (int j : nz) {
                    double v = Math.pow(p[i][j], e);
                    f += v;
                    df += v * Math.log(p[i][j]);
                }
                e -= f / df;
            }
            for (int j : nz) {
                p[i][j] = Math.pow(p[i][j], e);
            }
        }
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                out[i][j] = p[i][j] + p[j][i] - p[i][j] * p[j][i];
            }
        }
        return out;
    }

    static FuzzyGraph graph(double[][] w) {
        List<int[]> pairs = new ArrayList<>();
        List<Double> vals = new ArrayList<>();
        for (int i = 0; i < w.length; i++) {
            for (int j = 0; j < w.length; j++) {
                if (w[i][j] > 0) {
                    pairs.add(new int[] {i, j});
                    vals.add(w[i][j]);
                }
            }
        }
        int[] r = new int[pairs.size()];
        int[] c = new int[pairs.size()];
        double[] v = new double[pairs.size()];
        for (int e = 0; e < r.length; e++) {
            r[e] = pairs.get(e)[0];
            c[e] = pairs.get(e)[1];
            v[e] = vals.get(e);
        }
        return FuzzyGraph.of(w.length, r, c, v);
    }

    static void assertDense(double[][] expected, double[][] actual, double tol) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected.length; j++) {
                assertEquals(expected[i][j], actual[i][j], tol, "entry (" + i + ", " + j + ")");
            }
        }
    }
}
