package org.aquasurf.surrogate;

import java.util.SplittableRandom;

/** Synthetic data sets and independent reference computations shared by the tests. */
final class TestData {

    private TestData() {
    }

    /** {@code perCluster} Gaussian points (sd 1) around each of {@code clusters} centres spaced {@code gap} apart. */
    static double[][] clusters(int clusters, int perCluster, int dim, double gap, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] centres = new double[clusters][dim];
        for (double[] c : centres) {
            for (int d = 0; d < dim; d++) {
                c[d] = gap * gaussian(r);
            }
        }
        double[][] x = new double[clusters * perCluster][dim];
        for (int i = 0; i < x.length; i++) {
            for (int d = 0; d < dim; d++) {
                x[i][d] = centres[i / perCluster][d] + gaussian(r);
            }
        }
        return x;
    }

    static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    static double euclidean(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }

    /**
     * sklearn.manifold.trustworthiness with euclidean distances:
     * 1 - 2 / (n k (2n - 3k - 1)) * sum_i sum_{j in embedded kNN(i) \ input kNN(i)} (rank_input(i, j) - k).
     */
    static double trustworthiness(double[][] input, double[][] embedded, int k) {
        int n = input.length;
        double penalty = 0;
        for (int i = 0; i < n; i++) {
            Integer[] byInput = order(input, i);
            int[] rank = new int[n];
            for (int r = 0; r < n; r++) {
                rank[byInput[r]] = r; // rank 0 is i itself, so neighbours have ranks 1..n-1
            }
            Integer[] byEmbedded = order(embedded, i);
            for (int r = 1; r <= k; r++) {
                int j = byEmbedded[r];
                penalty += Math.max(0, rank[j] - k);
            }
        }
        return 1 - 2.0 / (n * k * (2.0 * n - 3.0 * k - 1.0)) * penalty;
    }

    /** Indices sorted by distance to point i (i first), ties by index. */
    static Integer[] order(double[][] x, int i) {
        int n = x.length;
        Integer[] idx = new Integer[n];
        double[] d = new double[n];
        for (int j = 0; j < n; j++) {
            idx[j] = j;
            d[j] = j == i ? -1 : euclidean(x[i], x[j]);
        }
        java.util.Arrays.sort(idx, (a, b) -> d[a] != d[b] ? Double.compare(d[a], d[b]) : Integer.compare(a, b));
        return idx;
    }
}
