package org.aquasurf.grammar;

/**
 * Scalar special functions in double precision used by the standard operators.
 *
 * <p>All functions are accurate to a few units in the last place (relative error below 1e-14 on
 * their whole domain; see {@code SpecialFunctionsTest}) and follow IEEE conventions for
 * NaN, infinities and signed zeros as TensorFlow does: NaN in gives NaN out, odd functions keep
 * the sign of zero.
 *
 * <p>Methods (no tables of fitted coefficients; everything follows from the mathematics):
 * <ul>
 *   <li>erf and erfc: for |x| &lt; 1 the everywhere-positive series
 *       erf(x) = 2/√π·e^(−x²)·Σ 2ⁿx^(2n+1)/(1·3·…·(2n+1)) (Abramowitz &amp; Stegun 7.1.6), which has
 *       no cancellation; for |x| ≥ 1 the continued fraction of the upper incomplete gamma function
 *       erfc(x) = Γ(½, x²)/√π (A&amp;S 6.5.31, evaluated by the modified Lentz method), which
 *       converges in under 100 terms there. e^(−x²) is computed with the exact rounding error of x²
 *       (by {@link Math#fma}) so that erfc keeps full relative precision up to its underflow.</li>
 *   <li>bessel_i0e and bessel_i1e: for |x| &lt; 20 the power series
 *       I_ν(x) = Σ (x/2)^(2k+ν)/(k!(k+ν)!) (positive terms, A&amp;S 9.6.10) times e^(−|x|); for
 *       |x| ≥ 20 the asymptotic expansion e^(−x)I_ν(x) ~ (2πx)^(−½)·Σ(−1)^k a_k(ν)/x^k
 *       (A&amp;S 9.7.1), whose smallest term is below e^(−2|x|) ≤ 4e−18 relative there.</li>
 * </ul>
 */
public final class SpecialFunctions {

    private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);
    private static final double ONE_OVER_SQRT_PI = 1.0 / Math.sqrt(Math.PI);
    private static final double ONE_OVER_SQRT_TWO_PI = 1.0 / Math.sqrt(2.0 * Math.PI);
    /** Below this |x| erf and erfc use the series, above it the continued fraction. */
    private static final double ERF_SPLIT = 1.0;
    /** Above this x, erfc(x) underflows to 0 and erf(x) rounds to 1. */
    private static final double ERFC_UNDERFLOW = 27.3;
    /** Below this |x| the Bessel functions use the power series, above it the asymptotic expansion. */
    private static final double BESSEL_SPLIT = 20.0;
    private static final double EPS = 1e-17;
    private static final int MAX_TERMS = 1000;

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

    /** Error function erf(x) = 2/√π ∫₀ˣ e^(−t²) dt; erf(±∞) = ±1. */
    public static double erf(double x) {
        if (Double.isNaN(x)) return x;
        double a = Math.abs(x);
        if (a < ERF_SPLIT) return Math.copySign(erfSeries(a), x);
        if (a >= 6.0) return Math.copySign(1.0, x); // erfc(6) ≈ 2e-17 is below half an ulp of 1
        return Math.copySign(1.0 - erfcContinuedFraction(a), x);
    }

    /** Complementary error function erfc(x) = 1 − erf(x), accurate relative to itself for large x. */
    public static double erfc(double x) {
        if (Double.isNaN(x)) return x;
        double a = Math.abs(x);
        if (a < ERF_SPLIT) return 1.0 - Math.copySign(erfSeries(a), x);
        if (x < 0) return a >= 6.0 ? 2.0 : 2.0 - erfcContinuedFraction(a);
        if (a >= ERFC_UNDERFLOW) return 0.0;
        return erfcContinuedFraction(a);
    }

    /** erf(a) for 0 ≤ a &lt; 1 by the positive-term series. */
    private static double erfSeries(double a) {
        double q = 2.0 * a * a;
        double term = a;
        double sum = a;
        for (int n = 1; n < MAX_TERMS && term > EPS * sum; n++) {
            term *= q / (2 * n + 1);
            sum += term;
        }
        return TWO_OVER_SQRT_PI * expMinusSquare(a) * sum;
    }

    /** erfc(a) for a ≥ 1 by the continued fraction of Γ(½, a²), modified Lentz method. */
    private static double erfcContinuedFraction(double a) {
        final double tiny = 1e-300;
        double z = a * a;
        double b = z + 0.5;
        double c = 1.0 / tiny;
        double d = 1.0 / b;
        double h = d;
        for (int i = 1; i < MAX_TERMS; i++) {
            double an = -i * (i - 0.5);
            b += 2.0;
            d = an * d + b;
            if (Math.abs(d) < tiny) d = tiny;
            c = b + an / c;
            if (Math.abs(c) < tiny) c = tiny;
            d = 1.0 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1.0) < 1e-16) break;
        }
        return expMinusSquare(a) * a * ONE_OVER_SQRT_PI * h;
    }

    /** e^(−a²) with the rounding error of a² taken into account: e^(−p)·e^(−e) where p + e = a² exactly. */
    private static double expMinusSquare(double a) {
        double p = a * a;
        double e = Math.fma(a, a, -p);
        return Math.exp(-p) * (1.0 - e);
    }

    /** Exponentially scaled modified Bessel function of the first kind, order 0: e^-|x| I0(x). Even; 0 at ±∞. */
    public static double besselI0e(double x) {
        if (Double.isNaN(x)) return x;
        return scaledBessel(Math.abs(x), 0);
    }

    /** Exponentially scaled modified Bessel function of the first kind, order 1: e^-|x| I1(x). Odd; ±0 at ±∞. */
    public static double besselI1e(double x) {
        if (Double.isNaN(x)) return x;
        return Math.copySign(scaledBessel(Math.abs(x), 1), x);
    }

    /** e^-a I_nu(a) for a ≥ 0 and nu ∈ {0, 1}. */
    private static double scaledBessel(double a, int nu) {
        if (a == 0) return nu == 0 ? 1.0 : 0.0;
        if (a < BESSEL_SPLIT) {
            double q = a * a / 4.0;
            double term = nu == 0 ? 1.0 : a / 2.0;
            double sum = 0.0;
            for (int k = 1; k < MAX_TERMS && term > EPS * sum; k++) {
                sum += term;
                term *= q / ((double) k * (k + nu));
            }
            return (sum + term) * Math.exp(-a);
        }
        if (Double.isInfinite(a)) return 0.0;
        // Asymptotic expansion: a_k/a^k with a_k = a_{k-1}·(4ν² − (2k−1)²)/(8k); stop at the smallest term.
        double mu = 4.0 * nu * nu;
        double term = 1.0;
        double sum = 1.0;
        for (int k = 1; k < MAX_TERMS; k++) {
            double odd = 2.0 * k - 1.0;
            double next = -term * (mu - odd * odd) / (8.0 * k * a);
            if (Math.abs(next) >= Math.abs(term) || Math.abs(next) < EPS * Math.abs(sum)) {
                if (Math.abs(next) < Math.abs(term)) sum += next;
                break;
            }
            term = next;
            sum += term;
        }
        return sum * ONE_OVER_SQRT_TWO_PI / Math.sqrt(a);
    }
}
