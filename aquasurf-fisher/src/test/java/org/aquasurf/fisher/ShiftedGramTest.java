package org.aquasurf.fisher;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.aquasurf.fisher.Models.assertMatrixClose;

class ShiftedGramTest {

    /**
     * With and without shared products, the Gram matrix equals Σ h hᵀ over patches cut by naive
     * index loops, for strides 1 and 2 (also mixed), symmetric and asymmetric padding, no padding,
     * kernels 1, 2, 3 and 5, with and without bias; in one chunk and in chunks of one sample.
     */
    @Test
    void equalsTheNaivePatchGram() {
        record Case(int kernel, Shape stride, Shape pad, boolean bias, long h, long w) {
        }
        List<Case> cases = List.of(
                new Case(3, new Shape(1, 1), new Shape(1, 1), true, 9, 8),
                new Case(3, new Shape(2, 2), new Shape(1, 1), true, 9, 8),
                new Case(3, new Shape(2, 1), new Shape(1, 2), false, 7, 6),
                new Case(3, new Shape(1, 1), new Shape(0, 0), true, 8, 8),
                new Case(5, new Shape(1, 2), new Shape(2, 0), true, 9, 10),
                new Case(2, new Shape(2, 2), new Shape(0, 0), true, 7, 7),
                new Case(1, new Shape(1, 1), new Shape(0, 0), true, 5, 4));
        for (Case c : cases) {
            long[] input = {3, 4, c.h, c.w};
            try (NDManager m = NDManager.newBaseManager()) {
                Block conv = Models.init(Conv2d.builder().setFilters(2).setKernelShape(new Shape(c.kernel, c.kernel))
                        .optStride(c.stride).optPadding(c.pad).optBias(c.bias).build(), m, new Shape(input));
                NDArray x = Models.randn(m, 21, input);
                WeightedLayer layer = Layers.describe(conv, "conv", new NDList(x));
                DMatrixRMaj expected = new DMatrixRMaj(layer.aSize(), layer.aSize());
                for (double[] r : ConvFisherTest.naivePatches(x, layer)) {
                    double[] h = java.util.Arrays.copyOf(r, layer.aSize());
                    if (layer.bias()) {
                        h[r.length] = 1;
                    }
                    for (int i = 0; i < h.length; i++) {
                        for (int j = 0; j < h.length; j++) {
                            expected.add(i, j, h[i] * h[j]);
                        }
                    }
                }
                for (ShiftedGram.Sharing sharing : ShiftedGram.Sharing.values()) {
                    try (NDManager local = m.newSubManager()) {
                        DMatrixRMaj got = ShiftedGram.of(x, layer, DataType.FLOAT64, local, sharing);
                        assertMatrixClose(expected, got, 1e-12, c + " " + sharing);
                        DMatrixRMaj perSample = ShiftedGram.of(x, layer, DataType.FLOAT64, local, sharing, 1);
                        assertMatrixClose(expected, perSample, 1e-12, c + " " + sharing + " one sample per chunk");
                        if (sharing == ShiftedGram.Sharing.ALWAYS) {
                            DMatrixRMaj got32 = ShiftedGram.of(x, layer, DataType.FLOAT32, local, sharing);
                            assertMatrixClose(expected, got32, 1e-5, c + " float32 " + sharing);
                        }
                    }
                }
            }
        }
    }

    /**
     * On All-CNN-C's geometries (3×3 convolutions with padding 1 and strides 1 and 2, and the
     * unpadded one) at a smaller scale, the Gram matrix in float32 products equals the plain full
     * product PᵀP of the expanded patches (libtorch im2col and one float64 matmul), columns
     * reordered to DJL's weight order, within float32 rounding.
     */
    @Test
    void equalsTheFullPatchProduct() {
        record Case(int stride, int pad, long h) {
        }
        for (Case c : List.of(new Case(1, 1, 16), new Case(2, 1, 16), new Case(1, 0, 8))) {
            long[] input = {20, 24, c.h, c.h};
            try (NDManager m = NDManager.newBaseManager()) {
                Block conv = Models.init(Conv2d.builder().setFilters(4).setKernelShape(new Shape(3, 3))
                        .optStride(new Shape(c.stride, c.stride)).optPadding(new Shape(c.pad, c.pad)).build(),
                        m, new Shape(input));
                NDArray x = Models.randn(m, 5, input).maximum(0); // like a ReLU output
                WeightedLayer layer = Layers.describe(conv, "conv", new NDList(x));
                NDArray p = Patches.expand(x.toType(DataType.FLOAT64, false), layer); // columns (offset, channel)
                double[] pp = p.transpose().matMul(p).toDoubleArray();
                double[] sums = p.sum(new int[] {0}).toDoubleArray();
                int ch = 24;
                int cols = 9 * ch;
                DMatrixRMaj expected = new DMatrixRMaj(cols + 1, cols + 1);
                for (int i = 0; i < cols; i++) {
                    int di = (i % ch) * 9 + i / ch; // DJL order: channel-major, then kernel offset
                    for (int j = 0; j < cols; j++) {
                        expected.set(di, (j % ch) * 9 + j / ch, pp[i * cols + j]);
                    }
                    expected.set(di, cols, sums[i]);
                    expected.set(cols, di, sums[i]);
                }
                expected.set(cols, cols, p.getShape().get(0));
                try (NDManager local = m.newSubManager()) {
                    DMatrixRMaj got = ShiftedGram.of(x, layer, DataType.FLOAT32, local, ShiftedGram.Sharing.AUTO, 1000);
                    assertMatrixClose(expected, got, 1e-5, c.toString());
                }
            }
        }
    }
}
