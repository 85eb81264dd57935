package org.aquasurf.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Arithmetic between NDArrays and scalars that is safe under DJL autograd.
 *
 * <p>DJL 0.35.1's PyTorch engine computes {@code mul(Number)}, {@code div(Number)},
 * {@code pow(Number)}, {@code maximum(Number)} and {@code minimum(Number)} (and so
 * {@code Loss.l2Loss()} and {@code Activation.swish}) with a temporary scalar tensor that wraps
 * Java-owned memory and is closed right after the operation; autograd keeps that tensor for the
 * backward pass, so once the garbage collector frees the memory the gradient is computed from
 * whatever lies there (wrong, infinite or NaN gradients, at random). The operations here use 0-d
 * arrays allocated by the engine itself, which autograd keeps alive. {@code add(Number)},
 * {@code sub(Number)}, comparisons and {@code clip} do not keep the scalar and are safe.
 */
public final class NdScalars {

    private NdScalars() {}

    /** A 0-d array holding {@code value} in {@code like}'s data type, on its manager and device. */
    public static NDArray of(NDArray like, double value) {
        if (like.getDataType() == DataType.FLOAT64) {
            // full() takes a float; adding the double keeps all its digits (add does not keep the scalar).
            return like.getManager().full(new Shape(), 0f, DataType.FLOAT64, like.getDevice()).add(value);
        }
        return like.getManager().full(new Shape(), (float) value, like.getDataType(), like.getDevice());
    }

    /** x · value. */
    public static NDArray mul(NDArray x, double value) {
        return x.mul(of(x, value));
    }

    /** x / value. */
    public static NDArray div(NDArray x, double value) {
        return x.div(of(x, value));
    }

    /** value / x. */
    public static NDArray rdiv(double value, NDArray x) {
        return of(x, value).div(x);
    }
}
