package org.aquasurf.fisher;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EigenTest {

    /** Q diag(λ) Qᵀ with a random orthogonal Q (QR of a Gaussian matrix). */
    private static DMatrixRMaj withEigenvalues(double[] lambda, Random r) {
        int n = lambda.length;
        DMatrixRMaj g = new DMatrixRMaj(n, n);
        for (int i = 0; i < g.data.length; i++) {
            g.data[i] = r.nextGaussian();
        }
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(n, n);
        qr.decompose(g);
        DMatrixRMaj q = qr.getQ(null, false);
        DMatrixRMaj qd = q.copy();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                qd.set(i, j, q.get(i, j) * lambda[j]);
            }
        }
        DMatrixRMaj m = new DMatrixRMaj(n, n);
        CommonOps_DDRM.multTransB(qd, q, m);
        for (int i = 0; i < n; i++) { // exactly symmetric
            for (int j = 0; j < i; j++) {
                double mean = 0.5 * (m.get(i, j) + m.get(j, i));
                m.set(i, j, mean);
                m.set(j, i, mean);
            }
        }
        return m;
    }

    /**
     * Matrices built from known eigenvalues (clustered, repeated, spread over 12 decades, zero and
     * negative ones, sizes across several panels) give those eigenvalues back with every solver,
     * to n·ε·max|λ| times a small constant.
     */
    @Test
    void everySolverRecoversKnownEigenvalues() {
        Random r = new Random(7);
        for (int n : new int[] {1, 2, 3, 31, 32, 33, 70, 150}) {
            double[] lambda = new double[n];
            for (int i = 0; i < n; i++) {
                lambda[i] = switch (i % 5) {
                    case 0 -> Math.pow(10, -12 * r.nextDouble());
                    case 1 -> 0.5; // repeated
                    case 2 -> 0;
                    case 3 -> -r.nextDouble();
                    default -> 1 + 1e-9 * i; // clustered
                };
            }
            DMatrixRMaj m = withEigenvalues(lambda, r);
            double[] expected = lambda.clone();
            Arrays.sort(expected);
            for (Eigen.Solver solver : Eigen.Solver.values()) {
                DMatrixRMaj input = m.copy();
                double[] got = Eigen.symmetric(m, solver);
                assertArrayEquals(input.data, m.data, 0, "input unchanged");
                for (int i = 0; i < n; i++) {
                    assertEquals(expected[i], got[i], 50 * n * Math.ulp(1.0), solver + " n=" + n + " eigenvalue " + i);
                }
            }
        }
    }

    /**
     * libtorch's LAPACK is loaded in this build (so the LAPACK cases of the other tests do not
     * silently fall back to QL), and agrees with EJML and QL on random symmetric matrices, on
     * exactly singular Gram matrices (rank n/3) and on near-singular ones (the same plus a 1e-13
     * relative perturbation), to a few units of n·ε·max|λ|; floored, exact null spaces agree exactly.
     */
    @Test
    void lapackAgreesWithEjmlOnRandomAndNearSingularMatrices() {
        assertTrue(TorchEigen.available(), "libtorch eigvalsh must load with DJL's PyTorch CPU build");
        Random r = new Random(11);
        for (int n : new int[] {1, 2, 5, 64, 97, 300}) {
            for (int kind = 0; kind < 3; kind++) {
                boolean singular = kind > 0;
                DMatrixRMaj m = new DMatrixRMaj(n, n);
                if (singular) {
                    int rank = Math.max(1, n / 3);
                    DMatrixRMaj x = new DMatrixRMaj(rank, n);
                    for (int i = 0; i < x.data.length; i++) {
                        x.data[i] = r.nextGaussian();
                    }
                    CommonOps_DDRM.multTransA(x, x, m);
                    for (int i = 0; i < n; i++) {
                        for (int j = i; j < n; j++) {
                            double noise = kind == 2 ? 1e-13 * m.get(0, 0) * r.nextGaussian() : 0;
                            m.set(i, j, m.get(i, j) + noise);
                            m.set(j, i, m.get(i, j));
                        }
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        for (int j = i; j < n; j++) {
                            m.set(i, j, r.nextGaussian());
                            m.set(j, i, m.get(i, j));
                        }
                    }
                }
                DMatrixRMaj input = m.copy();
                double[] direct = TorchEigen.eigenvalues(m.getData(), n);
                double[] lapack = Eigen.symmetric(m, Eigen.Solver.LAPACK);
                double[] ejml = Eigen.symmetric(m, Eigen.Solver.EJML);
                double[] ql = Eigen.symmetric(m, Eigen.Solver.HOUSEHOLDER_QL);
                assertArrayEquals(input.data, m.data, 0, "input unchanged");
                assertArrayEquals(direct, lapack, 0, "the LAPACK solver is libtorch's");
                double scale = Math.max(Math.abs(ejml[0]), Math.abs(ejml[n - 1]));
                for (int i = 0; i < n; i++) {
                    assertEquals(ejml[i], lapack[i], 20 * n * Math.ulp(1.0) * scale, "n=" + n + " kind " + kind + " eig " + i);
                    assertEquals(ql[i], lapack[i], 20 * n * Math.ulp(1.0) * scale, "n=" + n + " kind " + kind + " eig " + i);
                }
                if (kind == 1 && n > 2) {
                    double[] a = Eigen.floored(lapack);
                    double[] b = Eigen.floored(ejml);
                    for (int i = 0; i < n - Math.max(1, n / 3); i++) {
                        assertEquals(b[i], a[i], 1e-12 * b[i], "floored null-space eigenvalue " + i);
                    }
                }
            }
        }
    }

    /** Several threads calling libtorch's solver at once get exactly the one-thread results. */
    @Test
    void lapackIsThreadSafe() throws Exception {
        Random r = new Random(5);
        List<DMatrixRMaj> matrices = new ArrayList<>();
        for (int k = 0; k < 8; k++) {
            int n = 40 + 30 * k;
            DMatrixRMaj m = new DMatrixRMaj(n, n);
            for (int i = 0; i < n; i++) {
                for (int j = i; j < n; j++) {
                    m.set(i, j, r.nextGaussian());
                    m.set(j, i, m.get(i, j));
                }
            }
            matrices.add(m);
        }
        List<double[]> sequential = new ArrayList<>();
        for (DMatrixRMaj m : matrices) {
            sequential.add(Eigen.symmetric(m, Eigen.Solver.LAPACK));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<double[]>> parallel = new ArrayList<>();
            for (DMatrixRMaj m : matrices) {
                parallel.add(pool.submit(() -> Eigen.symmetric(m, Eigen.Solver.LAPACK)));
            }
            for (int k = 0; k < matrices.size(); k++) {
                assertArrayEquals(sequential.get(k), parallel.get(k).get(), 0, "matrix " + k);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The tridiagonal QL step alone on the (1, 2, 1) matrix: eigenvalues 2 - 2cos(kπ/(n+1)). */
    @Test
    void tridiagonalQlMatchesClosedForm() {
        int n = 50;
        double[] d = new double[n];
        double[] e = new double[n];
        Arrays.fill(d, 2);
        Arrays.fill(e, -1);
        Eigen.tridiagonalEigenvalues(d, e);
        Arrays.sort(d);
        for (int k = 1; k <= n; k++) {
            assertEquals(2 - 2 * Math.cos(k * Math.PI / (n + 1)), d[k - 1], 1e-13, "eigenvalue " + k);
        }
    }

    /** A non-finite entry gives NaN eigenvalues, with every solver. */
    @Test
    void nonFiniteMatrixGivesNaN() {
        DMatrixRMaj m = CommonOps_DDRM.identity(3);
        m.set(1, 2, Double.POSITIVE_INFINITY);
        for (Eigen.Solver solver : Eigen.Solver.values()) {
            for (double v : Eigen.symmetric(m, solver)) {
                assertTrue(Double.isNaN(v));
            }
        }
    }

    /**
     * A Gram matrix of rank n/4 (an exactly singular factor): the two solvers resolve the null
     * space into different rounding noise, but the floored eigenvalues are identical in the null
     * space (all at n·ε·λmax) and agree to rounding elsewhere.
     */
    @Test
    void flooredNullSpaceIsSolverIndependent() {
        Random r = new Random(3);
        int n = 120;
        int rank = 30;
        DMatrixRMaj x = new DMatrixRMaj(rank, n);
        for (int i = 0; i < x.data.length; i++) {
            x.data[i] = r.nextGaussian();
        }
        DMatrixRMaj g = new DMatrixRMaj(n, n);
        CommonOps_DDRM.multTransA(x, x, g);
        double[] ql = Eigen.symmetric(g, Eigen.Solver.HOUSEHOLDER_QL);
        double[] ejml = Eigen.symmetric(g, Eigen.Solver.EJML);
        assertTrue(!Arrays.equals(Arrays.copyOf(ql, n - rank), Arrays.copyOf(ejml, n - rank)),
                "raw null-space eigenvalues are solver noise");
        double[] a = Eigen.floored(ql);
        double[] b = Eigen.floored(ejml);
        double floor = n * Math.ulp(1.0) * ql[n - 1];
        for (int i = 0; i < n - rank; i++) {
            assertEquals(floor, a[i], 1e-12 * floor);
            assertEquals(a[i], b[i], 1e-12 * floor, "null-space eigenvalue " + i);
        }
        for (int i = n - rank; i < n; i++) {
            assertEquals(ql[i], a[i], 0);
            assertEquals(a[i], b[i], 1e-12 * a[n - 1], "eigenvalue " + i);
        }
        assertTrue(a[n - rank] > 1e6 * floor, "the non-zero eigenvalues are far above the floor");
    }
}
