package org.aquasurf.examples.cli;

import org.aquasurf.database.BenchmarkBuild;
import org.aquasurf.examples.bench.FashionConvDatabase;
import org.aquasurf.examples.data.FashionMnist;
import org.aquasurf.examples.data.Mnist;
import org.aquasurf.examples.search.SearchOptions;
import org.aquasurf.examples.search.WorkerOptions;
import org.aquasurf.schema.Schema;
import org.aquasurf.store.ActBench;
import org.aquasurf.store.ClassStatus;
import org.aquasurf.store.FunctionRecord;
import org.aquasurf.store.FunctionStore;
import org.aquasurf.train.ImageClassifierTrainer;
import org.aquasurf.train.TrainingConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code aquasurf actbench build}: builds a benchmark with real trainings on the bundled Fashion-MNIST
 * images ({@link FashionConvDatabase}: Conv2D, depthwise and pointwise convolutions, Dense), then
 * writes it as an Act-Bench file with Fisher CDFs. Every class of each {@code --space}, or a seeded
 * sample ({@code SCHEMA:N}); shared by any number of workers on one {@code --db} and resumable
 * (see {@link BenchmarkBuild}). The last worker to finish writes {@code --file}. Each result records its
 * training seed ({@code --training-seed}, default {@code --seed}); the Fisher features do not depend on it
 * (they are taken at the network's initialization from the database's model seed), so another seed's
 * build can start from them ({@code actbench import --features-only}), and {@code actbench merge}
 * combines the files into one whose results are the means over the seeds.
 */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = "Build a benchmark: train every class (or a seeded sample) of a space on Fashion-MNIST, "
                + "export an Act-Bench file with Fisher CDFs. Several workers may share --db; a rerun resumes.")
final class BenchmarkCommand implements Callable<Integer> {

    @Option(names = "--db", description = "store of the build: SQLite file or JDBC URL (default: ${DEFAULT-VALUE})")
    String db = "fashion-bench.db";

    @Option(names = "--space", paramLabel = "SCHEMA[:N]",
            description = "every class of SCHEMA, or N classes of it drawn from --seed (not in an earlier --space); "
                    + "repeatable (default: ${DEFAULT-VALUE})")
    List<String> spaces = new ArrayList<>(List.of("unary(x)", "binary(unary(x),unary(x)):800"));

    @Option(names = "--file", description = "Act-Bench file written at the end, gzipped if it ends in .gz (default: ${DEFAULT-VALUE})")
    Path file = Path.of("fashion-bench.json.gz");

    @Option(names = "--seed", description = "seed of the sample and the evaluation order, and the training seed unless "
            + "--training-seed is given (default: ${DEFAULT-VALUE})")
    int seed = 0;

    @Option(names = "--training-seed", paramLabel = "N",
            description = "seed of each training's initial weights and batch order (default: --seed). Train a benchmark's "
                    + "classes again with another one in a separate --db (its Fisher CDFs: actbench import --features-only), "
                    + "then combine the files with actbench merge")
    Integer trainingSeed;

    @Option(names = "--epochs", description = "training epochs per class (default: ${DEFAULT-VALUE})")
    int epochs = 1;

    @Option(names = "--lr", description = "Adam learning rate (default: ${DEFAULT-VALUE})")
    float learningRate = 0.003f;

    @Option(names = "--batch-size", description = "training mini-batch (default: ${DEFAULT-VALUE})")
    int batchSize = 64;

    @Option(names = "--train-size", description = "training images, at most 8000 (default: ${DEFAULT-VALUE})")
    int trainSize = Mnist.TRAIN;

    @Option(names = "--fisher-samples", description = "training images in the Fisher batch (default: ${DEFAULT-VALUE})")
    int fisherSamples = 128;

    @CommandLine.Mixin
    WorkerOptions workers = new WorkerOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The parts of {@code --space}: "SCHEMA" (all classes) or "SCHEMA:N" (a sample of N). */
    List<BenchmarkBuild.Part> parts() {
        List<BenchmarkBuild.Part> parts = new ArrayList<>();
        for (String s : spaces) {
            int colon = s.lastIndexOf(':');
            String schema = colon < 0 ? s : s.substring(0, colon);
            int n = -1;
            if (colon >= 0) {
                try {
                    n = Integer.parseInt(s.substring(colon + 1).strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--space " + s + ": after ':' give a number of classes, e.g. "
                            + schema + ":800");
                }
                if (n < 1) throw new IllegalArgumentException("--space " + s + ": the sample needs at least 1 class");
            }
            try {
                Schema.parse(schema);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--space " + e.getMessage(), e);
            }
            parts.add(new BenchmarkBuild.Part(schema, n));
        }
        if (parts.isEmpty()) throw new IllegalArgumentException("--space: give at least one schema");
        return parts;
    }

