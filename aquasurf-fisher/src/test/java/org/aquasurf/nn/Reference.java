package org.aquasurf.nn;

import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import org.aquasurf.eval.Evaluator;
import org.aquasurf.grammar.Expr;
import org.aquasurf.grammar.Parser;

/** Reference values from the core double evaluator, float32 results of blocks, and a tolerant comparison. */
final class Reference {

    private Reference() {}

    /** The core evaluator's outputs on the float inputs (so input rounding plays no part). */
    static double[] core(Evaluator evaluator, Expr e, float[] x) {
        return evaluator.compile(e).apply(toDouble(x));
    }

    static double[] core(String name, float[] x) {
        return core(Evaluator.standard(), Parser.standard().parse(name), x);
    }

    /** Central finite differences of the core evaluator, step 1e-5·max(1, |x|). */
    static double[] coreDerivative(Evaluator evaluator, Expr e, float[] x) {
        double[] plus = new double[x.length];
        double[] minus = new double[x.length];
        double[] h = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            h[i] = 1e-5 * Math.max(1, Math.abs(x[i]));
            plus[i] = x[i] + h[i];
            minus[i] = x[i] - h[i];
        }
        double[] fp = evaluator.compile(e).apply(plus);
        double[] fm = evaluator.compile(e).apply(minus);
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) d[i] = (fp[i] - fm[i]) / (2 * h[i]);
        return d;
    }

    static double[] coreDerivative(String name, float[] x) {
        return coreDerivative(Evaluator.standard(), Parser.standard().parse(name), x);
    }

    /** The block's float32 outputs. */
    static float[] forward(ActivationBlock block, NDManager m, float[] x) {
        return block.apply(m.create(x)).toFloatArray();
    }

    /** dF/dx_i by autograd for F = Σ f(x_i): the element-wise derivative. */
    static float[] gradient(ActivationBlock block, NDManager m, float[] x) {
        NDArray in = m.create(x);
        in.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(block.apply(in).sum());
        }
        return in.getGradient().toFloatArray();
    }

    /**
     * Fails listing every i where got[i] is not within rtol·|ref| + atol of ref[i] (plus 4.7e-38 for
     * float32 underflow); NaN must meet NaN, and a reference beyond the float32 range must meet the
     * same infinity.
     */
    static void assertClose(String what, float[] x, float[] got, double[] ref, double rtol, double atol) {
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (!close(got[i], ref[i], rtol, atol)) {
                bad.add("x=" + x[i] + ": got " + got[i] + ", expected " + ref[i]);
            }
        }
        if (!bad.isEmpty()) {
            fail(what + ": " + bad.size() + " of " + x.length + " values off (rtol " + rtol + ", atol " + atol + "), e.g. "
                    + String.join("; ", bad.subList(0, Math.min(6, bad.size()))));
        }
    }

    static boolean close(float got, double ref, double rtol, double atol) {
        if (Double.isNaN(ref)) return Float.isNaN(got);
        float refFloat = (float) ref;
        if (Float.isInfinite(refFloat)) return got == refFloat;
        return Math.abs(got - ref) <= rtol * Math.abs(ref) + atol + 4 * Float.MIN_NORMAL;
    }

    static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) d[i] = x[i];
        return d;
    }

    /** n points (k + 0.5)·(hi − lo)/n + lo: a grid that avoids both ends and, for symmetric ranges with even n, 0. */
    static float[] grid(double lo, double hi, int n) {
        float[] x = new float[n];
        for (int k = 0; k < n; k++) x[k] = (float) (lo + (k + 0.5) * (hi - lo) / n);
        return x;
    }
}
