package org.aquasurf.search;

import org.aquasurf.eval.Evaluator;
import org.aquasurf.store.Claim;
import org.aquasurf.store.ClassState;
import org.aquasurf.store.ClassStatus;
import org.aquasurf.store.EvaluationResult;
import org.aquasurf.store.FunctionRecord;
import org.aquasurf.store.FunctionStore;
import org.aquasurf.store.Summary;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link Trials} on a store shared by any number of workers: claims, leases and results are the store's. */
final class StoreTrials implements Trials {
    private final FunctionStore store;
    private final Evaluator evaluator;

    StoreTrials(FunctionStore store) {
        this.store = store;
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
        return store.leases().claim(classId, workerId, budget);
    }

    @Override public long started() {
        return store.count(ClassStatus.RUNNING) + store.count(ClassStatus.DONE) + store.count(ClassStatus.FAILED);
    }

    @Override public long fresh() { return store.count(ClassStatus.NEW); }

    @Override public boolean complete(Claim claim, EvaluationResult result) { return store.leases().complete(claim, result); }

    @Override public boolean fail(Claim claim, String error) { return store.leases().fail(claim, error); }

    @Override public void heartbeat(Claim claim) { store.leases().heartbeat(claim); }

    @Override public int releaseStale(String workerId, Duration staleAfter) { return store.leases().releaseStale(workerId, staleAfter); }

    @Override public int releaseExpired(Duration staleAfter) { return store.leases().releaseExpired(staleAfter); }

    @Override public Optional<Map.Entry<String, Double>> best() {
        List<FunctionRecord> top = store.top(1);
        return top.isEmpty() ? Optional.empty() : Optional.of(Map.entry(top.get(0).name(), top.get(0).validationAccuracy()));
    }

    @Override public Summary summary() { return store.summary(); }

    /** The simplest member of the class of {@code name} (its shortest name), for progress lines. */
    @Override public String displayName(String name) {
        return store.find(name).flatMap(r -> store.simplestName(r.classId())).orElse(name);
    }
}
