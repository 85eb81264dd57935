package org.aquasurf.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;

/**
 * Meta-ACON-C (Ma et al., CVPR 2021): ACON-C whose switching factor β is computed per sample and
 * channel by a small network, as in the authors' implementation:
 * β = sigmoid(BN(conv1x1(BN(conv1x1(mean of x over H, W))))), with hidden width max(r, C/r).
 * The 1×1 convolutions act on a (N, C, 1, 1) tensor and are therefore linear maps over channels
 * with bias, implemented as {@link Linear} blocks ({@code fc1}, {@code fc2}); the batch norms are
 * {@code bn1}, {@code bn2}. p1 and p2 are learned per channel (type {@link Parameter.Type#OTHER},
 * initialized N(0, 1)).
 *
 * <p>Inputs are (N, C, ...) with channel axis 1 (the mean runs over all axes after 1; an (N, C)
 * input is its own mean); the output has the input's shape. In training mode bn2 subtracts the
 * batch mean, so the shifts before it (fc1's bias, bn1's beta, fc2's bias) have no effect and get
 * zero gradients, exactly as in the original; they matter in inference mode.
 */
public final class MetaAconC extends AbstractBlock {

    private static final byte VERSION = 1;

    /** The default reduction ratio r of the authors' implementation. */
    public static final int DEFAULT_REDUCTION = 16;

    private final int channels;
    private final int hidden;
    private final Parameter p1;
    private final Parameter p2;
    private final Linear fc1;
    private final BatchNorm bn1;
    private final Linear fc2;
    private final BatchNorm bn2;

    /** Meta-ACON-C for {@code channels} channels with reduction ratio 16. */
    public MetaAconC(int channels) {
        this(channels, DEFAULT_REDUCTION);
    }

    /** Meta-ACON-C for {@code channels} channels with hidden width max(r, channels / r) (integer division). */
    public MetaAconC(int channels, int r) {
        super(VERSION);
        if (channels < 1) throw new IllegalArgumentException("MetaAconC needs at least 1 channel, got " + channels);
        if (r < 1) throw new IllegalArgumentException("MetaAconC reduction ratio r must be at least 1, got " + r);
        this.channels = channels;
        this.hidden = Math.max(r, channels / r);
        p1 = addParameter(Parameter.builder().setName("p1").setType(Parameter.Type.OTHER)
                .optInitializer(new NormalInitializer(1)).optShape(new Shape(channels)).build());
        p2 = addParameter(Parameter.builder().setName("p2").setType(Parameter.Type.OTHER)
                .optInitializer(new NormalInitializer(1)).optShape(new Shape(channels)).build());
        fc1 = addChildBlock("fc1", Linear.builder().setUnits(hidden).optBias(true).build());
        bn1 = addChildBlock("bn1", BatchNorm.builder().build());
        fc2 = addChildBlock("fc2", Linear.builder().setUnits(channels).optBias(true).build());
        bn2 = addChildBlock("bn2", BatchNorm.builder().build());
        // Usable without a training configuration; a configuration's weight initializer replaces this.
        setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
    }

    /** The number of channels C. */
    public int channels() {
        return channels;
    }

    /** The hidden width max(r, C/r) of the β network. */
    public int hiddenWidth() {
        return hidden;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long n = inputShapes[0].get(0);
        checkChannels(inputShapes[0]);
        fc1.initialize(manager, dataType, new Shape(n, channels));
        bn1.initialize(manager, dataType, new Shape(n, hidden));
        fc2.initialize(manager, dataType, new Shape(n, hidden));
        bn2.initialize(manager, dataType, new Shape(n, channels));
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        checkChannels(x.getShape());
        int rank = x.getShape().dimension();
        long n = x.getShape().get(0);
        if (training && n < 2) {
            throw new IllegalArgumentException(this + " needs at least 2 samples per batch in training mode (its batch"
                    + " norms use batch statistics), got shape " + x.getShape());
        }
        // The engine averages over one axis at a time: flatten the spatial axes first.
        NDArray pooled = rank > 2 ? x.reshape(n, channels, -1).mean(new int[] {2}) : x;
        NDList h = fc1.forward(parameterStore, new NDList(pooled), training, params);
        h = bn1.forward(parameterStore, h, training, params);
        h = fc2.forward(parameterStore, h, training, params);
        h = bn2.forward(parameterStore, h, training, params);
        NDArray beta = Activation.sigmoid(h.singletonOrThrow()).reshape(AconC.perChannelShape(x.getShape(), channels, n));
        Shape perChannel = AconC.perChannelShape(x.getShape(), channels, 1);
        NDArray a = parameterStore.getValue(p1, x.getDevice(), training).reshape(perChannel);
        NDArray b = parameterStore.getValue(p2, x.getDevice(), training).reshape(perChannel);
        return new NDList(AconC.acon(x, a, b, beta));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    public String toString() {
        return "MetaAconC(channels=" + channels + ", hidden=" + hidden + ")";
    }

    private void checkChannels(Shape shape) {
        if (AconC.channels(shape, this) != channels) {
            throw new IllegalArgumentException(this + " expects " + channels + " channels on axis 1, got shape " + shape);
        }
    }
}