    /** Checks every option before any work (IllegalArgumentException naming the first bad one). */
    void validate() {
        SearchOptions.requireAtLeast("--epochs", epochs, 1);
        SearchOptions.requireAtLeast("--batch-size", batchSize, 1);
        SearchOptions.requirePositive("--lr", learningRate);
        if (trainSize < 1 || trainSize > Mnist.TRAIN) {
            throw new IllegalArgumentException("--train-size must be in [1, " + Mnist.TRAIN + "], got " + trainSize);
        }
        if (fisherSamples < 1 || fisherSamples > trainSize) {
            throw new IllegalArgumentException("--fisher-samples must be in [1, --train-size = " + trainSize + "], got " + fisherSamples);
        }
        workers.validate();
        Path dbFile = StoreOption.file(db);
        if (dbFile != null && Files.isDirectory(dbFile)) throw new IllegalArgumentException("--db " + db + " is a directory: give the store file");
        StoreOption.requireWritableFile("--file", file);
    }

    @Override
    public Integer call() {
        PrintWriter console = spec.commandLine().getOut();
        List<BenchmarkBuild.Part> parts = parts();
        validate();
        int usedThreads = workers.threads();
        Mnist.Split images = FashionMnist.loadSplit();
        int training = trainingSeed();
        TrainingConfig config = TrainingConfig.adam(epochs, batchSize, learningRate, training, trainSize);
        String seedJson = "{\"" + ActBench.TRAINING_SEEDS + "\":[" + training + "]}";
        ImageClassifierTrainer trainer = new ImageClassifierTrainer(images.train(), images.validation(), images.test(),
                FashionMnist.NORMALIZATION, config);
        String workerId = workers.workerId();
        try (FashionConvDatabase database = new FashionConvDatabase(db, images.train(), fisherSamples)) {
            requireOneTrainingSeed(database.store(), training);
            console.printf(Locale.ROOT, "benchmark build on %s: Fashion-MNIST conv net (%d training images), %s, %d PyTorch threads, worker %s%n",
                    database.store().location(), Math.min(trainSize, images.train().size()), config, usedThreads, workerId);
            BenchmarkBuild.Report r = BenchmarkBuild.on(database).parts(parts).seed(seed).workerId(workerId).lease(workers.lease())
                    .progress(line -> { console.println(line); console.flush(); }).evaluateWith(fn -> trainer.evaluate(database.buildModel(fn)).withExtraJson(seedJson)).run();
            FunctionStore store = database.store();
            long open = store.count(ClassStatus.NEW) + store.count(ClassStatus.RUNNING);
            console.println(store.summary());
            if (open == 0) {
                ActBench.export(store, file);
                console.printf(Locale.ROOT, "wrote %s: %d classes, %d names (%d bytes)%n", file.toAbsolutePath(), r.classes(),
                        store.summary().names(), sizeOf(file));
            } else {
                console.printf(Locale.ROOT, "%d classes are not finished yet (other workers, or an interruption): rerun this command "
                        + "to finish them; the last worker writes %s (or: aquasurf actbench export --db %s --file F)%n", open, file, db);
            }
            console.flush();
        }
        return 0;
    }

    /** The seed of every training: {@code --training-seed}, else {@code --seed}. */
    int trainingSeed() {
        return trainingSeed != null ? trainingSeed : seed;
    }

    /**
     * Refuses a store that holds results of another training seed (a store keeps one result per
     * class, so each training seed needs its own). Results without a recorded seed count as {@code --seed}'s.
     */
    private void requireOneTrainingSeed(FunctionStore store, int training) {
        for (FunctionRecord r : store.classes()) {
            if (r.status() != ClassStatus.DONE || r.result() == null) continue;
            List<Integer> seeds = ActBench.trainingSeeds(r.result());
            int stored = seeds.isEmpty() ? seed : seeds.get(0);
            if (seeds.size() > 1 || stored != training) {
                throw new IllegalArgumentException("--db " + db + " holds results of training seed " + (seeds.isEmpty() ? stored : seeds)
                        + " (e.g. " + r.name() + "), not " + training + ": give each --training-seed its own --db");
            }
        }
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
