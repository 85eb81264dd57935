package org.aquasurf.search;

import org.aquasurf.eval.Evaluator;
import org.aquasurf.store.Claim;
import org.aquasurf.store.ClassState;
import org.aquasurf.store.ClassStatus;
import org.aquasurf.store.EvaluationResult;
import org.aquasurf.store.FunctionRecord;
import org.aquasurf.store.FunctionStore;
import org.aquasurf.store.Leases;
import org.aquasurf.store.RunningClaim;
import org.aquasurf.store.StoreException;
import org.aquasurf.store.Summary;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@link Trials} on a store shared by any number of workers: claims, leases and results are the
 * store's ({@link FunctionStore#leases()}). On {@link #resume} it writes the results an earlier
 * run kept in its {@link ResultJournal} and takes back stale claims and those of dead processes on
 * this host; a result that cannot be stored goes to the journal.
 */
final class StoreTrials implements Trials {
    private final FunctionStore store;
    private final Leases leases;
    private final Evaluator evaluator;
    /** Where results that cannot be stored are kept; set by {@link #resume}. */
    private ResultJournal journal;

    StoreTrials(FunctionStore store) {
        this.store = Objects.requireNonNull(store, "store");
        this.leases = store.leases();
        this.evaluator = store.canonicalizer().evaluator();
    }

    @Override public List<ClassState> states() { return store.states(); }

    @Override public Map<Long, double[]> features(Collection<Long> classIds) { return store.features().get(classIds); }

    @Override public double[] outputs(ClassState state) { return evaluator.outputs(state.name()); }

    @Override public List<Long> baselines(List<String> names) {
        if (!names.isEmpty()) store.populate(names);
        List<Long> ids = new ArrayList<>();
        for (String name : names) {
            ids.add(store.find(name).orElseThrow(() -> new IllegalArgumentException(
                    "baseline function '" + name + "' is not in store " + store.location() + "; populate it first")).classId());
        }
        return ids;
    }

    @Override public ClassStatus status(long classId) {
        return store.get(classId).map(FunctionRecord::status).orElseThrow(
                () -> new IllegalStateException("class " + classId + " vanished from store " + store.location()));
    }

    @Override public Optional<Claim> claim(long classId, String workerId, long budget) {
        return leases.claim(classId, workerId, budget);
    }

    @Override public long started() {
        return store.count(ClassStatus.RUNNING) + store.count(ClassStatus.DONE) + store.count(ClassStatus.FAILED);
    }

    @Override public long fresh() { return store.count(ClassStatus.NEW); }

    @Override public void resume(String workerId, Duration staleAfter, Path journalFile, Consumer<String> progress) {
        journal = new ResultJournal(journalFile != null ? journalFile : ResultJournal.defaultPath(store), store.location());
        int journaled = journal.replay(store, progress);
        if (journaled > 0) progress.accept("wrote " + journaled + " journaled result(s) of earlier runs");
        int released = leases.releaseStale(workerId, staleAfter);
        if (released > 0) progress.accept("released " + released + " stale claim(s) of crashed workers");
        List<RunningClaim> dead = leases.releaseDeadOnThisHost(RunningClaim.Kind.EVALUATION);
        if (!dead.isEmpty()) {
            progress.accept("took back " + dead.size() + " claim(s) of dead processes on this host: "
                    + dead.stream().map(c -> c.name() + " (" + c.workerId() + ")").toList());
        }
    }

    /** Stores the result; if the store cannot take it, a finished training is never thrown away: it goes to the journal, then this throws. */
    @Override public boolean complete(Claim claim, EvaluationResult result) {
        try {
            return leases.complete(claim, result);
        } catch (RuntimeException e) {
            if (journal == null) throw e;
            Path kept = journal.append(claim, result);
            throw new StoreException(String.format(Locale.ROOT, "cannot store the result of %s (val_acc %.4f) in %s: %s; "
                            + "it is kept in the journal %s and written by the next run", claim.name(),
                    result.validationAccuracy(), store.location(), rootMessage(e), kept), e);
        }
    }

    @Override public boolean fail(Claim claim, String error) { return leases.fail(claim, error); }

    @Override public void heartbeat(Claim claim) { leases.heartbeat(claim); }

    @Override public int releaseExpired(Duration staleAfter) { return leases.releaseExpired(staleAfter); }

    @Override public boolean release(Claim claim) { return leases.release(claim); }

    @Override public long finished() { return store.count(ClassStatus.DONE) + store.count(ClassStatus.FAILED); }

    @Override public long workers(String workerId) {
        return leases.running().stream().filter(c -> c.kind() == RunningClaim.Kind.EVALUATION)
                .map(RunningClaim::workerId).filter(w -> !w.equals(workerId)).distinct().count() + 1;
    }

    @Override public Optional<Map.Entry<String, Double>> best() {
        List<FunctionRecord> top = store.top(1);
        return top.isEmpty() ? Optional.empty() : Optional.of(Map.entry(top.get(0).name(), top.get(0).validationAccuracy()));
    }

    @Override public Summary summary() { return store.summary(); }

    /** The simplest member of the class of {@code name} (its shortest name), for progress lines. */
    @Override public String displayName(String name) {
        return store.find(name).flatMap(r -> store.simplestName(r.classId())).orElse(name);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
