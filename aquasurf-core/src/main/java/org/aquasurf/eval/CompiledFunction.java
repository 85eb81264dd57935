package org.aquasurf.eval;

/** A function compiled for fast repeated evaluation on arrays. Thread-safe. */
@FunctionalInterface
public interface CompiledFunction {
    /** Outputs f(x[i]) for every i, in a new array of the same length; {@code x} is not modified. */
    double[] apply(double[] x);

    /** Number of kernel passes one {@link #apply} makes (distinct sub-expressions); 0 if unknown or none. */
    default int steps() {
        return 0;
    }
}
