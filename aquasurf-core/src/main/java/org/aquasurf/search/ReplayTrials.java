package org.aquasurf.search;

import org.aquasurf.store.Claim;
import org.aquasurf.store.ClassState;
import org.aquasurf.store.ClassStatus;
import org.aquasurf.store.EvaluationResult;
import org.aquasurf.store.Summary;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@link Trials} in memory for one replayed search: every class of the benchmark starts NEW, claims
 * always succeed (one worker), results are kept here. Feature vectors and outputs come from
 * caches shared by all searches of a replay; nothing is written to the benchmark.
 */
final class ReplayTrials implements Trials {
    private final List<ClassState> initial;
    private final Map<Long, Integer> row = new HashMap<>();
    private final ClassState[] states;
    private final Function<Collection<Long>, Map<Long, double[]>> features;
    private final Function<ClassState, double[]> outputs;
    private final Function<String, OptionalLong> find;
    private final String location;
    private long started;
    private long finished;
    private String bestName;
    private double bestAccuracy = Double.NaN;

    ReplayTrials(List<ClassState> classes, Function<Collection<Long>, Map<Long, double[]>> features,
                 Function<ClassState, double[]> outputs, Function<String, OptionalLong> find, String location) {
        this.initial = classes;
        this.states = new ClassState[classes.size()];
        for (int i = 0; i < classes.size(); i++) {
            ClassState c = classes.get(i);
            states[i] = new ClassState(c.classId(), c.name(), ClassStatus.NEW, Double.NaN, c.featureLength());
            row.put(c.classId(), i);
        }
        this.features = features;
        this.outputs = outputs;
        this.find = find;
        this.location = location;
    }

    @Override public List<ClassState> states() { return List.of(states); }

    @Override public Map<Long, double[]> features(Collection<Long> classIds) { return features.apply(classIds); }

    @Override public double[] outputs(ClassState state) { return outputs.apply(state); }

    @Override public List<Long> baselines(List<String> names) {
        List<Long> ids = new ArrayList<>();
        for (String name : names) {
            ids.add(find.apply(name).orElseThrow(() -> new IllegalArgumentException(
                    "baseline '" + name + "' is not in benchmark store " + location)));
        }
        return ids;
    }

    @Override public ClassStatus status(long classId) { return states[row.get(classId)].status(); }

    @Override public Optional<Claim> claim(long classId, String workerId, long budget) {
        int i = row.get(classId);
        if (states[i].status() != ClassStatus.NEW || started >= budget) return Optional.empty();
        set(i, ClassStatus.RUNNING, Double.NaN);
        started++;
        return Optional.of(new Claim(classId, states[i].name(), workerId, started));
    }

    @Override public long started() { return started; }

    @Override public long fresh() { return initial.size() - started; }

    @Override public boolean complete(Claim claim, EvaluationResult result) {
        double acc = result.validationAccuracy();
        set(row.get(claim.classId()), ClassStatus.DONE, acc);
        if (Double.isFinite(acc) && (Double.isNaN(bestAccuracy) || acc > bestAccuracy)) {
            bestAccuracy = acc;
            bestName = claim.name();
        }
        finished++;
        return true;
    }

    @Override public boolean fail(Claim claim, String error) {
        set(row.get(claim.classId()), ClassStatus.FAILED, Double.NaN);
        finished++;
        return true;
    }

    private void set(int i, ClassStatus status, double accuracy) {
        ClassState c = states[i];
        states[i] = new ClassState(c.classId(), c.name(), status, Double.isFinite(accuracy) ? accuracy : Double.NaN, c.featureLength());
    }

    @Override public void heartbeat(Claim claim) {}

    /** Nothing to take back: a replay starts from an empty in-memory copy and has no journal. */
    @Override public void resume(String workerId, Duration staleAfter, Path journal, Consumer<String> progress) {}

    @Override public int releaseExpired(Duration staleAfter) { return 0; }

    /** Nothing to give back: a replay's claims end with it. */
    @Override public boolean release(Claim claim) { return false; }

    @Override public long finished() { return finished; }

    /** One worker: this replay. */
    @Override public long workers(String workerId) { return 1; }

    @Override public Optional<Map.Entry<String, Double>> best() {
        return bestName == null ? Optional.empty() : Optional.of(Map.entry(bestName, bestAccuracy));
    }

    @Override public Summary summary() { return null; }
}
