package org.aquasurf.surrogate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;

class UmapTest {

    @Test
    void abCurveMatchesUmapLearnAndIsALeastSquaresOptimum() {
        AbCurve c = AbCurve.fit(0.1, 1.0);
        // umap-learn's find_ab_params(1.0, 0.1) gives a = 1.5769, b = 0.8951.
        assertEquals(1.5769, c.a(), 2e-3);
        assertEquals(0.8951, c.b(), 2e-3);
        double h = 1e-6;
        assertEquals(0, (cost(c.a() + h, c.b()) - cost(c.a() - h, c.b())) / (2 * h), 1e-6);
        assertEquals(0, (cost(c.a(), c.b() + h) - cost(c.a(), c.b() - h)) / (2 * h), 1e-6);
        assertEquals(1.0, c.value(0), 0.0);
    }

    private static double cost(double a, double b) {
        double s = 0;
        for (int i = 0; i < 300; i++) {
            double x = 3.0 * i / 299;
            double y = x < 0.1 ? 1 : Math.exp(-(x - 0.1));
            double r = 1 / (1 + a * Math.pow(x, 2 * b)) - y;
            s += r * r;
        }
        return s;
    }

    @Test
    void spectralLayoutSpansTheSameEigenvectorsAsADenseSolver() {
        double[][] x = TestData.clusters(3, 40, 5, 2.0, 3);
        FuzzyGraph g = Umap.graph(x, UmapConfig.defaults());
        assertEquals(1, g.components());
        String[] why = new String[1];
        Optional<double[][]> lanczos = SpectralInit.layout(g, 2, 9, why);
        assertTrue(lanczos.isPresent(), () -> why[0]);
        int n = g.size();
        double[][] w = g.toDense();
        double[] deg = new double[n];
        for (int i = 0; i < n; i++) {
            deg[i] = Arrays.stream(w[i]).sum();
        }
        DMatrixRMaj m = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                m.set(i, j, w[i][j] / Math.sqrt(deg[i] * deg[j]));
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        assertTrue(eig.decompose(m));
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (p, q) -> Double.compare(eig.getEigenvalue(q).getReal(), eig.getEigenvalue(p).getReal()));
        assertEquals(1.0, eig.getEigenvalue(order[0]).getReal(), 1e-9);
        for (int c = 0; c < 2; c++) {
            double[] dense = eig.getEigenVector(order[c + 1]).getData();
            double dot = 0;
            double norm = 0;
            for (int i = 0; i < n; i++) {
                dot += dense[i] * lanczos.get()[i][c];
                norm += lanczos.get()[i][c] * lanczos.get()[i][c];
            }
            assertEquals(1.0, Math.abs(dot) / Math.sqrt(norm), 1e-6, "eigenvector " + (c + 1));
        }
    }

    @Test
    void fusedGramSchmidtGivesTheSameBitsAsOneProjectionAtATime() {
        SplittableRandom r = new SplittableRandom(6);
        int n = 1001;
        java.util.List<double[]> units = new java.util.ArrayList<>();
        for (int u = 0; u < 7; u++) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = r.nextDouble() - 0.5;
            }
            double norm = Math.sqrt(SpectralInit.dot(v, v));
            units.add(Arrays.stream(v).map(t -> t / norm).toArray());
        }
        units.add(units.get(2)); // a unit met twice, as in the second reorthogonalization pass
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = r.nextDouble() * 3;
        }
        double[] oneAtATime = w.clone();
        for (double[] u : units) {
            SpectralInit.project(oneAtATime, u);
        }
        double squaredNorm = SpectralInit.dot(oneAtATime, oneAtATime);
        double[] fused = w.clone();
        assertEquals(Double.doubleToLongBits(squaredNorm), Double.doubleToLongBits(SpectralInit.projectAll(fused, units)));
        assertTrue(Arrays.equals(oneAtATime, fused));
        assertEquals(0, SpectralInit.dot(fused, units.get(7)), 1e-12, "orthogonal to the last unit");
    }

    @Test
    void separatedClustersStaySeparated() {
        int per = 60;
        double[][] x = TestData.clusters(3, per, 20, 6.0, 21);
        double[][] y = Umap.fitTransform(x, UmapConfig.defaults());
        double[][] centre = new double[3][2];
        for (int i = 0; i < x.length; i++) {
            centre[i / per][0] += y[i][0] / per;
            centre[i / per][1] += y[i][1] / per;
        }
        for (int i = 0; i < x.length; i++) {
            int own = i / per;
            double dOwn = TestData.euclidean(y[i], centre[own]);
            for (int c = 0; c < 3; c++) {
                if (c != own) {
                    assertTrue(dOwn < TestData.euclidean(y[i], centre[c]) / 3,
                            "point " + i + " is not well inside its cluster");
                }
            }
        }
    }

    @Test
    void embeddingIsTrustworthy() {
        // A noisy 2-D sheet, curled, inside 10-D.
        SplittableRandom r = new SplittableRandom(4);
        double[][] x = new double[400][10];
        for (double[] p : x) {
            double u = 3 * Math.PI * r.nextDouble();
            double v = 10 * r.nextDouble();
            p[0] = u * Math.cos(u);
            p[1] = v;
            p[2] = u * Math.sin(u);
            for (int d = 3; d < 10; d++) {
                p[d] = 0.05 * TestData.gaussian(r);
            }
        }
        double[][] y = Umap.fitTransform(x, UmapConfig.defaults().withSeed(5));
        double t = TestData.trustworthiness(x, y, 5);
        assertTrue(t > 0.9, "trustworthiness " + t);
    }

    @Test
    void theTwoDimensionalLoopComputesTheReferenceLoopsLayoutBitForBitOnAnyNumberOfThreads() {
        // Clusters close enough to overlap, so heads, tails and negative samples mix; points start in a
        // small square, so the attraction, the repulsion and the clip all occur.
        double[][] x = TestData.clusters(4, 50, 6, 1.5, 12);
        FuzzyGraph g = Umap.graph(x, UmapConfig.defaults());
        SplittableRandom r = new SplittableRandom(3);
        double[][] start = new double[g.size()][2];
        for (double[] p : start) {
            p[0] = r.nextDouble(0, 1);
            p[1] = r.nextDouble(0, 1);
        }
        AbCurve curve = AbCurve.fit(0.1, 1.0);
        double[][] reference = copy(start);
        Umap.optimizeAnyDimension(reference, g, 200, curve, new SplittableRandom(5));
        for (int threads : new int[] {1, 2, 3, 8}) { // 8: more threads than cores, so some wait descheduled
            double[][] plane = copy(start);
            PlaneSgd.optimize(plane, g, 200, curve, new SplittableRandom(5), threads);
            assertFalse(Arrays.deepEquals(start, plane), "the layout moved");
            for (int i = 0; i < start.length; i++) {
                String where = " of point " + i + " on " + threads + " threads";
                assertEquals(Double.doubleToLongBits(reference[i][0]), Double.doubleToLongBits(plane[i][0]), "x" + where);
                assertEquals(Double.doubleToLongBits(reference[i][1]), Double.doubleToLongBits(plane[i][1]), "y" + where);
            }
        }
    }

    @Test
    void anInterruptedLayoutStopsWithAClearErrorAndLeavesNoThreadBehind() throws InterruptedException {
        double[][] x = TestData.clusters(2, 40, 4, 2.0, 13);
        FuzzyGraph g = Umap.graph(x, UmapConfig.defaults());
        double[][] y = new double[g.size()][2];
        Thread.currentThread().interrupt();
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> PlaneSgd.optimize(y, g, 50, AbCurve.fit(0.1, 1.0), new SplittableRandom(1), 3));
        assertTrue(Thread.interrupted(), "the interrupt stays set for the caller");
        assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
        for (int i = 0; i < 200 && sgdThreadsAlive(); i++) {
            Thread.sleep(10);
        }
        assertFalse(sgdThreadsAlive(), "helper threads ended");
    }

    private static boolean sgdThreadsAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("umap-sgd-"));
    }

    private static double[][] copy(double[][] x) {
        return Arrays.stream(x).map(double[]::clone).toArray(double[][]::new);
    }

    @Test
    void deterministicForASeed() {
        double[][] x = TestData.clusters(3, 50, 8, 3.0, 8);
        UmapConfig c = UmapConfig.defaults().withEpochs(100).withSeed(17);
        double[][] a = Umap.fitTransform(x, c);
        double[][] b = Umap.fitTransform(x, c);
        assertTrue(Arrays.deepEquals(a, b));
        assertFalse(Arrays.deepEquals(a, Umap.fitTransform(x, c.withSeed(18))));
    }

    @Test
    void disconnectedGraphFallsBackToRandomInitAndStillSeparates() {
        // Two triangles with no edge between them.
        int[] rows = {0, 1, 1, 2, 0, 2, 3, 4, 4, 5, 3, 5};
        int[] cols = {1, 0, 2, 1, 2, 0, 4, 3, 5, 4, 5, 3};
        double[] w = new double[rows.length];
        Arrays.fill(w, 1.0);
        FuzzyGraph g = FuzzyGraph.of(6, rows, cols, w);
        assertEquals(2, g.components());
        double[][] y = Umap.embed(g, UmapConfig.defaults().withComponents(3));
        assertEquals(3, y[0].length);
        for (double[] p : y) {
            for (double v : p) {
                assertTrue(Double.isFinite(v));
            }
        }
        double within = TestData.euclidean(y[0], y[1]);
        double across = TestData.euclidean(y[0], y[3]);
        assertTrue(within < across, within + " vs " + across);
    }
}
