package org.aquasurf.train;

import java.util.Arrays;

/**
 * How the learning rate changes over a run, epoch by epoch (constant within an epoch).
 * <ul>
 *   <li>{@link #constant()}: the base rate throughout;</li>
 *   <li>{@link #steps(float, double...)}: the base rate multiplied by {@code factor} once for each
 *       milestone passed, milestones given as fractions of the run, so that a shortened run keeps the
 *       schedule's shape (e.g. {@code steps(0.1f, 200/350., 250/350., 300/350.)} is "x0.1 at epochs
 *       200, 250 and 300" in a 350-epoch run and "x0.1 at epochs 6, 7 and 9" in a 10-epoch run);</li>
 *   <li>{@link #cosine(int)}: a linear warm-up over the first epochs, then a half cosine down to 0.</li>
 * </ul>
 *
 * @param kind         the shape
 * @param factor       multiplier per milestone ({@link Kind#STEPS} only), in (0, 1]
 * @param milestones   fractions of the run in (0, 1), increasing ({@link Kind#STEPS} only)
 * @param warmupEpochs epochs of linear warm-up ({@link Kind#COSINE} only), at least 0
 */
public record LearningRateSchedule(Kind kind, float factor, double[] milestones, int warmupEpochs) {

    /** The schedule's shape. */
    public enum Kind { CONSTANT, STEPS, COSINE }

    public LearningRateSchedule {
        if (kind == null) throw new IllegalArgumentException("learning-rate schedule needs a kind");
        milestones = milestones == null ? new double[0] : milestones.clone();
        if (!(factor > 0 && factor <= 1)) {
            throw new IllegalArgumentException("learning-rate step factor must be in (0, 1], got " + factor);
        }
        for (int i = 0; i < milestones.length; i++) {
            if (!(milestones[i] > 0 && milestones[i] < 1) || (i > 0 && milestones[i] <= milestones[i - 1])) {
                throw new IllegalArgumentException("learning-rate milestones must be increasing fractions of the run in (0, 1), got "
                        + Arrays.toString(milestones));
            }
        }
        if (warmupEpochs < 0) throw new IllegalArgumentException("warm-up epochs must be >= 0, got " + warmupEpochs);
    }

    /** The base rate throughout. */
    public static LearningRateSchedule constant() {
        return new LearningRateSchedule(Kind.CONSTANT, 1f, new double[0], 0);
    }

    /** The base rate times {@code factor} per milestone passed; milestones are fractions of the run. */
    public static LearningRateSchedule steps(float factor, double... milestones) {
        return new LearningRateSchedule(Kind.STEPS, factor, milestones, 0);
    }

    /** Linear warm-up over {@code warmupEpochs} epochs, then cosine decay to 0 at the end of the run. */
    public static LearningRateSchedule cosine(int warmupEpochs) {
        return new LearningRateSchedule(Kind.COSINE, 1f, new double[0], warmupEpochs);
    }

    @Override
    public double[] milestones() {
        return milestones.clone();
    }

    /** The epoch (0-based) at which milestone {@code i} starts in a run of {@code epochs} epochs. */
    public int milestoneEpoch(int i, int epochs) {
        return (int) Math.round(milestones[i] * epochs);
    }

    /**
     * The learning rate during epoch {@code epoch} (0-based) of a run of {@code epochs} epochs, for
     * base rate {@code base}.
     */
    public float rate(float base, int epoch, int epochs) {
        if (epoch < 0 || epoch >= epochs) {
            throw new IllegalArgumentException("epoch " + epoch + " is outside a run of " + epochs + " epochs");
        }
        return switch (kind) {
            case CONSTANT -> base;
            case STEPS -> {
                float r = base;
                for (int i = 0; i < milestones.length; i++) {
                    if (epoch >= milestoneEpoch(i, epochs)) r *= factor;
                }
                yield r;
            }
            case COSINE -> {
                int warm = Math.min(warmupEpochs, epochs - 1);
                if (epoch < warm) yield base * (epoch + 1) / (warm + 1);
                double progress = (double) (epoch - warm) / Math.max(1, epochs - warm);
                yield (float) (base * 0.5 * (1 + Math.cos(Math.PI * progress)));
            }
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LearningRateSchedule s && kind == s.kind && factor == s.factor
                && Arrays.equals(milestones, s.milestones) && warmupEpochs == s.warmupEpochs;
    }

    @Override
    public int hashCode() {
        return 31 * kind.hashCode() + Arrays.hashCode(milestones);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case CONSTANT -> "constant";
            case STEPS -> "x" + factor + " at " + Arrays.toString(milestones) + " of the run";
            case COSINE -> "cosine after " + warmupEpochs + " warm-up epochs";
        };
    }
}
