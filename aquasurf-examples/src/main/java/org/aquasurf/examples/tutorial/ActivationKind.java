package org.aquasurf.examples.tutorial;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;

/**
 * The four classic activation functions of the tutorial, as DJL built-ins (for training and autograd)
 * and in closed form (to check autograd). {@code slope} is the leaky ReLU's slope for x &lt; 0 and is
 * ignored by the others.
 */
public enum ActivationKind {
    /** Logistic sigmoid 1/(1+e^-x); derivative s(1-s). */
    SIGMOID("sigmoid"),
    /** Hyperbolic tangent; derivative 1 - tanh^2. */
    TANH("tanh"),
    /** max(x, 0); derivative 1 for x &gt; 0, else 0 (PyTorch's convention at 0). */
    RELU("relu"),
    /** x for x &gt; 0, else slope*x; derivative 1 for x &gt; 0, else slope (PyTorch's convention at 0). */
    LEAKY_RELU("leaky_relu");

    private final String label;

    ActivationKind(String label) {
        this.label = label;
    }

    /** Lower-case name used in file names, tables and legends. */
    public String label() {
        return label;
    }

    /** A DJL block applying this function element-wise. */
    public Block block(float slope) {
        return switch (this) {
            case SIGMOID -> Activation.sigmoidBlock();
            case TANH -> Activation.tanhBlock();
            case RELU -> Activation.reluBlock();
            case LEAKY_RELU -> Activation.leakyReluBlock(slope);
        };
    }

    /** Applies the DJL built-in element-wise (differentiable by DJL autograd). */
    public NDArray apply(NDArray x, float slope) {
        return switch (this) {
            case SIGMOID -> Activation.sigmoid(x);
            case TANH -> Activation.tanh(x);
            case RELU -> Activation.relu(x);
            case LEAKY_RELU -> Activation.leakyRelu(x, slope);
        };
    }

    /** The function in closed form, in double precision. */
    public double value(double x, double slope) {
        return switch (this) {
            case SIGMOID -> 1 / (1 + Math.exp(-x));
            case TANH -> Math.tanh(x);
            case RELU -> Math.max(x, 0);
            case LEAKY_RELU -> x > 0 ? x : slope * x;
        };
    }

    /** The derivative in closed form, in double precision. */
    public double derivative(double x, double slope) {
        return switch (this) {
            case SIGMOID -> {
                double s = value(x, slope);
                yield s * (1 - s);
            }
            case TANH -> {
                double t = Math.tanh(x);
                yield 1 - t * t;
            }
            case RELU -> x > 0 ? 1 : 0;
            case LEAKY_RELU -> x > 0 ? 1 : slope;
        };
    }
}
