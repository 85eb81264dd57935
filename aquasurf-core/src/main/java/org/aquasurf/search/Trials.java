package org.aquasurf.search;

import org.aquasurf.store.Claim;
import org.aquasurf.store.ClassState;
import org.aquasurf.store.ClassStatus;
import org.aquasurf.store.EvaluationResult;
import org.aquasurf.store.Summary;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where a {@link Search} claims, records and counts evaluations, and what its {@link Observations}
 * read: a {@link org.aquasurf.store.FunctionStore} ({@link StoreTrials}), or the in-memory copy of
 * a benchmark that a {@link Replay} runs on. {@link Search} alone decides what to claim and when
 * to stop; implementations only carry out its calls, and what only a shared store needs (the
 * result journal, other workers' and dead processes' claims) stays behind them.
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

    /**
     * Before a run of worker {@code workerId}: takes back what earlier runs left (results kept
     * in the journal, this worker's claims and claims older than {@code staleAfter}, claims of
     * dead processes), one progress line for each kind found.
     *
     * @param journal where results that cannot be stored are kept; null for the default
     */
    void resume(String workerId, Duration staleAfter, Path journal, Consumer<String> progress);

    /**
     * Stores a result; false if the claim was lost (the result is dropped). If it cannot be
     * stored at all, it is kept for the next run and the exception says where.
     */
    boolean complete(Claim claim, EvaluationResult result);

    /** Marks a claim FAILED; false if it was lost. */
    boolean fail(Claim claim, String error);

    /** Keeps a claim alive. */
    void heartbeat(Claim claim);

    /** Releases other workers' claims older than {@code staleAfter}; returns how many. */
    int releaseExpired(Duration staleAfter);

    /** Gives a claim back at once (an interrupted run); false if there was nothing to give back. */
    boolean release(Claim claim);

    /** Classes DONE or FAILED, by every worker: the step a progress line shows. */
    long finished();

    /** Workers holding evaluation claims now, {@code workerId} included: what the ETA divides the remaining work by. */
    long workers(String workerId);

    /** The best evaluated class (name and validation accuracy), if any. */
    java.util.Optional<Map.Entry<String, Double>> best();

    /** Counts at the end of a run, or null where there is no store. */
    Summary summary();

    /** How progress lines show the class of {@code name}: by default the name itself. */
    default String displayName(String name) {
        return name;
    }
}
