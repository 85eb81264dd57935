package org.aquasurf.search;

import org.aquasurf.store.FeatureClaim;
import org.aquasurf.store.FunctionRecord;
import org.aquasurf.store.FunctionStore;
import org.aquasurf.store.RunningClaim;
import org.aquasurf.store.StoreException;
import org.aquasurf.store.Workers;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The Fisher-feature phase, shared by every worker on a store, configured fluently:
 * {@code FeatureWork.on(store).limit(300).seed(0).first(baselines).run(name -> features(name))}.
 *
 * <p>It stores features for classes that have none (the {@link #first} functions, then in a random
 * order drawn from the seed) until {@code limit} more classes than at the start have features,
 * counting every worker's. Each class is claimed with a lease (heartbeated every quarter of it;
 * the claim of a dead worker returns to the pool when the lease runs out, or at once for a dead
 * process of this host), so no class is computed twice, and workers with the same seed together
 * compute the classes one worker would. The features function must depend on the name only (seed
 * its randomness per class), so results do not depend on which worker computed them.
 *
 * <p>A function whose outputs are constant over the standard inputs stores
 * {@link #CONSTANT_FUNCTION} without calling the features function (its Fisher matrix is
 * degenerate); one whose features function throws stores an empty vector with the error. Either
 * way the class is skipped by the surrogate and not retried. SIGINT/SIGTERM release the claim in
 * progress and print one line.
 */
public final class FeatureWork {
    /** The feature error stored for a function whose outputs are constant over the standard inputs. */
    public static final String CONSTANT_FUNCTION = "constant function, no Fisher features";

    private final FunctionStore store;
    private long limit = Long.MAX_VALUE;
    private long seed;
    private List<String> first = List.of();
    private String workerId = Workers.defaultId();
    private Duration lease = Search.DEFAULT_LEASE;
    private Consumer<String> progress = System.out::println;

