package org.aquasurf.search;

import org.aquasurf.store.ClassStatus;
import org.aquasurf.store.Claim;
import org.aquasurf.store.EvaluationResult;
import org.aquasurf.store.FunctionRecord;
import org.aquasurf.store.FunctionStore;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A search loop, configured fluently: suggest and claim a class, evaluate it, store the result,
 * repeat until the budget is spent or no candidate is left.
 *
 * <p>Several processes may run searches on one store file at once. A search is resumable: on start
 * it returns to NEW the classes left RUNNING by an earlier run with the same worker id or whose
 * heartbeat is older than {@link #staleAfter(Duration)}, and the budget counts the evaluations
 * already in the store, so running it again after a crash continues where it stopped. Before each
 * claim it also releases other workers' claims whose heartbeat is older than staleAfter; a worker
 * that loses its lease that way (it stalled) has its late result dropped, and the step reports
 * the lost lease as its error.
 */
public final class Search {
    private final FunctionStore store;
    private List<String> baselines = List.of();
    private AccuracyPredictor predictor;
    private Evaluation evaluation;
    private long budget = Long.MAX_VALUE;
    private String workerId = defaultWorkerId();
    private Duration staleAfter = Duration.ofHours(1);
    private long seed = 0;
    private Consumer<String> progress = System.out::println;

    Search(FunctionStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** Functions evaluated first, in this order; added to the store if missing. */
    public Search baselines(String... names) {
        return baselines(List.of(names));
    }

    /** Functions evaluated first, in this order; added to the store if missing. */
    public Search baselines(List<String> names) {
        this.baselines = List.copyOf(names);
        return this;
    }

    /** The surrogate that ranks unevaluated classes. Default: {@link AccuracyPredictor#surrogate(long)} with {@link #seed(long)}. */
    public Search predictor(AccuracyPredictor predictor) {
        this.predictor = Objects.requireNonNull(predictor, "predictor");
        return this;
    }

    /** How a function is trained and evaluated. Required. */
    public Search evaluateWith(Evaluation evaluation) {
        this.evaluation = Objects.requireNonNull(evaluation, "evaluation");
        return this;
    }

    /**
     * Stop once the store holds this many claimed or finished classes (RUNNING, DONE or FAILED),
     * counting those of other workers and earlier runs. Default: no limit.
     */
    public Search budget(long evaluations) {
        if (evaluations < 1) throw new IllegalArgumentException("budget must be >= 1, got " + evaluations);
        this.budget = evaluations;
        return this;
    }

    /** Names this worker in the store; a restarted worker with the same id takes back its claims. Default: host-pid. */
    public Search workerId(String id) {
        if (id == null || id.isBlank()) throw new IllegalArgumentException("worker id must be non-blank");
        this.workerId = id;
        return this;
    }

    /** A claim whose heartbeat is older than this belongs to a crashed worker and is released. Default: 1 hour. */
    public Search staleAfter(Duration d) {
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("staleAfter must be positive, got " + d);
        this.staleAfter = d;
        return this;
    }

    /** Seeds the default surrogate and the random order used before any accuracy is known. Default 0. */
    public Search seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Receives one line per evaluation, one per release of stale claims and one when stopping. Default: standard output. */
    public Search progress(Consumer<String> lines) {
        this.progress = Objects.requireNonNull(lines, "progress");
        return this;
    }

    /** No progress lines. */
    public Search quiet() {
        return progress(line -> {});
    }

    /** Runs the search until the budget is reached or no candidate is left. */
    public SearchReport run() {
        if (evaluation == null) throw new IllegalStateException("no evaluation: call evaluateWith(fn -> ...) before run()");
        if (!baselines.isEmpty()) store.populate(baselines);
        int released = store.releaseStale(workerId, staleAfter);
        if (released > 0) progress.accept("released " + released + " stale claim(s) of crashed workers");
        Suggester suggester = new Suggester(store, predictor != null ? predictor : AccuracyPredictor.surrogate(seed),
                baselines, seed);
        List<SearchStep> steps = new ArrayList<>();
        ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "aquasurf-heartbeat");
            t.setDaemon(true);
            return t;
        });
        try {
            while (true) {
                // claims of workers that died (or stalled past staleAfter) meanwhile return to the pool
                int expired = store.releaseExpired(staleAfter);
                if (expired > 0) progress.accept("released " + expired + " expired claim(s) of other workers");
                Optional<Claim> next = suggester.suggestAndClaim(workerId, budget);
                if (next.isEmpty()) break;
                steps.add(evaluate(next.get(), steps.size() + 1, beats));
            }
        } finally {
            beats.shutdownNow();
        }
        long started = store.count(ClassStatus.RUNNING) + store.count(ClassStatus.DONE) + store.count(ClassStatus.FAILED);
        progress.accept(started >= budget ? "search stopped: budget of " + budget + " evaluations reached"
                : "search stopped: no candidate left (" + store.count(ClassStatus.NEW)
                        + " NEW classes lack usable Fisher features or finite outputs)");
        return new SearchReport(steps, store.summary());
    }

    private SearchStep evaluate(Claim claim, int step, ScheduledExecutorService beats) {
        long period = Math.max(1, staleAfter.toMillis() / 4);
        var beat = beats.scheduleAtFixedRate(() -> store.heartbeat(claim), period, period, TimeUnit.MILLISECONDS);
        long start = System.nanoTime();
        EvaluationResult result = null;
        String error = null;
        try {
            result = evaluation.evaluate(claim.name());
            if (result == null) throw new IllegalStateException("evaluation returned null for " + claim.name());
        } catch (Exception e) {
            error = e.toString();
        } finally {
            beat.cancel(false);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        boolean stored;
        if (result != null) {
            if (Double.isNaN(result.runtimeSeconds())) result = result.withRuntimeSeconds(seconds);
            stored = store.complete(claim, result);
        } else {
            stored = store.fail(claim, error);
        }
        if (!stored) {
            result = null;
            error = "lease lost: the claim's heartbeat got older than staleAfter (" + staleAfter
                    + ") and the class was released, so this result was dropped";
        }
        List<FunctionRecord> best = store.top(1);
        double bestAcc = best.isEmpty() ? Double.NaN : best.get(0).validationAccuracy();
        String bestName = best.isEmpty() ? null : best.get(0).name();
        progress.accept(String.format(Locale.ROOT, "step %d  %s  %s  best %.4f %s  (%.1f s)", step,
                store.simplestName(claim.classId()).orElse(claim.name()),
                result != null ? String.format(Locale.ROOT, "val_acc %.4f", result.validationAccuracy()) : "FAILED: " + error,
                bestAcc, best.isEmpty() ? "-" : store.simplestName(best.get(0).classId()).orElse(bestName), seconds));
        return new SearchStep(step, claim.classId(), claim.name(), result, error, bestAcc, bestName);
    }

    /** host-pid of this JVM. */
    public static String defaultWorkerId() {
        return ManagementFactory.getRuntimeMXBean().getName().replace('@', '-');
    }
}
