package org.aquasurf.examples.tutorial;

import java.util.Arrays;

/**
 * One MLP training run: 784 inputs, fully connected hidden layers of the given widths each followed by
 * the activation, 10 outputs; softmax cross-entropy, SGD with momentum on mini-batches, float32.
 *
 * @param activation   hidden-layer activation
 * @param slope        leaky ReLU slope for x &lt; 0 (ignored by the others)
 * @param hidden       widths of the hidden layers, input to output (at least one)
 * @param epochs       passes over the training set
 * @param batchSize    examples per SGD step
 * @param learningRate SGD step size
 * @param momentum     SGD momentum in [0, 1)
 * @param seed         seed for initialization and shuffling
 */
public record MlpConfig(ActivationKind activation, float slope, int[] hidden, int epochs, int batchSize,
        float learningRate, float momentum, long seed) {

    public MlpConfig {
        if (hidden.length == 0 || Arrays.stream(hidden).anyMatch(w -> w < 1)) {
            throw new IllegalArgumentException("hidden widths must be one or more positive numbers, got " + Arrays.toString(hidden));
        }
        if (epochs < 1 || batchSize < 1) {
            throw new IllegalArgumentException("epochs and batch size must be positive, got " + epochs + " and " + batchSize);
        }
        if (!(learningRate > 0) || !(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("need learning rate > 0 and momentum in [0, 1), got " + learningRate + " and " + momentum);
        }
        hidden = hidden.clone();
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    /** Number of trainable parameters: sum over layers of (inputs + 1) * outputs. */
    public long parameterCount(int inputs, int classes) {
        long count = 0;
        int in = inputs;
        for (int w : hidden) {
            count += (long) (in + 1) * w;
            in = w;
        }
        return count + (long) (in + 1) * classes;
    }

    /** Short description of the hidden layers, e.g. {@code 128} or {@code 128x6} or {@code 256-128}. */
    public String shape() {
        boolean same = Arrays.stream(hidden).allMatch(w -> w == hidden[0]);
        if (same && hidden.length > 1) {
            return hidden[0] + "x" + hidden.length;
        }
        return String.join("-", Arrays.stream(hidden).mapToObj(Integer::toString).toArray(String[]::new));
    }

    /** Run name used in legends and file names, e.g. {@code relu 128x6}. */
    public String name() {
        return activation.label() + " " + shape();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MlpConfig c && activation == c.activation && slope == c.slope && Arrays.equals(hidden, c.hidden)
                && epochs == c.epochs && batchSize == c.batchSize && learningRate == c.learningRate
                && momentum == c.momentum && seed == c.seed;
    }

    @Override
    public int hashCode() {
        return 31 * name().hashCode() + Long.hashCode(seed);
    }

    @Override
    public String toString() {
        return "MlpConfig[" + name() + ", slope=" + slope + ", epochs=" + epochs + ", batch=" + batchSize
                + ", lr=" + learningRate + ", momentum=" + momentum + ", seed=" + seed + "]";
    }
}
