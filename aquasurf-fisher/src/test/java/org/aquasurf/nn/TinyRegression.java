package org.aquasurf.nn;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Full-batch SGD with DJL's Trainer on a fixed random regression problem: 64 samples, 4 features. */
final class TinyRegression {

    private TinyRegression() {}

    /** Trains {@code model}'s block for {@code steps} steps and returns the loss before each step. */
    static double[] train(Model model, int steps, float learningRate) {
        return train(model, steps, learningRate, () -> null, state -> { });
    }

    /**
     * Like {@link #train(Model, int, float)}; {@code before} runs after initialization and its result
     * goes to {@code after}, which runs after the last step, while the trainer is still open.
     */
    static <T> double[] train(Model model, int steps, float learningRate, Supplier<T> before, Consumer<T> after) {
        NDManager m = model.getNDManager();
        m.getEngine().setRandomSeed(11);
        NDArray x = m.randomNormal(new Shape(64, 4));
        NDArray y = x.get(":, 0").sin().add(x.get(":, 1").mul(0.5)).sub(x.get(":, 2").abs().mul(0.5)).reshape(64, 1);
        DefaultTrainingConfig config = new DefaultTrainingConfig(new MeanSquaredError())
                .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(learningRate)).build());
        double[] losses = new double[steps];
        try (Trainer trainer = model.newTrainer(config)) {
            trainer.initialize(new Shape(64, 4));
            T state = before.get();
            for (int s = 0; s < steps; s++) {
                try (GradientCollector gc = trainer.newGradientCollector()) {
                    NDArray pred = trainer.forward(new NDList(x)).singletonOrThrow();
                    NDArray loss = trainer.getLoss().evaluate(new NDList(y), new NDList(pred));
                    losses[s] = loss.getFloat();
                    gc.backward(loss);
                }
                trainer.step();
            }
            after.accept(state);
        }
        return losses;
    }

    /**
     * mean((prediction − label)²). DJL's {@code Loss.l2Loss()} multiplies by the scalar 0.5 with
     * {@code mul(Number)}, whose gradient is unreliable in DJL 0.35.1 (see {@link NdScalars}).
     */
    static final class MeanSquaredError extends Loss {
        MeanSquaredError() { super("MSE"); }

        @Override
        public NDArray evaluate(NDList labels, NDList predictions) {
            return predictions.singletonOrThrow().sub(labels.singletonOrThrow()).square().mean();
        }
    }
}
