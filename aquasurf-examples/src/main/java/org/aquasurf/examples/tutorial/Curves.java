package org.aquasurf.examples.tutorial;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.engine.Engine;

/**
 * An activation function and its derivative sampled on a grid, both computed by DJL (float32): the
 * derivative comes from autograd, as the gradient of {@code sum(f(x))} with respect to {@code x}.
 *
 * @param x          grid points
 * @param value      f(x)
 * @param derivative f'(x) from autograd
 */
public record Curves(double[] x, double[] value, double[] derivative) {

    public Curves {
        if (x.length != value.length || x.length != derivative.length) {
            throw new IllegalArgumentException("curves need equal lengths, got " + x.length + ", " + value.length
                    + ", " + derivative.length);
        }
        x = x.clone();
        value = value.clone();
        derivative = derivative.clone();
    }

    @Override
    public double[] x() {
        return x.clone();
    }

    @Override
    public double[] value() {
        return value.clone();
    }

    @Override
    public double[] derivative() {
        return derivative.clone();
    }

    /** {@code n} evenly spaced points from {@code lo} to {@code hi} inclusive. */
    public static double[] grid(double lo, double hi, int n) {
        if (n < 2 || !(hi > lo)) {
            throw new IllegalArgumentException("grid needs n >= 2 and hi > lo, got n=" + n + " on [" + lo + ", " + hi + "]");
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = lo + (hi - lo) * i / (n - 1);
        }
        return x;
    }

    /** Evaluates {@code kind} and its autograd derivative on {@code x} with DJL's default engine. */
    public static Curves autograd(ActivationKind kind, float slope, double[] x) {
        float[] xs = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            xs[i] = (float) x[i];
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray input = manager.create(xs);
            input.setRequiresGradient(true);
            float[] y;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray out = kind.apply(input, slope);
                y = out.toFloatArray();
                collector.backward(out.sum());
            }
            float[] dy = input.getGradient().toFloatArray();
            double[] value = new double[x.length];
            double[] derivative = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                value[i] = y[i];
                derivative[i] = dy[i];
            }
            return new Curves(x, value, derivative);
        }
    }
}
