package org.aquasurf.nn;

import static org.aquasurf.nn.Reference.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The special functions where float32 evaluation is delicate (tails, tiny and huge arguments)
 * against values computed independently: 30-digit mpmath values, closed forms, and derivative
 * identities. All comparisons are relative to the magnitude of the value.
 */
class NdSpecialFunctionsTest extends ManagedNdTest {

    @Test
    void elishOfNegativeZeroIsPositiveZeroLikeTheCoreEvaluator() {
        float[] got = apply(NdSpecialFunctions::elish, new float[] {-0f, 0f, -1e-30f, 2f});
        assertEquals(Float.floatToRawIntBits(0f), Float.floatToRawIntBits(got[0]), "elish(-0) = +0, as TF's exp(x) - 1 gives");
        assertEquals(Float.floatToRawIntBits(0f), Float.floatToRawIntBits(got[1]));
        double core = org.aquasurf.eval.Evaluator.standard().compile("elish(x)").apply(new double[] {-0.0})[0];
        assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(core), "the core evaluator agrees");
        assertEquals((float) (Math.expm1(-1e-30) / (1 + Math.exp(1e-30))), got[2], 1e-44);
        assertEquals((float) (2 / (1 + Math.exp(-2))), got[3], 1e-6);
    }

    @Test
    void erfcKeepsFullRelativeAccuracyInTheTail() {
        float[] x = {0.5f, 0.75f, 1f, 1.5f, 2f, 2.5f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 9.5f};
        // mpmath.erfc(x), 30 digits
        double[] ref = {0.47950012218695346, 0.28884436634648487, 0.15729920705028513, 0.033894853524689273,
            0.0046777349810472658, 0.00040695201744495894, 2.2090496998585441e-5, 1.5417257900280019e-8,
            1.5374597944280349e-12, 2.1519736712498913e-17, 4.1838256077794144e-23, 1.1224297172982927e-29,
            4.1370317465138102e-37, 3.7692144856548799e-41};
        float[] got = apply(NdSpecialFunctions::erfc, x);
        // 9.5 gives a float32 subnormal (3.8e-41): only its few bits can be right.
        assertClose("erfc", java.util.Arrays.copyOf(x, 13), java.util.Arrays.copyOf(got, 13),
                java.util.Arrays.copyOf(ref, 13), 1e-6, 0);
        assertEquals(ref[13], got[13], 1e-44);
        assertClose("erfc(-x) = 2 - erfc(x)", x, apply(NdSpecialFunctions::erfc, negate(x)), twoMinus(ref), 1e-7, 0);
    }

    @Test
    void erfcDerivativeIsMinusTwoOverRootPiTimesGaussianEvenInTheTail() {
        float[] x = Reference.grid(-6, 9.5, 311);
        double[] ref = new double[x.length];
        for (int i = 0; i < x.length; i++) ref[i] = -2 / Math.sqrt(Math.PI) * Math.exp(-(double) x[i] * x[i]);
        assertClose("d/dx erfc", x, gradient(NdSpecialFunctions::erfc, x), ref, 2e-5, 0);
    }

    @Test
    void geluNegativeTailIsAccurate() {
        float[] x = {-1, -2, -3, -4, -5, -6, -8, -10, -12};
        // mpmath 0.5*x*erfc(-x/sqrt(2)), 30 digits
        double[] ref = {-0.15865525393145705, -0.045500263896358414, -0.0040496940948902836, -0.00012668496733247969,
            -1.4332578593959696e-6, -5.9195258702261888e-9, -4.9767684594174273e-15, -7.6198530241605261e-23,
            -2.1317785344932148e-32};
        // The argument -x/sqrt(2) is rounded to float32: relative error up to about x²·6e-8 in the tail.
        assertClose("gelu", x, apply(NdSpecialFunctions::gelu, x), ref, 1e-5, 0);
    }

    @Test
    void besselFunctionsMatchMpmathFromZeroToHugeArguments() {
        float[] x = {0.001f, 0.5f, 1.9f, 2.1f, 7.9f, 8.1f, 20f, 100f, 1000f, 1e5f, 1e10f, 1e30f};
        // mpmath besseli(nu, x) * exp(-x), 30 digits
        double[] i0e = {0.99900074958351556, 0.64503527044915007, 0.31824316288914158, 0.29956309452628191,
            0.14436986414104192, 0.14251180948829528, 0.089780311884826022, 0.039944379299096683,
            0.012617240455891257, 0.0012615678379767768, 3.9894228040641946e-6, 3.9894228040143267e-16};
        double[] i1e = {0.00049950031235422135, 0.1564208031848717, 0.21661191117477052, 0.21374767210633227,
            0.13489649943989377, 0.13340068832583663, 0.087506222183288665, 0.039744153025130253,
            0.012610930256928629, 0.0012615615301218171, 3.9894228038647234e-6, 3.9894228040143267e-16};
        assertClose("bessel_i0e", x, apply(NdSpecialFunctions::besselI0e, x), i0e, 5e-7, 0);
        assertClose("bessel_i0e even", x, apply(NdSpecialFunctions::besselI0e, negate(x)), i0e, 5e-7, 0);
        assertClose("bessel_i1e", x, apply(NdSpecialFunctions::besselI1e, x), i1e, 5e-7, 0);
        assertClose("bessel_i1e odd", x, apply(NdSpecialFunctions::besselI1e, negate(x)), negate(i1e), 5e-7, 0);
        float[] limits = {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, Float.NaN};
        assertClose("bessel_i0e limits", limits, apply(NdSpecialFunctions::besselI0e, limits), new double[] {0, 0, 1, Double.NaN}, 0, 0);
        assertClose("bessel_i1e limits", limits, apply(NdSpecialFunctions::besselI1e, limits), new double[] {0, 0, 0, Double.NaN}, 0, 0);
    }

    @Test
    void besselDerivativesSatisfyTheirDifferentialIdentities() {
        // d/dx i0e = i1e - sign(x) i0e;  d/dx i1e = i0e - i1e/x - sign(x) i1e (x != 0), 1/2 at 0
        float[] x = Reference.grid(-40, 40, 800);
        x[0] = 0f;
        float[] i0 = apply(NdSpecialFunctions::besselI0e, x);
        float[] i1 = apply(NdSpecialFunctions::besselI1e, x);
        double[] d0 = new double[x.length];
        double[] d1 = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double s = Math.signum(x[i]);
            d0[i] = (double) i1[i] - s * i0[i];
            d1[i] = x[i] == 0 ? 0.5 : (double) i0[i] - i1[i] / (double) x[i] - s * i1[i];
        }
        float[] xs = java.util.Arrays.copyOfRange(x, 1, x.length);   // i0e has a kink at 0
        assertClose("d/dx bessel_i0e", xs, java.util.Arrays.copyOfRange(gradient(NdSpecialFunctions::besselI0e, x), 1, x.length),
                java.util.Arrays.copyOfRange(d0, 1, x.length), 2e-4, 2e-6);
        assertClose("d/dx bessel_i1e", x, gradient(NdSpecialFunctions::besselI1e, x), d1, 2e-4, 2e-6);
    }

    @Test
    void tinyArgumentsKeepFullRelativeAccuracy() {
        float[] x = {1e-30f, -1e-30f, 1e-10f, -1e-10f, 1e-5f, -1e-5f, 0.3f, -0.3f, 0.49f, -0.51f};
        double[] expm1 = new double[x.length];
        double[] asinh = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            expm1[i] = Math.expm1(x[i]);
            double a = Math.abs(x[i]);   // closed form, exact enough in double for these arguments
            asinh[i] = Math.copySign(Math.log1p(a + a * a / (1 + Math.sqrt(1 + a * a))), x[i]);
        }
        assertClose("expm1", x, apply(NdSpecialFunctions::expm1, x), expm1, 2e-7, 0);
        assertClose("arcsinh", x, apply(NdSpecialFunctions::asinh, x), asinh, 2e-7, 0);
        assertClose("d/dx expm1", x, gradient(NdSpecialFunctions::expm1, x), exp(x), 3e-7, 0);
        double[] dAsinh = new double[x.length];
        for (int i = 0; i < x.length; i++) dAsinh[i] = 1 / Math.sqrt(1 + (double) x[i] * x[i]);
        assertClose("d/dx arcsinh", x, gradient(NdSpecialFunctions::asinh, x), dAsinh, 3e-7, 0);
        float[] zero = {0f};
        assertClose("d/dx arcsinh at 0", zero, gradient(NdSpecialFunctions::asinh, zero), new double[] {1}, 0, 0);
        assertClose("d/dx softplus at 0", zero, gradient(NdSpecialFunctions::softplus, zero), new double[] {0.5}, 1e-7, 0);
    }

    @Test
    void softplusAndLogSigmoidTailsAndHugeArguments() {
        float[] x = {-80f, -40f, -20f, -1e-3f, 1e-3f, 20f, 40f, 1e30f, -1e30f, Float.MAX_VALUE, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY};
        double[] softplus = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double v = x[i];   // log(1 + e^v) in double, exact enough here
            softplus[i] = v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v));
        }
        assertClose("softplus", x, apply(NdSpecialFunctions::softplus, x), softplus, 2e-7, 0);
        double[] logSigmoid = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double v = -x[i];
            logSigmoid[i] = -(v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v)));
        }
        assertClose("log_sigmoid", x, apply(NdSpecialFunctions::logSigmoid, x), logSigmoid, 2e-7, 0);
        float[] big = {1e4f, 1e20f, 1e38f, Float.MAX_VALUE, Float.POSITIVE_INFINITY};
        double[] asinh = {9.903487555036128, 46.744849060481736, 88.19138068236225, 89.415986232628298,
            Double.POSITIVE_INFINITY};   // mpmath asinh of the float32 arguments
        assertClose("arcsinh huge", big, apply(NdSpecialFunctions::asinh, big), asinh, 2e-7, 0);
    }

    private static float[] apply(UnaryOperator<NDArray> f, float[] x) {
        return f.apply(manager.create(x)).toFloatArray();
    }

    private static float[] gradient(UnaryOperator<NDArray> f, float[] x) {
        NDArray in = manager.create(x);
        in.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(f.apply(in).sum());
        }
        return in.getGradient().toFloatArray();
    }

    private static float[] negate(float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) y[i] = -x[i];
        return y;
    }

    private static double[] negate(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = -x[i];
        return y;
    }

    private static double[] twoMinus(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = 2 - x[i];
        return y;
    }

    private static double[] exp(float[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = Math.exp(x[i]);
        return y;
    }
}
