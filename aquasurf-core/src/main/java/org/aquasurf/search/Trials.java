package org.aquasurf.search;

import org.aquasurf.store.Claim;
import org.aquasurf.store.ClassState;
import org.aquasurf.store.ClassStatus;
import org.aquasurf.store.EvaluationResult;
import org.aquasurf.store.Summary;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Where a {@link Search} claims, records and counts evaluations, and what its {@link Observations}
 * read: a {@link org.aquasurf.store.FunctionStore} ({@link StoreTrials}), or the in-memory copy of
 * a benchmark that a {@link Replay} runs on. {@link Search} alone decides what to claim and when
 * to stop; implementations only carry out its calls.
 */
interface Trials {
    /** Every class, light view, in a stable order. */
    List<ClassState> states();

    /** Stored feature vectors of these classes (absent when none is stored). */
    Map<Long, double[]> features(Collection<Long> classIds);

    /** The outputs of a class's representative on the standard inputs. */
    double[] outputs(ClassState state);

    /** Makes the named functions available (a store adds them) and returns their class ids, in order. */
    List<Long> baselines(List<String> names);

    /** Status of a class. */
    ClassStatus status(long classId);

    /** Claims a NEW class if fewer than {@code budget} classes are started; empty otherwise. */
    java.util.Optional<Claim> claim(long classId, String workerId, long budget);

    /** Classes RUNNING, DONE or FAILED: what the budget counts. */
    long started();

    /** Classes still NEW. */
    long fresh();

    /** Stores a result; false if the claim was lost (the result is dropped). */
    boolean complete(Claim claim, EvaluationResult result);

    /** Marks a claim FAILED; false if it was lost. */
    boolean fail(Claim claim, String error);

    /** Keeps a claim alive. */
    void heartbeat(Claim claim);

    /** Releases this worker's earlier claims and claims older than {@code staleAfter}; returns how many. */
    int releaseStale(String workerId, Duration staleAfter);

    /** Releases other workers' claims older than {@code staleAfter}; returns how many. */
    int releaseExpired(Duration staleAfter);

    /** The best evaluated class (name and validation accuracy), if any. */
    java.util.Optional<Map.Entry<String, Double>> best();

    /** Counts at the end of a run, or null where there is no store. */
    Summary summary();

    /** How progress lines show the class of {@code name}: by default the name itself. */
    default String displayName(String name) {
        return name;
    }
}
