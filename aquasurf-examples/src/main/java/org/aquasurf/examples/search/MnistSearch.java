package org.aquasurf.examples.search;

import org.aquasurf.database.FeatureReport;
import org.aquasurf.examples.data.Mnist;
import org.aquasurf.examples.train.ImageClassifierTrainer;
import org.aquasurf.examples.train.TrainingConfig;
import org.aquasurf.search.SearchReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * The default job: an AQuaSurF activation-function search for a deep MLP on the bundled MNIST
 * digits, on a SQLite file. Populates the search space, computes Fisher features for the baselines
 * and a random sample of candidate classes, runs the surrogate-guided search for a small budget
 * (each evaluation trains the MLP for real), and writes plots. Running it again resumes: names,
 * features and results already in the file are kept.
 *
 * <p>Writes the summary and plots of {@link SearchOutputs} under {@code --out}.
 */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = "Activation-function search for a deep MLP on the bundled MNIST digits (SQLite file, plots).")
public final class MnistSearch implements Callable<Integer> {

    @Option(names = "--db", description = "SQLite search database (default: ${DEFAULT-VALUE})")
    Path db = Path.of("aquasurf-mnist.db");

    @Option(names = "--schema", description = "search space schema(s) (default: ${DEFAULT-VALUE})")
    List<String> schemas = List.of("binary(unary(x),unary(x))");

    @Option(names = "--candidates", description = "classes with Fisher features the surrogate chooses from (default: ${DEFAULT-VALUE})")
    int candidates = 300;

    @Option(names = "--budget", description = "evaluations (trainings) in the database, baselines included (default: ${DEFAULT-VALUE})")
    int budget = 12;

    @Option(names = "--depth", description = "hidden layers of the MLP (default: ${DEFAULT-VALUE})")
    int depth = 10;

    @Option(names = "--width", description = "units per hidden layer (default: ${DEFAULT-VALUE})")
    int width = 48;

    @Option(names = "--epochs", description = "training epochs per evaluation (default: ${DEFAULT-VALUE})")
    int epochs = 3;

    @Option(names = "--train-size", description = "training digits, at most 8000 (default: ${DEFAULT-VALUE})")
    int trainSize = 8000;

    @Option(names = "--fisher-samples", description = "training digits in the Fisher batch (default: ${DEFAULT-VALUE})")
    int fisherSamples = 128;

    @Option(names = "--lr", description = "SGD learning rate (default: ${DEFAULT-VALUE})")
    float learningRate = 0.02f;

    @Option(names = "--seed", description = "seed of the candidate sample, initialization and surrogate (default: ${DEFAULT-VALUE})")
    int seed = 0;

    @Option(names = "--worker", description = "worker id; a restarted worker with the same id takes back its claims (default: host-pid)")
    String worker;

    @Option(names = "--out", description = "directory for plots and summary (default: ${DEFAULT-VALUE})")
    Path out = Path.of("runs", "mnist-search");

    @Option(names = "--smoke", description = "a tiny configuration that runs in well under a minute (for tests)")
    boolean smoke;

    private final PrintStream console;

    public MnistSearch() {
        this(System.out);
    }

    MnistSearch(PrintStream console) {
        this.console = console;
    }

    @Override
    public Integer call() throws IOException {
        if (smoke) {
            schemas = List.of("unary(x)");
            candidates = 12;
            budget = 5;
            depth = 3;
            width = 32;
            epochs = 1;
            trainSize = 1000;
            fisherSamples = 64;
        }
        Mnist.Split digits = Mnist.loadSplit();
        TrainingConfig config = new TrainingConfig(epochs, 64, learningRate, 0.9f, seed, trainSize);
        ImageClassifierTrainer trainer = new ImageClassifierTrainer(digits.train(), digits.validation(), digits.test(),
                Mnist.NORMALIZATION, config);
        Files.createDirectories(out);
        try (MnistSearchDatabase database = new MnistSearchDatabase(db, digits.train(), depth, width, fisherSamples)) {
            console.printf(Locale.ROOT, "database %s, MLP %d x %d on %d MNIST digits, budget %d%n", db.toAbsolutePath(),
                    depth, width, Math.min(trainSize, digits.train().size()), budget);
            var populated = database.populate(schemas, r -> {});
            console.printf(Locale.ROOT, "search space %s: %d names read, %d new names, %d new classes%n", schemas,
                    populated.namesSeen(), populated.namesAdded(), populated.classesAdded());
            int have = (int) database.summary().classesWithFeatures();
            FeatureReport features = database.computeFisherFeatures(Math.max(0, candidates - have), seed, console::println);
            console.printf(Locale.ROOT, "Fisher features: %d computed (%d not finite), %d failed, %.1f s%n",
                    features.computed(), features.notFinite(), features.failed(), features.seconds());
            var search = database.search().budget(budget).seed(seed).progress(console::println)
                    .evaluateWith(fn -> trainer.train(fn, database.buildModel(fn), line -> {}));
            if (worker != null) search.workerId(worker);
            SearchReport report = search.run();
            console.println(database.summary());
            new SearchOutputs(out, seed, console).write(report, database.store());
            console.println("plots and summary in " + out.toAbsolutePath());
        }
        return 0;
    }
}
