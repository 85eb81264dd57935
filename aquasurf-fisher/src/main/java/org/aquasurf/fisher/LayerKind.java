package org.aquasurf.fisher;

/** The kinds of weighted layers whose K-FAC Fisher block is computed. */
public enum LayerKind {
    /** A fully connected layer (DJL {@code Linear}). */
    DENSE,
    /** A 2-D convolution with one group (DJL {@code Conv2d}). */
    CONV2D,
    /** A 2-D convolution with one group per input channel and as many filters as channels. */
    DEPTHWISE_CONV2D
}
