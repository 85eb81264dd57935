package org.aquasurf.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Checks erf, erfc, bessel_i0e and bessel_i1e against independent computations: Taylor and
 * asymptotic series in 120-digit BigDecimal arithmetic, and (for large Bessel arguments) the
 * trapezoidal rule on I_ν(x) = 1/π ∫₀^π e^(x cos t) cos(νt) dt, which converges geometrically for
 * this periodic analytic integrand.
 */
class SpecialFunctionsTest {

    private static final MathContext MC = new MathContext(120);
    private static final BigDecimal PI = new BigDecimal(
            "3.14159265358979323846264338327950288419716939937510582097494459230781640628620899862803482534211706798214808651328230664709384460955");
    private static final BigDecimal SQRT_PI = PI.sqrt(MC);
    private static final BigDecimal TWO = BigDecimal.valueOf(2);
    private static final double TOL = 1e-14;

    /** e^y for y ≥ 0 in BigDecimal: Taylor series of e^(y/2^k), squared k times. */
    private static BigDecimal exp(BigDecimal y) {
        int k = 12;
        BigDecimal z = y.divide(BigDecimal.valueOf(1L << k), MC);
        BigDecimal sum = BigDecimal.ONE, term = BigDecimal.ONE;
        for (int n = 1; n < 400; n++) {
            term = term.multiply(z, MC).divide(BigDecimal.valueOf(n), MC);
            sum = sum.add(term, MC);
            if (term.compareTo(sum.movePointLeft(130)) < 0) break;
        }
        for (int i = 0; i < k; i++) sum = sum.multiply(sum, MC);
        return sum;
    }

    /** erf(x) = 2/√π Σ (−1)ⁿ x^(2n+1)/(n!(2n+1)), for |x| ≤ 7 (terms below 1e22, 120 digits). */
    private static BigDecimal erfTaylor(double xd) {
        BigDecimal x = new BigDecimal(xd);
        BigDecimal x2 = x.multiply(x, MC);
        BigDecimal power = x; // (−1)ⁿ x^(2n+1)/n!
        BigDecimal sum = BigDecimal.ZERO;
        for (int n = 0; n < 2000; n++) {
            BigDecimal term = power.divide(BigDecimal.valueOf(2L * n + 1), MC);
            sum = sum.add(term, MC);
            if (n > 10 && term.abs().compareTo(new BigDecimal("1e-100")) < 0) break;
            power = power.multiply(x2, MC).divide(BigDecimal.valueOf(n + 1), MC).negate();
        }
        return sum.multiply(TWO, MC).divide(SQRT_PI, MC);
    }

    /** erfc(x) for x ≥ 8 by the asymptotic series e^(−x²)/(x√π) Σ (−1)ⁿ(2n−1)!!/(2x²)ⁿ, cut at its smallest term. */
    private static BigDecimal erfcAsymptotic(double xd) {
        BigDecimal x = new BigDecimal(xd);
        BigDecimal twoX2 = x.multiply(x, MC).multiply(TWO, MC);
        BigDecimal term = BigDecimal.ONE, sum = BigDecimal.ONE;
        for (int n = 1; n < 5000; n++) {
            BigDecimal next = term.multiply(BigDecimal.valueOf(2L * n - 1), MC).divide(twoX2, MC).negate();
            if (next.abs().compareTo(term.abs()) >= 0) break;
            term = next;
            sum = sum.add(term, MC);
        }
        return sum.divide(exp(x.multiply(x, MC)).multiply(x, MC).multiply(SQRT_PI, MC), MC);
    }

