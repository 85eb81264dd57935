package org.aquasurf.grammar;

/**
 * The standard AQuaSurF operators with TensorFlow 2.8 semantics. Package-private: use
 * {@link OperatorRegistry#standard()}.
 */
final class StandardOperators {

    private StandardOperators() {}

    static OperatorRegistry registry() {
        return OperatorRegistry.builder()
                // n-ary
                .add(Operator.nary("sum_n", Double::sum))
                .add(Operator.nary("prod_n", (a, b) -> a * b))
                .add(Operator.nary("max_n", Math::max))
                .add(Operator.nary("min_n", Math::min))
                // binary
                .add(Operator.binary("add", true, Double::sum))
                .add(Operator.binary("sub", false, (a, b) -> a - b))
                .add(Operator.binary("mul", true, (a, b) -> a * b))
                .add(Operator.binary("div", false, (a, b) -> a / b))
                .add(Operator.binary("pow", false, Math::pow))
                .add(Operator.binary("max", true, Math::max))
                .add(Operator.binary("min", true, Math::min))
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
                .add(Operator.unary("relu", x -> x > 0 ? x : (x == x ? 0.0 : x)))
                .add(Operator.unary("elu", x -> x > 0 ? x : Math.expm1(x)))
                .add(Operator.unary("selu", x -> SELU_SCALE * (x > 0 ? x : SELU_ALPHA * Math.expm1(x))))
                .add(Operator.unary("swish", x -> x * SpecialFunctions.sigmoid(x)))
                .add(Operator.unary("softplus", SpecialFunctions::softplus))
                .add(Operator.unary("softsign", x -> x / (1 + Math.abs(x))))
                .add(Operator.unary("hard_sigmoid", x -> x < -2.5 ? 0.0 : x > 2.5 ? 1.0 : 0.2 * x + 0.5))
                .add(Operator.unary("elish", x -> x >= 0 ? x * SpecialFunctions.sigmoid(x)
                        : Math.expm1(x) * SpecialFunctions.sigmoid(x)))
                .add(Operator.unary("leakyrelu", x -> x > 0 ? x : 0.01 * x))
                .add(Operator.unary("mish", x -> x * Math.tanh(SpecialFunctions.softplus(x))))
                .add(Operator.unary("gelu", x -> 0.5 * x * SpecialFunctions.erfc(-x / Math.sqrt(2))))
                .build();
    }

    /** SELU constants of Klambauer et al. (2017), as TensorFlow uses them. */
    static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    static final double SELU_SCALE = 1.0507009873554804934193349852946;
}
