package org.aquasurf.train;

import ai.djl.ndarray.types.Shape;
import ai.djl.training.Trainer;
import ai.djl.translate.TranslateException;

import java.io.IOException;

/**
 * What a run of {@link ImageClassifierTrainer#trainEachEpoch} does besides training: how the network
 * is initialized, and what it records from the live network (weights, gradients, learned parameters)
 * while the trainer is open. Both default to the plain behaviour.
 */
public interface TrainingHooks {

    /** No extra initialization, nothing recorded. */
    TrainingHooks NONE = new TrainingHooks() {};

    /**
     * Initializes the trainer's parameters for inputs of {@code inputShape} (1, C, H, W); called with the
     * engine seeded with the configured seed. The default is {@code trainer.initialize(inputShape)}.
     */
    default void initialize(Trainer trainer, Shape inputShape) {
        trainer.initialize(inputShape);
    }

    /**
     * Called once at initialization ({@code epoch} 0) and after each epoch e = 1..E once its metrics are
     * measured, before its line is printed.
     */
    default void epochEnd(Trainer trainer, int epoch) throws IOException, TranslateException {}
}
