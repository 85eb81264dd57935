package org.aquasurf.nn;

import ai.djl.ndarray.NDArray;
import java.util.Objects;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.aquasurf.grammar.Arity;

/**
 * The NDArray form of a grammar operator: element-wise, differentiable by DJL autograd, and equal
 * (to float precision) to the double semantics of the operator of the same name in an
 * {@link org.aquasurf.grammar.OperatorRegistry}.
 *
 * <p>Unary operators carry {@code unary}; binary and n-ary operators carry {@code binary}. An n-ary
 * operator applied to {@code a1..an} is the left fold {@code k(k(a1,a2),a3)...}, as in the grammar.
 *
 * @param name   the operator's name in the grammar, e.g. {@code relu}
 * @param arity  how many arguments it takes; must equal the grammar operator's arity
 * @param unary  the kernel of a unary operator, else null
 * @param binary the kernel of a binary or n-ary operator, else null
 */
public record NdOperator(String name, Arity arity, UnaryOperator<NDArray> unary, BinaryOperator<NDArray> binary) {

    public NdOperator {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arity, "arity");
        if (arity == Arity.UNARY ? (unary == null || binary != null) : (binary == null || unary != null)) {
            throw new IllegalArgumentException("NDArray operator '" + name + "': a " + arity.placeholder()
                    + " operator needs exactly a " + (arity == Arity.UNARY ? "unary" : "binary") + " kernel");
        }
    }

    /** A unary operator {@code f(x)}. */
    public static NdOperator unary(String name, UnaryOperator<NDArray> f) {
        return new NdOperator(name, Arity.UNARY, Objects.requireNonNull(f, "f"), null);
    }

    /** A binary operator {@code f(a, b)}. */
    public static NdOperator binary(String name, BinaryOperator<NDArray> f) {
        return new NdOperator(name, Arity.BINARY, null, Objects.requireNonNull(f, "f"));
    }

    /** An n-ary operator folding the associative, commutative {@code f} over its arguments. */
    public static NdOperator nary(String name, BinaryOperator<NDArray> f) {
        return new NdOperator(name, Arity.NARY, null, Objects.requireNonNull(f, "f"));
    }
}
