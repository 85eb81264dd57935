package org.aquasurf.grammar;

import java.util.List;
import java.util.Objects;

/**
 * An activation function as an immutable expression tree over the input {@code x}.
 *
 * <p>Printing ({@link #toString()}) gives the canonical text form without whitespace, e.g.
 * {@code max(relu(x),cosh(elu(x)))}; {@link Parser#parse(String)} reads it back.
 */
public sealed interface Expr permits Expr.X, Expr.Apply {

    /** The input variable {@code x}. */
    X X = new X();

    /** Number of nodes in the tree (each {@code x} and each operator application counts one). */
    int size();

    /** Depth of the tree: 1 for {@code x}. */
    int depth();

    /** The leaf {@code x}. Use the constant {@link Expr#X}. */
    record X() implements Expr {
        @Override public int size() { return 1; }
        @Override public int depth() { return 1; }
        @Override public String toString() { return "x"; }
    }

    /**
     * An operator applied to arguments. {@code op} is an operator name of a registry or, in a
     * schema, one of the placeholders {@code unary}, {@code binary}, {@code n-ary}.
     */
    record Apply(String op, List<Expr> args) implements Expr {
        public Apply {
            Objects.requireNonNull(op, "op");
            args = List.copyOf(args);
            if (args.isEmpty()) throw new IllegalArgumentException("operator '" + op + "' needs arguments");
        }

        @Override public int size() {
            int n = 1;
            for (Expr a : args) n += a.size();
            return n;
        }

        @Override public int depth() {
            int d = 0;
            for (Expr a : args) d = Math.max(d, a.depth());
            return d + 1;
        }

        @Override public String toString() {
            StringBuilder sb = new StringBuilder(op).append('(');
            for (int i = 0; i < args.size(); i++) {
                if (i > 0) sb.append(',');
                sb.append(args.get(i));
            }
            return sb.append(')').toString();
        }
    }

    /** {@code op(args...)}. */
    static Expr apply(String op, Expr... args) {
        return new Apply(op, List.of(args));
    }
}
