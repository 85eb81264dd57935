package org.aquasurf.grammar;

/** Scalar special functions in double precision used by the standard operators. */
public final class SpecialFunctions {

    private SpecialFunctions() {}

    /** Logistic sigmoid 1/(1+e^-x), without overflow. */
    public static double sigmoid(double x) {
        if (x >= 0) return 1.0 / (1.0 + Math.exp(-x));
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    /** log(1+e^x) without overflow. */
    public static double softplus(double x) {
        return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    /** Inverse hyperbolic sine. */
    public static double asinh(double x) {
        double a = Math.abs(x);
        double r = a > 1e8 ? Math.log(a) + Math.log(2.0) : Math.log1p(a + a * a / (1.0 + Math.sqrt(1.0 + a * a)));
        return Math.copySign(r, x);
    }

    /** Error function. */
    public static double erf(double x) {
        // TODO(eval): replace with a full-precision implementation.
        double t = 1.0 / (1.0 + 0.3275911 * Math.abs(x));
        double y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
        return Math.copySign(y, x);
    }

    /** Complementary error function 1 - erf(x). */
    public static double erfc(double x) {
        return 1.0 - erf(x);
    }

    /** Exponentially scaled modified Bessel function of the first kind, order 0: e^-|x| I0(x). */
    public static double besselI0e(double x) {
        double s = 0, term = 1, q = x * x / 4;
        for (int k = 1; k < 500 && term > 1e-17 * s; k++) { s += term; term *= q / ((double) k * k); }
        return s * Math.exp(-Math.abs(x));
    }

    /** Exponentially scaled modified Bessel function of the first kind, order 1: e^-|x| I1(x). */
    public static double besselI1e(double x) {
        double s = 0, term = x / 2, q = x * x / 4;
        for (int k = 1; k < 500 && Math.abs(term) > 1e-17 * Math.abs(s); k++) { s += term; term *= q / ((double) k * (k + 1)); }
        return s * Math.exp(-Math.abs(x));
    }
}
