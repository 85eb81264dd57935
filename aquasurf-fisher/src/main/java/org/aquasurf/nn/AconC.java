package org.aquasurf.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * ACON-C, the learnable activation of Ma et al., "Activate or Not: Learning Customized Activation"
 * (CVPR 2021): f(x) = (p1 − p2)·x·sigmoid(β·(p1 − p2)·x) + p2·x, with p1, p2 and β learned per
 * channel. The channel axis is 1: inputs are (N, C) or (N, C, H, W) (any rank ≥ 2); the output has
 * the input's shape. With p1 = 1, p2 = 0 it is swish with slope β (β = 1: swish, β → ∞: relu).
 *
 * <p>Parameters {@code p1}, {@code p2}, {@code beta}, each of shape (C), are of type
 * {@link Parameter.Type#OTHER}, so a training configuration's weight initializer leaves them alone.
 * By default p1, p2 ~ N(0, 1) and β = 1, as in the authors' implementation.
 */
public final class AconC extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Parameter p1;
    private final Parameter p2;
    private final Parameter beta;

    /** ACON-C with the paper's initialization: p1, p2 ~ N(0, 1), β = 1. */
    public AconC() {
        this(new NormalInitializer(1), new NormalInitializer(1), new ConstantInitializer(1));
    }

    private AconC(Initializer p1Init, Initializer p2Init, Initializer betaInit) {
        super(VERSION);
        p1 = addParameter(Parameter.builder().setName("p1").setType(Parameter.Type.OTHER).optInitializer(p1Init).build());
        p2 = addParameter(Parameter.builder().setName("p2").setType(Parameter.Type.OTHER).optInitializer(p2Init).build());
        beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.OTHER).optInitializer(betaInit).build());
    }

    /** ACON-C starting from the same p1, p2 and β in every channel, e.g. (1, 0, 1) to start as swish. */
    public static AconC initializedTo(double p1, double p2, double beta) {
        return new AconC(new ConstantInitializer((float) p1), new ConstantInitializer((float) p2),
                new ConstantInitializer((float) beta));
    }

    /**
     * The ACON-C formula (p1 − p2)·x·sigmoid(β·(p1 − p2)·x) + p2·x for arrays that broadcast
     * against x.
     */
    public static NDArray acon(NDArray x, NDArray p1, NDArray p2, NDArray beta) {
        NDArray d = p1.sub(p2).mul(x);
        return d.mul(Activation.sigmoid(beta.mul(d))).add(p2.mul(x));
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        Shape c = new Shape(channels(inputShapes[0], this));
        p1.setShape(c);
        p2.setShape(c);
        beta.setShape(c);
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape perChannel = perChannelShape(x.getShape(), channels(x.getShape(), this), 1);
        NDArray a = parameterStore.getValue(p1, x.getDevice(), training).reshape(perChannel);
        NDArray b = parameterStore.getValue(p2, x.getDevice(), training).reshape(perChannel);
        NDArray s = parameterStore.getValue(beta, x.getDevice(), training).reshape(perChannel);
        return new NDList(acon(x, a, b, s));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    public String toString() {
        return "AconC()";
    }

    /** The channel count of an (N, C, ...) shape; a clear error naming the block otherwise. */
    static long channels(Shape shape, Object block) {
        if (shape.dimension() < 2 || shape.get(1) < 1) {
            throw new IllegalArgumentException(block + " expects inputs of shape (N, C, ...) with the channel axis 1, got "
                    + shape);
        }
        return shape.get(1);
    }

    /** (n, c, 1, ..., 1) with as many axes as {@code like}. */
    static Shape perChannelShape(Shape like, long c, long n) {
        long[] dims = new long[like.dimension()];
        java.util.Arrays.fill(dims, 1);
        dims[0] = n;
        dims[1] = c;
        return new Shape(dims);
    }
}
