package org.aquasurf.fisher;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.ejml.data.DMatrixRMaj;

/**
 * The two Kronecker factors of one layer's Fisher block, F ≈ A ⊗ G in the column-major
 * vectorisation of the (out × in) weight matrix. A is the covariance of the expanded input,
 * indexed like DJL's flattened weight (input channel, kernel row, kernel column), with a
 * homogeneous 1 last when the layer has a bias; G is the covariance of the loss gradient with
 * respect to the layer's output. Both are normalised as {@link FisherOptions.Scaling} describes.
 * The products are libtorch matmuls over chunks of the batch, summed in float64; for a standard convolution only the
 * upper triangle of (kernel offset × kernel offset) blocks of A is multiplied ({@link ShiftedGram}), and a large
 * convolution's G is a batched product of each sample's gradient read in place.
 *
 * @param layer the layer
 * @param a input factor, {@code layer.aSize()} square
 * @param g output-gradient factor, {@code layer.outputSize()} square
 */
record KfacFactors(WeightedLayer layer, DMatrixRMaj a, DMatrixRMaj g) {

    /** Patch elements per chunk of samples: bounds native memory (64 MiB in float64). */
    private static final long CHUNK_ELEMENTS = 8L << 20;

    /** Computes the factors of one captured layer. */
    static KfacFactors of(LayerCapture capture, long batch, FisherOptions options) {
        return new KfacFactors(capture.layer(), inputFactor(capture.layer(), capture.input(), batch, options),
                outputFactor(capture, batch, options));
    }

    /** The input factor A of a layer with this input (products in the options' precision, summed in float64). */
    static DMatrixRMaj inputFactor(WeightedLayer layer, NDArray input, long batch, FisherOptions options) {
        DataType type = options.float64Covariance() ? DataType.FLOAT64 : DataType.FLOAT32;
        boolean reference = options.scaling() == FisherOptions.Scaling.REFERENCE;
        double aDivisor = reference && layer.kind() == LayerKind.DENSE ? layer.aSize() : batch;
        try (NDManager local = input.getManager().newSubManager()) {
            DMatrixRMaj gram = inputGram(input, layer, type, local);
            return symmetric(gram.data, layer.aSize(), 1 / aDivisor);
        }
    }

    /**
     * Output positions per sample from which a convolution's G is a batched product of each
     * sample's (channels × positions) gradient with itself, read in place, in the options'
     * precision (the samples' products summed in float64); below it, and for dense layers, one
     * float64 product of the channels-last gradient rows (a transposing copy, small then, and
     * faster than many tiny products). Such a G is the one of an output layer after global pooling
     * or of a dense output layer, exactly singular under softmax cross-entropy: in float64 its
     * null space stays at the eigenvalue floor ({@link Eigen#floored}).
     */
    static final long BATCHED_POSITIONS = 256;

    /** Gradient elements per chunk of samples of a batched G product (8 MiB in float64). */
    private static final long G_CHUNK_ELEMENTS = 1L << 20;

    /**
     * The output-gradient factor G of one captured layer: float64 products, or float32 ones (each
     * sample's, summed in float64) for a convolution with at least {@value #BATCHED_POSITIONS}
     * output positions per sample when the options ask for float32 products.
     */
    static DMatrixRMaj outputFactor(LayerCapture capture, long batch, FisherOptions options) {
        WeightedLayer layer = capture.layer();
        boolean reference = options.scaling() == FisherOptions.Scaling.REFERENCE;
        boolean dense = layer.kind() == LayerKind.DENSE;
        try (NDManager local = capture.input().getManager().newSubManager()) {
            NDArray grad = capture.outputGradient();
            int outputs = Math.toIntExact(layer.outputSize());
            long locations = grad.size() / outputs;
            long n = grad.getShape().get(0);
            long positions = locations / n;
            double[] gg;
            if (!dense && positions >= BATCHED_POSITIONS) {
                DataType type = options.float64Covariance() ? DataType.FLOAT64 : DataType.FLOAT32;
                NDArray sum = null;
                long chunk = Math.max(1, G_CHUNK_ELEMENTS / (positions * outputs));
                for (long start = 0; start < n; start += chunk) {
                    try (NDManager step = local.newSubManager()) {
                        NDArray g = grad.get(new NDIndex("{}:{}", start, Math.min(n, start + chunk)))
                                .reshape(-1, outputs, positions).toType(type, false);
                        g.attach(step);
                        sum = accumulate(sum, toFloat64(g.batchMatMul(g.transpose(0, 2, 1))).sum(new int[] {0}), local);
                    }
                }
                gg = sum.toDoubleArray();
            } else {
                // reshape always makes a new array, so attaching it never takes the captured gradient
                NDArray rows = (dense ? grad : grad.transpose(0, 2, 3, 1)).reshape(-1, outputs);
                rows.attach(local);
                rows = rows.toType(DataType.FLOAT64, false); // G is small: always float64
                gg = rows.transpose().matMul(rows).toDoubleArray();
            }

            double gradScale = reference ? 1 : batch;
            double gDivisor = !reference ? locations
                    : dense ? layer.aSize()
                    : layer.kind() == LayerKind.DEPTHWISE_CONV2D ? (double) locations * outputs
                    : locations;
            return symmetric(gg, outputs, gradScale * gradScale / gDivisor);
        }
    }

