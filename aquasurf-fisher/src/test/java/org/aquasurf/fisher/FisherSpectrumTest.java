package org.aquasurf.fisher;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.loss.Loss;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FisherSpectrumTest {

    private static final int CLASSES = 10;

    /** conv → tanh → conv (stride 2) → relu → flatten → dense (24 wide) → tanh → dense to the classes. */
    private static SequentialBlock model() {
        return new SequentialBlock()
                .add(Conv2d.builder().setFilters(6).setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).build())
                .add(Activation.tanhBlock())
                .add(Conv2d.builder().setFilters(8).setKernelShape(new Shape(3, 3)).optStride(new Shape(2, 2)).build())
                .add(Activation.reluBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(24).build())
                .add(Activation.tanhBlock())
                .add(Linear.builder().setUnits(CLASSES).build());
    }

    /** Layers computed on several threads give exactly the spectra of the one-thread computation. */
    @Test
    void layerThreadsGiveTheSameSpectra() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = Models.init(model(), m, new Shape(1, 3, 9, 9));
            NDArray x = Models.randn(m, 5, 12, 3, 9, 9);
            NDArray y = Models.labels(m, 6, 12, CLASSES);
            Loss loss = Loss.softmaxCrossEntropyLoss();
            List<LayerSpectrum> one = FisherSpectrum.compute(net, x, y, loss, FisherOptions.kfac().withThreads(1));
            List<LayerSpectrum> three = FisherSpectrum.compute(net, x, y, loss, FisherOptions.kfac().withThreads(3));
            assertEquals(4, one.size());
            for (int l = 0; l < one.size(); l++) {
                assertEquals(one.get(l).layerName(), three.get(l).layerName());
                assertArrayEquals(one.get(l).eigA(), three.get(l).eigA(), 0, "A of layer " + l);
                assertArrayEquals(one.get(l).eigG(), three.get(l).eigG(), 0, "G of layer " + l);
            }
        }
    }

    /**
     * Under softmax cross-entropy every per-sample output gradient sums to zero, so the output
     * layer's G is exactly singular. The eigen solvers put its null-space eigenvalue at
     * different rounding noise; with the floor all give n·ε·λmax, and the features are identical.
     */
    @Test
    void softmaxNullSpaceFeaturesDoNotDependOnTheSolver() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = Models.init(model(), m, new Shape(1, 3, 9, 9));
            NDArray x = Models.randn(m, 8, 40, 3, 9, 9);
            NDArray y = Models.labels(m, 9, 40, CLASSES);
            try (Capture capture = Capture.run(net, x, y, Loss.softmaxCrossEntropyLoss())) {
                LayerCapture last = capture.layers().get(3);
                KfacFactors f = KfacFactors.of(last, capture.batchSize(), FisherOptions.kfac());
                double[] ql = Eigen.symmetric(f.g(), Eigen.Solver.HOUSEHOLDER_QL);
                double[] ejml = Eigen.symmetric(f.g(), Eigen.Solver.EJML);
                double top = ql[CLASSES - 1];
                double floor = CLASSES * Math.ulp(1.0) * top;
                assertTrue(Math.abs(ql[0]) < floor && Math.abs(ejml[0]) < floor, "one null-space eigenvalue, "
                        + Arrays.toString(new double[] {ql[0], ejml[0]}));
                assertTrue(ql[1] > 1e6 * floor, "the others are well above the floor");
                assertFalse(ql[0] == ejml[0], "the raw null-space eigenvalue is solver noise");

                LayerSpectrum b = FisherSpectrum.spectrum(f, Eigen.Solver.EJML);
                for (Eigen.Solver solver : List.of(Eigen.Solver.HOUSEHOLDER_QL, Eigen.Solver.LAPACK)) {
                    LayerSpectrum a = FisherSpectrum.spectrum(f, solver);
                    assertEquals(floor, a.eigG()[0], 1e-12 * floor, solver.toString());
                    assertEquals(a.eigG()[0], b.eigG()[0], 1e-12 * floor, solver.toString());
                    for (int i = 0; i < CLASSES; i++) {
                        assertEquals(a.eigG()[i], b.eigG()[i], 1e-10 * top, solver + " G eigenvalue " + i);
                    }
                    assertArrayEquals(FisherFeatures.layerCdf(a), FisherFeatures.layerCdf(b), 0, solver.toString());
                }
            }
        }
    }

    /**
     * On every layer's real factors (A and G of convolutions and dense layers, float32 products),
     * the default solver (libtorch's LAPACK) gives EJML's eigenvalues to a few units of n·ε·λmax,
     * and floored, the same CDF features.
     */
    @Test
    void lapackMatchesEjmlOnRealFactors() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = Models.init(model(), m, new Shape(1, 3, 9, 9));
            NDArray x = Models.randn(m, 21, 30, 3, 9, 9);
            NDArray y = Models.labels(m, 22, 30, CLASSES);
            try (Capture capture = Capture.run(net, x, y, Loss.softmaxCrossEntropyLoss())) {
                for (LayerCapture layer : capture.layers()) {
                    KfacFactors f = KfacFactors.of(layer, capture.batchSize(), FisherOptions.kfac().withFloat64Covariance(false));
                    for (org.ejml.data.DMatrixRMaj factor : List.of(f.a(), f.g())) {
                        double[] lapack = Eigen.symmetric(factor, Eigen.Solver.LAPACK);
                        double[] ejml = Eigen.symmetric(factor, Eigen.Solver.EJML);
                        int n = lapack.length;
                        double tolerance = 20 * n * Math.ulp(1.0) * ejml[n - 1];
                        for (int i = 0; i < n; i++) {
                            assertEquals(ejml[i], lapack[i], tolerance, layer.layer().name() + " eigenvalue " + i);
                        }
                    }
                    if (layer.layer().weights() >= 200) { // enough weights for a histogram bin
                        assertArrayEquals(FisherFeatures.layerCdf(FisherSpectrum.spectrum(f, Eigen.Solver.EJML)),
                                FisherFeatures.layerCdf(FisherSpectrum.spectrum(f)), 0, layer.layer().name());
                    }
                }
            }
        }
    }

    /**
     * The first layer's A eigenvalues are reused for another model on the same input, and the
     * spectra are exactly those computed without the kept entry; another input is not matched.
     */
    @Test
    void firstLayerSpectrumIsReusedOnlyForTheSameInput() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block relu = Models.init(model(), m, new Shape(1, 3, 9, 9));
            Block other = Models.init(model(), m, new Shape(1, 3, 9, 9)); // other weights
            NDArray x = Models.randn(m, 31, 12, 3, 9, 9);
            NDArray y = Models.labels(m, 32, 12, CLASSES);
            Loss loss = Loss.softmaxCrossEntropyLoss();
            FisherOptions options = FisherOptions.kfac().withThreads(2);
            FirstInputSpectrum.clear();
            List<LayerSpectrum> fresh = FisherSpectrum.compute(other, x, y, loss, options);
            FisherSpectrum.compute(relu, x, y, loss, options);
            try (Capture capture = Capture.run(other, x, y, loss)) {
                assertTrue(FirstInputSpectrum.lookup(capture.layers().get(0).layer(), capture.layers().get(0).input(), 12, options) != null, "kept for this input");
                assertTrue(FirstInputSpectrum.lookup(capture.layers().get(0).layer(), capture.layers().get(0).input(), 12, options.withFloat64Covariance(false)) == null,
                        "not for other options");
            }
            List<LayerSpectrum> reused = FisherSpectrum.compute(other, x, y, loss, options);
            for (int l = 0; l < fresh.size(); l++) {
                assertArrayEquals(fresh.get(l).eigA(), reused.get(l).eigA(), 0, "A of layer " + l);
                assertArrayEquals(fresh.get(l).eigG(), reused.get(l).eigG(), 0, "G of layer " + l);
            }
            NDArray x2 = x.duplicate();
            x2.set(new ai.djl.ndarray.index.NDIndex("0, 0, 0, 0"), 7f);
            try (Capture capture = Capture.run(other, x2, y, loss)) {
                assertTrue(FirstInputSpectrum.lookup(capture.layers().get(0).layer(), capture.layers().get(0).input(), 12, options) == null, "another input");
            }
            FirstInputSpectrum.clear();
            List<LayerSpectrum> changed = FisherSpectrum.compute(other, x2, y, loss, options);
            FisherSpectrum.compute(relu, x, y, loss, options);
            assertArrayEquals(changed.get(0).eigA(), FisherSpectrum.compute(other, x2, y, loss, options).get(0).eigA(), 0);
        }
    }

    @Test
    void threadsBelowOneAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FisherOptions.kfac().withThreads(0));
        assertTrue(e.getMessage().contains("threads must be at least 1"), e.getMessage());
    }
}