    /** e^(−|x|) I_ν(x) by the power series Σ (x/2)^(2k+ν)/(k!(k+ν)!). */
    private static BigDecimal scaledBesselSeries(double xd, int nu) {
        BigDecimal x = new BigDecimal(Math.abs(xd));
        BigDecimal q = x.multiply(x, MC).divide(BigDecimal.valueOf(4), MC);
        BigDecimal term = nu == 0 ? BigDecimal.ONE : x.divide(TWO, MC);
        BigDecimal sum = BigDecimal.ZERO;
        for (int k = 1; k < 3000; k++) {
            sum = sum.add(term, MC);
            if (term.compareTo(sum.movePointLeft(110)) < 0) break;
            term = term.multiply(q, MC).divide(BigDecimal.valueOf((long) k * (k + nu)), MC);
        }
        BigDecimal r = sum.divide(exp(x), MC);
        return xd < 0 && nu == 1 ? r.negate() : r;
    }

    /** e^(−x) I_ν(x) for x &gt; 0 by the trapezoidal rule on 1/π ∫₀^π e^(x(cos t − 1)) cos(νt) dt. */
    private static double scaledBesselTrapezoid(double x, int nu) {
        int n = 2000 + (int) (20 * Math.sqrt(x)); // spacing well below the peak width 1/sqrt(x)
        double h = Math.PI / n;
        double sum = 0.5 * (1.0 + Math.exp(-2 * x) * (nu == 0 ? 1 : -1));
        double compensation = 0; // Kahan summation
        for (int k = 1; k < n; k++) {
            double t = k * h;
            double s2 = Math.sin(t / 2); // cos t − 1 = −2 sin²(t/2) without cancellation
            double y = Math.exp(-2 * x * s2 * s2) * (nu == 0 ? 1 : Math.cos(t)) - compensation;
            double s = sum + y;
            compensation = (s - sum) - y;
            sum = s;
        }
        return sum * h / Math.PI;
    }

    private static void assertRelative(double expected, double actual, double tol, String what) {
        double err = expected == 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
        assertTrue(err <= tol, what + ": expected " + expected + " got " + actual + " (relative error " + err + ")");
    }

    private static List<Double> erfPoints() {
        List<Double> xs = new ArrayList<>();
        for (double x = -7; x <= 7; x += 0.0731) xs.add(x);
        for (double x : new double[] {0.0, 1e-300, 1e-20, 1e-8, 1e-3, 0.5, 0.999999, 1.0, 1.000001, 2.0, 3.0, 5.0, 5.999, 6.0, 6.5}) {
            xs.add(x);
            xs.add(-x);
        }
        return xs;
    }

    @Test
    void erfAndErfcMatchBigDecimalTaylorSeries() {
        for (double x : erfPoints()) {
            BigDecimal erf = erfTaylor(x);
            assertRelative(erf.doubleValue(), SpecialFunctions.erf(x), TOL, "erf(" + x + ")");
            assertRelative(BigDecimal.ONE.subtract(erf, MC).doubleValue(), SpecialFunctions.erfc(x), TOL, "erfc(" + x + ")");
        }
    }

    @Test
    void erfcKeepsRelativePrecisionInTheFarTail() {
        for (double x = 8; x < 27; x += 0.37) {
            BigDecimal erfc = erfcAsymptotic(x);
            assertRelative(erfc.doubleValue(), SpecialFunctions.erfc(x), TOL, "erfc(" + x + ")");
            assertRelative(TWO.subtract(erfc, MC).doubleValue(), SpecialFunctions.erfc(-x), TOL, "erfc(" + -x + ")");
            assertEquals(1.0, SpecialFunctions.erf(x));
            assertEquals(-1.0, SpecialFunctions.erf(-x));
        }
        assertTrue(SpecialFunctions.erfc(26.5) > 0, "erfc(26.5) ≈ 1e-307 is still a normal double");
    }

