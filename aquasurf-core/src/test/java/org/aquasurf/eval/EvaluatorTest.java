package org.aquasurf.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.aquasurf.grammar.Arity;
import org.aquasurf.grammar.Expr;
import org.aquasurf.grammar.Operator;
import org.aquasurf.grammar.OperatorRegistry;
import org.aquasurf.grammar.ParseException;
import org.aquasurf.grammar.Parser;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

    private static final Evaluator EV = Evaluator.standard();

    /** Second method: a scalar tree walk, one input at a time, without compilation or sharing. */
    private static double scalar(OperatorRegistry ops, Expr e, double x) {
        if (e instanceof Expr.X) return x;
        Expr.Apply a = (Expr.Apply) e;
        Operator op = ops.get(a.op());
        double[] out = new double[1];
        if (op.arity() == Arity.UNARY) {
            op.unary().apply(new double[] {scalar(ops, a.args().get(0), x)}, out);
            return out[0];
        }
        out[0] = scalar(ops, a.args().get(0), x);
        for (int i = 1; i < a.args().size(); i++) {
            op.binary().apply(new double[] {out[0]}, new double[] {scalar(ops, a.args().get(i), x)}, out);
        }
        return out[0];
    }

    @Test
    void compiledProgramsEqualAScalarTreeWalkBitForBit() {
        Random r = new Random(3);
        double[] x = StandardInputs.values();
        for (int n = 0; n < 300; n++) {
            Expr e = org.aquasurf.grammar.ParserTestSupport.randomExpr(r, OperatorRegistry.standard(), 5);
            double[] y = EV.compile(e).apply(x);
            for (int i = 0; i < x.length; i += 37) {
                double want = scalar(OperatorRegistry.standard(), e, x[i]);
                assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(y[i]), e + " at x=" + x[i]);
            }
        }
    }

    @Test
    void sharedSubExpressionsAreComputedOnce() {
        AtomicInteger calls = new AtomicInteger();
        OperatorRegistry ops = OperatorRegistry.standard().toBuilder()
                .add(new Operator("counted", Arity.UNARY, false, (in, out) -> {
                    calls.incrementAndGet();
                    System.arraycopy(in, 0, out, 0, in.length);
                }, null))
                .build();
        Evaluator ev = new Evaluator(new Parser(ops));
        CompiledFunction f = ev.compile("sum_n(counted(x), mul(counted(x), counted(x)), tanh(counted(x)))");
        assertEquals(4, f.steps()); // counted, mul, tanh, sum_n
        double[] x = {0.5, -2};
        double[] y = f.apply(x);
        assertEquals(1, calls.get());
        assertEquals(0.5 + 0.25 + Math.tanh(0.5), y[0], 1e-15);
        assertEquals(-2 + 4 + Math.tanh(-2), y[1], 1e-15);
        assertEquals(3, ev.compile("add(counted(counted(x)),counted(counted(x)))").steps());
    }

    @Test
    void outputsOnStandardInputsAndKnownIdentities() {
        double[] x = StandardInputs.values();
        assertArrayEquals(x, EV.outputs("x"));
        assertArrayEquals(EV.outputs("swish(x)"), EV.outputs("mul(x,sigmoid(x))"));
        assertArrayEquals(EV.outputs("relu(x)"), EV.outputs("max(x,zero(x))"));
        double[] y = EV.outputs("max(relu(x),cosh(elu(x)))");
        for (int i = 0; i < x.length; i++) {
            double elu = x[i] > 0 ? x[i] : Math.expm1(x[i]);
            assertEquals(Math.max(Math.max(x[i], 0), Math.cosh(elu)), y[i], 1e-15 * Math.cosh(elu));
        }
        double[] in = {1, 2, 3};
        EV.compile("relu(x)").apply(in);
        assertArrayEquals(new double[] {1, 2, 3}, in, "input untouched");
    }

    @Test
    void badExpressionsFailWithClearMessages() {
        assertTrue(assertThrows(ParseException.class, () -> EV.outputs("rleu(x)")).getMessage().contains("unknown operator 'rleu'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EV.compile(Expr.apply("unary", Expr.X)))
                .getMessage().contains("placeholder 'unary'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EV.compile(Expr.apply("cube", Expr.X)))
                .getMessage().contains("unknown operator 'cube'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EV.compile(Expr.apply("relu", Expr.X, Expr.X)))
                .getMessage().contains("'relu' takes 1 argument but was given 2"));
    }

    @Test
    void compiledFunctionsAreThreadSafe() {
        CompiledFunction f = EV.compile("add(gelu(x),bessel_i0e(mul(x,x)))");
        double[] x = StandardInputs.values();
        double[] expected = f.apply(x);
        List<double[]> results = IntStream.range(0, 64).parallel().mapToObj(i -> f.apply(x)).toList();
        for (double[] r : results) assertArrayEquals(expected, r);
    }
}
