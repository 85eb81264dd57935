package org.aquasurf.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.aquasurf.grammar.Arity;
import org.aquasurf.grammar.Expr;
import org.aquasurf.grammar.Operator;
import org.aquasurf.grammar.OperatorRegistry;
import org.aquasurf.grammar.Parser;

/**
 * Evaluates expressions on double arrays with the semantics of an operator registry.
 *
 * <p>{@link #compile(Expr)} turns a tree into a flat program over array registers: every distinct
 * sub-expression (structurally equal subtrees, found by hash-consing) is one step, computed once
 * per call and read by all its uses; each step is one pass of its operator's kernel over the arrays.
 * Instances are immutable and thread-safe.
 */
public final class Evaluator {
    private static final Evaluator STANDARD = new Evaluator(Parser.standard());
    private final Parser parser;

    /** An evaluator for the operators known to {@code parser}. */
    public Evaluator(Parser parser) { this.parser = Objects.requireNonNull(parser, "parser"); }

    /** The evaluator of the standard operators. */
    public static Evaluator standard() { return STANDARD; }

    /** The parser (and so the registry) this evaluator uses. */
    public Parser parser() { return parser; }

    /** The operators this evaluator knows. */
    public OperatorRegistry registry() { return parser.registry(); }

    /**
     * Compiles a concrete expression.
     *
     * @throws IllegalArgumentException naming the operator if it is unknown, a placeholder, or
     *                                  applied to a wrong number of arguments
     */
    public CompiledFunction compile(Expr e) {
        Objects.requireNonNull(e, "expression");
        List<Step> steps = new ArrayList<>();
        int result = new Builder(registry(), steps).register(e);
        return new Program(List.copyOf(steps), result);
    }

    /** Parses and compiles a function name; throws {@link org.aquasurf.grammar.ParseException} if malformed. */
    public CompiledFunction compile(String name) {
        return compile(parser.parse(name));
    }

    /** Outputs of the named function on {@link StandardInputs}. */
    public double[] outputs(String name) {
        return outputs(parser.parse(name));
    }

    /** Outputs of a concrete expression on {@link StandardInputs}. */
    public double[] outputs(Expr e) {
        return compile(e).apply(StandardInputs.values());
    }

    /** One kernel pass: register {@code out} = op(registers {@code args}); register 0 is the input x. */
    record Step(Operator op, int[] args, int out) {}

    /** Hash-conses subtrees into steps; registers are numbered in evaluation order. */
    private static final class Builder {
        private final OperatorRegistry registry;
        private final List<Step> steps;
        private final Map<Expr, Integer> registerOf = new HashMap<>();

        Builder(OperatorRegistry registry, List<Step> steps) {
            this.registry = registry;
            this.steps = steps;
        }

        int register(Expr e) {
            if (e instanceof Expr.X) return 0;
            Integer known = registerOf.get(e);
            if (known != null) return known;
            Expr.Apply a = (Expr.Apply) e;
            Operator op = resolve(registry, a);
            int[] args = new int[a.args().size()];
            for (int i = 0; i < args.length; i++) args[i] = register(a.args().get(i));
            int out = steps.size() + 1;
            steps.add(new Step(op, args, out));
            registerOf.put(e, out);
            return out;
        }
    }

    /** The operator of {@code a}, checked against the registry and its arity. */
    static Operator resolve(OperatorRegistry registry, Expr.Apply a) {
        if (Arity.ofPlaceholder(a.op()) != null) {
            throw new IllegalArgumentException("cannot evaluate placeholder '" + a.op() + "' in " + a
                    + ": expand the schema first");
        }
        Operator op = registry.get(a.op());
        if (!op.arity().accepts(a.args().size())) {
            throw new IllegalArgumentException("'" + a.op() + "' takes " + op.arity().describe()
                    + " but was given " + a.args().size() + " in " + a);
        }
        return op;
    }

    /** Applies one operator to argument arrays, writing into {@code out}. */
    static void apply(Operator op, double[][] args, double[] out) {
        if (op.arity() == Arity.UNARY) {
            op.unary().apply(args[0], out);
            return;
        }
        op.binary().apply(args[0], args[1], out);
        for (int i = 2; i < args.length; i++) op.binary().apply(out, args[i], out);
    }

    /** A compiled program; registers are allocated per call, so it is thread-safe. */
    private record Program(List<Step> program, int result) implements CompiledFunction {
        @Override
        public double[] apply(double[] x) {
            Objects.requireNonNull(x, "x");
            if (result == 0) return x.clone();
            double[][] registers = new double[program.size() + 1][];
            registers[0] = x;
            for (Step s : program) {
                double[][] args = new double[s.args().length][];
                for (int i = 0; i < args.length; i++) args[i] = registers[s.args()[i]];
                double[] out = new double[x.length];
                Evaluator.apply(s.op(), args, out);
                registers[s.out()] = out;
            }
            return registers[result];
        }

        @Override
        public int steps() {
            return program.size();
        }
    }
}
