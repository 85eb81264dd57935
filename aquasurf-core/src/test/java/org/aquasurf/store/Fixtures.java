package org.aquasurf.store;

import org.aquasurf.eval.Evaluator;
import org.aquasurf.eval.StandardInputs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Real function names and synthetic but deterministic benchmark values for tests. */
public final class Fixtures {
    private Fixtures() {}

    public static final List<String> UNARY = List.of("relu", "tanh", "identity", "abs", "sigmoid", "swish",
            "square", "negative", "elu", "softplus");
    public static final List<String> BINARY = List.of("add", "mul", "max", "min");

    /** binary(unary(x),unary(x)) over the given operators: real names with many equivalences. */
    public static List<String> names(List<String> binary, List<String> unary) {
        List<String> out = new ArrayList<>();
        for (String b : binary) for (String u : unary) for (String v : unary) out.add(b + "(" + u + "(x)," + v + "(x))");
        return out;
    }

    /** The 400 names of {@link #BINARY} x {@link #UNARY} x {@link #UNARY}. */
    public static List<String> names() {
        return names(BINARY, UNARY);
    }

    /**
     * A smooth synthetic validation accuracy of a function's outputs: high near swish, lower far
     * from it, NaN when an output is not finite (a "diverged" run).
     */
    public static double accuracy(double[] outputs) {
        double[] x = StandardInputs.values();
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(outputs[i])) return Double.NaN;
            double swish = x[i] / (1 + Math.exp(-x[i]));
            double d = outputs[i] - swish;
            s += Math.min(d * d, 25);
        }
        return 0.5 + 0.45 * Math.exp(-8 * s / x.length);
    }

    public static double accuracy(String name) {
        return accuracy(Evaluator.standard().outputs(name));
    }

    /** A monotone 16-entry "CDF" of the outputs (their empirical CDF on [-4, 4]): finite for finite outputs. */
    public static double[] cdf(double[] outputs) {
        double[] c = new double[16];
        for (int j = 0; j < c.length; j++) {
            double edge = -4 + 8.0 * j / (c.length - 1);
            long n = Arrays.stream(outputs).filter(v -> v <= edge).count();
            c[j] = (double) n / outputs.length;
        }
        return c;
    }
}