    private FeatureWork(FunctionStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** The phase on this store. */
    public static FeatureWork on(FunctionStore store) {
        return new FeatureWork(store);
    }

    /** How many more classes than at the start get features, over all workers. Default: all. */
    public FeatureWork limit(long classes) {
        if (classes < 0) throw new IllegalArgumentException("limit must be >= 0, got " + classes);
        this.limit = classes;
        return this;
    }

    /** Seed of the random order of classes. Default 0. */
    public FeatureWork seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Functions whose classes come first (e.g. the baselines), in this order. */
    public FeatureWork first(List<String> names) {
        this.first = List.copyOf(names);
        return this;
    }

    /** This worker's id in the store. Default: host-pid. */
    public FeatureWork workerId(String id) {
        if (id == null || id.isBlank()) throw new IllegalArgumentException("worker id must be non-blank");
        this.workerId = id;
        return this;
    }

    /** The lease of a claim. Default {@link Search#DEFAULT_LEASE}. */
    public FeatureWork lease(Duration lease) {
        if (lease.isNegative() || lease.isZero()) throw new IllegalArgumentException("lease must be positive, got " + lease);
        this.lease = lease;
        return this;
    }

    /** Receives the progress lines. Default: standard output. */
    public FeatureWork progress(Consumer<String> lines) {
        this.progress = Objects.requireNonNull(lines, "progress");
        return this;
    }

    /** What one worker did: classes it stored features for, not finite ones among them, failed, constant, stored by other workers meanwhile. */
    public record Report(int computed, int notFinite, int failed, int constant, int byOtherWorkers, double seconds) {}

    /** Runs the phase with {@code features} computing a function's feature vector. */
    public Report run(Function<String, double[]> features) {
        long start = System.nanoTime();
        List<RunningClaim> dead = store.leases().releaseDeadOnThisHost(RunningClaim.Kind.FEATURES);
        if (!dead.isEmpty()) {
            progress.accept("took back " + dead.size() + " Fisher-feature claim(s) of dead processes on this host: "
                    + dead.stream().map(c -> c.name() + " (" + c.workerId() + ")").toList());
        }
        long haveAtStart = stored();
        long target = limit == Long.MAX_VALUE ? Long.MAX_VALUE : haveAtStart + limit;
        List<FunctionRecord> shuffled = store.features().missing(new Random(seed));
        Set<Long> firstIds = first.stream().map(store::find).flatMap(Optional::stream)
                .map(FunctionRecord::classId).collect(Collectors.toSet());
        List<FunctionRecord> order = Stream.concat(shuffled.stream().filter(r -> firstIds.contains(r.classId())),
                shuffled.stream().filter(r -> !firstIds.contains(r.classId()))).toList();
        Set<Long> todo = order.stream().map(FunctionRecord::classId).collect(Collectors.toSet());
        Progress p = new Progress((int) Math.min(limit, order.size()), haveAtStart);
        int[] counts = new int[4]; // computed, not finite, failed, constant
        ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "aquasurf-feature-heartbeat");
            t.setDaemon(true);
            return t;
        });
        try (InterruptGuard guard = InterruptGuard.install("Fisher features", progress)) {
            List<FunctionRecord> pass = order;
            while (!pass.isEmpty() && !guard.stopping()) {
                for (FunctionRecord r : pass) {
                    if (guard.stopping()) break;
                    Optional<FeatureClaim> claim = store.features().claim(r.classId(), workerId, target, lease);
                    if (claim.isEmpty()) {
                        if (target != Long.MAX_VALUE && featuresOrLiveClaims() >= target) break;
                        continue;
                    }
                    guard.holding("the Fisher features of " + r.name() + " (worker " + workerId + ")",
                            () -> store.features().release(claim.get()));
                    long period = Math.max(1, lease.toMillis() / 4);
                    var beat = beats.scheduleAtFixedRate(() -> store.features().heartbeat(claim.get()), period, period, TimeUnit.MILLISECONDS);
                    try {
                        computeAndStore(claim.get(), features, counts);
                    } finally {
                        beat.cancel(false);
                        guard.idle();
                    }
                    p.step(r.name(), counts[1]);
                }
                pass = waitForOthers(todo, order, target, guard);
            }
        } finally {
            beats.shutdownNow();
        }
        long byAll = stored() - haveAtStart;
        return new Report(counts[0], counts[1], counts[2], counts[3],
                (int) Math.max(0, byAll - counts[0] - counts[2] - counts[3]), (System.nanoTime() - start) / 1e9);
    }

    /**
     * Until {@code target} classes have features, waits while other workers hold live claims on
     * classes of this phase; returns the classes whose claims expired meanwhile (their workers
     * died: this one takes them over), or none when every claim finished or the target is met.
     */
    private List<FunctionRecord> waitForOthers(Set<Long> todo, List<FunctionRecord> order, long target, InterruptGuard guard) {
        while (!guard.stopping()) {
            if (target != Long.MAX_VALUE && stored() >= target) return List.of();
            List<RunningClaim> others = store.leases().running().stream()
                    .filter(c -> c.kind() == RunningClaim.Kind.FEATURES && todo.contains(c.classId())).toList();
            Set<Long> expired = others.stream().filter(c -> c.leaseLeftMillis(lease) < 0)
                    .map(RunningClaim::classId).collect(Collectors.toSet());
            if (!expired.isEmpty()) return order.stream().filter(r -> expired.contains(r.classId())).toList();
            if (others.isEmpty()) return List.of();
            try {
                Thread.sleep(Math.max(10, Math.min(1000, lease.toMillis() / 8)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
        return List.of();
    }

    /** Classes with a stored feature vector or feature error (what a feature claim's limit counts). */
    private long stored() {
        var s = store.summary();
        return s.classesWithFeatures() + s.featureErrors();
    }

    /** Classes with features (or errors) plus live feature claims: what the limit counts. */
    private long featuresOrLiveClaims() {
        long live = store.leases().running().stream()
                .filter(c -> c.kind() == RunningClaim.Kind.FEATURES && c.leaseLeftMillis(lease) >= 0).count();
        return stored() + live;
    }

    private void computeAndStore(FeatureClaim claim, Function<String, double[]> features, int[] counts) {
        if (isConstant(store.canonicalizer().evaluator().outputs(claim.name()))) {
            if (store.features().put(claim, null, CONSTANT_FUNCTION)) counts[3]++;
            return;
        }
        double[] f;
        try {
            f = features.apply(claim.name());
            if (f == null || f.length == 0) throw new IllegalStateException("no features returned");
        } catch (StoreException e) {
            throw e;
        } catch (RuntimeException e) {
            String msg = e.getClass().getSimpleName() + ": " + e.getMessage();
            progress.accept("Fisher features failed for " + claim.name() + ": " + msg);
            if (store.features().put(claim, null, msg)) counts[2]++;
            return;
        }
        if (store.features().put(claim, f, null)) {
            counts[0]++;
            if (!Arrays.stream(f).allMatch(Double::isFinite)) counts[1]++;
        }
    }

    /** True if every output equals the first (bit for bit, so all-NaN outputs count as constant too). */
    public static boolean isConstant(double[] outputs) {
        for (double v : outputs) if (Double.compare(v, outputs[0]) != 0) return false;
        return true;
    }

    /**
     * One progress line per update, at most every 5 seconds or each 10% and at the end, counting
     * the work of every worker on the store: classes done of the phase's total, this process's
     * share and seconds per function, and an ETA from the phase's rate so far.
     */
    private final class Progress {
        private final int total;
        private final long haveAtStart;
        private final long start = System.nanoTime();
        private long lastPrint = start;
        private int mine, lastDecile;

        Progress(int total, long haveAtStart) {
            this.total = total;
            this.haveAtStart = haveAtStart;
        }

        void step(String name, int notFinite) {
            mine++;
            long now = System.nanoTime();
            int decile = total == 0 ? 10 : mine * 10 / total;
            if (decile > lastDecile || now - lastPrint > 5_000_000_000L) {
                long all = Math.min(total, stored() - haveAtStart);
                double s = (now - start) / 1e9;
                progress.accept(String.format(Locale.ROOT,
                        "Fisher features %d/%d (%.0f%%, all workers; %d here, %.2f s/function), ETA %.0f s, %d not finite "
                                + "(the network overflows at initialization with these functions; the surrogate skips them), last %s",
                        all, total, 100.0 * all / Math.max(1, total), mine, s / mine,
                        all <= 0 ? Double.NaN : s / all * (total - all), notFinite, name));
                lastPrint = now;
                lastDecile = decile;
            }
        }
    }
}
