package org.aquasurf.search;

import org.aquasurf.eval.Evaluator;
import org.aquasurf.store.ClassState;
import org.aquasurf.store.ClassStatus;
import org.aquasurf.store.EvaluationResult;
import org.aquasurf.store.FunctionRecord;
import org.aquasurf.store.FunctionStore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * Replays searches against the results stored in a benchmark store (e.g. an imported Act-Bench
 * file, in SQLite or PostgreSQL) instead of training: any set of suggesters (by default
 * {@code paper}, {@code ensemble} and {@code random}, see {@link Suggesters}), each over several
 * seeds, reporting the best validation accuracy after every step. Every one is the {@link Search}
 * loop over an in-memory copy of the benchmark's classes ("evaluating" a function looks up its
 * stored result; classes without one evaluate to NaN); the benchmark is only read. Random search
 * ({@link RandomSuggester}) is cheap, so its evaluations-to-reach counts run over its whole random
 * order of the usable classes (always reached) and it skips the baselines; those of every other
 * suggester are limited to {@link #steps(int)}.
 */
public final class Replay {
    private final FunctionStore benchmark;
    private List<String> baselines = List.of();
    private final Map<String, LongFunction<Suggester>> suggesters = new LinkedHashMap<>();
    private List<Long> seeds = List.of(AquaSurf.DEFAULT_SEED);
    private int steps = 100;
    private Consumer<String> progress = System.out::println;

    Replay(FunctionStore benchmark) {
        this.benchmark = Objects.requireNonNull(benchmark, "benchmark");
    }

    /** Functions every suggester but random search evaluates first, in order; each must be in the benchmark. */
    public Replay baselines(String... names) {
        this.baselines = List.of(names);
        return this;
    }

    /**
     * The built-in suggesters to compare, by name ({@link Suggesters#names()}), in this order; replaces
     * earlier ones. Default: {@code paper}, {@code ensemble}, {@code random}.
     *
     * @throws IllegalArgumentException for an unknown or repeated name
     */
    public Replay suggesters(String... names) {
        if (names.length == 0) throw new IllegalArgumentException("give at least one suggester: " + String.join(", ", Suggesters.names()));
        suggesters.clear();
        for (String name : names) suggester(name, Suggesters.factory(name));
        return this;
    }

    /**
     * Adds a suggester under a label (e.g. your own, or an {@link EnsembleSuggester} with other
     * settings), made afresh for each seed.
     *
     * @throws IllegalArgumentException if the label is taken
     */
    public Replay suggester(String label, LongFunction<Suggester> forSeed) {
        Objects.requireNonNull(forSeed, "forSeed");
        if (label == null || label.isBlank()) throw new IllegalArgumentException("a suggester's label must be non-blank");
        if (suggesters.containsKey(label)) throw new IllegalArgumentException("suggester '" + label + "' is given twice");
        suggesters.put(label, forSeed);
        return this;
    }

    /** Runs seeds 0..n-1. Default: one seed, 0. */
    public Replay seeds(int n) {
        if (n < 1) throw new IllegalArgumentException("seeds must be >= 1, got " + n);
        List<Long> s = new ArrayList<>();
        for (long i = 0; i < n; i++) s.add(i);
        this.seeds = List.copyOf(s);
        return this;
    }

    /** Evaluations per search. Default 100. */
    public Replay steps(int n) {
        if (n < 1) throw new IllegalArgumentException("steps must be >= 1, got " + n);
        this.steps = n;
        return this;
    }

    /** Receives one line per finished search. Default: standard output. */
    public Replay progress(Consumer<String> lines) {
        this.progress = Objects.requireNonNull(lines, "progress");
        return this;
    }

    /** Runs every suggester for every seed. */
    public ReplayReport run() {
        if (suggesters.isEmpty()) suggesters(Suggesters.PAPER, Suggesters.ENSEMBLE, Suggesters.RANDOM);
        List<FunctionRecord> classes = benchmark.classes();
        if (classes.isEmpty()) throw new IllegalStateException("benchmark store " + benchmark.location() + " has no functions");
        Map<String, EvaluationResult> results = new HashMap<>();
        List<Double> accuracies = new ArrayList<>();
        for (FunctionRecord r : classes) {
            EvaluationResult res = r.status() == ClassStatus.DONE ? r.result() : EvaluationResult.ofValidationAccuracy(Double.NaN);
            results.put(r.name(), res);
            if (Double.isFinite(res.validationAccuracy())) accuracies.add(res.validationAccuracy());
        }
        if (accuracies.isEmpty()) throw new IllegalStateException("benchmark store " + benchmark.location() + " has no validation accuracy");
        accuracies.sort(Comparator.reverseOrder());
        double best = accuracies.get(0);
        double top1 = accuracies.get((int) Math.ceil(accuracies.size() * 0.01) - 1);

        List<ClassState> states = benchmark.states();
        Map<Long, double[]> features = new HashMap<>();
        Map<Long, double[]> outputs = new HashMap<>();
        Evaluator evaluator = benchmark.canonicalizer().evaluator();
        Function<Collection<Long>, Map<Long, double[]>> featuresOf = ids -> {
            List<Long> missing = ids.stream().filter(id -> !features.containsKey(id)).toList();
            if (!missing.isEmpty()) features.putAll(benchmark.features().get(missing));
            Map<Long, double[]> out = new HashMap<>();
            for (long id : ids) if (features.containsKey(id)) out.put(id, features.get(id));
            return out;
        };
        Function<ClassState, double[]> outputsOf = c -> outputs.computeIfAbsent(c.classId(), id -> evaluator.outputs(c.name()));
        Function<String, OptionalLong> find = name -> benchmark.find(name)
                .map(r -> OptionalLong.of(r.classId())).orElse(OptionalLong.empty());
        Supplier<Search> search = () -> new Search(new ReplayTrials(states, featuresOf, outputsOf, find, benchmark.location()))
                .workerId("replay").quiet().evaluateWith(results::get);
        new ReplayTrials(states, featuresOf, outputsOf, find, benchmark.location()).baselines(baselines); // fails early

        Map<String, List<ReplayReport.Run>> runs = new LinkedHashMap<>();
        for (String label : suggesters.keySet()) runs.put(label, new ArrayList<>());
        for (long seed : seeds) {
            for (Map.Entry<String, LongFunction<Suggester>> e : suggesters.entrySet()) {
                Suggester suggester = e.getValue().apply(seed);
                ReplayReport.Run run;
                if (suggester instanceof RandomSuggester) {
                    ReplayReport.Run all = run(seed, accuracies(search.get().suggester(suggester).run()), best, top1);
                    double[] firstSteps = Arrays.copyOf(all.bestByStep(), Math.min(steps, all.bestByStep().length));
                    run = new ReplayReport.Run(seed, firstSteps, all.evaluationsToBest(), all.evaluationsToTop1Percent());
                } else {
                    run = run(seed, accuracies(search.get().baselines(baselines).suggester(suggester).budget(steps).run()), best, top1);
                }
                runs.get(e.getKey()).add(run);
                progress.accept(line(e.getKey(), run));
            }
        }
        return new ReplayReport(classes.size(), best, top1, steps, runs);
    }

    private static List<Double> accuracies(SearchReport report) {
        List<Double> accs = new ArrayList<>();
        for (SearchStep s : report.steps()) accs.add(s.result() == null ? Double.NaN : s.result().validationAccuracy());
        return accs;
    }

    private static String line(String kind, ReplayReport.Run r) {
        double[] b = r.bestByStep();
        return String.format(Locale.ROOT, "%-10s seed %d: best %.4f after %d evaluations; best reached at %s, top-1%% at %s",
                kind, r.seed(), b.length == 0 ? Double.NaN : b[b.length - 1], b.length,
                r.evaluationsToBest() < 0 ? "-" : r.evaluationsToBest(),
                r.evaluationsToTop1Percent() < 0 ? "-" : r.evaluationsToTop1Percent());
    }

    private static ReplayReport.Run run(long seed, List<Double> accs, double best, double top1) {
        double[] bestByStep = new double[accs.size()];
        double b = Double.NaN;
        int toBest = -1, toTop1 = -1;
        for (int i = 0; i < accs.size(); i++) {
            double a = accs.get(i);
            if (Double.isFinite(a) && (Double.isNaN(b) || a > b)) b = a;
            bestByStep[i] = b;
            if (toTop1 < 0 && b >= top1) toTop1 = i + 1;
            if (toBest < 0 && b >= best) toBest = i + 1;
        }
        return new ReplayReport.Run(seed, bestByStep, toBest, toTop1);
    }
}
