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
 * file, in SQLite or PostgreSQL) instead of training: the surrogate search and random search, each
 * over several seeds, reporting the best validation accuracy after every step. Both are the
 * {@link Search} loop over an in-memory copy of the benchmark's classes ("evaluating" a function
 * looks up its stored result; classes without one evaluate to NaN), with a
 * {@link SurrogateSuggester} or a {@link RandomSuggester}; the benchmark is only read. Random search
 * is cheap, so its evaluations-to-reach counts run over its whole random order of the usable
 * classes (always reached); those of the surrogate search are limited to {@link #steps(int)}.
 */
public final class Replay {
    private final FunctionStore benchmark;
    private List<String> baselines = List.of();
    private LongFunction<AccuracyPredictor> predictor = AccuracyPredictor::surrogate;
    private List<Long> seeds = List.of(AquaSurf.DEFAULT_SEED);
    private int steps = 100;
    private Consumer<String> progress = System.out::println;

    Replay(FunctionStore benchmark) {
        this.benchmark = Objects.requireNonNull(benchmark, "benchmark");
    }

    /** Functions the surrogate search evaluates first, in order (random search ignores them); each must be in the benchmark. */
    public Replay baselines(String... names) {
        this.baselines = List.of(names);
        return this;
    }

    /** The surrogate for a seed. Default: {@link AccuracyPredictor#surrogate(long)}. */
    public Replay predictor(LongFunction<AccuracyPredictor> forSeed) {
        this.predictor = Objects.requireNonNull(forSeed, "predictor");
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

    /** Runs the surrogate and random searches for every seed. */
    public ReplayReport run() {
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

        List<ReplayReport.Run> surrogate = new ArrayList<>();
        List<ReplayReport.Run> random = new ArrayList<>();
        for (long seed : seeds) {
            SearchReport s = search.get().baselines(baselines)
                    .suggester(new SurrogateSuggester(predictor.apply(seed), seed)).budget(steps).run();
            surrogate.add(run(seed, accuracies(s), best, top1));
            progress.accept(line("surrogate", surrogate.get(surrogate.size() - 1)));
            ReplayReport.Run all = run(seed, accuracies(search.get().suggester(new RandomSuggester(seed)).run()), best, top1);
            double[] firstSteps = Arrays.copyOf(all.bestByStep(), Math.min(steps, all.bestByStep().length));
            random.add(new ReplayReport.Run(seed, firstSteps, all.evaluationsToBest(), all.evaluationsToTop1Percent()));
            progress.accept(line("random", random.get(random.size() - 1)));
        }
        return new ReplayReport(classes.size(), best, top1, surrogate, random);
    }

    private static List<Double> accuracies(SearchReport report) {
        List<Double> accs = new ArrayList<>();
        for (SearchStep s : report.steps()) accs.add(s.result() == null ? Double.NaN : s.result().validationAccuracy());
        return accs;
    }

    private static String line(String kind, ReplayReport.Run r) {
        double[] b = r.bestByStep();
        return String.format(Locale.ROOT, "%-9s seed %d: best %.4f after %d evaluations; best reached at %s, top-1%% at %s",
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
