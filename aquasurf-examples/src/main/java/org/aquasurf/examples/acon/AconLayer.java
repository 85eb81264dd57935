package org.aquasurf.examples.acon;

/**
 * One ACON-C layer of a trained network.
 *
 * @param initial parameters right after initialization
 * @param learned parameters after the last epoch
 * @param curves  the trained block's output per channel on a grid of inputs
 */
public record AconLayer(AconParameters initial, AconParameters learned, ChannelCurves curves) {

    public AconLayer {
        if (initial.channels() != learned.channels() || learned.channels() != curves.channels()) {
            throw new IllegalArgumentException("ACON-C layer parts disagree on the channel count: " + initial.channels()
                    + ", " + learned.channels() + ", " + curves.channels());
        }
    }
}
