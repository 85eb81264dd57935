package org.aquasurf.nn;

import static org.aquasurf.nn.Reference.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.aquasurf.grammar.Arity;
import org.aquasurf.grammar.Operator;
import org.aquasurf.grammar.OperatorRegistry;
import org.junit.jupiter.api.Test;

/** Every standard NDArray operator against the core double evaluator: values, edge values and gradients. */
class NdOperatorsTest extends ManagedNdTest {

    /** Core's erf is a 1.5e-7-absolute placeholder for now: operators built on it get an absolute slack. */
    private static final Set<String> ERF_BASED = Set.of("erf", "erfc", "gelu");
    /** Kinks of some standard operator (relu, abs, hard_sigmoid, ...): gradients are not compared there. */
    private static final double[] KINKS = {0, -2.5, 2.5};

    private static final float MAX = Float.MAX_VALUE;
    private static final float INF = Float.POSITIVE_INFINITY;
    private static final float[] EDGES = {Float.NaN, INF, -INF, 0f, -0f, 1e-30f, -1e-30f, 1e-8f, -1e-8f, 1e-3f, -1e-3f,
        0.5f, -0.5f, 1f, -1f, 2f, -2f, 8f, -8f, 20f, -20f, 50f, -50f, 88f, -88f, 100f, -100f, 1e5f, -1e5f,
        1e30f, -1e30f, MAX, -MAX};

    @Test
    void standardImplementsEveryGrammarOperatorWithItsArity() {
        OperatorRegistry grammar = OperatorRegistry.standard();
        assertEquals(grammar.names(), NdOperators.standard().names());
        assertEquals(42, NdOperators.standard().names().size());
        for (Operator op : grammar.ofArity(Arity.UNARY)) assertEquals(Arity.UNARY, nd(op.name()).arity(), op.name());
        for (Operator op : grammar.ofArity(Arity.BINARY)) assertEquals(Arity.BINARY, nd(op.name()).arity(), op.name());
        for (Operator op : grammar.ofArity(Arity.NARY)) assertEquals(Arity.NARY, nd(op.name()).arity(), op.name());
    }

    @Test
    void unaryOperatorsEqualCoreOnAGridAndOnEdgeValues() {
        float[] grid = Reference.grid(-5, 5, 2000);
        float[] x = new float[grid.length + EDGES.length];
        System.arraycopy(grid, 0, x, 0, grid.length);
        System.arraycopy(EDGES, 0, x, grid.length, EDGES.length);
        for (Operator op : OperatorRegistry.standard().ofArity(Arity.UNARY)) {
            String name = op.name() + "(x)";
            float[] in = op.name().startsWith("bessel") ? withoutHuge(x, 100) : x;   // core's series overflows beyond ~700
            float[] got = Reference.forward(ActivationBlock.of(name), manager, in);
            double rtol = ERF_BASED.contains(op.name()) ? 1e-5 : 1e-6;
            double atol = ERF_BASED.contains(op.name()) ? 3e-7 : op.name().equals("hard_sigmoid") ? 1e-7 : 0;
            assertClose(name, in, got, Reference.core(name, in), rtol, atol);
        }
    }

