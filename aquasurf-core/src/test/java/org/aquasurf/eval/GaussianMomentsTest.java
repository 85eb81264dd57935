package org.aquasurf.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.aquasurf.grammar.SpecialFunctions;
import org.junit.jupiter.api.Test;

/** Moments under N(0,1) against closed forms and, for smooth functions, a fine trapezoidal rule. */
class GaussianMomentsTest {

    private static final Evaluator EV = Evaluator.standard();
    private static final double PHI0 = 1 / Math.sqrt(2 * Math.PI);
    private static final double TOL = 1e-13;

    private static GaussianMoments.Moments moments(String name) {
        return GaussianMoments.of(EV.compile(name));
    }

    private static double pdf(double x) {
        return PHI0 * Math.exp(-x * x / 2);
    }

    private static double cdf(double x) {
        return 0.5 * SpecialFunctions.erfc(-x / Math.sqrt(2));
    }

    private static void assertMoments(double mean, double std, GaussianMoments.Moments m, String what) {
        assertEquals(mean, m.mean(), TOL * Math.max(1, Math.abs(mean)), what + " mean");
        assertEquals(std, m.std(), TOL * Math.max(1, std), what + " std");
    }

    /** E f and sqrt(E (f − E f)²) by the trapezoidal rule with step 1/256 on [−40, 40]: spectrally accurate for smooth f. */
    private static GaussianMoments.Moments trapezoid(String name) {
        double h = 1.0 / 256;
        int n = (int) (80 / h);
        double[] x = new double[n + 1];
        for (int i = 0; i <= n; i++) x[i] = -40 + i * h;
        double[] y = EV.compile(name).apply(x);
        double mean = 0;
        for (int i = 0; i <= n; i++) mean += y[i] * pdf(x[i]) * h;
        double var = 0;
        for (int i = 0; i <= n; i++) var += (y[i] - mean) * (y[i] - mean) * pdf(x[i]) * h;
        return new GaussianMoments.Moments(mean, Math.sqrt(var));
    }

    @Test
    void closedForms() {
        assertMoments(0, 1, moments("x"), "x");
        assertMoments(PHI0, Math.sqrt(0.5 - PHI0 * PHI0), moments("relu(x)"), "relu"); // E relu = 1/√(2π), E relu² = 1/2
        assertMoments(Math.sqrt(2 / Math.PI), Math.sqrt(1 - 2 / Math.PI), moments("abs(x)"), "abs");
        assertMoments(1, Math.sqrt(2), moments("square(x)"), "square"); // E x⁴ = 3
        assertMoments(Math.exp(0.5), Math.sqrt(Math.exp(2) - Math.E), moments("exp(x)"), "exp");
        assertMoments(1, 0, moments("one(x)"), "one");
        // hard_sigmoid − ½ is odd: mean ½; E(hs − ½)² = 0.04 ∫_{−a}^{a} x²φ + 2·¼·P(X > a), a = 2.5,
        // with ∫_{−a}^{a} x²φ = (2Φ(a) − 1) − 2aφ(a).
        double a = 2.5;
        double var = 0.04 * ((2 * cdf(a) - 1) - 2 * a * pdf(a)) + 0.5 * (1 - cdf(a));
        assertMoments(0.5, Math.sqrt(var), moments("hard_sigmoid(x)"), "hard_sigmoid");
    }

    @Test
    void kinkAwayFromPanelEdges() {
        // max(x, c) with c = 1/3: E = cΦ(c) + φ(c), E max² = c²Φ(c) + 1 − Φ(c) + cφ(c).
        double c = 1.0 / 3;
        double mean = c * cdf(c) + pdf(c);
        double second = c * c * cdf(c) + 1 - cdf(c) + c * pdf(c);
        assertMoments(mean, Math.sqrt(second - mean * mean),
                moments("max(x, div(one(x), add(one(x), add(one(x), one(x)))))"), "max(x,1/3)");
    }

    @Test
    void smoothFunctionsAgreeWithTrapezoidalRule() {
        for (String f : new String[] {"tanh(x)", "gelu(x)", "swish(x)", "sigmoid(x)", "mish(x)", "bessel_i1e(mul(x,x))", "cosh(erf(x))"}) {
            GaussianMoments.Moments expected = trapezoid(f);
            assertMoments(expected.mean(), expected.std(), moments(f), f);
        }
    }

    @Test
    void normalizedFunctionsHaveZeroMeanAndUnitVariance() {
        for (String f : new String[] {"relu(x)", "max(relu(x),cosh(elu(x)))", "sum_n(abs(x),swish(x),sigmoid(x))", "exp(x)"}) {
            CompiledFunction g = GaussianMoments.normalize(EV.compile(f));
            GaussianMoments.Moments m = GaussianMoments.of(g);
            assertEquals(0, m.mean(), 1e-12, f);
            assertEquals(1, m.std(), 1e-12, f);
            GaussianMoments.Moments raw = moments(f);
            double[] x = {-1, 0.25, 3};
            double[] y = EV.compile(f).apply(x), z = g.apply(x);
            for (int i = 0; i < x.length; i++) assertEquals((y[i] - raw.mean()) / raw.std(), z[i], 1e-15);
        }
    }

    @Test
    void functionsWithoutFiniteVarianceCannotBeNormalized() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GaussianMoments.normalize(EV.compile("zero(x)")))
                .getMessage().contains("standard deviation 0"));
        assertThrows(IllegalArgumentException.class, () -> GaussianMoments.normalize(EV.compile("one(x)")), "a constant other than 0");
        assertThrows(IllegalArgumentException.class, () -> GaussianMoments.normalize(EV.compile("exp(square(x))")));
        assertThrows(IllegalArgumentException.class, () -> GaussianMoments.normalize(EV.compile("log_sigmoid(mul(x, reciprocal(zero(x))))")));
    }
}
