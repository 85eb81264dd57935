package org.aquasurf.examples.search;

import ai.djl.Device;
import org.aquasurf.train.Compute;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

/**
 * The options every search command shares (a picocli mixin): database file, search space, how many
 * candidate classes get Fisher features, evaluation budget, training epochs and SGD learning rate per
 * evaluation, seed, worker id, output directory, PyTorch threads, device and smoke mode. Each command passes its own defaults.
 */
public final class SearchOptions {

    @Option(names = "--db", description = "SQLite search database (default: ${DEFAULT-VALUE})")
    private Path db;

    @Option(names = "--schema", description = "search space schema(s) (default: ${DEFAULT-VALUE})")
    private List<String> schemas;

    @Option(names = "--candidates", description = "classes with Fisher features the surrogate chooses from (default: ${DEFAULT-VALUE})")
    private int candidates = 300;

    @Option(names = "--budget", description = "evaluations (trainings) in the database, baselines included (default: ${DEFAULT-VALUE})")
    private int budget;

    @Option(names = "--epochs", description = "training epochs per evaluation (default: ${DEFAULT-VALUE})")
    private int epochs;

    @Option(names = "--lr", description = "SGD learning rate, momentum 0.9 (default: ${DEFAULT-VALUE})")
    private float learningRate;

    @Option(names = "--seed", description = "seed of the candidate sample, initialization and surrogate (default: ${DEFAULT-VALUE})")
    private int seed = 0;

    @Option(names = "--worker", description = "worker id; a restarted worker with the same id takes back its claims (default: host-pid)")
    private String worker;

    @Option(names = "--out", description = "directory for plots and summary (default: ${DEFAULT-VALUE})")
    private Path out;

    @Option(names = "--threads", paramLabel = "N",
            description = "PyTorch intra-op threads; 0 = all cores (default: -Dai.djl.pytorch.num_threads if set, else all cores)")
    private Integer threads;

    @Option(names = "--device", paramLabel = "cpu|gpu",
            description = "where training runs; gpu needs PyTorch's CUDA build (see the README) (default: ${DEFAULT-VALUE})")
    private String device = "cpu";

    @Option(names = "--smoke", description = "a tiny configuration that runs in well under a minute (for tests)")
    private boolean smoke;

    /** The options with a command's defaults (candidates 300 and seed 0 for all). */
    public SearchOptions(Path db, List<String> schemas, int budget, int epochs, float learningRate, Path out) {
        this.db = db;
        this.schemas = schemas;
        this.budget = budget;
        this.epochs = epochs;
        this.learningRate = learningRate;
        this.out = out;
    }

    /**
     * Smoke mode's settings, replacing the given ones: the search space {@code unary(x)}, 12 candidate
     * classes, and the command's tiny {@code budget} and {@code epochs}.
     */
    public void useSmokeSettings(int smokeBudget, int smokeEpochs) {
        schemas = List.of("unary(x)");
        candidates = 12;
        budget = smokeBudget;
        epochs = smokeEpochs;
    }

    /** Replaces the learning rate (a command's smoke setting). */
    public void learningRate(float value) {
        learningRate = value;
    }

    public Path db() { return db; }

    public List<String> schemas() { return schemas; }

    public int candidates() { return candidates; }

    public int budget() { return budget; }

    public int epochs() { return epochs; }

    public float learningRate() { return learningRate; }

    public int seed() { return seed; }

    /** The worker id given, or null for the default (host-pid). */
    public String worker() { return worker; }

    public Path out() { return out; }

    public boolean smoke() { return smoke; }

    /**
     * Applies {@code --threads} to PyTorch (all cores when 0) and returns the count in effect; call before
     * training.
     */
    public int threads() { return Compute.useThreads(threads == null ? Compute.configuredThreads() : threads); }

    /** The {@code --device} (a one-line error when it is unknown or absent). */
    public Device device() { return Compute.device(device); }
}
