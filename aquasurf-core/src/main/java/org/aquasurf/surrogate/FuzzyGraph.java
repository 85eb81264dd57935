package org.aquasurf.surrogate;

import java.util.Arrays;

/**
 * A UMAP fuzzy simplicial set restricted to 1-simplices: a sparse symmetric matrix of membership
 * strengths in (0, 1] over {@code n} points, stored as compressed sparse rows with ascending columns
 * and no diagonal. Immutable.
 */
public final class FuzzyGraph {

    /** umap-learn resets local metrics of a union to this neighbour count (its default). */
    private static final int UNION_NEIGHBORS = 15;
    private static final double MIN_FILL = 1e-8;
    private static final double TOLERANCE = 1e-5;

    private final int n;
    final int[] rowStart;
    final int[] cols;
    final double[] vals;

    private FuzzyGraph(int n, int[] rowStart, int[] cols, double[] vals) {
        this.n = n;
        this.rowStart = rowStart;
        this.cols = cols;
        this.vals = vals;
    }

    /**
     * The fuzzy simplicial set of a neighbour graph: memberships exp(-(d - rho)/sigma) from
     * {@link SmoothKnn}, combined by the fuzzy union A + Aᵀ - A∘Aᵀ (umap-learn's set_op_mix_ratio 1).
     * Duplicate points (distance 0) get membership 1.
     */
    public static FuzzyGraph of(KnnGraph knn) {
        SmoothKnn smooth = SmoothKnn.of(knn);
        int n = knn.size();
        int m = knn.k();
        int[] r = new int[n * m];
        int[] c = new int[n * m];
        double[] v = new double[n * m];
        int count = 0;
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < m; s++) {
                double w = smooth.membership(i, knn.distances()[i][s]);
                if (w > 0) {
                    r[count] = i;
                    c[count] = knn.indices()[i][s];
                    v[count] = w;
                    count++;
                }
            }
        }
        return symmetrize(sorted(n, r, c, v, count));
    }

    /**
     * A graph from explicit symmetric entries (each unordered pair given in both directions, no
     * diagonal, no repeats); zero weights are dropped.
     *
     * @throws IllegalArgumentException if an index is out of range, a weight is outside [0, 1], an
     *                                  entry repeats or lies on the diagonal, or the matrix is not symmetric
     */
    public static FuzzyGraph of(int n, int[] rows, int[] cols, double[] weights) {
        if (rows.length != cols.length || rows.length != weights.length) {
            throw new IllegalArgumentException("rows, cols and weights have lengths "
                    + rows.length + ", " + cols.length + ", " + weights.length);
        }
        for (int e = 0; e < rows.length; e++) {
            if (rows[e] < 0 || rows[e] >= n || cols[e] < 0 || cols[e] >= n || rows[e] == cols[e]) {
                throw new IllegalArgumentException("entry " + e + " (" + rows[e] + ", " + cols[e]
                        + ") is outside the off-diagonal of a " + n + "x" + n + " matrix");
            }
            if (!(weights[e] >= 0 && weights[e] <= 1)) {
                throw new IllegalArgumentException("entry " + e + " has weight " + weights[e] + " outside [0, 1]");
            }
        }
        int[] r = new int[rows.length];
        int[] c = new int[rows.length];
        double[] v = new double[rows.length];
        int count = 0;
        for (int e = 0; e < rows.length; e++) {
            if (weights[e] > 0) {
                r[count] = rows[e];
                c[count] = cols[e];
                v[count] = weights[e];
                count++;
            }
        }
        FuzzyGraph g = sorted(n, r, c, v, count);
        for (int i = 0; i < n; i++) {
            for (int p = g.rowStart[i]; p < g.rowStart[i + 1]; p++) {
                if (p > g.rowStart[i] && g.cols[p] == g.cols[p - 1]) {
                    throw new IllegalArgumentException("entry (" + i + ", " + g.cols[p] + ") is given twice");
                }
                if (g.weight(g.cols[p], i) != g.vals[p]) {
                    throw new IllegalArgumentException("not symmetric at (" + i + ", " + g.cols[p] + ")");
                }
            }
        }
        return g;
    }

    /** Number of points. */
    public int size() {
        return n;
    }

    /** Number of stored entries (each edge counted in both directions). */
    public int entryCount() {
        return cols.length;
    }

    /** Membership strength of the edge between {@code i} and {@code j}, 0 if absent. */
    public double weight(int i, int j) {
        int p = Arrays.binarySearch(cols, rowStart[i], rowStart[i + 1], j);
        return p >= 0 ? vals[p] : 0.0;
    }

    /** Dense copy, for small graphs. */
    public double[][] toDense() {
        double[][] d = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int p = rowStart[i]; p < rowStart[i + 1]; p++) {
                d[i][cols[p]] = vals[p];
            }
        }
        return d;
    }

    /**
     * The union of two graphs over the same points, as umap-learn's {@code model1 + model2}: a fuzzy
     * union {@code l + r - l r} over the union of the two sparsity patterns, where an entry missing from
     * one side counts as half that side's smallest weight (at least 1e-8); then each row is divided by
     * its maximum and raised to the power that makes its sum log2(15); then the rows are merged by the
     * fuzzy union with the transpose.
     *
     * @throws IllegalArgumentException if the graphs have different sizes
     */
    public FuzzyGraph union(FuzzyGraph other) {
        if (other.n != n) {
            throw new IllegalArgumentException("graphs have " + n + " and " + other.n + " points");
        }
        double leftMin = Math.max(min(vals) / 2, MIN_FILL);
        double rightMin = Math.max(min(other.vals) / 2, MIN_FILL);
        int[] start = new int[n + 1];
        int[] c = new int[cols.length + other.cols.length];
        double[] v = new double[c.length];
        int count = 0;
        for (int i = 0; i < n; i++) {
            int p = rowStart[i];
            int pe = rowStart[i + 1];
            int q = other.rowStart[i];
            int qe = other.rowStart[i + 1];
            while (p < pe || q < qe) {
                int cp = p < pe ? cols[p] : Integer.MAX_VALUE;
                int cq = q < qe ? other.cols[q] : Integer.MAX_VALUE;
                int col = Math.min(cp, cq);
                double l = cp == col ? vals[p++] : leftMin;
                double r = cq == col ? other.vals[q++] : rightMin;
                c[count] = col;
                v[count] = l + r - l * r;
                count++;
            }
            start[i + 1] = count;
        }
        c = Arrays.copyOf(c, count);
        v = Arrays.copyOf(v, count);
        for (int i = 0; i < n; i++) {
            resetRow(v, start[i], start[i + 1]);
        }
        return symmetrize(new FuzzyGraph(n, start, c, v));
    }

    /** Divides the row by its maximum and raises it to the power that makes its sum log2(15). */
    private static void resetRow(double[] v, int from, int to) {
        double max = 0;
        for (int p = from; p < to; p++) {
            max = Math.max(max, v[p]);
        }
        if (max == 0) {
            return;
        }
        for (int p = from; p < to; p++) {
            v[p] /= max;
        }
        double target = Math.log(UNION_NEIGHBORS) / Math.log(2.0);
        double lo = 0;
        double hi = Double.POSITIVE_INFINITY;
        double mid = 1;
        for (int it = 0; it < 32; it++) {
            double psum = 0;
            for (int p = from; p < to; p++) {
                psum += Math.pow(v[p], mid);
            }
            if (Math.abs(psum - target) < TOLERANCE) {
                break;
            }
            if (psum < target) {
                hi = mid;
                mid = (lo + hi) / 2;
            } else {
                lo = mid;
                mid = hi == Double.POSITIVE_INFINITY ? mid * 2 : (lo + hi) / 2;
            }
        }
        for (int p = from; p < to; p++) {
            v[p] = Math.pow(v[p], mid);
        }
    }

    /** Number of connected components (isolated points count as components). */
    int components() {
        int[] parent = new int[n];
        Arrays.setAll(parent, i -> i);
        int comps = n;
        for (int i = 0; i < n; i++) {
            for (int p = rowStart[i]; p < rowStart[i + 1]; p++) {
                int a = find(parent, i);
                int b = find(parent, cols[p]);
                if (a != b) {
                    parent[a] = b;
                    comps--;
                }
            }
        }
        return comps;
    }

    /** The same graph without entries below {@code threshold}. */
    FuzzyGraph pruned(double threshold) {
        int[] start = new int[n + 1];
        int[] c = new int[cols.length];
        double[] v = new double[cols.length];
        int count = 0;
        for (int i = 0; i < n; i++) {
            for (int p = rowStart[i]; p < rowStart[i + 1]; p++) {
                if (vals[p] >= threshold) {
                    c[count] = cols[p];
                    v[count] = vals[p];
                    count++;
                }
            }
            start[i + 1] = count;
        }
        return new FuzzyGraph(n, start, Arrays.copyOf(c, count), Arrays.copyOf(v, count));
    }

    /** Largest weight, 0 for an empty graph. */
    double maxWeight() {
        double m = 0;
        for (double x : vals) {
            m = Math.max(m, x);
        }
        return m;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : v) {
            m = Math.min(m, x);
        }
        return v.length == 0 ? 0 : m;
    }

    /** CSR from the first {@code count} triplets, sorted by row then column (repeats kept). */
    private static FuzzyGraph sorted(int n, int[] r, int[] c, double[] v, int count) {
        int[] start = new int[n + 1];
        for (int e = 0; e < count; e++) {
            start[r[e] + 1]++;
        }
        for (int i = 0; i < n; i++) {
            start[i + 1] += start[i];
        }
        int[] fill = Arrays.copyOf(start, n);
        int[] outC = new int[count];
        double[] outV = new double[count];
        for (int e = 0; e < count; e++) {
            int p = fill[r[e]]++;
            outC[p] = c[e];
            outV[p] = v[e];
        }
        for (int i = 0; i < n; i++) {
            sortRow(outC, outV, start[i], start[i + 1]);
        }
        return new FuzzyGraph(n, start, outC, outV);
    }

    private static void sortRow(int[] c, double[] v, int from, int to) {
        for (int a = from + 1; a < to; a++) {
            int ck = c[a];
            double vk = v[a];
            int b = a - 1;
            while (b >= from && c[b] > ck) {
                c[b + 1] = c[b];
                v[b + 1] = v[b];
                b--;
            }
            c[b + 1] = ck;
            v[b + 1] = vk;
        }
    }

    /** The fuzzy union of a (not necessarily symmetric) matrix with its transpose: A + Aᵀ - A∘Aᵀ. */
    private static FuzzyGraph symmetrize(FuzzyGraph a) {
        int n = a.n;
        int nnz = a.cols.length;
        int[] r = new int[2 * nnz];
        int[] c = new int[2 * nnz];
        double[] v = new double[2 * nnz];
        int count = 0;
        for (int i = 0; i < n; i++) {
            for (int p = a.rowStart[i]; p < a.rowStart[i + 1]; p++) {
                int j = a.cols[p];
                double x = a.vals[p];
                if (x == 0) {
                    continue;
                }
                double y = a.weight(j, i);
                double w = x + y - x * y;
                if (w == 0) {
                    continue;
                }
                r[count] = i;
                c[count] = j;
                v[count] = w;
                count++;
                if (y == 0) { // (j, i) is absent from A, so emit its symmetric entry here
                    r[count] = j;
                    c[count] = i;
                    v[count] = w;
                    count++;
                }
            }
        }
        return sorted(n, r, c, v, count);
    }
}
