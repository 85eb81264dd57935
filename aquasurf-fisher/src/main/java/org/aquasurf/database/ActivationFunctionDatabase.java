package org.aquasurf.database;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import org.aquasurf.fisher.FisherFeatures;
import org.aquasurf.fisher.FisherOptions;
import org.aquasurf.fisher.FisherSpectrum;
import org.aquasurf.fisher.LayerSpectrum;
import org.aquasurf.canonical.Canonicalizer;
import org.aquasurf.nn.ActivationBlock;
import org.aquasurf.nn.NdOperators;
import org.aquasurf.schema.Schema;
import org.aquasurf.search.AquaSurf;
import org.aquasurf.search.FeatureWork;
import org.aquasurf.search.Search;
import org.aquasurf.store.FunctionRecord;
import org.aquasurf.store.Workers;
import org.aquasurf.store.FunctionStore;
import org.aquasurf.store.PopulateReport;
import org.aquasurf.store.StoreException;
import org.aquasurf.store.Summary;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * An activation-function search over the user's own network, backed by a SQLite file.
 *
 * <p>Subclass it with {@link #buildModel(String)} and {@link #fisherBatch(NDManager)} (and
 * optionally {@link #baselineFunctions()}), or configure one fluently with {@link #configure(Path)}:
 * <pre>{@code
 * try (var db = new MyDatabase(Path.of("search.db"))) {
 *     db.populate("binary(unary(x),unary(x))");
 *     db.computeFisherFeatures();
 *     db.search().budget(50).evaluateWith(fn -> train(db.buildModel(fn))).run();
 * }
 * }</pre>
 * Several processes may open the same file (or PostgreSQL database): evaluations and Fisher-feature
 * work are claimed atomically as heartbeated leases, so the workers split both phases. Results
 * apply to a whole equivalence class.
 */
public abstract class ActivationFunctionDatabase implements AutoCloseable {

    private final FunctionStore store;
    private final NdOperators ndOperators;
    private NDManager batchManager;
    private FisherBatch batch;
    /** The search {@link #suggest()} asks, kept so that its fitted surrogate is reused. */
    private Search suggestions;

    /** Opens (or creates) the search database file (SQLite), over the standard operators. */
    protected ActivationFunctionDatabase(Path file) {
        this(file, Canonicalizer.standard(), NdOperators.standard());
    }

    /**
     * Opens (or creates) the search database at a JDBC URL: {@code jdbc:sqlite:PATH}, or
     * {@code jdbc:postgresql://host/db?user=…} so workers on many machines share one search; a
     * location not starting with {@code jdbc:} is an SQLite file path.
     */
    protected ActivationFunctionDatabase(String jdbcUrl) {
        this(jdbcUrl, Canonicalizer.standard(), NdOperators.standard());
    }

    /**
     * Opens (or creates) the search database file over the user's own grammar: {@code canonicalizer}
     * (its evaluator's operator registry) parses every name and schema, and {@code ndOperators}
     * gives each operator its NDArray form in {@link #activation(String)}.
     */
    protected ActivationFunctionDatabase(Path file, Canonicalizer canonicalizer, NdOperators ndOperators) {
        this.store = FunctionStore.open(file, canonicalizer);
        this.ndOperators = Objects.requireNonNull(ndOperators, "ndOperators");
    }

    /** {@link #ActivationFunctionDatabase(Path, Canonicalizer, NdOperators)} at a JDBC URL. */
    protected ActivationFunctionDatabase(String jdbcUrl, Canonicalizer canonicalizer, NdOperators ndOperators) {
        this.store = FunctionStore.open(jdbcUrl, canonicalizer);
        this.ndOperators = Objects.requireNonNull(ndOperators, "ndOperators");
    }

    /**
     * The activation layer for a function name, parsed with this database's grammar (so the user's
     * own operators work): use it in {@link #buildModel(String)}.
     */
    public ActivationBlock activation(String functionName) {
        return ActivationBlock.of(functionName, store.parser(), ndOperators);
    }

    /**
     * The user's network with the activation function {@code functionName} (via
     * {@link #activation(String)}). It may be returned uninitialized;
     * it is initialized with the Fisher batch's shape after DJL's random seed is set to
     * {@link #modelSeed()}, so every function starts from the same draw of weights.
     */
    public abstract Block buildModel(String functionName);

    /** The batch, labels and loss on which the Fisher features are computed; arrays belong to {@code manager}. */
    protected abstract FisherBatch fisherBatch(NDManager manager);

    /** Functions evaluated first, in this order (e.g. {@code relu(x)}); populated automatically. Default: none. */
    protected List<String> baselineFunctions() {
        return List.of();
    }

    /**
     * How the K-FAC factors are normalized. Default: textbook K-FAC ({@link FisherOptions#kfac()})
     * with float32 covariance products summed in float64 (on All-CNN-C the CDF features differ from
     * float64 products by at most 1.2e-5, at half the cost; {@code FisherBenchmark}).
     */
    protected FisherOptions fisherOptions() {
        return FisherOptions.kfac().withFloat64Covariance(false);
    }

    /** The seed of DJL's random generator before each {@link #buildModel} for the Fisher features. Default {@link #DEFAULT_MODEL_SEED}. */
    protected int modelSeed() {
        return DEFAULT_MODEL_SEED;
    }

    /** DJL's random seed for the network's initial weights unless {@link #modelSeed()} is overridden. */
    public static final int DEFAULT_MODEL_SEED = 42;

    /** A database configured with lambdas instead of a subclass. */
    public static Builder configure(Path file) {
        return new Builder(file);
    }

    /** The underlying store (names, classes, claims, results, features). */
    public FunctionStore store() {
        return store;
    }

    /**
     * Adds every function of each schema (a schema without placeholders is a single name) and the
     * baseline functions, skipping names already stored. Prints nothing; see the store for progress.
     */
    public PopulateReport populate(String... schemas) {
        return populate(List.of(schemas), r -> {});
    }

    /** {@link #populate(String...)} with a progress callback after every committed batch. */
    public PopulateReport populate(List<String> schemas, Consumer<PopulateReport> progress) {
        List<Schema> parsed = schemas.stream().map(s -> Schema.parse(s, store.parser())).toList();
        Stream<String> names = Stream.concat(baselineFunctions().stream(),
                Schema.expand(parsed).map(Object::toString));
        return store.populate(names, progress);
    }

    /** Counts of names, classes, features, evaluations and the best so far. */
    public Summary summary() {
        return store.summary();
    }

    /** The {@code n} best evaluated classes by validation accuracy. */
    public List<FunctionRecord> top(int n) {
        return store.top(n);
    }

    /** Forgets every result and status (keeps names and features). Returns the classes reset. */
    public int clean() {
        return store.clean();
    }

    /** Resets the classes without a validation accuracy (unfinished or failed runs). Returns the classes reset. */
    public int softClean() {
        return store.softClean();
    }

    /** Forgets the stored Fisher feature errors so those classes are computed again. Returns the classes reset. */
    public int clearFeatureErrors() {
        return store.features().clearErrors();
    }

    /**
     * The Fisher feature vector of one function: per weighted layer the CDF of the K-FAC log
     * eigenvalues, concatenated. Computed now, not stored.
     */
    public synchronized double[] fisherFeatures(String functionName) {
        return computeFeatures(functionName).features();
    }

    /** Features of one function and the provenance of the network that produced them. */
    private record Computed(double[] features, String provenance) {}

    private synchronized Computed computeFeatures(String functionName) {
        FisherBatch b = batch();
        try (NDManager m = batchManager.newSubManager()) {
            Block model = initializedModel(functionName, m, b);
            List<LayerSpectrum> spectra = FisherSpectrum.compute(model, b.samples(), b.labels(), b.loss(), fisherOptions());
            return new Computed(FisherFeatures.cdf(spectra), provenance(model, b));
        }
    }

    /** Computes and stores the features of every class that has none, in random order, printing progress. */
    public FeatureReport computeFisherFeatures() {
        return computeFisherFeatures(Integer.MAX_VALUE, new Random().nextLong(), System.out::println);
    }

    /** {@link #computeFisherFeatures(int, long, String, Duration, Consumer)} as worker host-pid with the default lease. */
    public FeatureReport computeFisherFeatures(int limit, long seed, Consumer<String> progress) {
        return computeFisherFeatures(limit, seed, Workers.defaultId(), Search.DEFAULT_LEASE, progress);
    }

    /**
     * Computes and stores the Fisher features of classes that have none (the baselines first, then
     * in a random order drawn from {@code seed}) until {@code limit} more classes than at the start
     * have features, counting every worker's: several processes share the work through leased
     * claims, and the features do not depend on which worker computes them (the model is seeded
     * with {@link #modelSeed()} before each class). See {@link FeatureWork} for leases, constant
     * functions ("constant function, no Fisher features"), failures and interrupts.
     */
    public FeatureReport computeFisherFeatures(int limit, long seed, String workerId, Duration lease, Consumer<String> progress) {
        boolean[] provenanceChecked = {false};
        FeatureWork.Report r = FeatureWork.on(store).limit(limit).seed(seed).first(baselineFunctions()).workerId(workerId)
                .lease(lease).progress(progress).run(name -> {
                    Computed c = computeFeatures(name);
                    if (!provenanceChecked[0]) {
                        store.features().checkProvenance(c.provenance(), FisherOptions::currentProvenance); // refuses another network's
                        provenanceChecked[0] = true;
                    }
                    return c.features();
                });
        return new FeatureReport(r.computed(), r.notFinite(), r.failed(), r.constant(), r.byOtherWorkers(), r.seconds());
    }

    /**
     * What produces this database's Fisher features, as recorded in the store: a SHA-256 digest of
     * the network (its class and every parameter's name and shape, here built with {@code relu(x)}
     * and initialized on the Fisher batch), the batch's and labels' shapes, the loss, the options
     * (not the thread count: {@link FisherOptions#provenance()}) and the model seed. {@link #computeFisherFeatures} refuses to add features to a store whose
     * features came from something else ({@link org.aquasurf.store.Features#checkProvenance}).
     */
    public synchronized String featureProvenance() {
        FisherBatch b = batch();
        try (NDManager m = batchManager.newSubManager()) {
            return provenance(initializedModel("relu(x)", m, b), b);
        }
    }

    private String provenance(Block model, FisherBatch b) {
        StringBuilder network = new StringBuilder(model.getClass().getName());
        long parameters = 0;
        for (var p : model.getParameters()) {
            network.append(';').append(p.getKey()).append(p.getValue().getArray().getShape());
            parameters += p.getValue().getArray().getShape().size();
        }
        String digest;
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(network.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            digest = java.util.HexFormat.of().formatHex(h, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return "network " + model.getClass().getSimpleName() + " sha256:" + digest + " (" + parameters
                + " parameters), batch " + b.samples().getShape() + ", labels " + b.labels().getShape()
                + ", loss " + b.loss().getClass().getSimpleName() + ", " + fisherOptions().provenance() + ", model seed " + modelSeed();
    }

    /** The user's network for a function, initialized on the Fisher batch after seeding DJL with {@link #modelSeed()}. */
    private Block initializedModel(String functionName, NDManager m, FisherBatch b) {
        Engine.getInstance().setRandomSeed(modelSeed());
        Block model = buildModel(functionName);
        if (model == null) throw new IllegalStateException("buildModel(\"" + functionName + "\") returned null");
        if (!model.isInitialized()) model.initialize(m, DataType.FLOAT32, b.samples().getShape());
        return model;
    }

    /**
     * The function the surrogate would suggest now (baselines first), without claiming it. The
     * surrogate's embedding is kept between calls and refitted only when features are added.
     */
    public synchronized Optional<String> suggest() {
        if (suggestions == null) suggestions = search();
        return suggestions.suggest();
    }

    /**
     * A search loop on this database with the AQuaSurF surrogate and the baseline functions:
     * {@code db.search().budget(50).evaluateWith(fn -> ...).run()}. Only classes with Fisher
     * features take part (see {@link #computeFisherFeatures}).
     */
    public Search search() {
        return AquaSurf.search(store).baselines(baselineFunctions());
    }

    /** The Fisher batch, created once. */
    private FisherBatch batch() {
        if (batch == null) {
            batchManager = NDManager.newBaseManager();
            batch = Objects.requireNonNull(fisherBatch(batchManager), "fisherBatch returned null");
        }
        return batch;
    }

    @Override
    public synchronized void close() {
        if (batchManager != null) batchManager.close();
        store.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + store.location() + "]";
    }

    /** Fluent configuration of a database without a subclass. */
    public static final class Builder {
        private final Path file;
        private java.util.function.BiFunction<ActivationFunctionDatabase, String, Block> model;
        private Function<NDManager, FisherBatch> fisherBatch;
        private List<String> baselines = List.of();
        private FisherOptions options = FisherOptions.kfac().withFloat64Covariance(false);
        private Canonicalizer canonicalizer = Canonicalizer.standard();
        private NdOperators ndOperators = NdOperators.standard();

        private Builder(Path file) {
            this.file = Objects.requireNonNull(file, "file");
        }

        /** The network for a function name; see {@link ActivationFunctionDatabase#buildModel}. Required (or the other form). */
        public Builder model(Function<String, Block> model) {
            Objects.requireNonNull(model, "model");
            this.model = (db, fn) -> model.apply(fn);
            return this;
        }

        /**
         * The network for a function name, given the database: {@code (db, fn) -> … db.activation(fn) …}
         * builds the activation layer in the database's grammar (needed for the user's own operators).
         */
        public Builder model(java.util.function.BiFunction<ActivationFunctionDatabase, String, Block> model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        /** The Fisher batch; see {@link ActivationFunctionDatabase#fisherBatch}. Required. */
        public Builder fisherBatch(Function<NDManager, FisherBatch> fisherBatch) {
            this.fisherBatch = Objects.requireNonNull(fisherBatch, "fisherBatch");
            return this;
        }

        /** Functions evaluated first, in this order. */
        public Builder baselines(String... names) {
            this.baselines = List.of(names);
            return this;
        }

        /** K-FAC normalization; default {@link FisherOptions#kfac()}. */
        public Builder fisherOptions(FisherOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * The user's own grammar: {@code canonicalizer} parses every name and schema, {@code ndOperators}
         * gives the operators their NDArray forms in {@link ActivationFunctionDatabase#activation}.
         * Default: the standard operators.
         */
        public Builder grammar(Canonicalizer canonicalizer, NdOperators ndOperators) {
            this.canonicalizer = Objects.requireNonNull(canonicalizer, "canonicalizer");
            this.ndOperators = Objects.requireNonNull(ndOperators, "ndOperators");
            return this;
        }

        /** Opens the database. */
        public ActivationFunctionDatabase open() {
            if (model == null || fisherBatch == null) {
                throw new IllegalStateException("configure(" + file + "): model(...) and fisherBatch(...) are required");
            }
            java.util.function.BiFunction<ActivationFunctionDatabase, String, Block> m = model;
            Function<NDManager, FisherBatch> fb = fisherBatch;
            List<String> b = baselines;
            FisherOptions o = options;
            return new ActivationFunctionDatabase(file, canonicalizer, ndOperators) {
                @Override public Block buildModel(String functionName) { return m.apply(this, functionName); }
                @Override protected FisherBatch fisherBatch(NDManager manager) { return fb.apply(manager); }
                @Override protected List<String> baselineFunctions() { return b; }
                @Override protected FisherOptions fisherOptions() { return o; }
            };
        }
    }
}
