// The README's Java quick start, verbatim between the two "README" markers; QuickStartTest runs it and
// checks that the README shows the same code.
package org.aquasurf.examples.quickstart;

// README begin
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import org.aquasurf.data.ImageSet;
import org.aquasurf.database.ActivationFunctionDatabase;
import org.aquasurf.database.FisherBatch;
import org.aquasurf.examples.data.Mnist;
import org.aquasurf.nn.ActivationBlock;
import org.aquasurf.train.ImageClassifierTrainer;
import org.aquasurf.train.TrainingConfig;

import java.nio.file.Path;

public class QuickStart {
    /** Your network, with the candidate activation after each hidden layer. */
    static SequentialBlock network(String fn) {
        return new SequentialBlock().add(Blocks.batchFlattenBlock(28 * 28))
                .add(Linear.builder().setUnits(64).build()).add(ActivationBlock.of(fn))
                .add(Linear.builder().setUnits(64).build()).add(ActivationBlock.of(fn))
                .add(Linear.builder().setUnits(10).build());
    }

    public static void main(String[] args) {
        Mnist.Split digits = Mnist.loadSplit();             // or: new ImageSet(pixels, labels, 1, 28, 28, 10)
        ImageSet fisherImages = digits.train().slice(0, 128);
        try (var db = ActivationFunctionDatabase.configure(Path.of(args.length > 0 ? args[0] : "quickstart.db"))
                .model(QuickStart::network)
                .fisherBatch(m -> FisherBatch.ofImages(fisherImages, Mnist.NORMALIZATION, m))
                .baselines("relu(x)", "swish(x)", "tanh(x)")
                .open()) {
            db.populate("binary(unary(x),unary(x))");                 // 6,727 names, 3,659 classes, about a second
            db.computeFisherFeatures(30, 0, System.out::println);     // 30 classes: the baselines, then random ones
            var trainer = new ImageClassifierTrainer(digits.train(), digits.validation(), digits.test(),
                    Mnist.NORMALIZATION, TrainingConfig.sgd(1, 64, 0.02f, 0.9f).withTrainSize(2000))
                    .epochLines(System.out::println);
            db.search().budget(5).progress(System.out::println)
                    .evaluateWith(fn -> trainer.evaluate(db.buildModel(fn)))   // one training run per suggestion
                    .run();                                                    // resumable; run it in N processes at once
            System.out.println(db.summary());
        }
    }
}
// README end
