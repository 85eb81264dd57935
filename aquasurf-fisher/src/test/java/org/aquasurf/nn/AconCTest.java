package org.aquasurf.nn;

import static org.aquasurf.nn.Reference.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import org.junit.jupiter.api.Test;

class AconCTest extends ManagedNdTest {

    private static final double[] P1 = {1, 0.5, -1.2};
    private static final double[] P2 = {0, 0.25, 0.3};
    private static final double[] BETA = {1, 2.5, 0.4};

    @Test
    void valuesAndGradientsMatchTheClosedFormPerChannel() {
        for (Shape shape : new Shape[] {new Shape(2, 3, 4, 5), new Shape(7, 3)}) {
            AconC acon = withChannels(shape);
            NDArray x = manager.randomNormal(0, 2, shape, DataType.FLOAT32);
            x.setRequiresGradient(true);
            NDArray y;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                y = acon.forward(new ParameterStore(manager, false), new NDList(x), true).singletonOrThrow();
                gc.backward(y.sum());
            }
            assertEquals(shape, y.getShape());
            float[] xs = x.toFloatArray();
            int c = 3;
            long inner = shape.size() / shape.get(0) / c;
            double[] ref = new double[xs.length];
            double[] dx = new double[xs.length];
            double[] dp1 = new double[c];
            double[] dp2 = new double[c];
            double[] dBeta = new double[c];
            for (int i = 0; i < xs.length; i++) {
                int ch = (int) ((i / inner) % c);
                double v = xs[i];
                double d = (P1[ch] - P2[ch]) * v;
                double s = 1 / (1 + Math.exp(-BETA[ch] * d));
                ref[i] = d * s + P2[ch] * v;
                double dfdd = s + d * s * (1 - s) * BETA[ch];
                dx[i] = (P1[ch] - P2[ch]) * dfdd + P2[ch];
                dp1[ch] += v * dfdd;
                dp2[ch] += -v * dfdd + v;
                dBeta[ch] += d * d * s * (1 - s);
            }
            assertClose("acon " + shape, xs, y.toFloatArray(), ref, 1e-5, 1e-6);
            assertClose("d/dx acon " + shape, xs, x.getGradient().toFloatArray(), dx, 1e-5, 1e-6);
            float[] channels = {0, 1, 2};
            assertClose("d/dp1", channels, gradient(acon, "p1"), dp1, 1e-4, 1e-5);
            assertClose("d/dp2", channels, gradient(acon, "p2"), dp2, 1e-4, 1e-5);
            assertClose("d/dbeta", channels, gradient(acon, "beta"), dBeta, 1e-4, 1e-5);
        }
    }

    @Test
    void withP1OneP2ZeroBetaOneItIsSwish() {
        AconC acon = AconC.initializedTo(1, 0, 1);
        float[] x = Reference.grid(-8, 8, 400);
        NDArray in = manager.create(x).reshape(4, 100);
        acon.initialize(manager, DataType.FLOAT32, in.getShape());
        float[] got = acon.forward(new ParameterStore(manager, false), new NDList(in), false).singletonOrThrow().toFloatArray();
        assertClose("acon(1,0,1) vs swish", x, got, Reference.core("swish(x)", x), 1e-6, 0);
    }

    @Test
    void withP1OneP2ZeroAndLargeBetaItApproachesRelu() {
        // |x·sigmoid(βx) − relu(x)| = |x|·sigmoid(−β|x|) ≤ 1/(e·β)
        float[] x = Reference.grid(-3, 3, 600);
        for (double beta : new double[] {100, 1e4}) {
            AconC acon = AconC.initializedTo(1, 0, beta);
            NDArray in = manager.create(x).reshape(6, 100);
            acon.initialize(manager, DataType.FLOAT32, in.getShape());
            float[] got = acon.forward(new ParameterStore(manager, false), new NDList(in), false).singletonOrThrow().toFloatArray();
            double[] relu = new double[x.length];
            for (int i = 0; i < x.length; i++) relu[i] = Math.max(x[i], 0);
            assertClose("acon(1,0," + beta + ") vs relu", x, got, relu, 1e-6, 1 / (Math.E * beta));
        }
    }

    @Test
    void defaultInitializationFollowsThePaper() {
        AconC acon = new AconC();
        acon.initialize(manager, DataType.FLOAT32, new Shape(2, 64, 3, 3));
        float[] beta = acon.getParameters().get("beta").getArray().toFloatArray();
        for (float b : beta) assertEquals(1f, b);
        float[] p1 = acon.getParameters().get("p1").getArray().toFloatArray();
        assertEquals(64, p1.length);
        double mean = 0;
        double sq = 0;
        for (float p : p1) {
            mean += p / 64.0;
            sq += p * p / 64.0;
        }
        assertTrue(Math.abs(mean) < 0.6 && sq > 0.4 && sq < 2, "p1 should look N(0,1): mean " + mean + ", mean square " + sq);
        for (Parameter p : acon.getParameters().values()) assertEquals(Parameter.Type.OTHER, p.getType());
    }

    @Test
    void rejectsInputsWithoutAChannelAxis() {
        AconC acon = new AconC();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> acon.initialize(manager, DataType.FLOAT32, new Shape(5)));
        assertTrue(e.getMessage().contains("expects inputs of shape (N, C, ...)"), e.getMessage());
    }

    @Test
    void trainingWithDjlTrainerLowersTheLossAndMovesEveryParameter() {
        AconC acon = new AconC();
        SequentialBlock net = new SequentialBlock()
                .add(Linear.builder().setUnits(16).build())
                .add(acon)
                .add(Linear.builder().setUnits(1).build());
        try (Model model = Model.newInstance("acon")) {
            model.setBlock(net);
            double[] losses = TinyRegression.train(model, 60, 0.03f, () -> {
                float[][] before = new float[3][];
                before[0] = acon.getParameters().get("p1").getArray().toFloatArray();
                before[1] = acon.getParameters().get("p2").getArray().toFloatArray();
                before[2] = acon.getParameters().get("beta").getArray().toFloatArray();
                return before;
            }, before -> {
                assertFalse(java.util.Arrays.equals(before[0], acon.getParameters().get("p1").getArray().toFloatArray()));
                assertFalse(java.util.Arrays.equals(before[1], acon.getParameters().get("p2").getArray().toFloatArray()));
                assertFalse(java.util.Arrays.equals(before[2], acon.getParameters().get("beta").getArray().toFloatArray()));
            });
            assertTrue(losses[losses.length - 1] < 0.25 * losses[0],
                    "loss should fall to a quarter: first " + losses[0] + ", last " + losses[losses.length - 1]);
        }
    }

    /** An initialized ACON-C on 3 channels with the test's p1, p2 and β. */
    private static AconC withChannels(Shape shape) {
        AconC acon = new AconC();
        acon.setInitializer(values(P1), "p1");
        acon.setInitializer(values(P2), "p2");
        acon.setInitializer(values(BETA), "beta");
        acon.initialize(manager, DataType.FLOAT32, shape);
        return acon;
    }

    /** An initializer that gives a parameter these values (drawn at initialization, not written later with set). */
    private static Initializer values(double[] values) {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) values[i];
        return (m, shape, dataType) -> m.create(f, shape).toType(dataType, false);
    }

    private static float[] gradient(AconC acon, String name) {
        return acon.getParameters().get(name).getArray().getGradient().toFloatArray();
    }
}
