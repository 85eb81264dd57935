package org.aquasurf.grammar;

import java.util.function.DoubleBinaryOperator;

/**
 * The standard AQuaSurF operators with TensorFlow 2.8 semantics. Package-private: use
 * {@link OperatorRegistry#standard()}.
 *
 * <p>Semantics worth knowing (all as TensorFlow 2.8 on CPU):
 * <ul>
 *   <li>{@code max}, {@code min}, {@code max_n}, {@code min_n} propagate NaN (TF ≥ 2.4).</li>
 *   <li>{@code zero} and {@code one} ignore their input: {@code zero(nan) = 0}, {@code one(inf) = 1}.</li>
 *   <li>{@code pow} follows C's {@code pow}: {@code pow(1, y) = 1} and {@code pow(-1, ±inf) = 1}
 *       even for NaN/infinite y, {@code pow(x, 0) = 1} for every x; negative base with a
 *       non-integer exponent gives NaN.</li>
 *   <li>{@code hard_sigmoid} = clip(0.2x + 0.5, 0, 1) (Keras); {@code leakyrelu} slope 0.01;
 *       {@code elish} = x·σ(x) for x &gt; 0 and (eˣ − 1)·σ(x) otherwise (so elish(−0) = +0, as TF's
 *       eˣ − 1 gives; the fingerprint treats ±0 alike, so no class changes); {@code gelu} is the exact
 *       form x·Φ(x) = ½x·erfc(−x/√2); {@code selu} uses the constants of Klambauer et al. 2017.</li>
 *   <li>{@code relu(nan) = nan}; {@code softsign(±inf) = nan} (inf/inf), {@code swish(-inf) = nan}
 *       (−inf·0), as the literal TF formulas give.</li>
 *   <li>{@code sum_n} and {@code prod_n} fold left to right: {@code (a1 + a2) + a3}.</li>
 * </ul>
 */
final class StandardOperators {

    private StandardOperators() {}

    /** SELU constants of Klambauer et al. (2017), as TensorFlow uses them. */
    static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    static final double SELU_SCALE = 1.0507009873554804934193349852946;
    private static final double SQRT_HALF = Math.sqrt(0.5);

    static OperatorRegistry registry() {
        return OperatorRegistry.builder()
                // n-ary
                .add(new Operator("sum_n", Arity.NARY, true, null, StandardOperators::add))
                .add(new Operator("prod_n", Arity.NARY, true, null, StandardOperators::mul))
                .add(new Operator("max_n", Arity.NARY, true, null, StandardOperators::max))
                .add(new Operator("min_n", Arity.NARY, true, null, StandardOperators::min))
                // binary
                .add(new Operator("add", Arity.BINARY, true, null, StandardOperators::add))
                .add(new Operator("sub", Arity.BINARY, false, null, StandardOperators::sub))
                .add(new Operator("mul", Arity.BINARY, true, null, StandardOperators::mul))
                .add(new Operator("div", Arity.BINARY, false, null, StandardOperators::div))
                .add(new Operator("pow", Arity.BINARY, false, null, elementwise(StandardOperators::pow)))
                .add(new Operator("max", Arity.BINARY, true, null, StandardOperators::max))
                .add(new Operator("min", Arity.BINARY, true, null, StandardOperators::min))
                // unary
                .add(Operator.unary("zero", x -> 0.0))
                .add(Operator.unary("one", x -> 1.0))
                .add(Operator.unary("identity", x -> x))
                .add(Operator.unary("negative", x -> -x))
                .add(Operator.unary("abs", Math::abs))
                .add(Operator.unary("reciprocal", x -> 1.0 / x))
                .add(Operator.unary("square", x -> x * x))
                .add(Operator.unary("exp", Math::exp))
                .add(Operator.unary("erf", SpecialFunctions::erf))
                .add(Operator.unary("erfc", SpecialFunctions::erfc))
                .add(Operator.unary("sinh", Math::sinh))
                .add(Operator.unary("cosh", Math::cosh))
                .add(Operator.unary("tanh", Math::tanh))
                .add(Operator.unary("expm1", Math::expm1))
                .add(Operator.unary("sigmoid", SpecialFunctions::sigmoid))
                .add(Operator.unary("log_sigmoid", x -> -SpecialFunctions.softplus(-x)))
                .add(Operator.unary("arcsinh", SpecialFunctions::asinh))
                .add(Operator.unary("arctan", Math::atan))
                .add(Operator.unary("bessel_i0e", SpecialFunctions::besselI0e))
                .add(Operator.unary("bessel_i1e", SpecialFunctions::besselI1e))
                .add(Operator.unary("relu", x -> x < 0 ? 0.0 : x))
                .add(Operator.unary("elu", x -> x < 0 ? Math.expm1(x) : x))
                .add(Operator.unary("selu", x -> SELU_SCALE * (x < 0 ? SELU_ALPHA * Math.expm1(x) : x)))
                .add(Operator.unary("swish", x -> x * SpecialFunctions.sigmoid(x)))
                .add(Operator.unary("softplus", SpecialFunctions::softplus))
                .add(Operator.unary("softsign", x -> x / (1.0 + Math.abs(x))))
                .add(Operator.unary("hard_sigmoid", x -> Math.min(Math.max(0.2 * x + 0.5, 0.0), 1.0)))
                .add(Operator.unary("elish", x -> (x > 0 ? x : Math.expm1(x) + 0.0) * SpecialFunctions.sigmoid(x))) // TF's exp(x) - 1: +0 at -0
                .add(Operator.unary("leakyrelu", x -> x > 0 ? x : 0.01 * x))
                .add(Operator.unary("mish", x -> x * Math.tanh(SpecialFunctions.softplus(x))))
                .add(Operator.unary("gelu", x -> 0.5 * x * SpecialFunctions.erfc(-x * SQRT_HALF)))
                .build();
    }

    /** C99/IEEE 754 {@code pow}, which differs from {@link Math#pow} only for a base of ±1. */
    static double pow(double a, double b) {
        if (a == 1.0) return 1.0;
        if (a == -1.0 && Double.isInfinite(b)) return 1.0;
        return Math.pow(a, b);
    }

    // Dedicated loops for the binary kernels: they run once per name in a space, so they must be tight.

    private static void add(double[] a, double[] b, double[] out) {
        for (int i = 0; i < out.length; i++) out[i] = a[i] + b[i];
    }

    private static void sub(double[] a, double[] b, double[] out) {
        for (int i = 0; i < out.length; i++) out[i] = a[i] - b[i];
    }

    private static void mul(double[] a, double[] b, double[] out) {
        for (int i = 0; i < out.length; i++) out[i] = a[i] * b[i];
    }

    private static void div(double[] a, double[] b, double[] out) {
        for (int i = 0; i < out.length; i++) out[i] = a[i] / b[i];
    }

    private static void max(double[] a, double[] b, double[] out) {
        for (int i = 0; i < out.length; i++) out[i] = Math.max(a[i], b[i]);
    }

    private static void min(double[] a, double[] b, double[] out) {
        for (int i = 0; i < out.length; i++) out[i] = Math.min(a[i], b[i]);
    }

    private static Operator.BinaryKernel elementwise(DoubleBinaryOperator f) {
        return (a, b, out) -> {
            for (int i = 0; i < out.length; i++) out[i] = f.applyAsDouble(a[i], b[i]);
        };
    }
}