    @Test
    void binaryAndNaryOperatorsEqualCoreOnAllPairsOfEdgeValues() {
        float[] values = {Float.NaN, INF, -INF, 0f, -0f, 1f, -1f, 0.5f, -0.5f, 2f, -2f, 3f, -3f, 1e30f, -1e30f, 0.3f, -2.7f};
        int n = values.length;
        float[] a = new float[n * n];
        float[] b = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i * n + j] = values[i];
                b[i * n + j] = values[j];
            }
        }
        for (Operator op : binaryAndNary()) {
            NdOperator nd = nd(op.name());
            float[] got = nd.binary().apply(manager.create(a), manager.create(b)).toFloatArray();
            double[] ref = new double[a.length];
            op.binary().apply(Reference.toDouble(a), Reference.toDouble(b), ref);
            assertClose(op.name() + "(a,b) on " + java.util.Arrays.toString(values), a, got, ref, 1e-6, 0);
        }
    }

    @Test
    void naryOperatorsFoldThreeArgumentsLikeCore() {
        float[] x = Reference.grid(-3, 3, 200);
        for (String name : List.of("sum_n(x,sin_free(x),x)", "prod_n(x,x,x)", "max_n(x,square(x),negative(x))",
                "min_n(x,square(x),negative(x))", "sum_n(exp(x),negative(x),reciprocal(x))")) {
            String n = name.replace("sin_free(x)", "tanh(x)");
            assertClose(n, x, Reference.forward(ActivationBlock.of(n), manager, x), Reference.core(n, x), 1e-6, 1e-7);
        }
    }

    @Test
    void unaryGradientsEqualFiniteDifferencesOfCore() {
        float[] x = awayFromKinks(Reference.grid(-5, 5, 200));
        for (Operator op : OperatorRegistry.standard().ofArity(Arity.UNARY)) {
            String name = op.name() + "(x)";
            float[] grad = Reference.gradient(ActivationBlock.of(name), manager, x);
            double atol = ERF_BASED.contains(op.name()) ? 1e-5 : 1e-6;
            assertClose("d/dx " + name, x, grad, Reference.coreDerivative(name, x), 1e-4, atol);
        }
    }

    @Test
    void binaryGradientsEqualFiniteDifferencesOfCore() {
        int n = 400;
        float[] a = new float[n];
        float[] b = new float[n];
        java.util.Random r = new java.util.Random(7);
        for (int i = 0; i < n; i++) {
            a[i] = (float) (0.2 + 2.8 * r.nextDouble());   // positive bases keep pow real
            b[i] = (float) (-2 + 4 * r.nextDouble());
            if (Math.abs(a[i] - b[i]) < 1e-2) b[i] += 0.05f;   // away from the kinks of max and min
        }
        for (Operator op : binaryAndNary()) {
            NdOperator nd = nd(op.name());
            NDArray na = manager.create(a);
            NDArray nb = manager.create(b);
            na.setRequiresGradient(true);
            nb.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(nd.binary().apply(na, nb).sum());
            }
            double[] da = new double[n];
            double[] db = new double[n];
            for (int i = 0; i < n; i++) {
                double h = 1e-6;
                da[i] = (f(op, a[i] + h, b[i]) - f(op, a[i] - h, b[i])) / (2 * h);
                db[i] = (f(op, a[i], b[i] + h) - f(op, a[i], b[i] - h)) / (2 * h);
            }
            assertClose("d/da " + op.name(), a, na.getGradient().toFloatArray(), da, 1e-4, 1e-6);
            assertClose("d/db " + op.name(), b, nb.getGradient().toFloatArray(), db, 1e-4, 1e-6);
        }
    }

    private static double f(Operator op, double a, double b) {
        double[] out = new double[1];
        op.binary().apply(new double[] {a}, new double[] {b}, out);
        return out[0];
    }

    private static List<Operator> binaryAndNary() {
        List<Operator> ops = new ArrayList<>(OperatorRegistry.standard().ofArity(Arity.BINARY));
        ops.addAll(OperatorRegistry.standard().ofArity(Arity.NARY));
        return ops;
    }

    private static NdOperator nd(String name) {
        return NdOperators.standard().find(name).orElseThrow();
    }

    private static float[] withoutHuge(float[] x, double limit) {
        int n = 0;
        float[] kept = new float[x.length];
        for (float v : x) if (!(Math.abs(v) > limit)) kept[n++] = v;
        return java.util.Arrays.copyOf(kept, n);
    }

    static float[] awayFromKinks(float[] x) {
        int n = 0;
        float[] kept = new float[x.length];
        outer:
        for (float v : x) {
            for (double k : KINKS) if (Math.abs(v - k) < 0.02) continue outer;
            kept[n++] = v;
        }
        return java.util.Arrays.copyOf(kept, n);
    }
}
