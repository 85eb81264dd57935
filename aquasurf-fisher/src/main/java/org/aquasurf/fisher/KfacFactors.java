package org.aquasurf.fisher;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.ejml.data.DMatrixRMaj;

/**
 * The two Kronecker factors of one layer's Fisher block, F ≈ A ⊗ G (in the column-major
 * vectorisation of the (out × in) weight matrix): A is the covariance of the expanded input with a
 * homogeneous 1 last when the layer has a bias, G the covariance of the loss gradient with respect
 * to the layer's output; normalised as {@link FisherOptions.Scaling} describes. The products are
 * computed with libtorch matmuls over batch chunks.
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
        WeightedLayer layer = capture.layer();
        DataType type = options.float64Covariance() ? DataType.FLOAT64 : DataType.FLOAT32;
        boolean reference = options.scaling() == FisherOptions.Scaling.REFERENCE;
        boolean dense = layer.kind() == LayerKind.DENSE;
        try (NDManager local = capture.input().getManager().newSubManager()) {
            Gram input = inputGram(capture.input(), layer, type, local);
            NDArray grad = capture.outputGradient();
            NDArray rows = dense ? grad : grad.transpose(0, 2, 3, 1).reshape(-1, layer.outputSize());
            rows = rows.toType(type, false);
            rows.attach(local);
            double[] gg = rows.transpose().matMul(rows).toType(DataType.FLOAT64, false).toDoubleArray();
            long locations = rows.getShape().get(0);

            double aDivisor = reference && dense ? layer.aSize() : batch;
            double gradScale = reference ? 1 : batch;
            double gDivisor = reference && dense ? layer.aSize() : locations;
            DMatrixRMaj a = input.toMatrix(layer.aSize(), layer.bias(), aDivisor);
            DMatrixRMaj g = symmetric(gg, Math.toIntExact(layer.outputSize()), gradScale * gradScale / gDivisor);
            return new KfacFactors(layer, a, g);
        }
    }

    /** Sum of x xᵀ over the rows of the expanded input, its column sums, and its row count. */
    private record Gram(double[] products, double[] columnSums, long rows) {
        DMatrixRMaj toMatrix(int size, boolean bias, double divisor) {
            int cols = bias ? size - 1 : size;
            double[] full = new double[size * size];
            for (int i = 0; i < cols; i++) {
                System.arraycopy(products, i * cols, full, i * size, cols);
            }
            if (bias) {
                for (int i = 0; i < cols; i++) {
                    full[i * size + cols] = columnSums[i];
                    full[cols * size + i] = columnSums[i];
                }
                full[size * size - 1] = rows;
            }
            return symmetric(full, size, 1 / divisor);
        }
    }

    private static Gram inputGram(NDArray input, WeightedLayer layer, DataType type, NDManager local) {
        Shape s = input.getShape();
        long n = s.get(0);
        long perSample = layer.kind() == LayerKind.DENSE ? s.get(1)
                : layer.aSize() * locationsPerSample(layer, s);
        long chunk = Math.max(1, CHUNK_ELEMENTS / Math.max(1, perSample));
        NDArray products = null;
        NDArray sums = null;
        long rows = 0;
        for (long start = 0; start < n; start += chunk) {
            try (NDManager step = local.newSubManager()) {
                NDArray x = input.get(new NDIndex("{}:{}", start, Math.min(n, start + chunk)));
                x.attach(step);
                NDArray typed = x.toType(type, false);
                typed.attach(step);
                NDArray p = layer.kind() == LayerKind.DENSE ? typed : Patches.expand(typed, layer);
                NDArray pp = p.transpose().matMul(p);
                NDArray cs = p.sum(new int[] {0});
                rows += p.getShape().get(0);
                if (products == null) {
                    products = pp;
                    sums = cs;
                    products.attach(local);
                    sums.attach(local);
                } else {
                    products.addi(pp);
                    sums.addi(cs);
                }
            }
        }
        return new Gram(products.toType(DataType.FLOAT64, false).toDoubleArray(),
                sums.toType(DataType.FLOAT64, false).toDoubleArray(), rows);
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
