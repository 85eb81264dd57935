package org.aquasurf.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Prints the time of a forward plus backward pass of activation functions on 2^20 float32 values
 * (one CPU thread): DJL's built-in relu as the baseline, then ActivationBlock forms.
 * Run from the repository root after {@code ./mvnw -o -q test-compile -pl aquasurf-fisher -am}:
 * {@code java -cp aquasurf-fisher/target/test-classes:aquasurf-fisher/target/classes:<fisher test class path>
 * -Dai.djl.offline=true org.aquasurf.nn.ActivationBlockBenchmark} with OPT_OUT_TRACKING=true OMP_NUM_THREADS=1.
 */
public final class ActivationBlockBenchmark {

    private ActivationBlockBenchmark() {}

    public static void main(String[] args) {
        Map<String, UnaryOperator<NDArray>> functions = new LinkedHashMap<>();
        functions.put("DJL Activation.relu", Activation::relu);
        for (String name : new String[] {"relu(x)", "swish(x)", "gelu(x)", "erfc(x)", "softplus(x)", "arcsinh(x)",
                "bessel_i0e(x)", "max(relu(x),cosh(elu(x)))", "sum_n(abs(x),swish(x),sigmoid(x))"}) {
            functions.put("ActivationBlock " + name, ActivationBlock.of(name)::apply);
        }
        int reps = 20;
        try (NDManager root = NDManager.newBaseManager()) {
            NDArray x = root.randomNormal(new Shape(1 << 20));
            for (Map.Entry<String, UnaryOperator<NDArray>> e : functions.entrySet()) {
                double best = Double.MAX_VALUE;
                for (int r = 0; r < reps; r++) {
                    try (NDManager m = root.newSubManager()) {
                        NDArray in = x.duplicate();
                        in.attach(m);
                        in.setRequiresGradient(true);
                        long t0 = System.nanoTime();
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            gc.backward(e.getValue().apply(in).sum());
                        }
                        in.getGradient().getFloat(0);
                        best = Math.min(best, (System.nanoTime() - t0) / 1e6);
                    }
                }
                System.out.printf("%-50s %8.2f ms (best of %d, forward+backward, 2^20 values)%n", e.getKey(), best, reps);
            }
        }
    }
}
