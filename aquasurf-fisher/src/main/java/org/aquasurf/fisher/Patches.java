package org.aquasurf.fisher;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Expands a convolution's input into the matrix of its receptive fields (Grosse and Martens 2016,
 * eq. 14), with the layer's own zero padding and stride. Rows are ordered (sample, output row,
 * output column) and, for a depthwise convolution, channel too, each channel being its own row.
 * Columns are ordered (kernel row, kernel column, channel) for a standard convolution and
 * (kernel row, kernel column) for a depthwise one; there is no homogeneous column.
 */
final class Patches {

    private Patches() {
    }

    /** Output height and width of a convolution on an input of height h and width w. */
    static long[] outputSize(WeightedLayer layer, long h, long w) {
        long ho = (h + 2L * layer.padH() - layer.kernel()) / layer.strideH() + 1;
        long wo = (w + 2L * layer.padW() - layer.kernel()) / layer.strideW() + 1;
        return new long[] {ho, wo};
    }

    /**
     * The patch matrix of an NCHW input: (N·Ho·Wo, k²·C) for a standard convolution and
     * (N·Ho·Wo·C, k²) for a depthwise one.
     */
    static NDArray expand(NDArray x, WeightedLayer layer) {
        Shape s = x.getShape();
        long n = s.get(0);
        long c = s.get(1);
        int k = layer.kernel();
        long[] out = outputSize(layer, s.get(2), s.get(3));
        NDArray padded = layer.padH() > 0 || layer.padW() > 0
                ? x.pad(new Shape(layer.padW(), layer.padW(), layer.padH(), layer.padH()), 0)
                : x;
        NDList shifted = new NDList(k * k);
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                shifted.add(padded.get(new NDIndex(":, :, {}:{}:{}, {}:{}:{}",
                        i, i + layer.strideH() * (out[0] - 1) + 1, layer.strideH(),
                        j, j + layer.strideW() * (out[1] - 1) + 1, layer.strideW())));
            }
        }
        long locations = n * out[0] * out[1];
        NDArray stacked = NDArrays.stack(shifted, 2); // (n, C, k², Ho, Wo)
        return layer.kind() == LayerKind.DEPTHWISE_CONV2D
                ? stacked.transpose(0, 3, 4, 1, 2).reshape(locations * c, (long) k * k)
                : stacked.transpose(0, 3, 4, 2, 1).reshape(locations, k * k * c);
    }
}
