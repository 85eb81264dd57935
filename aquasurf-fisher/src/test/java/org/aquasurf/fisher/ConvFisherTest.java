package org.aquasurf.fisher;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.loss.Loss;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.aquasurf.fisher.Models.assertClose;
import static org.aquasurf.fisher.Models.assertMatrixClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConvFisherTest {

    private static final long[] INPUT = {3, 2, 7, 6};

    /** conv (stride (2,1), padding (1,2)) → tanh → depthwise conv (stride 2) → tanh → GAP → dense. */
    private static SequentialBlock model(boolean convBias, boolean depthwiseBias) {
        return new SequentialBlock()
                .add(Conv2d.builder().setFilters(4).setKernelShape(new Shape(3, 3))
                        .optStride(new Shape(2, 1)).optPadding(new Shape(1, 2)).optBias(convBias).build())
                .add(Activation.tanhBlock())
                .add(Conv2d.builder().setFilters(4).setKernelShape(new Shape(3, 3)).optGroups(4)
                        .optStride(new Shape(2, 2)).optPadding(new Shape(1, 1)).optBias(depthwiseBias).build())
                .add(Activation.tanhBlock())
                .add(Pool.globalAvgPool2dBlock())
                .add(Linear.builder().setUnits(3).build());
    }

    /** Patch matrices times the kernels reproduce each layer's own convolution, also for k=1 and no padding. */
    @Test
    void patchesReproduceTheConvolution() {
        record Case(int filters, int kernel, int groups, Shape stride, Shape pad, boolean bias) {
        }
        List<Case> cases = List.of(
                new Case(4, 3, 1, new Shape(1, 1), new Shape(1, 1), true),
                new Case(4, 3, 1, new Shape(2, 2), new Shape(1, 1), false),
                new Case(5, 3, 1, new Shape(2, 1), new Shape(1, 2), true),
                new Case(3, 1, 1, new Shape(1, 1), new Shape(0, 0), true),
                new Case(3, 2, 1, new Shape(2, 2), new Shape(0, 0), true),
                new Case(2, 3, 2, new Shape(1, 1), new Shape(1, 1), true),
                new Case(2, 3, 2, new Shape(2, 2), new Shape(0, 1), false));
        for (Case c : cases) {
            try (NDManager m = NDManager.newBaseManager()) {
                Block conv = Models.init(Conv2d.builder().setFilters(c.filters).setKernelShape(new Shape(c.kernel, c.kernel))
                        .optGroups(c.groups).optStride(c.stride).optPadding(c.pad).optBias(c.bias).build(),
                        m, new Shape(INPUT));
                NDArray x = Models.randn(m, 11, INPUT);
                WeightedLayer layer = Layers.describe(conv, "conv", new NDList(x));
                NDArray out = Models.forward(conv, x);
                long[] hw = Patches.outputSize(layer, INPUT[2], INPUT[3]);
                assertEquals(new Shape(INPUT[0], c.filters, hw[0], hw[1]), out.getShape(), c.toString());

                double[][] patches = inDjlWeightOrder(Patches.expand(x, layer), layer);
                double[][] naive = naivePatches(x, layer);
                assertMatrixClose(new DMatrixRMaj(naive), new DMatrixRMaj(patches), 0, "patches " + c);

                int cols = patches[0].length;
                double[] w = conv.getParameters().get("weight").getArray().toDoubleArray();
                double[] b = c.bias ? conv.getParameters().get("bias").getArray().toDoubleArray() : null;
                double[] y = out.toDoubleArray();
                int filters = c.filters;
                long locations = INPUT[0] * hw[0] * hw[1];
                for (long t = 0; t < locations; t++) {
                    long n = t / (hw[0] * hw[1]);
                    long yx = t % (hw[0] * hw[1]);
                    for (int f = 0; f < filters; f++) {
                        long row = layer.kind() == LayerKind.DEPTHWISE_CONV2D ? t * filters + f : t;
                        double s = b == null ? 0 : b[f];
                        for (int j = 0; j < cols; j++) {
                            s += patches[Math.toIntExact(row)][j] * w[f * cols + j];
                        }
                        double expected = y[Math.toIntExact((n * filters + f) * hw[0] * hw[1] + yx)];
                        assertClose(expected, s, 1e-12, c + " output (" + t + "," + f + ")");
                    }
                }
            }
        }
    }

    /** A is Σ over samples and locations of [patch;1][patch;1]ᵀ / N, with patches cut by naive loops. */
    @Test
    void inputFactorIsThePatchCovariance() {
        for (boolean bias : new boolean[] {true, false}) {
            try (NDManager m = NDManager.newBaseManager()) {
                Block model = Models.init(model(bias, !bias), m, new Shape(INPUT));
                NDArray x = Models.randn(m, 12, INPUT);
                NDArray y = Models.labels(m, 13, (int) INPUT[0], 3);
                try (Capture capture = Capture.run(model, x, y, Loss.softmaxCrossEntropyLoss())) {
                    for (int l = 0; l < 2; l++) {
                        LayerCapture c = capture.layers().get(l);
                        WeightedLayer layer = c.layer();
                        assertEquals(l == 0 ? LayerKind.CONV2D : LayerKind.DEPTHWISE_CONV2D, layer.kind());
                        double[][] rows = naivePatches(c.input(), layer);
                        DMatrixRMaj expected = new DMatrixRMaj(layer.aSize(), layer.aSize());
                        for (double[] r : rows) {
                            double[] h = java.util.Arrays.copyOf(r, layer.aSize());
                            if (layer.bias()) {
                                h[r.length] = 1;
                            }
                            for (int i = 0; i < h.length; i++) {
                                for (int j = 0; j < h.length; j++) {
                                    expected.add(i, j, h[i] * h[j] / INPUT[0]);
                                }
                            }
                        }
                        for (FisherOptions options : List.of(FisherOptions.kfac(), FisherOptions.reference(),
                                FisherOptions.kfac().withFloat64Covariance(false))) {
                            KfacFactors f = KfacFactors.of(c, capture.batchSize(), options);
                            double tol = options.float64Covariance() ? 1e-12 : 1e-6;
                            assertMatrixClose(expected, f.a(), tol, layer.name() + " A " + options);
                        }
                    }
                }
            }
        }
    }

    /**
     * G is the covariance over samples and locations of the per-sample output gradient
     * (N times the probe gradient of the mean loss) divided by N·T; the reference uses the probe
     * gradient itself and, for a depthwise layer, divides by N·T·C (its expanded input has one row
     * per sample, location and channel).
     */
    @Test
    void gradientFactorIsTheOutputGradientCovariance() {
        assertGradientFactors(model(true, true), INPUT);
    }

    /**
     * As {@link #gradientFactorIsTheOutputGradientCovariance} with at least
     * {@link KfacFactors#BATCHED_POSITIONS} output positions per sample, where G is a batched
     * per-sample product (stride-1 convolution and depthwise convolution, 16 × 17 outputs).
     */
    @Test
    void batchedGradientFactorIsTheOutputGradientCovariance() {
        long[] input = {3, 2, 16, 17};
        assertTrue(16 * 17 >= KfacFactors.BATCHED_POSITIONS);
        SequentialBlock model = new SequentialBlock()
                .add(Conv2d.builder().setFilters(4).setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).build())
                .add(Activation.tanhBlock())
                .add(Conv2d.builder().setFilters(4).setKernelShape(new Shape(3, 3)).optGroups(4)
                        .optPadding(new Shape(1, 1)).build())
                .add(Activation.tanhBlock())
                .add(Pool.globalAvgPool2dBlock())
                .add(Linear.builder().setUnits(3).build());
        assertGradientFactors(model, input);
    }

    /** G of the model's two convolutions (the second depthwise) equals the naive sum over samples and positions. */
    private static void assertGradientFactors(SequentialBlock model, long[] input) {
        try (NDManager m = NDManager.newBaseManager()) {
            Models.init(model, m, new Shape(input));
            NDArray x = Models.randn(m, 14, input);
            NDArray y = Models.labels(m, 15, (int) input[0], 3);
            try (Capture capture = Capture.run(model, x, y, Loss.softmaxCrossEntropyLoss())) {
                for (int l = 0; l < 2; l++) {
                    LayerCapture c = capture.layers().get(l);
                    Shape s = c.outputGradient().getShape();
                    int f = Math.toIntExact(s.get(1));
                    long t = s.get(2) * s.get(3);
                    double[] g = c.outputGradient().toDoubleArray();
                    DMatrixRMaj expected = new DMatrixRMaj(f, f);
                    long n = input[0];
                    for (int sample = 0; sample < n; sample++) {
                        for (long loc = 0; loc < t; loc++) {
                            for (int i = 0; i < f; i++) {
                                for (int j = 0; j < f; j++) {
                                    double gi = n * g[Math.toIntExact((sample * f + i) * t + loc)];
                                    double gj = n * g[Math.toIntExact((sample * f + j) * t + loc)];
                                    expected.add(i, j, gi * gj / (n * t));
                                }
                            }
                        }
                    }
                    assertMatrixClose(expected, KfacFactors.of(c, n, FisherOptions.kfac()).g(), 1e-12, "G kfac");
                    assertMatrixClose(expected, KfacFactors.of(c, n, FisherOptions.kfac().withFloat64Covariance(false)).g(),
                            1e-5, "G kfac, float32 products");
                    boolean depthwise = c.layer().kind() == LayerKind.DEPTHWISE_CONV2D;
                    assertEquals(l == 1, depthwise);
                    CommonOps_DDRM.scale(1.0 / (n * n * (depthwise ? f : 1)), expected);
                    assertMatrixClose(expected, KfacFactors.of(c, n, FisherOptions.reference()).g(), 1e-12, "G ref");
                }
            }
        }
    }

    /**
     * The recorded inputs and probe gradients rebuild each convolution's parameter gradients
     * (dW = Σ g patchᵀ, db = Σ g) exactly as DJL's autograd computes them, and finite differences
     * agree on the biases; covers stride 2, padding, depthwise, with and without bias.
     */
    @Test
    void probeGradientsRebuildParameterGradients() {
        for (boolean bias : new boolean[] {true, false}) {
            try (NDManager m = NDManager.newBaseManager()) {
                Block model = Models.init(model(bias, !bias), m, new Shape(INPUT));
                NDArray x = Models.randn(m, 16, INPUT);
                NDArray y = Models.labels(m, 17, (int) INPUT[0], 3);
                Loss loss = Loss.softmaxCrossEntropyLoss();
                try (Capture capture = Capture.run(model, x, y, loss)) {
                    Models.backward(model, x, y, loss);
                    for (int l = 0; l < 2; l++) {
                        LayerCapture c = capture.layers().get(l);
                        WeightedLayer layer = c.layer();
                        boolean depthwise = layer.kind() == LayerKind.DEPTHWISE_CONV2D;
                        double[][] patches = naivePatches(c.input(), layer);
                        Shape s = c.outputGradient().getShape();
                        int f = Math.toIntExact(s.get(1));
                        long t = s.get(2) * s.get(3);
                        double[] g = c.outputGradient().toDoubleArray();
                        int cols = patches[0].length;
                        double[] dw = new double[f * cols];
                        double[] db = new double[f];
                        for (int sample = 0; sample < INPUT[0]; sample++) {
                            for (long loc = 0; loc < t; loc++) {
                                for (int k = 0; k < f; k++) {
                                    double gk = g[Math.toIntExact((sample * f + k) * t + loc)];
                                    long row = sample * t + loc;
                                    double[] patch = patches[Math.toIntExact(depthwise ? row * f + k : row)];
                                    db[k] += gk;
                                    for (int j = 0; j < cols; j++) {
                                        dw[k * cols + j] += gk * patch[j];
                                    }
                                }
                            }
                        }
                        Parameter weight = layer.block().getParameters().get("weight");
                        double[] autograd = weight.getArray().getGradient().toDoubleArray();
                        assertEquals(autograd.length, dw.length);
                        for (int i = 0; i < dw.length; i++) {
                            assertClose(autograd[i], dw[i], 1e-12, layer.name() + " dW[" + i + "]");
                        }
                        if (layer.bias()) {
                            Parameter b = layer.block().getParameters().get("bias");
                            for (int k = 0; k < f; k++) {
                                double fd = Models.finiteDifference(model, b, k, x, y, loss, 1e-6);
                                assertClose(fd, db[k], 1e-8, layer.name() + " dL/db[" + k + "] finite difference");
                            }
                        }
                        double fdw = Models.finiteDifference(model, weight, 5, x, y, loss, 1e-6);
                        assertClose(fdw, dw[5], 1e-8, layer.name() + " dL/dW[5] finite difference");
                    }
                }
            }
        }
    }

    /** Receptive fields by explicit index arithmetic: rows (n, y, x[, c]), columns (c, i, j). */
    static double[][] naivePatches(NDArray input, WeightedLayer layer) {
        Shape s = input.getShape();
        int n = Math.toIntExact(s.get(0));
        int ch = Math.toIntExact(s.get(1));
        int h = Math.toIntExact(s.get(2));
        int w = Math.toIntExact(s.get(3));
        int k = layer.kernel();
        long[] out = Patches.outputSize(layer, h, w);
        double[] v = input.toDoubleArray();
        boolean depthwise = layer.kind() == LayerKind.DEPTHWISE_CONV2D;
        int rows = Math.toIntExact(n * out[0] * out[1] * (depthwise ? ch : 1));
        double[][] p = new double[rows][depthwise ? k * k : ch * k * k];
        int row = 0;
        for (int b = 0; b < n; b++) {
            for (int oy = 0; oy < out[0]; oy++) {
                for (int ox = 0; ox < out[1]; ox++) {
                    for (int c = 0; c < ch; c++) {
                        int r = depthwise ? row + c : row;
                        for (int i = 0; i < k; i++) {
                            for (int j = 0; j < k; j++) {
                                int iy = oy * layer.strideH() - layer.padH() + i;
                                int ix = ox * layer.strideW() - layer.padW() + j;
                                double value = iy < 0 || iy >= h || ix < 0 || ix >= w ? 0
                                        : v[((b * ch + c) * h + iy) * w + ix];
                                p[r][(depthwise ? 0 : c * k * k) + i * k + j] = value;
                            }
                        }
                    }
                    row += depthwise ? ch : 1;
                }
            }
        }
        return p;
    }

    /** Patches.expand's rows with columns reordered from (offset, channel) to DJL's (channel, offset). */
    private static double[][] inDjlWeightOrder(NDArray patches, WeightedLayer layer) {
        int rows = Math.toIntExact(patches.getShape().get(0));
        int cols = Math.toIntExact(patches.getShape().get(1));
        double[] v = patches.toDoubleArray();
        int offsets = layer.kind() == LayerKind.DEPTHWISE_CONV2D ? 1 : layer.kernel() * layer.kernel();
        int channels = cols / offsets;
        double[][] out = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < offsets; o++) {
                for (int c = 0; c < channels; c++) {
                    out[r][c * offsets + o] = v[r * cols + o * channels + c];
                }
            }
        }
        return out;
    }
}
