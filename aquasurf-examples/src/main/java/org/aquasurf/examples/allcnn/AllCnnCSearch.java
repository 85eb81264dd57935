package org.aquasurf.examples.allcnn;

import org.aquasurf.examples.data.Cifar100;
import org.aquasurf.data.ImageSet;
import org.aquasurf.examples.search.SearchJob;
import org.aquasurf.examples.search.SearchOptions;
import org.aquasurf.examples.search.SearchOutputs;
import org.aquasurf.train.ImageClassifierTrainer;
import org.aquasurf.train.Augmentation;
import org.aquasurf.train.LearningRateSchedule;
import org.aquasurf.train.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * AQuaSurF's All-CNN-C on CIFAR-100 search: reads the CIFAR-100 binary files ({@code train.bin},
 * {@code test.bin}) from {@code --data}, holds out the last {@value #VALIDATION_SIZE} training images
 * for validation, populates the search space, computes Fisher features for the baselines and a
 * random sample of candidate classes, runs the surrogate-guided search (each evaluation trains
 * All-CNN-C for real with the recipe of {@link TrainingConfig#allCnnC}: SGD with momentum 0.9, weight
 * decay 0.001, learning rate 0.01 with x0.1 steps at 200/250/300 of 350 epochs, random crops and flips)
 * and writes the summary and plots of {@link SearchOutputs} under {@code --out}. {@code --epochs}
 * shortens the run and keeps the steps at the same fractions of it. Running it again resumes from the
 * database file.
 *
 * <p>{@code --smoke} needs no data: a synthetic 100-class set ({@link Cifar100#synthetic}), a
 * narrow All-CNN-C (8 and 16 filters instead of 96 and 192), 600 training images, 4 epochs, 12
 * Fisher-feature classes and a budget of 9 (the 8 baselines and one surrogate pick), and plain SGD with
 * momentum 0.9 at a constant learning rate of 0.05 in batches of 30: in 4 epochs on 6 images per class,
 * the recipe's steps, weight decay and crops leave the best function at chance.
 */
@Command(name = "allcnn-search", mixinStandardHelpOptions = true,
        description = "Activation-function search for All-CNN-C on CIFAR-100 (binary files from --data, or --smoke: synthetic images and a narrow network; SQLite file, plots).")
public final class AllCnnCSearch implements Callable<Integer> {

    /** Training images held out (the last ones of train.bin) to measure validation accuracy. */
    public static final int VALIDATION_SIZE = 5000;

    @Option(names = "--data", paramLabel = "DIR",
            description = "directory with the CIFAR-100 binary files train.bin and test.bin (cifar-100-binary)")
    Path data;

    @Mixin
    SearchOptions options = new SearchOptions(Path.of("aquasurf-allcnn.db"), AllCnnCDatabase.SEARCH_SPACE, 50,
            TrainingConfig.ALL_CNN_C_EPOCHS, RECIPE.learningRate(), Path.of("runs", "allcnn-search"));

    /** The training recipe ({@link TrainingConfig#allCnnC}, which cites its sources); --epochs shortens it proportionally. */
    static final TrainingConfig RECIPE = TrainingConfig.allCnnC(TrainingConfig.ALL_CNN_C_EPOCHS, 0, 45_000);

    @Option(names = "--batch-size", description = "SGD mini-batch size (default: ${DEFAULT-VALUE})")
    int batchSize = RECIPE.batchSize();

    @Option(names = "--train-size", description = "training images used, at most 45000 (default: ${DEFAULT-VALUE})")
    int trainSize = 45_000;

    /** Smoke run: filters of the first three convolutions (the others have twice as many). */
    private static final int SMOKE_WIDTH = 8;

    private final PrintStream console;

    public AllCnnCSearch() {
        this(System.out);
    }

    AllCnnCSearch(PrintStream console) {
        this.console = console;
    }

    @Override
    public Integer call() throws IOException {
        ImageSet train, validation, test;
        if (options.smoke()) {
            options.useSmokeSettings(9, 4);
            if (!options.given("--batch-size")) batchSize = 30;
            options.learningRate(0.05f);
        }
        options.validate();
        SearchOptions.requireAtLeast("--batch-size", batchSize, 1);
        SearchOptions.requireAtLeast("--train-size", trainSize, 1);
        if (options.smoke()) {
            ImageSet all = Cifar100.synthetic(1000, options.seed());
            train = all.slice(0, 600);
            validation = all.slice(600, 800);
            test = all.slice(800, 1000);
        } else {
            if (data == null) {
                throw new IllegalArgumentException("--data DIR is required: the directory with the CIFAR-100 binary files "
                        + Cifar100.TRAIN_FILE + " and " + Cifar100.TEST_FILE + " (or --smoke for a synthetic run)");
            }
            Cifar100.Split split = Cifar100.load(data, Cifar100.Labels.FINE);
            int n = split.train().size();
            if (n < VALIDATION_SIZE + AllCnnCDatabase.FISHER_SAMPLES) {
                throw new IllegalArgumentException(data.resolve(Cifar100.TRAIN_FILE) + " has " + n + " images; need more than "
                        + (VALIDATION_SIZE + AllCnnCDatabase.FISHER_SAMPLES) + " (the last " + VALIDATION_SIZE
                        + " are held out for validation)");
            }
            train = split.train().slice(0, n - VALIDATION_SIZE);
            validation = split.train().slice(n - VALIDATION_SIZE, n);
            test = split.test();
        }
        String db = options.db();
        boolean smoke = options.smoke();
        if (options.dbFile() != null) Files.createDirectories(options.dbFile().toAbsolutePath().getParent());
        TrainingConfig config = RECIPE.withEpochs(options.epochs()).withBatchSize(batchSize)
                .withLearningRate(options.learningRate()).withSeed(options.seed()).withTrainSize(trainSize);
        if (smoke) { // 4 epochs on 6 images per class: plain SGD learns a little; the recipe's steps, decay and crops stop it
            config = config.withSchedule(LearningRateSchedule.constant()).withAugmentation(Augmentation.NONE).withWeightDecay(0f);
        }
        ImageClassifierTrainer trainer = new ImageClassifierTrainer(train, validation, test, Cifar100.NORMALIZATION, config);
        try (AllCnnCDatabase database = smoke ? new NarrowAllCnnCDatabase(db, train, SMOKE_WIDTH) : new AllCnnCDatabase(db, train)) {
            console.printf(Locale.ROOT, "database %s, All-CNN-C%s on %d %sCIFAR-100 images (%d validation, %d test), budget %d%n",
                    options.dbLocation(), smoke ? " (narrow: " + SMOKE_WIDTH + "/" + 2 * SMOKE_WIDTH + " filters)" : "",
                    Math.min(trainSize, train.size()), smoke ? "synthetic " : "", validation.size(), test.size(), options.budget());
            SearchJob.run(options, database, trainer, console::println, console);
        }
        return 0;
    }
}
