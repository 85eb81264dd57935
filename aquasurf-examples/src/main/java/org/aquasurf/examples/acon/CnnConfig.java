package org.aquasurf.examples.acon;

import java.util.Locale;

/**
 * One training run of the small CNN: conv 3×3 ({@code channels1}) → activation → max-pool 2×2 →
 * conv 3×3 ({@code channels2}) → activation → max-pool 2×2 → dense 10, trained with Adam on
 * softmax cross-entropy.
 *
 * @param activation   the activation after each convolution
 * @param channels1    output channels of the first convolution
 * @param channels2    output channels of the second convolution
 * @param reduction    Meta-ACON-C's reduction ratio r (hidden width max(r, C/r))
 * @param epochs       passes over the training digits
 * @param batchSize    examples per Adam step
 * @param learningRate Adam learning rate
 * @param seed         seed of the engine's random numbers (initialization and shuffling)
 */
public record CnnConfig(AconActivation activation, int channels1, int channels2, int reduction, int epochs,
        int batchSize, float learningRate, long seed) {

    public CnnConfig {
        if (activation == null) throw new IllegalArgumentException("CnnConfig needs an activation");
        if (channels1 < 1 || channels2 < 1) {
            throw new IllegalArgumentException("convolution channels must be positive, got " + channels1 + " and " + channels2);
        }
        if (reduction < 1) throw new IllegalArgumentException("Meta-ACON-C reduction ratio must be at least 1, got " + reduction);
        if (epochs < 1) throw new IllegalArgumentException("epochs must be positive, got " + epochs);
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        if (!(learningRate > 0) || !Float.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be finite and positive, got " + learningRate);
        }
    }

    /** The same run with another activation. */
    public CnnConfig with(AconActivation other) {
        return new CnnConfig(other, channels1, channels2, reduction, epochs, batchSize, learningRate, seed);
    }

    /** Short name, e.g. {@code "acon-c 16-32"}. */
    public String name() {
        return String.format(Locale.ROOT, "%s %d-%d", activation.label(), channels1, channels2);
    }
}
