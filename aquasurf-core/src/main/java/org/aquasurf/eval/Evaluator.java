package org.aquasurf.eval;

import org.aquasurf.grammar.Arity;
import org.aquasurf.grammar.Expr;
import org.aquasurf.grammar.Operator;
import org.aquasurf.grammar.OperatorRegistry;
import org.aquasurf.grammar.Parser;

/** Evaluates expressions on double arrays with the semantics of an operator registry. */
public final class Evaluator {
    private static final Evaluator STANDARD = new Evaluator(Parser.standard());
    private final Parser parser;

    public Evaluator(Parser parser) { this.parser = parser; }

    /** The evaluator of the standard operators. */
    public static Evaluator standard() { return STANDARD; }

    /** The parser (and so the registry) this evaluator uses. */
    public Parser parser() { return parser; }

    /** Compiles an expression. TODO(eval): compiled tree with shared sub-expressions. */
    public CompiledFunction compile(Expr e) {
        OperatorRegistry reg = parser.registry();
        return x -> eval(reg, e, x);
    }

    /** Outputs of the named function on {@link StandardInputs}. */
    public double[] outputs(String name) {
        return compile(parser.parse(name)).apply(StandardInputs.values());
    }

    private static double[] eval(OperatorRegistry reg, Expr e, double[] x) {
        if (e instanceof Expr.X) return x.clone();
        Expr.Apply a = (Expr.Apply) e;
        Operator op = reg.get(a.op());
        double[] out = eval(reg, a.args().get(0), x);
        if (op.arity() == Arity.UNARY) { op.unary().apply(out, out); return out; }
        for (int i = 1; i < a.args().size(); i++) op.binary().apply(out, eval(reg, a.args().get(i), x), out);
        return out;
    }
}