    @Test
    void erfEdgeValues() {
        assertEquals(1.0, SpecialFunctions.erf(Double.POSITIVE_INFINITY));
        assertEquals(-1.0, SpecialFunctions.erf(Double.NEGATIVE_INFINITY));
        assertEquals(0.0, SpecialFunctions.erfc(Double.POSITIVE_INFINITY));
        assertEquals(2.0, SpecialFunctions.erfc(Double.NEGATIVE_INFINITY));
        assertEquals(0.0, SpecialFunctions.erfc(30));
        assertEquals(1.0, SpecialFunctions.erfc(0.0));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(SpecialFunctions.erf(-0.0)));
        assertTrue(Double.isNaN(SpecialFunctions.erf(Double.NaN)));
        assertTrue(Double.isNaN(SpecialFunctions.erfc(Double.NaN)));
        // erf(x) ≈ 2x/√π for tiny x, without underflow to 0.
        assertRelative(2e-300 / Math.sqrt(Math.PI), SpecialFunctions.erf(1e-300), 1e-15, "erf(1e-300)");
    }

    @Test
    void besselMatchesBigDecimalSeriesBelowAndAcrossTheSwitch() {
        List<Double> xs = new ArrayList<>();
        for (double x = -30; x <= 30; x += 0.389) xs.add(x);
        for (double x : new double[] {1e-300, 1e-10, 1e-3, 0.5, 1, 19.999999, 20, 20.000001}) {
            xs.add(x);
            xs.add(-x);
        }
        for (double x : xs) {
            assertRelative(scaledBesselSeries(x, 0).doubleValue(), SpecialFunctions.besselI0e(x), TOL, "i0e(" + x + ")");
            assertRelative(scaledBesselSeries(x, 1).doubleValue(), SpecialFunctions.besselI1e(x), TOL, "i1e(" + x + ")");
        }
    }

    @Test
    void besselMatchesTrapezoidIntegralForLargeArguments() {
        for (double x : new double[] {20, 31.7, 50, 100, 700, 1000, 12345.6, 1e5, 1e6}) {
            double i0 = scaledBesselTrapezoid(x, 0), i1 = scaledBesselTrapezoid(x, 1);
            assertRelative(i0, SpecialFunctions.besselI0e(x), 1e-13, "i0e(" + x + ")");
            assertRelative(i0, SpecialFunctions.besselI0e(-x), 1e-13, "i0e(" + -x + ")");
            assertRelative(i1, SpecialFunctions.besselI1e(x), 1e-13, "i1e(" + x + ")");
            assertRelative(-i1, SpecialFunctions.besselI1e(-x), 1e-13, "i1e(" + -x + ")");
        }
    }

    @Test
    void besselEdgeValues() {
        assertEquals(1.0, SpecialFunctions.besselI0e(0.0));
        assertEquals(1.0, SpecialFunctions.besselI0e(-0.0));
        assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(SpecialFunctions.besselI1e(0.0)));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(SpecialFunctions.besselI1e(-0.0)));
        assertEquals(0.0, SpecialFunctions.besselI0e(Double.POSITIVE_INFINITY));
        assertEquals(0.0, SpecialFunctions.besselI0e(Double.NEGATIVE_INFINITY));
        assertEquals(0.0, SpecialFunctions.besselI1e(Double.POSITIVE_INFINITY));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(SpecialFunctions.besselI1e(Double.NEGATIVE_INFINITY)));
        assertTrue(Double.isNaN(SpecialFunctions.besselI0e(Double.NaN)));
        assertTrue(Double.isNaN(SpecialFunctions.besselI1e(Double.NaN)));
        // Leading asymptotics 1/sqrt(2πx) (1 + 1/(8x)) and 1/sqrt(2πx) (1 − 3/(8x)) at 1e300.
        double x = 1e300;
        assertRelative(1 / Math.sqrt(2 * Math.PI * x), SpecialFunctions.besselI0e(x), 1e-15, "i0e(1e300)");
        assertRelative(1 / Math.sqrt(2 * Math.PI * x), SpecialFunctions.besselI1e(x), 1e-15, "i1e(1e300)");
        // Small x: I1(x) ≈ x/2.
        assertRelative(0.5e-300, SpecialFunctions.besselI1e(1e-300), 1e-15, "i1e(1e-300)");
    }
}
