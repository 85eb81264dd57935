package org.aquasurf.eval;

import java.util.Random;

/**
 * The 1000 fixed inputs on which function outputs are compared: N(0,1) samples clipped to [-5,5].
 * TODO(eval): document the generator; numpy-compatible generator is a plus.
 */
public final class StandardInputs {
    /** Number of standard inputs. */
    public static final int SIZE = 1000;

    private static final double[] VALUES = generate();

    private StandardInputs() {}

    /** A fresh copy of the standard inputs. */
    public static double[] values() {
        return VALUES.clone();
    }

    private static double[] generate() {
        Random r = new Random(0);
        double[] v = new double[SIZE];
        for (int i = 0; i < SIZE; i++) v[i] = Math.max(-5, Math.min(5, r.nextGaussian()));
        return v;
    }
}
