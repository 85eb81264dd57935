package org.aquasurf.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

import org.junit.jupiter.api.Test;

/**
 * Every standard operator against an independent closed form (written from the TensorFlow 2.8
 * definitions, by other formulas where one exists) at many points, including 0, ±5, large values,
 * infinities and NaN.
 */
class StandardOperatorsTest {

    private static final OperatorRegistry OPS = OperatorRegistry.standard();
    private static final double SCALE = 1.0507009873554804934193349852946;
    private static final double ALPHA = 1.6732632423543772848170429916717;
    private static final double INF = Double.POSITIVE_INFINITY;
    private static final double NAN = Double.NaN;

    /** Edge points, a grid over [-5, 5] and random points. */
    private static double[] points() {
        List<Double> xs = new ArrayList<>(List.of(0.0, -0.0, 1e-300, -1e-300, 1e-8, -1e-8, 0.5, -0.5, 1.0, -1.0,
                2.5, -2.5, 2.4999999, -2.5000001, 5.0, -5.0, 20.0, -20.0, 100.0, -100.0, 700.0, -700.0, 1e6, -1e6,
                INF, -INF, NAN));
        for (double x = -5; x <= 5; x += 0.01) xs.add(x);
        Random r = new Random(42);
        for (int i = 0; i < 200; i++) xs.add(r.nextGaussian() * 3);
        return xs.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double[] unary(String name, double[] x) {
        double[] out = new double[x.length];
        OPS.get(name).unary().apply(x, out);
        return out;
    }

    private static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    /** log(1 + e^x) by the series Σ (−1)^(k+1) e^(kx)/k for x ≤ −1, by x + softplus(−x) for x ≥ 1. */
    private static double softplusReference(double x) {
        if (x >= 1) return x + softplusReference(-x);
        if (x > -1) return Math.log(1 + Math.exp(x));
        double e = Math.exp(x), power = e, sum = 0;
        for (int k = 1; k < 100; k++) {
            sum += (k % 2 == 1 ? power : -power) / k;
            power *= e;
        }
        return sum;
    }

    /** Equal up to {@code rel} relative (or 1e-300 absolute), NaN equals NaN, infinities exactly. */
    private static void assertClose(double expected, double actual, double rel, String what) {
        if (Double.isNaN(expected) || Double.isNaN(actual) || Double.isInfinite(expected)) {
            assertEquals(expected, actual, what);
            return;
        }
        double err = Math.abs(actual - expected);
        assertTrue(err <= rel * Math.abs(expected) || err <= 1e-300, what + ": expected " + expected + " got " + actual);
    }

    private static void check(String name, double rel, DoubleUnaryOperator expected, double lo, double hi) {
        double[] x = points();
        double[] y = unary(name, x);
        for (int i = 0; i < x.length; i++) {
            boolean fullRange = lo == -INF && hi == INF;
            if (Double.isNaN(x[i]) ? !fullRange : !(x[i] >= lo && x[i] <= hi)) continue;
            assertClose(expected.applyAsDouble(x[i]), y[i], rel, name + "(" + x[i] + ")");
        }
    }

    private static void check(String name, double rel, DoubleUnaryOperator expected) {
        check(name, rel, expected, -INF, INF);
    }

    @Test
    void registryHasTheReferenceOperatorsInOrder() {
        assertEquals(List.of("sum_n", "prod_n", "max_n", "min_n"), OPS.ofArity(Arity.NARY).stream().map(Operator::name).toList());
        assertEquals(List.of("add", "sub", "mul", "div", "pow", "max", "min"), OPS.ofArity(Arity.BINARY).stream().map(Operator::name).toList());
        assertEquals(List.of("zero", "one", "identity", "negative", "abs", "reciprocal", "square", "exp", "erf", "erfc",
                "sinh", "cosh", "tanh", "expm1", "sigmoid", "log_sigmoid", "arcsinh", "arctan", "bessel_i0e", "bessel_i1e",
                "relu", "elu", "selu", "swish", "softplus", "softsign", "hard_sigmoid", "elish", "leakyrelu", "mish", "gelu"),
                OPS.ofArity(Arity.UNARY).stream().map(Operator::name).toList());
    }

    @Test
    void constantsIgnoreTheirInputEvenNanAndInf() {
        check("zero", 0, x -> 0.0);
        check("one", 0, x -> 1.0);
    }

    @Test
    void elementaryOperators() {
        check("identity", 0, x -> x);
        check("negative", 0, x -> 0 - x, -INF, -1e-300);
        check("negative", 0, x -> 0 - x, 1e-300, INF);
        check("abs", 0, x -> x < 0 ? -x : x);
        check("reciprocal", 1e-16, x -> 1 / x);
        check("square", 1e-16, x -> x * x);
        // exp through e^x = (e^(x/2))²
        check("exp", 4e-15, x -> Math.pow(Math.exp(x / 2), 2), -600, 600);
        check("exp", 0, x -> x > 0 ? INF : 0.0, 800, INF);
        check("exp", 0, x -> 0.0, -INF, -800);
        check("expm1", 1e-15, x -> x + x * x / 2 + x * x * x / 6 + x * x * x * x / 24, -1e-4, 1e-4);
        check("expm1", 4e-15, x -> Math.exp(x) - 1, -INF, -0.5);
        check("expm1", 4e-15, x -> Math.exp(x) - 1, 0.5, INF);
    }

    @Test
    void hyperbolicAndInverseOperators() {
        check("sinh", 4e-15, x -> (Math.exp(x) - Math.exp(-x)) / 2, -700, -1);
        check("sinh", 4e-15, x -> (Math.exp(x) - Math.exp(-x)) / 2, 1, 700);
        check("sinh", 1e-15, x -> x + x * x * x / 6, -1e-5, 1e-5);
        check("cosh", 4e-15, x -> (Math.exp(x) + Math.exp(-x)) / 2, -700, 700);
        check("tanh", 4e-15, x -> 1 - 2 / (Math.exp(2 * x) + 1), 0.5, 300);
        check("tanh", 4e-15, x -> 2 / (Math.exp(-2 * x) + 1) - 1, -300, -0.5);
        check("tanh", 1e-15, x -> x - x * x * x / 3, -1e-6, 1e-6);
        check("tanh", 0, x -> Math.signum(x), 20, INF);
        check("tanh", 0, x -> Math.signum(x), -INF, -20);
        check("arcsinh", 4e-15, x -> Math.log(x + Math.sqrt(x * x + 1)), 0.5, 1e6);
        check("arcsinh", 4e-15, x -> -Math.log(-x + Math.sqrt(x * x + 1)), -1e6, -0.5);
        check("arcsinh", 1e-15, x -> x - x * x * x / 6, -1e-6, 1e-6);
        check("arcsinh", 0, x -> x, -INF, -INF);
        check("arcsinh", 0, x -> x, INF, INF);
        check("arctan", 4e-15, x -> Math.asin(x / Math.sqrt(1 + x * x)), -1, 1);
        check("arctan", 4e-15, x -> Math.copySign(Math.acos(1 / Math.sqrt(1 + x * x)), x), 1, 1e6);
        check("arctan", 4e-15, x -> Math.copySign(Math.acos(1 / Math.sqrt(1 + x * x)), x), -1e6, -1);
        check("arctan", 0, x -> Math.copySign(Math.PI / 2, x), INF, INF);
        check("arctan", 0, x -> Math.copySign(Math.PI / 2, x), -INF, -INF);
    }

    @Test
    void logisticFamily() {
        check("sigmoid", 4e-15, StandardOperatorsTest::sigmoid, -700, 700);
        check("sigmoid", 0, x -> x > 0 ? 1.0 : 0.0, 800, INF);
        check("sigmoid", 0, x -> 0.0, -INF, -800);
        check("softplus", 4e-15, StandardOperatorsTest::softplusReference, -700, 700);
        check("softplus", 1e-15, x -> x, 40, INF);
        check("log_sigmoid", 4e-15, x -> -softplusReference(-x), -700, 700);
        check("log_sigmoid", 1e-15, x -> x, -INF, -40);
        check("swish", 4e-15, x -> x / (1 + Math.exp(-x)), -700, 700);
        check("swish", 0, x -> NAN, -INF, -INF); // -inf · 0
        check("swish", 0, x -> INF, INF, INF);
        check("softsign", 1e-16, x -> x / (1 + Math.abs(x)), -1e300, 1e300);
        check("softsign", 0, x -> NAN, INF, INF); // inf / inf
        check("hard_sigmoid", 1e-13, // 0.2x + 0.5 cancels near x = -2.5
                 x -> x <= -2.5 ? 0 : x >= 2.5 ? 1 : x / 5 + 0.5);
        check("mish", 4e-15, x -> x * Math.tanh(softplusReference(x)), -30, 30);
        check("elish", 4e-15, x -> x > 0 ? x / (1 + Math.exp(-x)) : (Math.exp(x) - 1) / (1 + Math.exp(-x)), -700, -0.5);
        check("elish", 4e-15, x -> x / (1 + Math.exp(-x)), 0, 700);
        check("elish", 4e-15, x -> { // eˣ − 1 by its Taylor series where exp(x) − 1 would cancel
            double term = x, sum = x;
            for (int k = 2; k < 20; k++) sum += term *= x / k;
            return sum * sigmoid(x);
        }, -0.5, 0);
    }

    @Test
    void rectifiers() {
        check("relu", 0, x -> x > 0 ? x : 0.0, -INF, -1e-300);
        check("relu", 0, x -> x, 0.0, INF);
        check("leakyrelu", 3e-16, x -> x > 0 ? x : x / 100);
        check("elu", 4e-15, x -> x > 0 ? x : Math.exp(x) - 1, -INF, -0.5);
        check("elu", 0, x -> x, 0.0, INF);
        check("selu", 4e-15, x -> x > 0 ? SCALE * x : SCALE * ALPHA * (Math.exp(x) - 1), -INF, -0.5);
        check("selu", 1e-15, x -> SCALE * x, 0.0, INF);
        check("selu", 0, x -> -SCALE * ALPHA, -INF, -INF);
        // gelu = x Φ(x), Φ(x) = (1 + erf(x/√2))/2; erf itself is checked in SpecialFunctionsTest.
        check("gelu", 4e-15, x -> x * (1 + SpecialFunctions.erf(x / Math.sqrt(2))) / 2, -1, 1e300);
        // erfc(a) amplifies the last-bit difference of a = -x/√2 by 2a² = x², up to 3600 at x = -60.
        check("gelu", 1e-12, x -> x * SpecialFunctions.erfc(-x / Math.sqrt(2)) / 2, -60, -1);
        check("gelu", 0, x -> 0.0, -1e300, -60); // x Φ(x) underflows
        check("gelu", 0, x -> NAN, -INF, -INF); // TF: 0.5·(−inf)·(1 + erf(−inf)) = −inf·0
        check("gelu", 0, x -> INF, INF, INF);
    }

    @Test
    void errorFunctionsAndBesselAreWiredToSpecialFunctions() {
        check("erf", 0, SpecialFunctions::erf);
        check("erfc", 0, SpecialFunctions::erfc);
        check("bessel_i0e", 0, SpecialFunctions::besselI0e);
        check("bessel_i1e", 0, SpecialFunctions::besselI1e);
        // Values known in closed form: erf(∞) = 1, i0e(0) = 1, and i1e(x) ~ 1/sqrt(2πx) for huge x.
        assertEquals(1.0, unary("erf", new double[] {INF})[0]);
        assertEquals(1.0, unary("bessel_i0e", new double[] {0})[0]);
        assertClose(1 / Math.sqrt(2 * Math.PI * 1e300), unary("bessel_i1e", new double[] {1e300})[0], 1e-15, "i1e(1e300)");
    }

    @Test
    void nanPropagatesThroughEveryOperatorButTheConstants() {
        for (Operator op : OPS.ofArity(Arity.UNARY)) {
            double y = unary(op.name(), new double[] {NAN})[0];
            if (op.name().equals("zero")) assertEquals(0.0, y);
            else if (op.name().equals("one")) assertEquals(1.0, y);
            else assertTrue(Double.isNaN(y), op.name() + "(nan) = " + y);
        }
    }

    private static double binary(String name, double a, double b) {
        double[] out = new double[1];
        OPS.get(name).binary().apply(new double[] {a}, new double[] {b}, out);
        return out[0];
    }

    @Test
    void binaryOperatorsAtManyPairs() {
        Map<String, DoubleBinaryOperator> expected = Map.of(
                "add", (a, b) -> a + b, "sub", (a, b) -> a + -b, "mul", (a, b) -> a * b, "div", (a, b) -> a * (1 / b),
                "max", (a, b) -> a != a || b != b ? NAN : a >= b ? a : b,
                "min", (a, b) -> a != a || b != b ? NAN : a <= b ? a : b);
        double[] x = points();
        for (var e : expected.entrySet()) {
            for (int i = 0; i < x.length; i += 3) {
                for (int j = 0; j < x.length; j += 7) {
                    double want = e.getValue().applyAsDouble(x[i], x[j]);
                    double got = binary(e.getKey(), x[i], x[j]);
                    if (e.getKey().equals("div") && Double.isFinite(want) && want != 0) assertClose(want, got, 4e-16, "div");
                    else if (!e.getKey().equals("div")) assertClose(want, got, 0, e.getKey() + "(" + x[i] + "," + x[j] + ")");
                }
            }
        }
        assertTrue(Double.isNaN(binary("div", 0, 0)));
        assertEquals(INF, binary("div", 1, 0));
        assertEquals(-INF, binary("div", 1, -0.0));
        assertTrue(Double.isNaN(binary("sub", INF, INF)));
        assertTrue(Double.isNaN(binary("mul", 0, INF)));
        assertTrue(Double.isNaN(binary("max", NAN, 1)) && Double.isNaN(binary("max", 1, NAN)));
        assertTrue(Double.isNaN(binary("min", NAN, -INF)) && Double.isNaN(binary("min", -INF, NAN)));
        assertEquals(5.0, binary("max", -INF, 5));
    }

    @Test
    void powFollowsC99() {
        assertEquals(1024.0, binary("pow", 2, 10));
        assertEquals(-8.0, binary("pow", -2, 3));
        assertEquals(Math.sqrt(2), binary("pow", 2, 0.5));
        assertEquals(0.125, binary("pow", 2, -3));
        assertTrue(Double.isNaN(binary("pow", -8, 1.0 / 3)));
        assertEquals(1.0, binary("pow", 1, NAN));
        assertEquals(1.0, binary("pow", 1, INF));
        assertEquals(1.0, binary("pow", -1, INF));
        assertEquals(1.0, binary("pow", -1, -INF));
        assertEquals(1.0, binary("pow", NAN, 0));
        assertEquals(1.0, binary("pow", NAN, -0.0));
        assertTrue(Double.isNaN(binary("pow", NAN, 1.5)));
        assertTrue(Double.isNaN(binary("pow", 2, NAN)));
        assertEquals(INF, binary("pow", 0.0, -1));
        assertEquals(-INF, binary("pow", -0.0, -1));
        assertEquals(0.0, binary("pow", 0.5, INF));
        assertEquals(INF, binary("pow", 2, INF));
        Random r = new Random(7);
        for (int i = 0; i < 500; i++) {
            double a = Math.abs(r.nextGaussian() * 3) + 1e-3, b = r.nextGaussian() * 3;
            assertClose(Math.exp(b * Math.log(a)), binary("pow", a, b), 1e-13, "pow(" + a + "," + b + ")");
        }
    }

    private static double nary(String name, double... args) {
        double[] out = new double[1];
        Operator op = OPS.get(name);
        op.binary().apply(new double[] {args[0]}, new double[] {args[1]}, out);
        for (int i = 2; i < args.length; i++) op.binary().apply(out, new double[] {args[i]}, out);
        return out[0];
    }

    @Test
    void naryOperatorsFoldLeftToRight() {
        assertEquals((0.1 + 0.2) + 0.3, nary("sum_n", 0.1, 0.2, 0.3));
        assertEquals(24.0, nary("prod_n", 1, 2, 3, 4));
        assertEquals(7.0, nary("max_n", -1, 7, 3, 2));
        assertEquals(-1.0, nary("min_n", -1, 7, 3, 2));
        assertTrue(Double.isNaN(nary("max_n", 1, NAN, 3)));
        assertTrue(Double.isNaN(nary("max_n", NAN, 1, 3)));
        assertTrue(Double.isNaN(nary("min_n", 1, 3, NAN)));
        assertTrue(Double.isNaN(nary("sum_n", INF, 1, -INF)));
        assertTrue(Double.isNaN(nary("prod_n", 0, 5, INF)));
        for (Operator op : OPS.ofArity(Arity.NARY)) {
            assertTrue(op.commutative(), op.name());
            if (!Arity.NARY.accepts(2) || Arity.NARY.accepts(1)) fail("n-ary must take 2 or more arguments");
        }
    }

    @Test
    void elishOfNegativeZeroIsPositiveZeroAsTensorFlowsFormulaGives() {
        // TF: (exp(x) - 1) * sigmoid(x) for x <= 0; exp(-0) - 1 = +0, and +0 * 0.5 = +0
        double v = org.aquasurf.eval.Evaluator.standard().compile("elish(x)").apply(new double[] {-0.0})[0];
        assertEquals(Double.doubleToRawLongBits((Math.exp(-0.0) - 1) * 0.5), Double.doubleToRawLongBits(v));
        assertEquals(0L, Double.doubleToRawLongBits(v), "+0, not -0");
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(org.aquasurf.eval.Evaluator.standard().compile("elu(x)").apply(new double[] {-0.0})[0]),
                "elu keeps -0 (TF's x < 0 ? expm1(x) : x)");
        assertEquals(org.aquasurf.canonical.Fingerprint.quantize(0.0), org.aquasurf.canonical.Fingerprint.quantize(-0.0),
                "the fingerprint treats the two zeros alike: no class changes");
    }
}
