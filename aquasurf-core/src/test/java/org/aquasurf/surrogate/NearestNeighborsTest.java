package org.aquasurf.surrogate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NearestNeighborsTest {

    @Test
    void metricsMatchTheirDefinitions() {
        double[] a = {1, -2, 3, 0.5, 7};
        double[] b = {-1, 2, 3, 1.5, 4};
        assertEquals(Math.sqrt(4 + 16 + 0 + 1 + 9), Metric.EUCLIDEAN.distance(a, b), 1e-12);
        assertEquals(2 + 4 + 0 + 1 + 3, Metric.MANHATTAN.distance(a, b), 1e-12);
        double[] big1 = new double[1001];
        double[] big2 = new double[1001];
        Arrays.fill(big2, 1.0);
        assertEquals(1001, Metric.MANHATTAN.distance(big1, big2), 1e-9);
        assertEquals(Math.sqrt(1001), Metric.EUCLIDEAN.distance(big1, big2), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> Metric.EUCLIDEAN.distance(a, new double[2]));
    }

    @Test
    void exactMatchesSortingAllDistances() {
        double[][] x = TestData.clusters(4, 30, 7, 3.0, 1);
        for (Metric m : Metric.values()) {
            KnnGraph g = NearestNeighbors.exact(x, 6, m);
            for (int i = 0; i < x.length; i++) {
                final int row = i;
                Integer[] idx = new Integer[x.length];
                for (int j = 0; j < x.length; j++) {
                    idx[j] = j;
                }
                Arrays.sort(idx, (p, q) -> {
                    double dp = p == row ? -1 : m.distance(x[row], x[p]);
                    double dq = q == row ? -1 : m.distance(x[row], x[q]);
                    return dp != dq ? Double.compare(dp, dq) : Integer.compare(p, q);
                });
                for (int s = 0; s < 6; s++) {
                    assertEquals(idx[s + 1], g.indices()[i][s]);
                    assertEquals(m.distance(x[i], x[idx[s + 1]]), g.distances()[i][s], 1e-9);
                }
            }
        }
    }

    @Test
    void duplicatesAreNeighboursAtDistanceZeroAndNeverThemselves() {
        double[][] x = {{0, 0}, {0, 0}, {0, 0}, {5, 5}, {5, 6}};
        KnnGraph g = NearestNeighbors.exact(x, 2, Metric.EUCLIDEAN);
        assertArrayEquals(new int[] {1, 2}, g.indices()[0]);
        assertArrayEquals(new int[] {0, 2}, g.indices()[1]);
        assertArrayEquals(new double[] {0, 0}, g.distances()[2]);
        assertArrayEquals(new int[] {4, 0}, g.indices()[3]);
    }

    @Test
    void descentRecallsAtLeastNinetyPercentOfExactNeighbours() {
        double[][] x = TestData.clusters(20, 100, 30, 2.0, 7);
        for (int[] kAndMetric : new int[][] {{14, 0}, {2, 1}}) {
            int k = kAndMetric[0];
            Metric m = Metric.values()[kAndMetric[1]];
            KnnGraph exact = NearestNeighbors.exact(x, k, m);
            KnnGraph approx = NearestNeighbors.descent(x, k, m, 3);
            int hits = 0;
            for (int i = 0; i < x.length; i++) {
                Set<Integer> truth = new HashSet<>();
                for (int j : exact.indices()[i]) {
                    truth.add(j);
                }
                for (int s = 0; s < k; s++) {
                    int j = approx.indices()[i][s];
                    hits += truth.contains(j) ? 1 : 0;
                    assertTrue(j != i);
                    assertEquals(m.distance(x[i], x[j]), approx.distances()[i][s], 1e-9);
                    if (s > 0) {
                        assertTrue(approx.distances()[i][s] >= approx.distances()[i][s - 1]);
                    }
                }
            }
            double recall = hits / (double) (x.length * k);
            assertTrue(recall >= 0.9, m + " k=" + k + " recall " + recall);
        }
    }

    @Test
    void descentHandlesManyDuplicates() {
        double[][] x = TestData.clusters(3, 100, 12, 3.0, 13);
        for (int i = 0; i < 120; i++) {
            x[i] = x[0].clone(); // 120 copies of one point: trees cannot split them by hyperplanes
        }
        KnnGraph approx = NearestNeighbors.descent(x, 5, Metric.EUCLIDEAN, 1);
        for (int i = 0; i < 120; i++) {
            assertArrayEquals(new double[5], approx.distances()[i], "row " + i);
        }
        KnnGraph exact = NearestNeighbors.exact(x, 5, Metric.EUCLIDEAN);
        for (int i = 120; i < x.length; i++) {
            assertArrayEquals(exact.distances()[i], approx.distances()[i], 1e-9, "row " + i);
        }
    }

    @Test
    void descentIsDeterministicForASeed() {
        double[][] x = TestData.clusters(5, 100, 10, 2.0, 11);
        KnnGraph a = NearestNeighbors.descent(x, 5, Metric.MANHATTAN, 42);
        KnnGraph b = NearestNeighbors.descent(x, 5, Metric.MANHATTAN, 42);
        assertTrue(Arrays.deepEquals(a.indices(), b.indices()));
        assertTrue(Arrays.deepEquals(a.distances(), b.distances()));
    }

    @Test
    void searchSwitchesAtTheThreshold() {
        double[][] x = TestData.clusters(2, 50, 5, 1.0, 2);
        KnnGraph exact = NearestNeighbors.exact(x, 4, Metric.EUCLIDEAN);
        assertTrue(Arrays.deepEquals(exact.indices(),
                NearestNeighbors.search(x, 4, Metric.EUCLIDEAN, 1, 100).indices()));
        assertTrue(Arrays.deepEquals(NearestNeighbors.descent(x, 4, Metric.EUCLIDEAN, 1).indices(),
                NearestNeighbors.search(x, 4, Metric.EUCLIDEAN, 1, 99).indices()));
    }

    @Test
    void rejectsBadK() {
        double[][] x = {{0}, {1}, {2}};
        assertThrows(IllegalArgumentException.class, () -> NearestNeighbors.exact(x, 3, Metric.EUCLIDEAN));
        assertThrows(IllegalArgumentException.class, () -> NearestNeighbors.descent(x, 0, Metric.EUCLIDEAN, 1));
    }

    /** The distances are computed on all cores; the graphs must not depend on how many there are. */
    @Test
    void graphsDoNotDependOnTheNumberOfThreads() throws Exception {
        double[][] x = TestData.clusters(10, 150, 40, 2.0, 3); // 1500 rows: several batches of pairs
        for (Metric m : Metric.values()) {
            KnnGraph[] exact = new KnnGraph[2];
            KnnGraph[] descent = new KnnGraph[2];
            int[] threads = {1, 4};
            for (int t = 0; t < 2; t++) {
                java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(threads[t]);
                try {
                    final int slot = t;
                    pool.submit(() -> {
                        exact[slot] = NearestNeighbors.exact(x, 9, m);
                        descent[slot] = NearestNeighbors.descent(x, 9, m, 5);
                    }).get();
                } finally {
                    pool.shutdown();
                }
            }
            for (int i = 0; i < x.length; i++) {
                assertArrayEquals(exact[0].indices()[i], exact[1].indices()[i], m + " exact row " + i);
                assertArrayEquals(exact[0].distances()[i], exact[1].distances()[i], 0.0, m + " exact row " + i);
                assertArrayEquals(descent[0].indices()[i], descent[1].indices()[i], m + " descent row " + i);
                assertArrayEquals(descent[0].distances()[i], descent[1].distances()[i], 0.0, m + " descent row " + i);
            }
        }
    }
}
