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
     * kernels 1, 2, 3 and 5, with and without bias.
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
                        if (sharing == ShiftedGram.Sharing.ALWAYS) {
                            DMatrixRMaj got32 = ShiftedGram.of(x, layer, DataType.FLOAT32, local, sharing);
                            assertMatrixClose(expected, got32, 1e-5, c + " float32 " + sharing);
                        }
                    }
                }
            }
        }
    }
}
