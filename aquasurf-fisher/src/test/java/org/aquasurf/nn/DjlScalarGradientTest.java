package org.aquasurf.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import java.util.function.UnaryOperator;
import org.aquasurf.grammar.Arity;
import org.aquasurf.grammar.Operator;
import org.aquasurf.grammar.OperatorRegistry;
import org.junit.jupiter.api.Test;

/**
 * Pins the DJL 0.35.1 defect that {@link NdScalars} works around (gradients of {@code mul(Number)}
 * read freed memory once the garbage collector has run between forward and backward pass), and
 * checks that every standard operator's gradient is unaffected by a collection at that moment.
 */
class DjlScalarGradientTest extends ManagedNdTest {

    @Test
    void djlMulByNumberLosesItsGradientAfterAGarbageCollection() {
        // If this fails, DJL keeps its scalar alive now and NdScalars may be retired.
        int wrong = 0;
        for (int i = 0; i < 20; i++) {
            float[] g = gradientWithCollection(x -> x.mul(3f), new float[] {1f, 2f});
            if (g[0] != 3f || g[1] != 3f) wrong++;
        }
        assertTrue(wrong > 0, "DJL's mul(Number) gave the right gradient in 20 of 20 runs with a collection");
    }

    @Test
    void ndScalarsKeepTheirGradientAfterAGarbageCollection() {
        for (int i = 0; i < 10; i++) {
            assertArrayEquals(new float[] {3f, 3f}, gradientWithCollection(x -> NdScalars.mul(x, 3), new float[] {1f, 2f}));
            assertArrayEquals(new float[] {0.25f, 0.25f}, gradientWithCollection(x -> NdScalars.div(x, 4), new float[] {1f, 2f}));
            assertArrayEquals(new float[] {-3f, -0.75f}, gradientWithCollection(x -> NdScalars.rdiv(3, x), new float[] {1f, 2f}));
        }
    }

    @Test
    void standardOperatorGradientsDoNotDependOnGarbageCollection() {
        float[] x = Reference.grid(-12, 12, 240);
        for (Operator op : OperatorRegistry.standard().ofArity(Arity.UNARY)) {
            ActivationBlock block = ActivationBlock.of(op.name() + "(x)");
            float[] plain = Reference.gradient(block, manager, x);
            assertArrayEquals(plain, gradientWithCollection(block::apply, x), op.name());
        }
    }

    private static float[] gradientWithCollection(UnaryOperator<NDArray> f, float[] values) {
        NDArray x = manager.create(values);
        x.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray y = f.apply(x);
            for (int k = 0; k < 64; k++) {
                manager.create(new float[] {Float.NaN, 1e30f, -7f}).close();   // Java-owned buffers to reuse freed memory
            }
            System.gc();
            for (int k = 0; k < 64; k++) manager.create(new float[] {Float.NaN, 123456f});
            gc.backward(y.sum());
        }
        return x.getGradient().toFloatArray();
    }
}
