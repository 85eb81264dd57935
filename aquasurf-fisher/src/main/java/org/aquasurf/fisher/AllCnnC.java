package org.aquasurf.fisher;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.initializer.XavierInitializer;

import java.util.function.Supplier;

/**
 * All-CNN-C (Springenberg et al. 2015) for 3×32×32 images, as used in AQuaSurF's CIFAR-100
 * experiments: nine 3×3/1×1 convolutions with biases, each followed by the activation, then global
 * average pooling. Convolutions 3 and 6 have stride 2; convolution 7 is unpadded; all other 3×3
 * convolutions pad by 1. Weights use Glorot-uniform initialisation (Keras' default), biases zero.
 * No batch normalisation (the reference's per-layer weight counts include every bias) and no
 * dropout (inactive in inference mode, where Fisher features are computed). The output is the
 * class logits: pair it with {@code SoftmaxCrossEntropyLoss}, which applies the softmax.
 * DJL pads stride-2 convolutions symmetrically where Keras' "same" pads only bottom/right.
 */
public final class AllCnnC {

    private AllCnnC() {
    }

    /**
     * Builds the (uninitialized) network.
     *
     * @param classes number of output classes
     * @param activation makes a fresh activation block; called once after each convolution
     */
    public static SequentialBlock build(int classes, Supplier<Block> activation) {
        if (classes < 1 || activation == null) {
            throw new IllegalArgumentException("AllCnnC: need at least one class and an activation supplier");
        }
        SequentialBlock net = new SequentialBlock();
        int[][] layers = { // filters, kernel, stride, padding
            {96, 3, 1, 1}, {96, 3, 1, 1}, {96, 3, 2, 1},
            {192, 3, 1, 1}, {192, 3, 1, 1}, {192, 3, 2, 1},
            {192, 3, 1, 0}, {192, 1, 1, 0}, {classes, 1, 1, 0},
        };
        for (int[] l : layers) {
            net.add(Conv2d.builder()
                    .setFilters(l[0])
                    .setKernelShape(new Shape(l[1], l[1]))
                    .optStride(new Shape(l[2], l[2]))
                    .optPadding(new Shape(l[3], l[3]))
                    .build());
            net.add(activation.get());
        }
        net.add(Pool.globalAvgPool2dBlock());
        net.setInitializer(new XavierInitializer(XavierInitializer.RandomType.UNIFORM,
                XavierInitializer.FactorType.AVG, 3f), Parameter.Type.WEIGHT);
        return net;
    }
}
