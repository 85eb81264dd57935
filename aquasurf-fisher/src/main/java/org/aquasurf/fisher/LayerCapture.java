package org.aquasurf.fisher;

import ai.djl.ndarray.NDArray;

/**
 * What one forward/backward pass records for a weighted layer.
 *
 * @param layer the layer
 * @param input the layer's input, NCHW for convolutions and (N, features) for dense layers
 * @param outputGradient gradient of the loss (as the loss reduces the batch) with respect to the
 *     layer's output, same shape as the output
 */
record LayerCapture(WeightedLayer layer, NDArray input, NDArray outputGradient) {
}
