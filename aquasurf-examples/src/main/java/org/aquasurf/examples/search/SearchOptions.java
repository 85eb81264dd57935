package org.aquasurf.examples.search;

import ai.djl.Device;
import org.aquasurf.train.Compute;
import org.aquasurf.schema.Schema;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

/**
 * The options every search command shares (a picocli mixin): database file, search space, how many
 * candidate classes get Fisher features, evaluation budget, training epochs and SGD learning rate per
 * evaluation, seed, the worker's options ({@link WorkerOptions}), output directory, device and smoke mode. Each command passes its own defaults.
 */
public final class SearchOptions {

    @Option(names = "--db", description = "search database: SQLite file or JDBC URL (default: ${DEFAULT-VALUE})")
    private String db;

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

    @CommandLine.Mixin
    private WorkerOptions workers = new WorkerOptions();

    /** The directory under which each database gets its output folder, unless --out names one. */
    private final Path outRoot;
    private Path out;

    @Option(names = "--out", paramLabel = "DIR",
            description = "directory for plots and summary, rewritten on every run (default: a folder per database)")
    private void out(Path dir) {
        out = dir;
    }

    @Option(names = "--device", paramLabel = "cpu|gpu",
            description = "where training runs; gpu needs PyTorch's CUDA build (see the README) (default: ${DEFAULT-VALUE})")
    private String device = "cpu";

    @Option(names = "--smoke", description = "a tiny configuration that runs in well under a minute (for tests); "
            + "options given explicitly win over its settings")
    private boolean smoke;

    /** The command this mixin belongs to, to tell options given on the command line from defaults. */
    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    private CommandLine.Model.CommandSpec command;

    /** The options with a command's defaults (candidates 300 and seed 0 for all). */
    public SearchOptions(Path db, List<String> schemas, int budget, int epochs, float learningRate, Path out) {
        this.db = db.toString();
        this.schemas = schemas;
        this.budget = budget;
        this.epochs = epochs;
        this.learningRate = learningRate;
        this.outRoot = out;
    }

    /**
     * Smoke mode's settings, replacing the given ones: the search space {@code unary(x)}, 12 candidate
     * classes, and the command's tiny {@code budget} and {@code epochs}.
     */
    public void useSmokeSettings(int smokeBudget, int smokeEpochs) {
        if (!given("--schema")) schemas = List.of("unary(x)");
        if (!given("--candidates")) candidates = 12;
        if (!given("--budget")) budget = smokeBudget;
        if (!given("--epochs")) epochs = smokeEpochs;
    }

    /** Replaces the learning rate (a command's smoke setting) unless --lr was given. */
    public void learningRate(float value) {
        if (!given("--lr")) learningRate = value;
    }

    /** True if {@code option} (of this mixin or its command) was given on the command line. */
    public boolean given(String option) {
        if (command == null || command.commandLine() == null) return false;
        CommandLine.ParseResult parsed = command.commandLine().getParseResult();
        return parsed != null && parsed.hasMatchedOption(option);
    }

    /**
     * Checks every option before any work: IllegalArgumentException naming the first bad one and
     * what it must be (a bad one used to make every Fisher feature fail, stored as permanent errors).
     */
    public void validate() {
        if (budget < 1) throw new IllegalArgumentException("--budget must be at least 1 evaluation, got " + budget);
        if (candidates < 1) throw new IllegalArgumentException("--candidates must be at least 1, got " + candidates);
        if (epochs < 1) throw new IllegalArgumentException("--epochs must be at least 1, got " + epochs);
        requirePositive("--lr", learningRate);
        workers.validate();
        if (schemas == null || schemas.isEmpty()) throw new IllegalArgumentException("--schema: give at least one schema");
        for (String schema : schemas) {
            try {
                Schema.parse(schema);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--schema " + e.getMessage(), e);
            }
        }
        if (dbFile() != null && java.nio.file.Files.isDirectory(dbFile())) {
            throw new IllegalArgumentException("--db " + db + " is a directory: give the store file");
        }
        if (java.nio.file.Files.exists(out()) && !java.nio.file.Files.isDirectory(out())) {
            throw new IllegalArgumentException("--out " + out() + " is a file: give a directory for plots and summary");
        }
    }

    /** Checks that an option of the command is a positive finite number. */
    public static void requirePositive(String option, float value) {
        if (!(value > 0) || !Float.isFinite(value)) {
            throw new IllegalArgumentException(option + " must be a positive number, got " + value);
        }
    }

    /** Checks that an option of the command is at least {@code min}. */
    public static void requireAtLeast(String option, long value, long min) {
        if (value < min) throw new IllegalArgumentException(option + " must be at least " + min + ", got " + value);
    }

    /** The database: an SQLite file path or a JDBC URL ({@code jdbc:sqlite:PATH}, {@code jdbc:postgresql://…}). */
    public String db() { return db; }

    /** The SQLite file of {@link #db()} (a path or a jdbc:sqlite: URL), or null for another JDBC URL. */
    public Path dbFile() {
        return org.aquasurf.store.FunctionStore.sqliteFile(db);
    }

    /** Where the database is, for messages: the SQLite file's absolute path or the URL. */
    public String dbLocation() {
        Path file = dbFile();
        return file != null ? file.toAbsolutePath().toString() : db;
    }

    public List<String> schemas() { return schemas; }

    public int candidates() { return candidates; }

    public int budget() { return budget; }

    public int epochs() { return epochs; }

    public float learningRate() { return learningRate; }

    public int seed() { return seed; }

    /** The worker's id, lease and PyTorch threads. */
    public WorkerOptions workers() { return workers; }

    /** The output directory: --out, or by default the folder named after the database file under the command's root. */
    public Path out() {
        if (out != null) return out;
        Path file = dbFile();
        String name = file != null ? file.getFileName().toString() : "db-" + Integer.toHexString(db.hashCode());
        return outRoot.resolve(name.endsWith(".db") ? name.substring(0, name.length() - 3) : name);
    }

    public boolean smoke() { return smoke; }

    /** The {@code --device} (a one-line error when it is unknown or absent). */
    public Device device() {
        try {
            return Compute.device(device);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + e.getMessage(), e);
        }
    }
}
