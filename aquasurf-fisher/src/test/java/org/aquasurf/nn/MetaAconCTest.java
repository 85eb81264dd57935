package org.aquasurf.nn;

import static org.aquasurf.nn.Reference.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MetaAconCTest extends ManagedNdTest {

    private static final double EPS = 1e-5;   // DJL BatchNorm's default epsilon, as PyTorch's

    @Test
    void hiddenWidthIsTheLargerOfRAndChannelsOverR() {
        assertEquals(16, new MetaAconC(32).hiddenWidth());
        assertEquals(16, new MetaAconC(8).hiddenWidth());
        assertEquals(32, new MetaAconC(512).hiddenWidth());
        assertEquals(128, new MetaAconC(512, 4).hiddenWidth());
        MetaAconC block = new MetaAconC(64);
        block.initialize(manager, DataType.FLOAT32, new Shape(2, 64, 5, 5));
        assertEquals(new Shape(16, 64), child(block, "fc1").getParameters().get("weight").getArray().getShape());
        assertEquals(new Shape(64, 16), child(block, "fc2").getParameters().get("weight").getArray().getShape());
        assertThrows(IllegalArgumentException.class, () -> new MetaAconC(0));
        assertThrows(IllegalArgumentException.class, () -> new MetaAconC(8, 0));
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> block.forward(new ParameterStore(manager, false), new NDList(manager.ones(new Shape(2, 63, 5, 5))), false));
        assertTrue(wrong.getMessage().contains("expects 64 channels on axis 1"), wrong.getMessage());
        IllegalArgumentException single = assertThrows(IllegalArgumentException.class,
                () -> block.forward(new ParameterStore(manager, false), new NDList(manager.ones(new Shape(1, 64, 5, 5))), true));
        assertTrue(single.getMessage().contains("at least 2 samples per batch in training mode"), single.getMessage());
        NDArray inference = block.forward(new ParameterStore(manager, false), new NDList(manager.ones(new Shape(1, 64, 5, 5))), false)
                .singletonOrThrow();
        assertEquals(new Shape(1, 64, 5, 5), inference.getShape());
    }

    @Test
    void outputMatchesAHandComputationInInferenceAndTrainingMode() {
        int n = 3;
        int c = 20;
        MetaAconC block = new MetaAconC(c, 4);   // hidden = max(4, 5) = 5
        Shape shape = new Shape(n, c, 2, 3);
        Random r = new Random(3);
        for (String bn : new String[] {"bn1", "bn2"}) {   // non-trivial running statistics and affine terms
            for (Pair<String, Parameter> p : child(block, bn).getParameters()) {
                boolean variance = p.getKey().equals("runningVar");
                // drawn at initialization: NDArray.set afterwards makes PyTorch print a deprecation warning
                child(block, bn).setInitializer((m, s, t) -> {
                    float[] v = new float[(int) s.size()];
                    for (int i = 0; i < v.length; i++) v[i] = (float) (variance ? 0.5 + r.nextDouble() : r.nextGaussian() * 0.5);
                    return m.create(v, s).toType(t, false);
                }, p.getKey());
            }
        }
        block.initialize(manager, DataType.FLOAT32, shape);
        for (String bn : new String[] {"bn1", "bn2"}) {
            float[] variance = child(block, bn).getParameters().get("runningVar").getArray().toFloatArray();
            for (float v : variance) assertTrue(v >= 0.5 && v < 1.5 && v != 1, bn + " running variance drawn: " + v);
        }
        NDArray x = manager.randomNormal(0, 1, shape, DataType.FLOAT32);
        for (boolean training : new boolean[] {false, true}) {
            float[] got = block.forward(new ParameterStore(manager, false), new NDList(x), training).singletonOrThrow().toFloatArray();
            float[] xs = x.toFloatArray();
            assertClose("meta-acon, training " + training, xs, got, byHand(block, xs, n, c, 6, training), 1e-4, 1e-5);
        }
    }

    @Test
    void gradientsReachEveryParameter() {
        MetaAconC block = new MetaAconC(32);
        Shape shape = new Shape(4, 32, 3, 3);
        block.initialize(manager, DataType.FLOAT32, shape);
        for (boolean training : new boolean[] {true, false}) {
            NDArray x = manager.randomNormal(shape);
            NDArray weights = manager.randomNormal(shape);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = block.forward(new ParameterStore(manager, false), new NDList(x), training).singletonOrThrow();
                assertEquals(shape, y.getShape());
                gc.backward(y.mul(weights).sum());
            }
            double weightScale = maxAbs(child(block, "fc1").getParameters().get("weight").getArray().getGradient());
            for (Pair<String, Parameter> p : block.getParameters()) {
                if (!p.getValue().requiresGradient()) continue;   // running statistics
                double g = maxAbs(p.getValue().getArray().getGradient());
                assertTrue(Double.isFinite(g), p.getKey() + " gradient not finite");
                // In training mode bn2 subtracts the batch mean of fc2's output, so every shift that is the
                // same for all samples before it (fc1's bias, bn1's beta, fc2's bias) has no effect.
                boolean shiftBeforeNorm = p.getKey().endsWith("fc1_bias") || p.getKey().endsWith("bn1_beta")
                        || p.getKey().endsWith("fc2_bias");
                if (training && shiftBeforeNorm) {
                    assertTrue(g < 1e-4 * weightScale, p.getKey() + " gradient should vanish in training mode: " + g);
                } else {
                    assertTrue(g > 1e-6, p.getKey() + " gets no gradient (training " + training + ")");
                }
            }
        }
    }

    @Test
    void trainingWithDjlTrainerLowersTheLoss() {
        Block net = new SequentialBlock()
                .add(Linear.builder().setUnits(16).build())
                .add(new LambdaBlock(list -> new NDList(list.singletonOrThrow().reshape(-1, 4, 2, 2))))
                .add(new MetaAconC(4, 2))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(1).build());
        try (Model model = Model.newInstance("meta-acon")) {
            model.setBlock(net);
            double[] losses = TinyRegression.train(model, 60, 0.03f);
            assertTrue(losses[losses.length - 1] < 0.5 * losses[0],
                    "loss should halve: first " + losses[0] + ", last " + losses[losses.length - 1]);
        }
    }

    /** Meta-ACON-C in double precision from the block's parameter values; hw spatial positions per channel. */
    private static double[] byHand(MetaAconC block, float[] x, int n, int c, int hw, boolean training) {
        int h = block.hiddenWidth();
        double[][] pooled = new double[n][c];
        for (int s = 0; s < n; s++) {
            for (int ch = 0; ch < c; ch++) {
                for (int k = 0; k < hw; k++) pooled[s][ch] += x[(s * c + ch) * hw + k] / (double) hw;
            }
        }
        double[][] a = batchNorm(linear(pooled, child(block, "fc1"), c, h), child(block, "bn1"), training);
        double[][] g = batchNorm(linear(a, child(block, "fc2"), h, c), child(block, "bn2"), training);
        float[] p1 = block.getParameters().get("p1").getArray().toFloatArray();
        float[] p2 = block.getParameters().get("p2").getArray().toFloatArray();
        double[] out = new double[x.length];
        for (int s = 0; s < n; s++) {
            for (int ch = 0; ch < c; ch++) {
                double beta = 1 / (1 + Math.exp(-g[s][ch]));
                for (int k = 0; k < hw; k++) {
                    int i = (s * c + ch) * hw + k;
                    double d = (p1[ch] - p2[ch]) * x[i];
                    out[i] = d / (1 + Math.exp(-beta * d)) + p2[ch] * x[i];
                }
            }
        }
        return out;
    }

    private static double[][] linear(double[][] in, Block fc, int inputs, int outputs) {
        float[] w = fc.getParameters().get("weight").getArray().toFloatArray();
        float[] b = fc.getParameters().get("bias").getArray().toFloatArray();
        double[][] out = new double[in.length][outputs];
        for (int s = 0; s < in.length; s++) {
            for (int o = 0; o < outputs; o++) {
                double v = b[o];
                for (int i = 0; i < inputs; i++) v += w[o * inputs + i] * in[s][i];
                out[s][o] = v;
            }
        }
        return out;
    }

    private static double[][] batchNorm(double[][] in, Block bn, boolean training) {
        float[] gamma = bn.getParameters().get("gamma").getArray().toFloatArray();
        float[] beta = bn.getParameters().get("beta").getArray().toFloatArray();
        float[] runningMean = bn.getParameters().get("runningMean").getArray().toFloatArray();
        float[] runningVar = bn.getParameters().get("runningVar").getArray().toFloatArray();
        int n = in.length;
        int f = gamma.length;
        double[][] out = new double[n][f];
        for (int j = 0; j < f; j++) {
            double mean = runningMean[j];
            double var = runningVar[j];
            if (training) {   // batch statistics, biased variance
                mean = 0;
                for (double[] row : in) mean += row[j] / n;
                var = 0;
                for (double[] row : in) var += (row[j] - mean) * (row[j] - mean) / n;
            }
            for (int s = 0; s < n; s++) out[s][j] = (in[s][j] - mean) / Math.sqrt(var + EPS) * gamma[j] + beta[j];
        }
        return out;
    }

    private static Block child(Block block, String name) {
        for (Pair<String, Block> p : block.getChildren()) if (p.getKey().endsWith(name)) return p.getValue();
        throw new AssertionError("no child " + name + " in " + block.getChildren().keys());
    }

    private static double maxAbs(NDArray a) {
        return a.abs().max().getFloat();
    }
}
