package org.aquasurf.train;

import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import org.aquasurf.data.ImageSet;
import org.aquasurf.data.Normalization;
import org.aquasurf.store.EvaluationResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real DJL training of a small network on images whose class is which half (top or bottom) is brighter. */
class ImageClassifierTrainerTest {

    /** {@code n} 1x8x8 images: class 1 has the bright half on top, class 0 at the bottom, plus noise. */
    static ImageSet halves(int n, long seed) {
        Random r = new Random(seed);
        byte[] pixels = new byte[n * 64];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(2);
            for (int k = 0; k < 64; k++) {
                boolean top = k < 32;
                int base = (top == (labels[i] == 1)) ? 170 : 70;
                pixels[i * 64 + k] = (byte) Math.max(0, Math.min(255, base + (int) (r.nextGaussian() * 40)));
            }
        }
        return new ImageSet(pixels, labels, 1, 8, 8, 2);
    }

    static SequentialBlock mlp() {
        return new SequentialBlock().add(Blocks.batchFlattenBlock(64)).add(Linear.builder().setUnits(16).build())
                .add(Activation.reluBlock()).add(Linear.builder().setUnits(2).build());
    }

    @Test
    void evaluateTrainsWithTheRecipeAndReportsSamplesPerSecondEachEpoch() {
        ImageSet train = halves(300, 1), validation = halves(100, 2), test = halves(100, 3);
        // flips keep top and bottom; crops shift by at most a pixel
        TrainingConfig config = TrainingConfig.sgd(4, 25, 0.05f, 0.9f).withWeightDecay(1e-4f)
                .withSchedule(LearningRateSchedule.steps(0.1f, 0.75)).withAugmentation(Augmentation.cropAndFlip(1));
        List<String> lines = new ArrayList<>();
        ImageClassifierTrainer trainer = new ImageClassifierTrainer(train, validation, test, Normalization.of(0.5f, 0.25f), config)
                .epochLines(lines::add);
        EvaluationResult r = trainer.evaluate(mlp());
        assertEquals(4, lines.size(), String.join("\n", lines));
        for (String line : lines) assertTrue(line.matches(".*\\(\\d+\\.\\d s, \\d+ samples/s\\)"), line);
        assertTrue(lines.get(3).contains("lr 0.00500"), lines.get(3)); // epoch 4 is past the step at 3/4 of the run
        assertTrue(r.validationAccuracy() > 0.9, "validation accuracy " + r.validationAccuracy());
        assertTrue(r.testAccuracy() > 0.9, "test accuracy " + r.testAccuracy());
        assertTrue(r.trainLoss() < Math.log(2), "loss below a coin flip: " + r.trainLoss());
    }

    /**
     * A network whose outputs overflow diverges on its first batch: the run stops there (one epoch
     * line of three, loss NaN) and ends as a full run would, with NaN weights: every prediction is
     * argmax(NaN, NaN) = class 0, so the accuracy is the share of class 0.
     */
    @Test
    void aDivergedRunStopsAndEndsWithTheResultOfNaNWeights() {
        ImageSet train = halves(200, 6), validation = halves(100, 7), test = halves(100, 8);
        List<String> lines = new ArrayList<>();
        ImageClassifierTrainer trainer = new ImageClassifierTrainer(train, validation, test, Normalization.of(0.5f, 0.25f),
                TrainingConfig.sgd(3, 20, 0.05f, 0.9f)).epochLines(lines::add);
        SequentialBlock overflowing = new SequentialBlock().add(Blocks.batchFlattenBlock(64)).add(Linear.builder().setUnits(16).build())
                .add(org.aquasurf.nn.ActivationBlock.of("exp(exp(exp(exp(x))))")).add(Linear.builder().setUnits(2).build());
        EvaluationResult r = trainer.evaluate(overflowing);
        assertEquals(1, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).contains("train loss NaN"), lines.get(0));
        assertTrue(Double.isNaN(r.trainLoss()) && Double.isNaN(r.validationLoss()), r.toString());
        int zeros = 0;
        for (int i = 0; i < validation.size(); i++) if (validation.label(i) == 0) zeros++;
        assertEquals((double) zeros / validation.size(), r.validationAccuracy(), 1e-12);
    }

    @Test
    void theSameSeedGivesTheSameRunAndAnotherSeedAnotherOne() {
        ImageSet train = halves(120, 4), eval = halves(60, 5);
        TrainingConfig config = TrainingConfig.sgd(2, 20, 0.05f, 0.9f).withAugmentation(Augmentation.cropAndFlip(1));
        var trainer = new ImageClassifierTrainer(train, eval, eval, Normalization.of(0.5f, 0.25f), config);
        EvaluationResult a = trainer.evaluate(mlp());
        EvaluationResult b = trainer.evaluate(mlp());
        EvaluationResult c = new ImageClassifierTrainer(train, eval, eval, Normalization.of(0.5f, 0.25f), config.withSeed(9))
                .evaluate(mlp());
        assertEquals(a.trainLoss(), b.trainLoss(), 0.0);
        assertEquals(a.validationLoss(), b.validationLoss(), 0.0);
        assertTrue(a.trainLoss() != c.trainLoss(), "seed 9 changes initialization and order");
    }
}
