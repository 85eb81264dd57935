package org.aquasurf.eval;

/** A function compiled for fast repeated evaluation on arrays. Thread-safe. */
@FunctionalInterface
public interface CompiledFunction {
    /** Outputs f(x[i]) for every i, in a new array of the same length. */
    double[] apply(double[] x);
}