    /**
     * Σ h hᵀ over the rows h = [patch; 1] of the expanded input, in DJL's weight order; a standard
     * convolution's comes from {@link ShiftedGram}, the others' from expanded patches. The patch
     * columns come in B groups of width w (kernel offsets × channels for a standard convolution,
     * one group otherwise); group o is multiplied with groups o..B-1 only.
     */
    private static DMatrixRMaj inputGram(NDArray input, WeightedLayer layer, DataType type, NDManager local) {
        if (layer.kind() == LayerKind.CONV2D) {
            return ShiftedGram.of(input, layer, type, local, ShiftedGram.Sharing.AUTO);
        }
        Shape s = input.getShape();
        long n = s.get(0);
        boolean conv = layer.kind() == LayerKind.CONV2D;
        int groups = conv ? layer.kernel() * layer.kernel() : 1;
        int cols = layer.aSize() - (layer.bias() ? 1 : 0);
        int width = cols / groups;
        long perSample = layer.kind() == LayerKind.DENSE ? cols : (long) cols * locationsPerSample(layer, s);
        long chunk = Math.max(1, CHUNK_ELEMENTS / Math.max(1, perSample));
        NDArray[] blocks = new NDArray[groups];
        NDArray sums = null;
        long rows = 0;
        for (long start = 0; start < n; start += chunk) {
            try (NDManager step = local.newSubManager()) {
                NDArray x = input.get(new NDIndex("{}:{}", start, Math.min(n, start + chunk)));
                x.attach(step);
                NDArray typed = x.toType(type, false);
                typed.attach(step);
                NDArray p = layer.kind() == LayerKind.DENSE ? typed : Patches.expand(typed, layer);
                rows += p.getShape().get(0);
                for (int o = 0; o < groups; o++) {
                    NDArray left = groups == 1 ? p : p.get(new NDIndex(":, {}:{}", o * width, (o + 1) * width));
                    NDArray right = groups == 1 ? p : p.get(new NDIndex(":, {}:", o * width));
                    blocks[o] = accumulate(blocks[o], left.transpose().matMul(right), local);
                }
                sums = accumulate(sums, p.sum(new int[] {0}), local);
            }
        }
        int size = layer.aSize();
        DMatrixRMaj full = new DMatrixRMaj(size, size);
        for (int o = 0; o < groups; o++) {
            double[] block = blocks[o].toType(DataType.FLOAT64, false).toDoubleArray();
            int blockCols = (groups - o) * width;
            for (int c = 0; c < width; c++) {
                int row = djlIndex(o, c, groups);
                for (int j = 0; j < blockCols; j++) {
                    int col = djlIndex(o + j / width, j % width, groups);
                    double v = block[c * blockCols + j];
                    full.set(row, col, v);
                    full.set(col, row, v);
                }
            }
        }
        if (layer.bias()) {
            double[] colSums = sums.toType(DataType.FLOAT64, false).toDoubleArray();
            for (int i = 0; i < cols; i++) {
                int idx = djlIndex(i / width, i % width, groups);
                full.set(idx, cols, colSums[i]);
                full.set(cols, idx, colSums[i]);
            }
            full.set(cols, cols, rows);
        }
        return full;
    }

    /** Column index in DJL's weight order of channel c at kernel offset o (o is 0 without groups). */
    private static int djlIndex(int o, int c, int groups) {
        return c * groups + o;
    }

    /** The array itself when float64, else a float64 copy (chunks are summed in float64). */
    static NDArray toFloat64(NDArray x) {
        return x.getDataType() == DataType.FLOAT64 ? x : x.toType(DataType.FLOAT64, false);
    }

    /**
     * Adds {@code value}, in float64, into {@code sum} in place (modified), or keeps it in
     * {@code manager} as the first term when {@code sum} is null; returns the sum.
     */
    static NDArray accumulate(NDArray sum, NDArray value, NDManager manager) {
        NDArray v = toFloat64(value);
        if (sum == null) {
            v.attach(manager);
            return v;
        }
        return sum.addi(v);
    }

    private static long locationsPerSample(WeightedLayer layer, Shape s) {
        long[] out = Patches.outputSize(layer, s.get(2), s.get(3));
        long perLocation = layer.kind() == LayerKind.DEPTHWISE_CONV2D ? s.get(1) : 1;
        return out[0] * out[1] * perLocation;
    }

    /** A symmetric matrix (mean of the values and their transpose), scaled by {@code factor}. */
    private static DMatrixRMaj symmetric(double[] values, int size, double factor) {
        DMatrixRMaj m = new DMatrixRMaj(size, size);
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                m.set(i, j, 0.5 * factor * (values[i * size + j] + values[j * size + i]));
            }
        }
        return m;
    }
}
