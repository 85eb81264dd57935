package org.aquasurf.fisher;

import ai.djl.nn.Block;

/**
 * A weighted layer found in a model, with the geometry needed to expand its input.
 * Dense layers have kernel 1, stride 1 and no padding.
 *
 * @param name path of the layer in the model, child names joined by '/'
 * @param kind the kind of layer
 * @param block the DJL block
 * @param inputSize input features (dense) or input channels (convolution)
 * @param outputSize output features (dense) or filters (convolution)
 * @param kernel side of the square kernel
 * @param strideH vertical stride
 * @param strideW horizontal stride
 * @param padH zero rows added above and below
 * @param padW zero columns added left and right
 * @param bias whether the layer adds a bias
 */
record WeightedLayer(String name, LayerKind kind, Block block, long inputSize, long outputSize,
        int kernel, int strideH, int strideW, int padH, int padW, boolean bias) {

    /** Number of trainable values: weights plus biases. */
    long weights() {
        long perFilter = kind == LayerKind.DEPTHWISE_CONV2D ? (long) kernel * kernel
                : inputSize * kernel * kernel;
        return outputSize * perFilter + (bias ? outputSize : 0);
    }

    /** Side of the A factor: columns of the expanded input, including the homogeneous one. */
    int aSize() {
        long cols = kind == LayerKind.DEPTHWISE_CONV2D ? (long) kernel * kernel
                : inputSize * kernel * kernel;
        return Math.toIntExact(cols + (bias ? 1 : 0));
    }
}
