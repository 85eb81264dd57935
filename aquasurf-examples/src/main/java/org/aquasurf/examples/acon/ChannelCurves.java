package org.aquasurf.examples.acon;

/**
 * A per-channel activation sampled on one grid: {@code y[c][i]} is channel c's output at {@code x[i]}.
 *
 * @param x grid of inputs, ascending
 * @param y one row of x.length outputs per channel
 */
public record ChannelCurves(double[] x, double[][] y) {

    public ChannelCurves {
        if (x.length == 0 || y.length == 0) throw new IllegalArgumentException("channel curves need a grid and a channel");
        x = x.clone();
        double[][] copy = new double[y.length][];
        for (int c = 0; c < y.length; c++) {
            if (y[c].length != x.length) {
                throw new IllegalArgumentException("channel " + c + " has " + y[c].length + " values for a grid of " + x.length);
            }
            copy[c] = y[c].clone();
        }
        y = copy;
    }

    /** Number of channels. */
    public int channels() {
        return y.length;
    }

    @Override
    public double[] x() {
        return x.clone();
    }

    /** Channel c's outputs on the grid. */
    public double[] channel(int c) {
        return y[c].clone();
    }

    @Override
    public double[][] y() {
        double[][] copy = new double[y.length][];
        for (int c = 0; c < y.length; c++) copy[c] = y[c].clone();
        return copy;
    }
}
