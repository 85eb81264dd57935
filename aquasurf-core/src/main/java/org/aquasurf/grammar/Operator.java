package org.aquasurf.grammar;

import java.util.Objects;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.regex.Pattern;

/**
 * An operator of the grammar: its name, arity and reference semantics on doubles.
 *
 * <p>Unary operators carry a {@link UnaryKernel}; binary and n-ary operators carry a
 * {@link BinaryKernel}. An n-ary operator applied to {@code a1..an} is the left fold
 * {@code k(k(a1,a2),a3)...}, so its kernel must be associative and commutative.
 *
 * @param name        lower-case identifier, e.g. {@code relu}, {@code sum_n}
 * @param arity       how many arguments it takes
 * @param commutative whether argument order does not matter (always true for n-ary operators)
 * @param unary       the kernel of a unary operator, else null
 * @param binary      the kernel of a binary or n-ary operator, else null
 */
public record Operator(String name, Arity arity, boolean commutative, UnaryKernel unary, BinaryKernel binary) {

    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");

    public Operator {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arity, "arity");
        if (!NAME.matcher(name).matches() || name.equals("x") || Arity.ofPlaceholder(name) != null) {
            throw new IllegalArgumentException("operator name '" + name
                    + "' must match [a-z_][a-z0-9_]* and must not be x, unary, binary or n-ary");
        }
        if (arity == Arity.UNARY ? (unary == null || binary != null) : (binary == null || unary != null)) {
            throw new IllegalArgumentException("operator '" + name + "': a " + arity.placeholder()
                    + " operator needs exactly a " + (arity == Arity.UNARY ? "unary" : "binary") + " kernel");
        }
        if (arity == Arity.NARY && !commutative) {
            throw new IllegalArgumentException("n-ary operator '" + name + "' must be commutative");
        }
    }

    /** A unary operator from a scalar function. */
    public static Operator unary(String name, DoubleUnaryOperator f) {
        Objects.requireNonNull(f, "f");
        return new Operator(name, Arity.UNARY, false, (x, out) -> {
            for (int i = 0; i < out.length; i++) out[i] = f.applyAsDouble(x[i]);
        }, null);
    }

    /** A binary operator from a scalar function. */
    public static Operator binary(String name, boolean commutative, DoubleBinaryOperator f) {
        Objects.requireNonNull(f, "f");
        return new Operator(name, Arity.BINARY, commutative, null, elementwise(f));
    }

    /** An n-ary operator that folds an associative, commutative scalar function over its arguments. */
    public static Operator nary(String name, DoubleBinaryOperator f) {
        Objects.requireNonNull(f, "f");
        return new Operator(name, Arity.NARY, true, null, elementwise(f));
    }

    private static BinaryKernel elementwise(DoubleBinaryOperator f) {
        return (a, b, out) -> {
            for (int i = 0; i < out.length; i++) out[i] = f.applyAsDouble(a[i], b[i]);
        };
    }

    /** Element-wise kernel of a unary operator: {@code out[i] = f(x[i])}; {@code out} may alias {@code x}. */
    @FunctionalInterface
    public interface UnaryKernel {
        void apply(double[] x, double[] out);
    }

    /** Element-wise kernel of a binary operator: {@code out[i] = f(a[i], b[i])}; {@code out} may alias an input. */
    @FunctionalInterface
    public interface BinaryKernel {
        void apply(double[] a, double[] b, double[] out);
    }
}
