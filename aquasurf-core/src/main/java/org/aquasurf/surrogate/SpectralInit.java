package org.aquasurf.surrogate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Spectral layout of a connected graph: the eigenvectors of the symmetric normalized Laplacian
 * {@code I - D^-1/2 W D^-1/2} for its smallest non-trivial eigenvalues, i.e. the top eigenvectors of
 * {@code M = D^-1/2 W D^-1/2} orthogonal to the trivial one {@code sqrt(degree)}. Found by Lanczos with
 * full reorthogonalization on the sparse M, the small tridiagonal problem solved by EJML.
 */
final class SpectralInit {

    private static final int MAX_STEPS = 300;
    /** Residual bound of every wanted Ritz pair; umap-learn asks its eigensolver for 1e-4. */
    private static final double TOLERANCE = 1e-4;

    private SpectralInit() {
    }

    /**
     * n rows of {@code dim} coordinates, or empty (with the reason in {@code why[0]}) if the Krylov space
     * is too small.
     */
    static Optional<double[][]> layout(FuzzyGraph g, int dim, long seed, String[] why) {
        int n = g.size();
        double[] invSqrtDeg = new double[n];
        double[] trivial = new double[n];
        for (int i = 0; i < n; i++) {
            double deg = 0;
            for (int p = g.rowStart[i]; p < g.rowStart[i + 1]; p++) {
                deg += g.vals[p];
            }
            if (deg == 0) {
                why[0] = "point " + i + " has no edges";
                return Optional.empty();
            }
            invSqrtDeg[i] = 1 / Math.sqrt(deg);
            trivial[i] = Math.sqrt(deg);
        }
        normalize(trivial);
        int maxSteps = Math.min(n - 1, MAX_STEPS);
        if (maxSteps < dim) {
            why[0] = n + " points are too few for a " + dim + "-dimensional spectral layout";
            return Optional.empty();
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<double[]> basis = new ArrayList<>();
        List<Double> alphas = new ArrayList<>();
        List<Double> betas = new ArrayList<>();
        double[] q = new double[n];
        for (int i = 0; i < n; i++) {
            q[i] = random.nextDouble() - 0.5;
        }
        project(q, trivial);
        normalize(q);
        basis.add(q);
        double[][] ritz = null;
        int nextCheck = Math.max(dim + 1, 20);
        for (int step = 0; step < maxSteps; step++) {
            double[] w = multiply(g, invSqrtDeg, basis.get(step));
            alphas.add(projectTrivialThenDot(w, trivial, basis.get(step)));
            List<double[]> units = new ArrayList<>(2 * basis.size() + 2); // two passes of reorthogonalization
            for (int pass = 0; pass < 2; pass++) {
                units.addAll(basis);
                units.add(trivial);
            }
            double beta = Math.sqrt(projectAll(w, units));
            boolean last = step + 1 == maxSteps || beta < 1e-10;
            int m = step + 1;
            if (m >= dim && (last || m == nextCheck)) {
                nextCheck += Math.max(10, m / 2);
                Ritz r = ritz(alphas, betas, dim, beta);
                if (last || r.converged) {
                    ritz = r.vectors;
                    break;
                }
            }
            betas.add(beta);
            for (int i = 0; i < n; i++) {
                w[i] /= beta;
            }
            basis.add(w);
        }
        if (ritz == null) {
            why[0] = "the Krylov space has fewer than " + dim + " dimensions";
            return Optional.empty();
        }
        double[][] out = new double[n][dim];
        for (int c = 0; c < dim; c++) {
            for (int s = 0; s < ritz[c].length; s++) {
                double[] b = basis.get(s);
                double coef = ritz[c][s];
                for (int i = 0; i < n; i++) {
                    out[i][c] += coef * b[i];
                }
            }
        }
        return Optional.of(out);
    }

    private record Ritz(double[][] vectors, boolean converged) {
    }

    /** The {@code dim} largest Ritz pairs of the tridiagonal matrix; converged if all residuals are small. */
    private static Ritz ritz(List<Double> alphas, List<Double> betas, int dim, double nextBeta) {
        int m = alphas.size();
        DMatrixRMaj t = new DMatrixRMaj(m, m);
        for (int i = 0; i < m; i++) {
            t.set(i, i, alphas.get(i));
            if (i + 1 < m) {
                t.set(i, i + 1, betas.get(i));
                t.set(i + 1, i, betas.get(i));
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(m, true, true);
        if (!eig.decompose(t)) {
            throw new IllegalStateException("EJML failed on the " + m + "x" + m + " tridiagonal matrix");
        }
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(
                eig.getEigenvalue(y).getReal(), eig.getEigenvalue(x).getReal()));
        double[][] vectors = new double[dim][];
        boolean converged = true;
        for (int c = 0; c < dim; c++) {
            DMatrixRMaj v = eig.getEigenVector(order[c]);
            vectors[c] = v.getData().clone();
            converged &= Math.abs(nextBeta * vectors[c][m - 1]) < TOLERANCE;
        }
        return new Ritz(vectors, converged);
    }

    /** M x with M = D^-1/2 W D^-1/2. */
    private static double[] multiply(FuzzyGraph g, double[] invSqrtDeg, double[] x) {
        int n = g.size();
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int p = g.rowStart[i]; p < g.rowStart[i + 1]; p++) {
                int j = g.cols[p];
                s += g.vals[p] * invSqrtDeg[j] * x[j];
            }
            y[i] = s * invSqrtDeg[i];
        }
        return y;
    }

    /**
     * Projects {@code w} (modified) off {@code trivial}, then returns {@code w·q}: the same numbers as
     * {@code project(w, trivial); dot(w, q)}.
     */
    private static double projectTrivialThenDot(double[] w, double[] trivial, double[] q) {
        double c = dot(w, trivial);
        double s = 0;
        for (int i = 0; i < w.length; i++) {
            w[i] -= c * trivial[i];
            s += w[i] * q[i];
        }
        return s;
    }

    /**
     * Projects {@code w} (modified) off each unit vector in turn (modified Gram–Schmidt) and returns the
     * squared norm of the result: the same numbers, in the same order, as {@code project} for each unit
     * and then {@code dot(w, w)}, but each projection's update shares one pass over {@code w} with the
     * next projection's dot product (the dot product's serial sum is the bottleneck, the update rides along).
     */
    static double projectAll(double[] w, List<double[]> units) {
        double[] unit = units.get(0);
        double c = dot(w, unit);
        for (int u = 1; u <= units.size(); u++) {
            double[] next = u < units.size() ? units.get(u) : w;
            double s = 0;
            for (int i = 0; i < w.length; i++) {
                w[i] -= c * unit[i];
                s += w[i] * next[i];
            }
            c = s;
            unit = next;
        }
        return c;
    }

    static void project(double[] w, double[] unit) {
        double c = dot(w, unit);
        for (int i = 0; i < w.length; i++) {
            w[i] -= c * unit[i];
        }
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void normalize(double[] v) {
        double norm = Math.sqrt(dot(v, v));
        for (int i = 0; i < v.length; i++) {
            v[i] /= norm;
        }
    }
}
