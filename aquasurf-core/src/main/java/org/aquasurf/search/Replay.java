package org.aquasurf.search;

import org.aquasurf.store.ClassStatus;
import org.aquasurf.store.EvaluationResult;
import org.aquasurf.store.FunctionRecord;
import org.aquasurf.store.FunctionStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * Replays searches against the results stored in a benchmark store (e.g. an imported Act-Bench
 * file) instead of training: the surrogate search ({@link Search} on a fresh copy of the store,
 * "evaluating" a function by looking up its stored result) and random search (a seeded random
 * order of all classes), each over several seeds, reporting the best validation accuracy after
 * every step. Classes the benchmark has no result for evaluate to NaN. Random search is cheap, so
 * its evaluations-to-reach counts run over its whole random order (always reached); those of the
 * surrogate search are limited to {@link #steps(int)}.
 */
public final class Replay {
    private final FunctionStore benchmark;
    private List<String> baselines = List.of();
    private LongFunction<AccuracyPredictor> predictor = AccuracyPredictor::surrogate;
    private List<Long> seeds = List.of(0L);
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
        for (String b : baselines) {
            if (benchmark.find(b).isEmpty()) {
                throw new IllegalArgumentException("baseline '" + b + "' is not in benchmark store " + benchmark.location());
            }
        }
        if (accuracies.isEmpty()) throw new IllegalStateException("benchmark store " + benchmark.location() + " has no validation accuracy");
        accuracies.sort(Comparator.reverseOrder());
        double best = accuracies.get(0);
        double top1 = accuracies.get((int) Math.ceil(accuracies.size() * 0.01) - 1);

        List<ReplayReport.Run> surrogate = new ArrayList<>();
        List<ReplayReport.Run> random = new ArrayList<>();
        for (long seed : seeds) {
            surrogate.add(surrogateRun(seed, results, best, top1));
            progress.accept(line("surrogate", surrogate.get(surrogate.size() - 1)));
            random.add(randomRun(seed, classes, results, best, top1));
            progress.accept(line("random", random.get(random.size() - 1)));
        }
        return new ReplayReport(classes.size(), best, top1, surrogate, random);
    }

    private static String line(String kind, ReplayReport.Run r) {
        double[] b = r.bestByStep();
        return String.format(Locale.ROOT, "%-9s seed %d: best %.4f after %d evaluations; best reached at %s, top-1%% at %s",
                kind, r.seed(), b.length == 0 ? Double.NaN : b[b.length - 1], b.length,
                r.evaluationsToBest() < 0 ? "-" : r.evaluationsToBest(),
                r.evaluationsToTop1Percent() < 0 ? "-" : r.evaluationsToTop1Percent());
    }

    private ReplayReport.Run surrogateRun(long seed, Map<String, EvaluationResult> results, double best, double top1) {
        Path dir;
        try {
            dir = Files.createTempDirectory("aquasurf-replay");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the replay: " + e.getMessage(), e);
        }
        Path copyFile = dir.resolve("replay.db");
        try (FunctionStore copy = benchmark.copyWithoutResults(copyFile)) {
            SearchReport report = AquaSurf.search(copy).baselines(baselines).predictor(predictor.apply(seed))
                    .seed(seed).budget(steps).workerId("replay-" + seed).quiet()
                    .evaluateWith(name -> results.get(name)).run();
            List<Double> accs = new ArrayList<>();
            for (SearchStep s : report.steps()) accs.add(s.result() == null ? Double.NaN : s.result().validationAccuracy());
            return run(seed, accs, best, top1);
        } finally {
            for (String suffix : List.of("", "-wal", "-shm")) {
                try {
                    Files.deleteIfExists(dir.resolve("replay.db" + suffix));
                } catch (IOException ignored) {
                    // a leftover temporary file is harmless
                }
            }
            try {
                Files.deleteIfExists(dir);
            } catch (IOException ignored) {
                // a leftover temporary directory is harmless
            }
        }
    }

    private ReplayReport.Run randomRun(long seed, List<FunctionRecord> classes, Map<String, EvaluationResult> results,
                                       double best, double top1) {
        List<FunctionRecord> order = new ArrayList<>(classes);
        Collections.shuffle(order, new Random(seed));
        List<Double> accs = new ArrayList<>();
        for (FunctionRecord r : order) accs.add(results.get(r.name()).validationAccuracy());
        ReplayReport.Run all = run(seed, accs, best, top1);
        double[] firstSteps = java.util.Arrays.copyOf(all.bestByStep(), Math.min(steps, order.size()));
        return new ReplayReport.Run(seed, firstSteps, all.evaluationsToBest(), all.evaluationsToTop1Percent());
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
