package org.aquasurf.fisher;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.loss.Loss;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.aquasurf.fisher.Models.assertClose;
import static org.aquasurf.fisher.Models.assertMatrixClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

class DenseFisherTest {

    private static SequentialBlock mlp(boolean bias) {
        return new SequentialBlock()
                .add(Linear.builder().setUnits(4).optBias(bias).build())
                .add(Activation.tanhBlock())
                .add(Linear.builder().setUnits(3).build());
    }

    /** For one sample the empirical Fisher of a dense layer is exactly A ⊗ G. */
    @Test
    void oneSampleKfacIsTheBruteForceFisher() {
        for (boolean bias : new boolean[] {true, false}) {
            try (NDManager m = NDManager.newBaseManager()) {
                Block model = Models.init(mlp(bias), m, new Shape(1, 5));
                NDArray x = Models.randn(m, 1, 1, 5);
                NDArray y = Models.labels(m, 2, 1, 3);
                Loss loss = Loss.softmaxCrossEntropyLoss();
                List<KfacFactors> factors = factors(model, x, y, loss, FisherOptions.kfac());
                Models.backward(model, x, y, loss);
                List<Block> linears = List.of(model.getChildren().get(0).getValue(),
                        model.getChildren().get(2).getValue());
                for (int l = 0; l < 2; l++) {
                    KfacFactors f = factors.get(l);
                    DMatrixRMaj fisher = bruteForceFisher(linears.get(l));
                    DMatrixRMaj kron = CommonOps_DDRM.kron(f.a(), f.g(), null);
                    assertMatrixClose(fisher, kron, 1e-12, "layer " + l + " bias " + bias);

                    double[] expected = Eigen.symmetric(fisher);
                    double[] kfac = FisherSpectrum.spectrum(f).eigenvalues();
                    Arrays.sort(kfac);
                    assertEquals(expected.length, kfac.length);
                    double top = expected[expected.length - 1];
                    for (int i = 0; i < expected.length; i++) {
                        assertClose(expected[i], kfac[i], 1e-10 * top, "eigenvalue " + i);
                    }
                }
            }
        }
    }

    /** vec(dΘ) vec(dΘ)ᵀ for Θ = [W b] (out × in[+1]) in column-major order, from DJL's gradients. */
    private static DMatrixRMaj bruteForceFisher(Block linear) {
        double[] w = linear.getParameters().get("weight").getArray().getGradient().toDoubleArray();
        Parameter biasParameter = linear.getParameters().get("bias");
        int out = Math.toIntExact(linear.getParameters().get("weight").getArray().getShape().get(0));
        int in = w.length / out;
        int cols = in + (biasParameter == null ? 0 : 1);
        double[] v = new double[out * cols];
        for (int r = 0; r < out; r++) {
            for (int c = 0; c < in; c++) {
                v[c * out + r] = w[r * in + c];
            }
        }
        if (biasParameter != null) {
            double[] b = biasParameter.getArray().getGradient().toDoubleArray();
            System.arraycopy(b, 0, v, in * out, out);
        }
        DMatrixRMaj vec = new DMatrixRMaj(v.length, 1, true, v);
        DMatrixRMaj f = new DMatrixRMaj(v.length, v.length);
        CommonOps_DDRM.multTransB(vec, vec, f);
        return f;
    }

    /**
     * A single dense layer with the L2 loss has closed-form factors: per-sample gradient
     * g = (Wx + b - y) / out, A = Σ [x;1][x;1]ᵀ / N, G = Σ g gᵀ / N (K-FAC), and in the reference's
     * scaling the gradient of the mean loss, g / N, with both factors divided by in + 1.
     */
    @Test
    void singleDenseLayerMatchesClosedForm() {
        int n = 6;
        int in = 4;
        int out = 3;
        try (NDManager m = NDManager.newBaseManager()) {
            Block model = Models.init(Linear.builder().setUnits(out).build(), m, new Shape(1, in));
            NDArray x = Models.randn(m, 3, n, in);
            NDArray y = Models.randn(m, 4, n, out);
            double[] xs = x.toDoubleArray();
            double[] ys = y.toDoubleArray();
            double[] w = model.getParameters().get("weight").getArray().toDoubleArray();
            double[] b = model.getParameters().get("bias").getArray().toDoubleArray();
            DMatrixRMaj a = new DMatrixRMaj(in + 1, in + 1);
            DMatrixRMaj g = new DMatrixRMaj(out, out);
            double lossValue = 0;
            for (int s = 0; s < n; s++) {
                double[] ah = new double[in + 1];
                System.arraycopy(xs, s * in, ah, 0, in);
                ah[in] = 1;
                double[] gs = new double[out];
                for (int k = 0; k < out; k++) {
                    double p = b[k];
                    for (int j = 0; j < in; j++) {
                        p += w[k * in + j] * ah[j];
                    }
                    gs[k] = (p - ys[s * out + k]) / out;
                    lossValue += 0.5 * (p - ys[s * out + k]) * (p - ys[s * out + k]) / (n * out);
                }
                addOuter(a, ah, 1.0 / n);
                addOuter(g, gs, 1.0 / n);
            }
            Loss l2 = Loss.l2Loss();
            assertClose(lossValue, Models.loss(model, x, y, l2), 1e-12, "L2 loss closed form");

            try (Capture capture = Capture.run(model, x, y, l2)) {
                LayerCapture layer = capture.layers().get(0);
                KfacFactors kfac = KfacFactors.of(layer, n, FisherOptions.kfac());
                assertMatrixClose(a, kfac.a(), 1e-12, "A (K-FAC)");
                assertMatrixClose(g, kfac.g(), 1e-12, "G (K-FAC)");

                KfacFactors ref = KfacFactors.of(layer, n, FisherOptions.reference());
                assertMatrixClose(scaled(a, n / (double) (in + 1)), ref.a(), 1e-12, "A (reference)");
                assertMatrixClose(scaled(g, 1.0 / n / n * n / (in + 1)), ref.g(), 1e-12, "G (reference)");
            }
        }
    }

