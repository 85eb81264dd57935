package org.aquasurf.database;

import org.aquasurf.canonical.Canonicalizer;
import org.aquasurf.schema.Schema;
import org.aquasurf.search.AquaSurf;
import org.aquasurf.search.Evaluation;
import org.aquasurf.search.RandomSuggester;
import org.aquasurf.search.Search;
import org.aquasurf.search.SearchReport;
import org.aquasurf.store.ClassStatus;
import org.aquasurf.store.FunctionRecord;
import org.aquasurf.store.Workers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Builds a benchmark: evaluates every class of a space, or of a seeded sample of it, with any
 * {@link ActivationFunctionDatabase}, so that the store can be exported as an Act-Bench file
 * ({@code ActBench.export}) and replayed. The steps are the search's own, so a build is shared by
 * several worker processes on one store and resumes after an interruption:
 * <ol>
 *   <li>the chosen classes' names (every name of the space in a chosen class) are populated;</li>
 *   <li>Fisher features of every stored class, as leased claims ({@link ActivationFunctionDatabase#computeFisherFeatures});</li>
 *   <li>one evaluation per stored class (also those without usable features: constant or overflowing
 *       functions), baselines first, then a seeded random order, as heartbeated claims ({@link Search}).</li>
 * </ol>
 * <pre>{@code
 * BenchmarkBuild.on(db).all("unary(x)").sample("binary(unary(x),unary(x))", 800).seed(0)
 *         .evaluateWith(fn -> trainer.evaluate(db.buildModel(fn))).run();
 * ActBench.export(db.store(), Path.of("bench.json.gz"));
 * }</pre>
 * The sample depends only on the spaces, the operators and the seed: every worker chooses the same classes.
 */
public final class BenchmarkBuild {

    /** One part of the space: every class of {@code schema}, or {@code classes} of them drawn from the seed (-1: all). */
    public record Part(String schema, int classes) {
        public Part {
            Objects.requireNonNull(schema, "schema");
            if (classes < -1 || classes == 0) throw new IllegalArgumentException("a sample needs at least one class, got " + classes);
        }

        /** "schema" for every class, "schema:N" for a sample of N classes. */
        @Override
        public String toString() {
            return classes < 0 ? schema : schema + ":" + classes;
        }
    }

    /** What {@link #run} did: classes in the benchmark, names stored, the feature phase and the evaluations. */
    public record Report(int classes, int names, FeatureReport features, SearchReport evaluations) {}

    private final ActivationFunctionDatabase database;
    private final List<Part> parts = new ArrayList<>();
    private long seed = AquaSurf.DEFAULT_SEED;
    private String workerId = Workers.defaultId();
    private Duration lease = Search.DEFAULT_LEASE;
    private Consumer<String> progress = line -> {};
    private Evaluation evaluation;

    private BenchmarkBuild(ActivationFunctionDatabase database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /** A build on {@code database}'s store and network. */
    public static BenchmarkBuild on(ActivationFunctionDatabase database) {
        return new BenchmarkBuild(database);
    }

    /** Adds every class of {@code schema}. */
    public BenchmarkBuild all(String schema) {
        parts.add(new Part(schema, -1));
        return this;
    }

    /** Adds {@code classes} classes of {@code schema} not already in an earlier part, drawn from the seed. */
    public BenchmarkBuild sample(String schema, int classes) {
        parts.add(new Part(schema, classes));
        return this;
    }

    /** Adds parts (see {@link Part}), in order. */
    public BenchmarkBuild parts(List<Part> more) {
        for (Part p : more) parts.add(Objects.requireNonNull(p, "part"));
        return this;
    }

    /** Seed of the samples, the Fisher work order and the evaluation order. Default {@link AquaSurf#DEFAULT_SEED}. */
    public BenchmarkBuild seed(long value) {
        seed = value;
        return this;
    }

    /** This worker's id (a restarted worker with the same id takes back its claims). Default host-pid. */
    public BenchmarkBuild workerId(String value) {
        workerId = Objects.requireNonNull(value, "workerId");
        return this;
    }

    /** Lease of a claim, heartbeated every quarter of it. Default {@link Search#DEFAULT_LEASE}. */
    public BenchmarkBuild lease(Duration value) {
        lease = Objects.requireNonNull(value, "lease");
        return this;
    }

    /** Receives one line per population summary, feature progress and evaluation. */
    public BenchmarkBuild progress(Consumer<String> lines) {
        progress = Objects.requireNonNull(lines, "progress");
        return this;
    }

    /** Trains one function and returns its result (as in {@link Search#evaluateWith}). */
    public BenchmarkBuild evaluateWith(Evaluation value) {
        evaluation = Objects.requireNonNull(value, "evaluation");
        return this;
    }

    /**
     * The names of the chosen classes, in a deterministic order: for each part in turn, its classes
     * not chosen by an earlier part (all, or a sample drawn from the seed), each class with every
     * name it has anywhere in the parts' schemas. Modifies nothing.
     */
    public static List<String> chooseNames(List<Part> parts, Canonicalizer canonicalizer, long seed) {
        List<Map<String, List<String>>> byPart = new ArrayList<>();
        Map<String, List<String>> everywhere = new TreeMap<>();
        for (Part p : parts) {
            Map<String, List<String>> byKey = new TreeMap<>();
            Schema.parse(p.schema(), canonicalizer.evaluator().parser()).expand().map(Object::toString).forEach(name -> {
                String key = canonicalizer.classKey(name);
                byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(name);
                everywhere.computeIfAbsent(key, k -> new ArrayList<>()).add(name);
            });
            byPart.add(byKey);
        }
        Set<String> chosen = new HashSet<>();
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < parts.size(); i++) {
            List<String> keys = new ArrayList<>(byPart.get(i).keySet());
            keys.removeIf(chosen::contains);
            if (parts.get(i).classes() >= 0) {
                Collections.shuffle(keys, new Random(seed * 31 + i));
                keys = keys.subList(0, Math.min(parts.get(i).classes(), keys.size()));
            }
            for (String k : keys) {
                chosen.add(k);
                names.addAll(everywhere.get(k));
            }
        }
        return List.copyOf(names);
    }

    /**
     * The names of every class not yet evaluated: the database's baselines, then the other classes in
     * a random order drawn from the seed. Given to the search as its "evaluate first" list, so that a
     * benchmark also evaluates the classes a surrogate cannot use (constant functions, outputs or
     * Fisher features not finite): a benchmark must show what they cost.
     */
    private List<String> evaluationOrder() {
        List<String> order = new ArrayList<>(database.baselineFunctions());
        List<FunctionRecord> open = new ArrayList<>();
        for (FunctionRecord r : database.store().classes()) if (r.status() == ClassStatus.NEW) open.add(r);
        open.sort(Comparator.comparingLong(FunctionRecord::classId));
        Collections.shuffle(open, new Random(seed));
        for (FunctionRecord r : open) order.add(r.name());
        return order;
    }

    /**
     * Populates the chosen classes, computes their Fisher features and evaluates every class in the
     * store; returns when none is left (other workers may still be finishing theirs) or on SIGINT/SIGTERM
     * (the claim in progress is released, a rerun resumes).
     *
     * @throws IllegalStateException without parts or evaluation
     */
    public Report run() {
        if (parts.isEmpty()) throw new IllegalStateException("no space: call all(schema) or sample(schema, n) before run()");
        if (evaluation == null) throw new IllegalStateException("no evaluation: call evaluateWith(fn -> ...) before run()");
        List<String> names = chooseNames(parts, database.store().canonicalizer(), seed);
        var populated = database.populate(names, r -> {});
        int classes = (int) database.summary().classes();
        progress.accept(String.format(Locale.ROOT, "benchmark %s (seed %d): %d names, %d classes in the store (%d new names)",
                parts, seed, names.size(), classes, populated.namesAdded()));
        FeatureReport features = database.computeFisherFeatures(Integer.MAX_VALUE, seed, workerId, lease, progress);
        SearchReport evaluations = database.search().baselines(evaluationOrder()).suggester(new RandomSuggester(seed))
                .budget(classes).seed(seed).workerId(workerId).staleAfter(lease).progress(progress).evaluateWith(evaluation).run();
        return new Report(classes, names.size(), features, evaluations);
    }
}
