package org.aquasurf.examples.search;

import org.aquasurf.database.ActivationFunctionDatabase;
import org.aquasurf.database.FeatureReport;
import org.aquasurf.train.ImageClassifierTrainer;
import org.aquasurf.schema.Schema;
import org.aquasurf.search.InterruptGuard;
import org.aquasurf.search.SearchReport;
import org.aquasurf.store.PopulateReport;

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
        String worker = options.workers().workerId();
        int threads = options.workers().threads();
        ImageClassifierTrainer t = trainer.device(options.device()).epochLines(epochLines);
        var populated = populate(options, database, console);
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
        FeatureReport features = database.computeFisherFeatures(wanted, options.seed(), worker, options.workers().lease(), console::println);
        console.printf(Locale.ROOT, "Fisher features: %d computed here (%d not finite: the network overflows at initialization "
                        + "with them, so the surrogate skips them), %d constant functions, %d failed, %d by other workers, %.1f s%n",
                features.computed(), features.notFinite(), features.constant(), features.failed(), features.byOtherWorkers(),
                features.seconds());
        console.printf(Locale.ROOT, "training on %s with %d PyTorch threads: %s%n", t.device(), threads, t.config());
        SearchReport report = database.search().budget(options.budget()).seed(options.seed()).progress(console::println)
                .workerId(worker).staleAfter(options.workers().lease())
                .evaluateWith(fn -> t.train(fn, database.buildModel(fn))).run();
        console.println(database.summary());
        new SearchOutputs(options.out(), options.seed(), console).write(report, database.store());
        console.println("plots and summary in " + options.out().toAbsolutePath());
    }

    /**
     * Adds the search space, printing a line every 5 seconds for a large one; SIGINT/SIGTERM stop
     * it cleanly (every committed batch stays, a rerun resumes).
     */
    static PopulateReport populate(SearchOptions options, ActivationFunctionDatabase database, PrintStream console) {
        long total = Schema.count(options.schemas().stream().map(s -> Schema.parse(s, database.store().parser())).toList());
        long start = System.nanoTime();
        long[] last = {start};
        try (InterruptGuard guard = InterruptGuard.install("populate of " + options.schemas(), console::println)) {
            return database.populate(options.schemas(), r -> {
                long now = System.nanoTime();
                if (now - last[0] < 5_000_000_000L) return;
                last[0] = now;
                double s = (now - start) / 1e9;
                console.printf(Locale.ROOT, "populate %d/%d names (%.0f%%), %d new, %d new classes, %.0f s, ETA %.0f s%n",
                        r.namesSeen(), total, 100.0 * r.namesSeen() / Math.max(1, total), r.namesAdded(), r.classesAdded(), s,
                        s / Math.max(1, r.namesSeen()) * (total - r.namesSeen()));
            });
        }
    }
}
