package org.aquasurf.surrogate;

/**
 * UMAP's smooth k-nearest-neighbour distances. For each point, {@code rho} is the distance to its
 * nearest neighbour at a non-zero distance (0 if every neighbour is a duplicate), and {@code sigma}
 * solves {@code sum_j exp(-max(0, d_j - rho) / sigma) = log2(k)} over its neighbours j, found by
 * bisection as umap-learn does, where k counts the point itself among its neighbours. When no sigma
 * can reach the target (e.g. many duplicates), sigma is raised to umap-learn's floor of 1e-3 times
 * the mean neighbour distance. Distances and sigma are in the metric's units.
 *
 * @param rho   per point, distance to the nearest non-duplicate neighbour
 * @param sigma per point, the bandwidth of its membership kernel
 */
public record SmoothKnn(double[] rho, double[] sigma) {

    private static final double TOLERANCE = 1e-5;
    private static final double MIN_SCALE = 1e-3;
    private static final int ITERATIONS = 64;

    /**
     * Computes rho and sigma for every row of {@code knn}, with target {@code log2(k)} where
     * {@code k = knn.k() + 1} (the point itself counts, as in umap-learn's n_neighbors).
     */
    public static SmoothKnn of(KnnGraph knn) {
        int n = knn.size();
        int m = knn.k();
        double target = Math.log(m + 1.0) / Math.log(2.0);
        double total = 0;
        for (double[] row : knn.distances()) {
            for (double d : row) {
                total += d;
            }
        }
        double meanAll = n == 0 ? 0 : total / (n * (m + 1.0)); // the point itself counts, at distance 0
        double[] rho = new double[n];
        double[] sigma = new double[n];
        for (int i = 0; i < n; i++) {
            double[] d = knn.distances()[i];
            double r = 0;
            double rowSum = 0;
            for (double v : d) {
                rowSum += v;
                if (r == 0 && v > 0) {
                    r = v;
                }
            }
            double lo = 0;
            double hi = Double.POSITIVE_INFINITY;
            double mid = 1;
            for (int it = 0; it < ITERATIONS; it++) {
                double psum = 0;
                for (double v : d) {
                    double excess = v - r;
                    psum += excess > 0 ? Math.exp(-excess / mid) : 1.0;
                }
                if (Math.abs(psum - target) < TOLERANCE) {
                    break;
                }
                if (psum > target) {
                    hi = mid;
                    mid = (lo + hi) / 2;
                } else {
                    lo = mid;
                    mid = hi == Double.POSITIVE_INFINITY ? mid * 2 : (lo + hi) / 2;
                }
            }
            double floor = MIN_SCALE * (r > 0 ? rowSum / (m + 1.0) : meanAll);
            rho[i] = r;
            sigma[i] = Math.max(mid, floor);
        }
        return new SmoothKnn(rho, sigma);
    }

    /** Membership strength of a neighbour at distance {@code d} of point {@code i}, in [0, 1]. */
    public double membership(int i, double d) {
        double excess = d - rho[i];
        if (excess <= 0 || sigma[i] == 0) {
            return 1.0;
        }
        return Math.exp(-excess / sigma[i]);
    }
}
