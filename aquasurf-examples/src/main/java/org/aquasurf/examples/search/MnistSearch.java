package org.aquasurf.examples.search;

import org.aquasurf.examples.data.Mnist;
import org.aquasurf.train.ImageClassifierTrainer;
import org.aquasurf.train.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Mixin
    SearchOptions options = new SearchOptions(Path.of("aquasurf-mnist.db"), List.of("binary(unary(x),unary(x))"), 12, 3,
            0.02f, Path.of("runs", "mnist-search"));

    @Option(names = "--depth", description = "hidden layers of the MLP (default: ${DEFAULT-VALUE})")
    int depth = 10;

    @Option(names = "--width", description = "units per hidden layer (default: ${DEFAULT-VALUE})")
    int width = 48;

    @Option(names = "--train-size", description = "training digits, at most 8000 (default: ${DEFAULT-VALUE})")
    int trainSize = 8000;

    @Option(names = "--fisher-samples", description = "training digits in the Fisher batch (default: ${DEFAULT-VALUE})")
    int fisherSamples = 128;

    private final PrintStream console;

    public MnistSearch() {
        this(System.out);
    }

    MnistSearch(PrintStream console) {
        this.console = console;
    }

    /** Checks every option before any work (see {@link SearchOptions#validate()}). */
    void validate() {
        options.validate();
        SearchOptions.requireAtLeast("--depth", depth, 1);
        SearchOptions.requireAtLeast("--width", width, 1);
        if (trainSize < 1 || trainSize > Mnist.TRAIN) {
            throw new IllegalArgumentException("--train-size must be in [1, " + Mnist.TRAIN + "], got " + trainSize);
        }
        if (fisherSamples < 1 || fisherSamples > trainSize) {
            throw new IllegalArgumentException("--fisher-samples must be in [1, --train-size = " + trainSize + "], got " + fisherSamples);
        }
    }

    @Override
    public Integer call() throws IOException {
        if (options.smoke()) {
            options.useSmokeSettings(5, 1);
            if (!options.given("--depth")) depth = 3;
            if (!options.given("--width")) width = 32;
            if (!options.given("--train-size")) trainSize = 1000;
            if (!options.given("--fisher-samples")) fisherSamples = 64;
        }
        validate();
        Mnist.Split digits = Mnist.loadSplit();
        TrainingConfig config = new TrainingConfig(options.epochs(), 64, options.learningRate(), 0.9f, options.seed(), trainSize);
        ImageClassifierTrainer trainer = new ImageClassifierTrainer(digits.train(), digits.validation(), digits.test(),
                Mnist.NORMALIZATION, config);
        Files.createDirectories(options.out());
        try (MnistSearchDatabase database = new MnistSearchDatabase(options.db(), digits.train(), depth, width, fisherSamples)) {
            console.printf(Locale.ROOT, "database %s, MLP %d x %d on %d MNIST digits, budget %d%n", options.dbLocation(),
                    depth, width, Math.min(trainSize, digits.train().size()), options.budget());
            SearchJob.run(options, database, trainer, line -> {}, console);
        }
        return 0;
    }
}
