package org.aquasurf.canonical;

import org.aquasurf.eval.Evaluator;

/**
 * Decides which function names are equivalent. TODO(canonical): structural canonical form and a
 * robust fingerprint.
 */
public final class Canonicalizer {
    private static final Canonicalizer STANDARD = new Canonicalizer(Evaluator.standard());
    private final Evaluator evaluator;

    public Canonicalizer(Evaluator evaluator) { this.evaluator = evaluator; }

    public static Canonicalizer standard() { return STANDARD; }

    /** The equivalence-class key of outputs on the standard inputs: a fixed-length hex string. */
    public String fingerprint(double[] outputs) {
        return Long.toHexString(java.util.Arrays.hashCode(outputs));
    }

    /** The equivalence-class key of a function name. */
    public String classKey(String name) {
        return fingerprint(evaluator.outputs(name));
    }
}