    /** The probe gradients and recorded inputs give dL/db and dL/dW that match finite differences. */
    @Test
    void probeGradientsMatchFiniteDifferences() {
        int n = 3;
        try (NDManager m = NDManager.newBaseManager()) {
            Block model = Models.init(mlp(true), m, new Shape(1, 5));
            NDArray x = Models.randn(m, 5, n, 5);
            NDArray y = Models.labels(m, 6, n, 3);
            Loss loss = Loss.softmaxCrossEntropyLoss();
            try (Capture capture = Capture.run(model, x, y, loss)) {
                for (int l = 0; l < 2; l++) {
                    LayerCapture c = capture.layers().get(l);
                    Block linear = c.layer().block();
                    int out = Math.toIntExact(c.layer().outputSize());
                    int in = Math.toIntExact(c.layer().inputSize());
                    double[] grad = c.outputGradient().toDoubleArray();
                    double[] input = c.input().toDoubleArray();
                    for (int k = 0; k < out; k++) {
                        double db = 0;
                        for (int s = 0; s < n; s++) {
                            db += grad[s * out + k];
                        }
                        double fd = Models.finiteDifference(model, linear.getParameters().get("bias"), k, x, y, loss, 1e-6);
                        assertClose(fd, db, 1e-8, "dL/db layer " + l + " unit " + k);
                        for (int j = 0; j < in; j++) {
                            double dw = 0;
                            for (int s = 0; s < n; s++) {
                                dw += grad[s * out + k] * input[s * in + j];
                            }
                            double fdw = Models.finiteDifference(model, linear.getParameters().get("weight"),
                                    k * in + j, x, y, loss, 1e-6);
                            assertClose(fdw, dw, 1e-8, "dL/dW layer " + l + " (" + k + "," + j + ")");
                        }
                    }
                }
            }
        }
    }

    /**
     * With DJL's softmax cross-entropy (a batch mean), N times the probe gradient at the logits is
     * the per-sample gradient softmax(z) - onehot(y), which K-FAC's G is built from.
     */
    @Test
    void perSampleGradientOfSoftmaxCrossEntropyIsSoftmaxMinusOneHot() {
        int n = 5;
        try (NDManager m = NDManager.newBaseManager()) {
            Block model = Models.init(mlp(true), m, new Shape(1, 5));
            NDArray x = Models.randn(m, 9, n, 5);
            NDArray y = Models.labels(m, 10, n, 3);
            double[] logits = Models.forward(model, x).toDoubleArray();
            long[] labels = y.toLongArray();
            try (Capture capture = Capture.run(model, x, y, Loss.softmaxCrossEntropyLoss())) {
                double[] g = capture.layers().get(1).outputGradient().toDoubleArray();
                for (int s = 0; s < n; s++) {
                    double max = Math.max(logits[3 * s], Math.max(logits[3 * s + 1], logits[3 * s + 2]));
                    double z = 0;
                    for (int k = 0; k < 3; k++) {
                        z += Math.exp(logits[3 * s + k] - max);
                    }
                    for (int k = 0; k < 3; k++) {
                        double expected = Math.exp(logits[3 * s + k] - max) / z - (labels[s] == k ? 1 : 0);
                        assertClose(expected, n * g[3 * s + k], 1e-12, "sample " + s + " class " + k);
                    }
                }
            }
        }
    }

    /** The public entry point returns both layers with their weight counts and factor sizes. */
    @Test
    void computeReportsEveryDenseLayer() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block model = Models.init(mlp(false), m, new Shape(1, 5));
            NDArray x = Models.randn(m, 7, 8, 5);
            NDArray y = Models.labels(m, 8, 8, 3);
            List<LayerSpectrum> spectra = FisherSpectrum.compute(model, x, y, Loss.softmaxCrossEntropyLoss(),
                    FisherOptions.kfac());
            assertEquals(2, spectra.size());
            assertEquals("01Linear", spectra.get(0).layerName());
            assertEquals("03Linear", spectra.get(1).layerName());
            assertEquals(LayerKind.DENSE, spectra.get(0).kind());
            assertEquals(20, spectra.get(0).weights());
            assertEquals(15, spectra.get(1).weights());
            assertEquals(5, spectra.get(0).eigA().length);
            assertEquals(4, spectra.get(0).eigG().length);
            assertEquals(5, spectra.get(1).eigA().length);
            assertEquals(3, spectra.get(1).eigG().length);
        }
    }

    static List<KfacFactors> factors(Block model, NDArray x, NDArray y, Loss loss, FisherOptions options) {
        try (Capture capture = Capture.run(model, x, y, loss)) {
            return capture.layers().stream().map(c -> KfacFactors.of(c, capture.batchSize(), options)).toList();
        }
    }

    private static void addOuter(DMatrixRMaj m, double[] v, double factor) {
        for (int i = 0; i < v.length; i++) {
            for (int j = 0; j < v.length; j++) {
                m.add(i, j, factor * v[i] * v[j]);
            }
        }
    }

    private static DMatrixRMaj scaled(DMatrixRMaj m, double factor) {
        DMatrixRMaj out = m.copy();
        CommonOps_DDRM.scale(factor, out);
        return out;
    }
}
