package org.aquasurf.examples.acon;

/**
 * The per-channel parameters of one ACON-C layer, f_c(x) = (p1[c] − p2[c])·x·σ(β[c]·(p1[c] − p2[c])·x) + p2[c]·x.
 *
 * @param p1   p1 per channel
 * @param p2   p2 per channel
 * @param beta β per channel
 */
public record AconParameters(float[] p1, float[] p2, float[] beta) {

    public AconParameters {
        if (p1.length == 0 || p1.length != p2.length || p1.length != beta.length) {
            throw new IllegalArgumentException("ACON-C parameters need p1, p2 and beta of one positive length, got "
                    + p1.length + ", " + p2.length + ", " + beta.length);
        }
        p1 = p1.clone();
        p2 = p2.clone();
        beta = beta.clone();
    }

    /** Number of channels. */
    public int channels() {
        return p1.length;
    }

    @Override
    public float[] p1() {
        return p1.clone();
    }

    @Override
    public float[] p2() {
        return p2.clone();
    }

    @Override
    public float[] beta() {
        return beta.clone();
    }
}
