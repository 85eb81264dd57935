package org.aquasurf.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.nn.Activation;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable set of {@link NdOperator}s by name: the NDArray semantics of grammar operators.
 * {@link #standard()} implements the 42 standard AQuaSurF operators with the semantics of
 * {@link org.aquasurf.grammar.OperatorRegistry#standard()}, including NaN and infinity handling.
 * A user who adds an operator to the grammar registers its NDArray form here under the same name:
 * <pre>{@code
 * OperatorRegistry grammar = OperatorRegistry.standard().toBuilder()
 *         .add(Operator.unary("cube", x -> x * x * x)).build();
 * NdOperators nd = NdOperators.standard().toBuilder()
 *         .add(NdOperator.unary("cube", x -> x.mul(x).mul(x))).build();
 * ActivationBlock block = ActivationBlock.of("max(cube(x),x)", new Parser(grammar), nd);
 * }</pre>
 */
public final class NdOperators {

    private static final NdOperators STANDARD = standardOperators();

    private final Map<String, NdOperator> byName;

    private NdOperators(Map<String, NdOperator> byName) {
        this.byName = Collections.unmodifiableMap(new LinkedHashMap<>(byName));
    }

    /** The NDArray forms of the 4 n-ary, 7 binary and 31 unary standard operators. */
    public static NdOperators standard() {
        return STANDARD;
    }

    /** An empty builder. */
    public static Builder builder() {
        return new Builder(new LinkedHashMap<>());
    }

    /** A builder starting from these operators. */
    public Builder toBuilder() {
        return new Builder(new LinkedHashMap<>(byName));
    }

    /** The operator called {@code name}, if any. */
    public Optional<NdOperator> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** All operator names, in registration order. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** Builds operator sets; adding a name twice replaces the earlier operator. */
    public static final class Builder {
        private final Map<String, NdOperator> ops;

        private Builder(Map<String, NdOperator> ops) { this.ops = ops; }

        public Builder add(NdOperator op) {
            ops.put(op.name(), op);
            return this;
        }

        public NdOperators build() {
            return new NdOperators(ops);
        }
    }

    private static NdOperators standardOperators() {
        return builder()
                // n-ary
                .add(NdOperator.nary("sum_n", NDArray::add))
                .add(NdOperator.nary("prod_n", NDArray::mul))
                .add(NdOperator.nary("max_n", NDArray::maximum))
                .add(NdOperator.nary("min_n", NDArray::minimum))
                // binary
                .add(NdOperator.binary("add", NDArray::add))
                .add(NdOperator.binary("sub", NDArray::sub))
                .add(NdOperator.binary("mul", NDArray::mul))
                .add(NdOperator.binary("div", NDArray::div))
                .add(NdOperator.binary("pow", NdSpecialFunctions::pow))
                .add(NdOperator.binary("max", NDArray::maximum))
                .add(NdOperator.binary("min", NDArray::minimum))
                // unary
                .add(NdOperator.unary("zero", x -> NdSpecialFunctions.constant(x, 0)))
                .add(NdOperator.unary("one", x -> NdSpecialFunctions.constant(x, 1)))
                .add(NdOperator.unary("identity", x -> x))
                .add(NdOperator.unary("negative", NDArray::neg))
                .add(NdOperator.unary("abs", NDArray::abs))
                .add(NdOperator.unary("reciprocal", x -> x.onesLike().div(x)))
                .add(NdOperator.unary("square", NDArray::square))
                .add(NdOperator.unary("exp", NDArray::exp))
                .add(NdOperator.unary("erf", NDArray::erf))
                .add(NdOperator.unary("erfc", NdSpecialFunctions::erfc))
                .add(NdOperator.unary("sinh", NDArray::sinh))
                .add(NdOperator.unary("cosh", NDArray::cosh))
                .add(NdOperator.unary("tanh", NDArray::tanh))
                .add(NdOperator.unary("expm1", NdSpecialFunctions::expm1))
                .add(NdOperator.unary("sigmoid", Activation::sigmoid))
                .add(NdOperator.unary("log_sigmoid", NdSpecialFunctions::logSigmoid))
                .add(NdOperator.unary("arcsinh", NdSpecialFunctions::asinh))
                .add(NdOperator.unary("arctan", NDArray::atan))
                .add(NdOperator.unary("bessel_i0e", NdSpecialFunctions::besselI0e))
                .add(NdOperator.unary("bessel_i1e", NdSpecialFunctions::besselI1e))
                .add(NdOperator.unary("relu", Activation::relu))
                .add(NdOperator.unary("elu", NdSpecialFunctions::elu))
                .add(NdOperator.unary("selu", NdSpecialFunctions::selu))
                .add(NdOperator.unary("swish", x -> x.mul(Activation.sigmoid(x))))
                .add(NdOperator.unary("softplus", NdSpecialFunctions::softplus))
                .add(NdOperator.unary("softsign", x -> x.div(x.abs().add(1))))
                .add(NdOperator.unary("hard_sigmoid", x -> NdScalars.mul(x, 0.2).add(0.5).clip(0, 1)))
                .add(NdOperator.unary("elish", NdSpecialFunctions::elish))
                .add(NdOperator.unary("leakyrelu", x -> NDArrays.where(x.gt(0), x, NdScalars.mul(x, 0.01))))
                .add(NdOperator.unary("mish", x -> x.mul(NdSpecialFunctions.softplus(x).tanh())))
                .add(NdOperator.unary("gelu", NdSpecialFunctions::gelu))
                .build();
    }
}
