package org.aquasurf.fisher;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.loss.Loss;
import org.ejml.data.DMatrixRMaj;

import java.util.Random;

/** Test helpers: float64 models with non-zero biases, plain forward passes and loss values. */
final class Models {

    private Models() {
    }

    /** Initializes with N(0, 0.5²) weights and biases, in float64. */
    static Block init(Block block, NDManager manager, Shape inputShape) {
        block.setInitializer(new NormalInitializer(0.5f), Parameter.Type.WEIGHT);
        block.setInitializer(new NormalInitializer(0.5f), Parameter.Type.BIAS);
        block.initialize(manager, DataType.FLOAT64, inputShape);
        return block;
    }

    static NDArray randn(NDManager manager, long seed, long... shape) {
        Random r = new Random(seed);
        double[] v = new double[Math.toIntExact(new Shape(shape).size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian();
        }
        return manager.create(v, new Shape(shape));
    }

    static NDArray labels(NDManager manager, long seed, int n, int classes) {
        Random r = new Random(seed);
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextInt(classes);
        }
        return manager.create(v);
    }

    /** The model's output in inference mode. */
    static NDArray forward(Block block, NDArray x) {
        return block.forward(new ParameterStore(x.getManager(), false), new NDList(x), false).singletonOrThrow();
    }

    /** The loss value of the model on (x, y). */
    static double loss(Block block, NDArray x, NDArray y, Loss loss) {
        return loss.evaluate(new NDList(y), new NDList(forward(block, x))).getDouble();
    }

    /** Runs an ordinary autograd pass so that every parameter holds its gradient. */
    static void backward(Block block, NDArray x, NDArray y, Loss loss) {
        try (GradientCollector gc = x.getManager().getEngine().newGradientCollector()) {
            gc.zeroGradients();
            gc.backward(loss.evaluate(new NDList(y), new NDList(forward(block, x))));
        }
    }

    /** Central finite difference of the loss with respect to one entry of a parameter. */
    static double finiteDifference(Block block, Parameter p, int index, NDArray x, NDArray y, Loss loss,
            double eps) {
        NDArray arr = p.getArray();
        NDArray delta = arr.getManager().zeros(arr.getShape(), arr.getDataType());
        delta.setScalar(flatIndex(arr.getShape(), index), eps);
        arr.addi(delta);
        double plus = loss(block, x, y, loss);
        arr.subi(delta.mul(2));
        double minus = loss(block, x, y, loss);
        arr.addi(delta);
        return (plus - minus) / (2 * eps);
    }

    private static ai.djl.ndarray.index.NDIndex flatIndex(Shape shape, int index) {
        long[] idx = new long[shape.dimension()];
        long rest = index;
        for (int d = shape.dimension() - 1; d >= 0; d--) {
            idx[d] = rest % shape.get(d);
            rest /= shape.get(d);
        }
        return new ai.djl.ndarray.index.NDIndex(idx);
    }

    static void assertClose(double expected, double actual, double tol, String what) {
        if (!(Math.abs(expected - actual) <= tol)) {
            throw new AssertionError(what + ": expected " + expected + " but was " + actual + " (tol " + tol + ")");
        }
    }

    static void assertMatrixClose(DMatrixRMaj expected, DMatrixRMaj actual, double relTol, String what) {
        if (expected.numRows != actual.numRows || expected.numCols != actual.numCols) {
            throw new AssertionError(what + ": shape " + actual.numRows + "x" + actual.numCols
                    + " expected " + expected.numRows + "x" + expected.numCols);
        }
        double scale = 0;
        for (double v : expected.data) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.getNumElements(); i++) {
            assertClose(expected.data[i], actual.data[i], relTol * scale,
                    what + " entry (" + i / expected.numCols + "," + i % expected.numCols + ")");
        }
    }
}
