package org.aquasurf.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The recipe's parts against closed forms and brute force: schedules, augmentation, optimizer updates. */
class TrainingRecipeTest {

    @Test
    void stepScheduleMultipliesAtItsMilestonesAndKeepsItsShapeInShorterRuns() {
        LearningRateSchedule s = TrainingConfig.allCnnC(350, 0, 1).schedule();
        assertEquals(0.01f, s.rate(0.01f, 0, 350), 1e-9);
        assertEquals(0.01f, s.rate(0.01f, 199, 350), 1e-9);
        assertEquals(0.001f, s.rate(0.01f, 200, 350), 1e-9);
        assertEquals(0.0001f, s.rate(0.01f, 250, 350), 1e-10);
        assertEquals(0.00001f, s.rate(0.01f, 349, 350), 1e-11);
        // 10 epochs: milestones at round(10 * 200/350) = 6, round(7.14) = 7, round(8.57) = 9
        float[] expected = {1, 1, 1, 1, 1, 1, 0.1f, 0.01f, 0.01f, 0.001f};
        for (int e = 0; e < 10; e++) assertEquals(expected[e], s.rate(1f, e, 10), 1e-7, "epoch " + e);
    }

    @Test
    void cosineScheduleWarmsUpLinearlyThenFollowsHalfACosine() {
        LearningRateSchedule s = LearningRateSchedule.cosine(2);
        assertEquals(1 / 3.0, s.rate(1f, 0, 10), 1e-6);
        assertEquals(2 / 3.0, s.rate(1f, 1, 10), 1e-6);
        assertEquals(1.0, s.rate(1f, 2, 10), 1e-6);
        assertEquals(0.5 * (1 + Math.cos(Math.PI * 7 / 8)), s.rate(1f, 9, 10), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> s.rate(1f, 10, 10));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.steps(0.1f, 0.5, 0.4));
    }

    @Test
    void cropAndFlipGivesTheImageShiftedByAtMostThePaddingPossiblyMirrored() {
        int c = 2, h = 5, w = 6, pad = 2;
        float[] src = new float[c * h * w];
        for (int i = 0; i < src.length; i++) src[i] = i + 1; // all distinct and non-zero
        Random random = new Random(3);
        Augmentation a = Augmentation.cropAndFlip(pad);
        boolean sawFlip = false, sawPlain = false, sawShift = false;
        for (int trial = 0; trial < 200; trial++) {
            float[] out = new float[src.length];
            a.apply(src, 0, out, 0, c, h, w, random);
            int matches = 0;
            for (int flip = 0; flip < 2; flip++) {
                for (int dy = -pad; dy <= pad; dy++) {
                    for (int dx = -pad; dx <= pad; dx++) {
                        if (java.util.Arrays.equals(out, shifted(src, c, h, w, dy, dx, flip == 1))) {
                            matches++;
                            if (flip == 1) sawFlip = true; else sawPlain = true;
                            if (dy != 0 || dx != 0) sawShift = true;
                        }
                    }
                }
            }
            assertEquals(1, matches, "trial " + trial + " is exactly one shift/flip of the image");
        }
        assertTrue(sawFlip && sawPlain && sawShift);
        float[] same = new float[src.length];
        Augmentation.NONE.apply(src, 0, same, 0, c, h, w, random);
        assertArrayEquals(src, same);
    }

    /** Independent reference: pad by zeros, crop at (pad+dy, pad+dx), then mirror if asked. */
    private static float[] shifted(float[] src, int c, int h, int w, int dy, int dx, boolean flip) {
        float[] out = new float[src.length];
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int sy = y + dy, sx = (flip ? w - 1 - x : x) + dx;
                    boolean inside = sy >= 0 && sy < h && sx >= 0 && sx < w;
                    out[(ch * h + y) * w + x] = inside ? src[(ch * h + sy) * w + sx] : 0f;
                }
            }
        }
        return out;
    }

    @Test
    void optimizerAppliesWeightDecayAndTheScheduledRatePerEpoch() {
        float lr = 0.1f, wd = 0.01f;
        for (float momentum : new float[] {0f, 0.9f}) {
            TrainingConfig config = new TrainingConfig(TrainingConfig.Method.SGD, 2, 4, lr, momentum, wd,
                    LearningRateSchedule.steps(0.1f, 0.5), Augmentation.NONE, 0, 8);
            Optimizer optimizer = config.optimizer(1); // one update per epoch
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray w = m.create(new float[] {1f, 2f});
                NDArray g = m.create(new float[] {0.5f, -1f});
                optimizer.update("w", w, g);
                // first step: w - lr (g + wd w), with or without momentum (the momentum buffer starts empty)
                float[] w1 = {1f - lr * (0.5f + wd * 1f), 2f - lr * (-1f + wd * 2f)};
                assertArrayEquals(w1, w.toFloatArray(), 1e-6f, "momentum " + momentum);
                if (momentum == 0f) {
                    optimizer.update("w", w, g);
                    float lr2 = lr * 0.1f; // epoch 1 is past the milestone at half of the run
                    float[] w2 = {w1[0] - lr2 * (0.5f + wd * w1[0]), w1[1] - lr2 * (-1f + wd * w1[1])};
                    assertArrayEquals(w2, w.toFloatArray(), 1e-6f);
                }
            }
        }
    }

    @Test
    void devicesAreCpuOrAGpuThatPyTorchSees() {
        assertEquals(ai.djl.Device.cpu(), Compute.device("CPU"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Compute.device("tpu"));
        assertEquals("device must be cpu or gpu, got 'tpu'", bad.getMessage());
        if (ai.djl.engine.Engine.getInstance().getGpuCount() == 0) {
            IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> Compute.device("gpu"));
            assertTrue(none.getMessage().startsWith("device gpu: PyTorch sees no CUDA GPU"), none.getMessage());
        } else {
            assertEquals(ai.djl.Device.gpu(), Compute.device("gpu"));
        }
    }
}
