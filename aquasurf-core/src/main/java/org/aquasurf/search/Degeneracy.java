package org.aquasurf.search;

/**
 * Whether an activation function is degenerate judging by its outputs on the standard inputs (1000
 * standard normal samples, {@link org.aquasurf.eval.StandardInputs}): a network with it in every
 * hidden layer cannot learn, so it trains at or near chance. A constant function passes nothing of
 * its input on; an overflowing one (outputs beyond {@link #OVERFLOW} already on these inputs, e.g.
 * {@code exp(exp(x))} or a pole, or not finite) blows up the next layers. {@link EnsembleSuggester} ranks degenerate classes after all others.
 */
public enum Degeneracy {
    /** Usable as far as its outputs tell. */
    NONE,
    /** All outputs equal, or their range is below {@link #FLAT} times their magnitude (at least 1): e.g. {@code zero(x)}, {@code sub(x,x)}. */
    CONSTANT,
    /**
     * An output beyond {@link #OVERFLOW} in magnitude or not finite: e.g. {@code exp(exp(x))},
     * {@code exp(square(x))}, and functions with a pole among the inputs such as {@code reciprocal(x)} or
     * {@code div(one(x),erf(x))}.
     */
    OVERFLOWING;

    /**
     * Outputs larger than this in magnitude on the standard inputs (standard normal samples, all within
     * [-3.05, 2.76]) count as overflowing: a hidden layer then multiplies typical pre-activations by more
     * than a hundred. Smooth growth stays below it ({@code exp(x)} reaches 15.8 there, {@code cosh(x)} 10.5,
     * {@code square(x)} 9.3); {@code exp(exp(x))} reaches 7.2·10^6, and a pole shows up as a spike at
     * the sample nearest to it ({@code reciprocal(x)} reaches 722, {@code div(hard_sigmoid(x),tanh(x))}
     * 361). On the shipped
     * Fashion-MNIST benchmark the 55 usable classes beyond 100 trained to at most 0.52 accuracy (most at
     * chance), while a threshold of a thousand let every pole through.
     */
    public static final double OVERFLOW = 100;

    /** Relative range below which the outputs count as constant (a tenth of a percent). */
    public static final double FLAT = 1e-3;

    /** The degeneracy of a function with these outputs on the standard inputs. */
    public static Degeneracy of(double[] outputs) {
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (double v : outputs) {
            if (!Double.isFinite(v) || Math.abs(v) > OVERFLOW) return OVERFLOWING;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (outputs.length == 0) return CONSTANT;
        double scale = Math.max(1, Math.max(Math.abs(min), Math.abs(max)));
        return max - min <= FLAT * scale ? CONSTANT : NONE;
    }

    /** Whether this is not {@link #NONE}. */
    public boolean degenerate() {
        return this != NONE;
    }
}
