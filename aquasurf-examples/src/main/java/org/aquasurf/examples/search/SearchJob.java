package org.aquasurf.examples.search;

import org.aquasurf.database.ActivationFunctionDatabase;
import org.aquasurf.database.FeatureReport;
import org.aquasurf.train.ImageClassifierTrainer;
import org.aquasurf.search.SearchReport;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The steps of a search command once its database is open: populate the search space, compute Fisher
 * features for up to {@code --candidates} classes, run the surrogate-guided search (each evaluation
 * trains the database's model with {@code trainer}), print the summary and write {@link SearchOutputs}.
 * Every step resumes from what the database already holds.
 */
public final class SearchJob {

    private SearchJob() {}

    /** Runs the steps above, printing progress to {@code console}; {@code epochLines} gets the trainer's epoch lines. */
    public static void run(SearchOptions options, ActivationFunctionDatabase database, ImageClassifierTrainer trainer,
                           Consumer<String> epochLines, PrintStream console) throws IOException {
        options.validate();
        int threads = options.threads();
        ImageClassifierTrainer t = trainer.device(options.device()).epochLines(epochLines);
        var populated = database.populate(options.schemas(), r -> {});
        console.printf(Locale.ROOT, "search space %s: %d names read, %d new names, %d new classes%n", options.schemas(),
                populated.namesSeen(), populated.namesAdded(), populated.classesAdded());
        var before = database.summary();
        long used = before.evaluated() + before.running() + before.failed();
        int have = (int) before.classesWithFeatures();
        int wanted = Math.max(0, options.candidates() - have);
        if (used >= options.budget()) {
            // no evaluation is left to run: say so before any Fisher work
            console.printf(Locale.ROOT, "budget %d already used: the database holds %d evaluations (raise --budget to continue)%n",
                    options.budget(), used);
            wanted = 0;
        }
        FeatureReport features = database.computeFisherFeatures(wanted, options.seed(), console::println);
        console.printf(Locale.ROOT, "Fisher features: %d computed (%d not finite), %d failed, %.1f s%n",
                features.computed(), features.notFinite(), features.failed(), features.seconds());
        console.printf(Locale.ROOT, "training on %s with %d PyTorch threads: %s%n", t.device(), threads, t.config());
        var search = database.search().budget(options.budget()).seed(options.seed()).progress(console::println)
                .evaluateWith(fn -> t.train(fn, database.buildModel(fn)));
        if (options.worker() != null) search.workerId(options.worker());
        SearchReport report = search.run();
        console.println(database.summary());
        new SearchOutputs(options.out(), options.seed(), console).write(report, database.store());
        console.println("plots and summary in " + options.out().toAbsolutePath());
    }
}
