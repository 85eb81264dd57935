package org.aquasurf.search;

import org.aquasurf.store.ClassState;
import org.aquasurf.store.ClassStatus;
import org.aquasurf.store.Claim;
import org.aquasurf.store.EvaluationResult;
import org.aquasurf.store.Workers;

import java.nio.file.Path;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A search loop, configured fluently: take the next class (baselines first, then the
 * {@link Suggester}'s ranking), claim it, evaluate it, store the result, repeat until the budget is
 * spent or no candidate is left. The search alone decides what is claimed and when it stops: the
 * suggester only ranks.
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
    /** The default lease of a claim: a claim not heartbeated for this long belongs to a dead worker. */
    public static final Duration DEFAULT_LEASE = Duration.ofMinutes(5);

    private final Trials trials;
    private List<String> baselines = List.of();
    private Suggester suggester;
    private AccuracyPredictor predictor;
    private Evaluation evaluation;
    private long budget = Long.MAX_VALUE;
    private String workerId = defaultWorkerId();
    private Duration staleAfter = DEFAULT_LEASE;
    private Path journal;
    private long seed = AquaSurf.DEFAULT_SEED;
    private Consumer<String> progress = System.out::println;
    /** Kept between calls so that the suggester's caches (e.g. the fitted surrogate) survive. */
    private Observations observations;
    private Suggester activeSuggester;
    /**
     * Baselines seen DONE by this search. DONE is final (only a user's clean resets it), so claimNext
     * reads the status of each at most once: with every class as a baseline (a benchmark build) the
     * reads would otherwise grow with the square of the classes.
     */
    private final Set<Long> doneBaselines = new HashSet<>();

    Search(Trials trials) {
        this.trials = Objects.requireNonNull(trials, "trials");
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

    /**
     * What ranks the unevaluated classes. Default: {@link SurrogateSuggester} with {@link #predictor}
     * or, without one, {@link Suggesters#DEFAULT} with {@link #seed(long)}.
     */
    public Search suggester(Suggester suggester) {
        this.suggester = Objects.requireNonNull(suggester, "suggester");
        this.activeSuggester = null;
        return this;
    }

    /** The surrogate of the default {@link SurrogateSuggester}. Default: {@link AccuracyPredictor#surrogate(long)} with {@link #seed(long)}. */
    public Search predictor(AccuracyPredictor predictor) {
        this.predictor = Objects.requireNonNull(predictor, "predictor");
        this.activeSuggester = null;
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

    /**
     * Names this worker in the store; a restarted worker with the same id takes back its claims.
     * Default: host-pid; then a rerun on the same host takes back the claims of dead processes
     * at once (see {@link Workers}).
     */
    public Search workerId(String id) {
        if (id == null || id.isBlank()) throw new IllegalArgumentException("worker id must be non-blank");
        this.workerId = id;
        return this;
    }

    /**
     * The lease: a claim whose heartbeat is older than this belongs to a crashed worker and is
     * released; live claims are heartbeated every quarter of it. Default {@link #DEFAULT_LEASE}.
     */
    public Search staleAfter(Duration d) {
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("staleAfter must be positive, got " + d);
        this.staleAfter = d;
        return this;
    }

    /** Seeds the default surrogate and the random order used before any accuracy is known. Default {@link AquaSurf#DEFAULT_SEED}. */
    public Search seed(long seed) {
        this.seed = seed;
        this.activeSuggester = null;
        return this;
    }

    /**
     * Where results that cannot be written to the store (disk full, server unreachable) are kept
     * until the next run writes them. Default: {@code FILE.journal} beside an SQLite store,
     * {@code ~/.aquasurf/journal-HASH.jsonl} for a server; the temporary directory if that fails.
     */
    public Search journal(Path file) {
        this.journal = Objects.requireNonNull(file, "file");
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

    /**
     * The function that would be evaluated next (a NEW baseline in order, else the suggester's
     * first), without claiming it or writing anything but missing baselines; empty when none is left.
     */
    public Optional<String> suggest() {
        List<Long> baselineIds = trials.baselines(baselines);
        for (int i = 0; i < baselineIds.size(); i++) {
            if (trials.status(baselineIds.get(i)) == ClassStatus.NEW) return Optional.of(baselines.get(i));
        }
        List<ClassState> ranking = ranking();
        return ranking.isEmpty() ? Optional.empty() : Optional.of(ranking.get(0).name());
    }

    /** Runs the search until the budget is reached or no candidate is left. */
    public SearchReport run() {
        if (evaluation == null) throw new IllegalStateException("no evaluation: call evaluateWith(fn -> ...) before run()");
        List<Long> baselineIds = trials.baselines(baselines);
        trials.resume(workerId, staleAfter, journal, progress);
        List<SearchStep> steps = new ArrayList<>();
        ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "aquasurf-heartbeat");
            t.setDaemon(true);
            return t;
        });
        StepClock clock = new StepClock();
        try (InterruptGuard guard = InterruptGuard.install("search", progress)) {
            while (!guard.stopping()) {
                // claims of workers that died (or stalled past staleAfter) meanwhile return to the pool
                int expired = trials.releaseExpired(staleAfter);
                if (expired > 0) progress.accept("released " + expired + " expired claim(s) of other workers");
                Optional<Claim> next = claimNext(baselineIds);
                if (next.isEmpty()) break;
                Claim claim = next.get();
                guard.holding("the evaluation of " + claim.name() + " (worker " + workerId + ")",
                        () -> trials.release(claim));
                steps.add(evaluate(claim, beats, clock));
                guard.idle();
            }
        } finally {
            beats.shutdownNow();
        }
        long started = trials.started();
        progress.accept(started >= budget ? "search stopped: budget of " + budget + " evaluations reached"
                : "search stopped: no candidate left (" + trials.fresh()
                        + " NEW classes lack usable Fisher features or finite outputs)");
        return new SearchReport(steps, trials.summary());
    }

    /**
     * Claims the next class: the NEW baselines in order, then the suggester's ranking; a class
     * another worker claimed first is skipped. Empty when none is left or the budget is reached.
     */
    private Optional<Claim> claimNext(List<Long> baselineIds) {
        if (trials.started() >= budget) return Optional.empty();
        for (long id : baselineIds) {
            if (doneBaselines.contains(id)) continue;
            ClassStatus status = trials.status(id);
            if (status == ClassStatus.DONE) doneBaselines.add(id);
            if (status != ClassStatus.NEW) continue;
            Optional<Claim> c = trials.claim(id, workerId, budget);
            if (c.isPresent()) return c;
            if (trials.started() >= budget) return Optional.empty();
        }
        for (ClassState r : ranking()) {
            if (r.status() != ClassStatus.NEW) continue;
            Optional<Claim> c = trials.claim(r.classId(), workerId, budget);
            if (c.isPresent()) return c;
            if (trials.started() >= budget) return Optional.empty();
        }
        return Optional.empty();
    }

    /** The suggester's ranking of the observations as they are now. */
    private List<ClassState> ranking() {
        if (observations == null) observations = new Observations(trials);
        if (activeSuggester == null) {
            activeSuggester = suggester != null ? suggester
                    : predictor != null ? new SurrogateSuggester(predictor, seed) : Suggesters.create(Suggesters.DEFAULT, seed);
        }
        return activeSuggester.rank(observations.refresh());
    }

    private SearchStep evaluate(Claim claim, ScheduledExecutorService beats, StepClock clock) {
        long period = Math.max(1, staleAfter.toMillis() / 4);
        var beat = beats.scheduleAtFixedRate(() -> trials.heartbeat(claim), period, period, TimeUnit.MILLISECONDS);
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
            stored = trials.complete(claim, result); // one that cannot be stored is kept for the next run, then this throws
        } else {
            stored = trials.fail(claim, error);
        }
        if (!stored) {
            result = null;
            error = "lease lost: the claim's heartbeat got older than staleAfter (" + staleAfter
                    + ") and the class was released, so this result was dropped";
        }
        Optional<Map.Entry<String, Double>> best = trials.best();
        double bestAcc = best.map(Map.Entry::getValue).orElse(Double.NaN);
        String bestName = best.map(Map.Entry::getKey).orElse(null);
        long finished = trials.finished();
        long workers = trials.workers(workerId);
        clock.step(seconds);
        int step = (int) Math.max(finished, clock.steps());
        progress.accept(String.format(Locale.ROOT, "step %s  %s  %s  best %.4f %s  (%.1f s; %s)", stepText(step),
                trials.displayName(claim.name()),
                result != null ? String.format(Locale.ROOT, "val_acc %.4f", result.validationAccuracy()) : "FAILED: " + error,
                bestAcc, bestName == null ? "-" : trials.displayName(bestName), seconds, clock.describe(budget - step, workers)));
        return new SearchStep(step, claim.classId(), claim.name(), result, error, bestAcc, bestName);
    }

    private String stepText(long step) {
        return budget == Long.MAX_VALUE ? String.valueOf(step) : step + "/" + budget;
    }

    /** This process's elapsed time and measured step times, for the ETA. */
    private static final class StepClock {
        private final long start = System.nanoTime();
        private double stepSeconds;
        private int steps;

        void step(double seconds) {
            stepSeconds += seconds;
            steps++;
        }

        int steps() {
            return steps;
        }

        /** "elapsed M:SS, ETA M:SS": the remaining evaluations at this process's mean step time, shared by {@code workers}. */
        String describe(long remaining, long workers) {
            String elapsed = "elapsed " + clock((System.nanoTime() - start) / 1e9);
            if (remaining < 0 || remaining > 1_000_000_000L || steps == 0) return elapsed;
            double eta = stepSeconds / steps * Math.ceil((double) remaining / Math.max(1, workers));
            return elapsed + ", ETA " + clock(eta) + (workers > 1 ? " with " + workers + " workers" : "");
        }

        static String clock(double seconds) {
            long s = Math.round(seconds);
            return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                    : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
        }
    }

    /** host-pid of this JVM (see {@link Workers#defaultId()}). */
    public static String defaultWorkerId() {
        return Workers.defaultId();
    }
}
