package org.aquasurf.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The evaluation-lease protocol of a store ({@link FunctionStore#leases()}), what workers sharing
 * it call: claim a class, heartbeat the claim, complete or fail it, release it; list the claims
 * in progress and the order in which results arrived. The list of running claims and the
 * releases of listed claims cover both kinds, evaluations and Fisher-feature work (whose claims
 * are made through {@link Features}).
 *
 * <p>Claiming is atomic: one SQL statement moves a class from NEW to RUNNING, so two workers never
 * hold the same class. A claim is a lease: its holder heartbeats it, a claim whose heartbeat is
 * older than a timeout may be released ({@link #releaseStale}, {@link #releaseExpired}) and
 * claimed again, and then the old holder's {@link #complete}, {@link #fail} and
 * {@link #heartbeat} write nothing and return false. So a result is written at most once per
 * claim, in one statement, and only by the current holder. Thread-safe, together with the rest of
 * the store.
 */
public final class Leases {
    /** The lease condition: the class is still RUNNING under exactly this claim. */
    private static final String HELD = " id = :id AND status = 'RUNNING' AND claimed_by = :w AND claimed_at = :lease";

    private final Connection conn;
    private final ClassRows rows;

    Leases(Connection conn, ClassRows rows) {
        this.conn = conn;
        this.rows = rows;
    }

    /** Atomically claims class {@code classId} if it is NEW; empty if it is not (another worker won). */
    public Optional<Claim> claim(long classId, String workerId) {
        return claim(classId, workerId, Long.MAX_VALUE);
    }

    /**
     * Atomically claims class {@code classId} if it is NEW and fewer than {@code budget} classes are
     * RUNNING, DONE or FAILED; empty otherwise. The budget check and the claim are one statement in
     * a transaction that excludes other budgeted claims, so workers sharing the store never exceed
     * the budget together.
     */
    public Optional<Claim> claim(long classId, String workerId, long budget) {
        requireWorker(workerId);
        return conn.transaction(h -> {
            conn.dialect().lockClaims(h);
            return conn.withNow(h.createQuery(claimSet() + "WHERE id = :id AND status = 'NEW' AND "
                            + "(SELECT COUNT(*) FROM classes WHERE status <> 'NEW') < :budget "
                            + "RETURNING id, name, claimed_at"))
                    .bind("w", workerId).bind("id", classId).bind("budget", budget)
                    .map((rs, ctx) -> new Claim(rs.getLong(1), rows.name(rs.getBytes(2)), workerId, rs.getLong(3))).findOne();
        });
    }

    /** Atomically claims the NEW class with the smallest id (not locked by another claim, with PostgreSQL); empty when none is NEW. */
    public Optional<Claim> claimAny(String workerId) {
        requireWorker(workerId);
        return conn.write(h -> conn.withNow(h.createQuery(claimSet() + "WHERE id = (SELECT id FROM classes WHERE status = 'NEW' "
                        + "ORDER BY id LIMIT 1" + conn.dialect().skipLocked() + ") AND status = 'NEW' RETURNING id, name, claimed_at"))
                .bind("w", workerId)
                .map((rs, ctx) -> new Claim(rs.getLong(1), rows.name(rs.getBytes(2)), workerId, rs.getLong(3))).findOne());
    }

    /**
     * Sets a NEW class RUNNING for a worker with a fresh lease number: the current time in
     * milliseconds (of the PostgreSQL server, or of this machine with SQLite; heartbeats use the
     * same clock, so workers on machines with skewed clocks agree on what is stale), or one more
     * than the class's previous lease if that is not smaller, so every claim of a class has a
     * larger lease than all earlier ones.
     */
    private String claimSet() {
        Dialect d = conn.dialect();
        return "UPDATE classes SET status = 'RUNNING', claimed_by = :w, claimed_at = " + d.greatest()
                + "(" + d.now() + ", COALESCE(claimed_at, 0) + 1), heartbeat = " + d.now() + " ";
    }

    /** Marks a claim as alive now; false if the class is no longer RUNNING under this claim (the lease was lost). */
    public boolean heartbeat(Claim claim) {
        return conn.write(h -> conn.withNow(h.createUpdate("UPDATE classes SET heartbeat = " + conn.dialect().now() + " WHERE" + HELD))
                .bind("id", claim.classId()).bind("w", claim.workerId())
                .bind("lease", claim.lease()).execute() == 1);
    }

    /**
     * Stores the result of a claimed class in one statement (one transaction) and makes it DONE,
     * if the claim is still held: the class is RUNNING for this worker under this claim's lease.
     * Returns false and writes nothing otherwise, e.g. when the lease expired and the class was
     * released (and perhaps claimed and completed by another worker): the result is then dropped,
     * so no class ever gets two results.
     */
    public boolean complete(Claim claim, EvaluationResult r) {
        Objects.requireNonNull(r, "result");
        return conn.transaction(h -> {
            boolean held = ClassRows.bindResult(h.createUpdate("UPDATE classes SET " + ClassRows.RESULT_SET + " WHERE" + HELD), r)
                    .bind("id", claim.classId()).bind("w", claim.workerId()).bind("lease", claim.lease()).execute() == 1;
            if (held) WorkTables.completed(h, conn.dialect(), claim.classId(), claim.workerId());
            return held;
        });
    }

    /**
     * Records that evaluating a claimed class threw: the class becomes FAILED with the message, if
     * the claim is still held (see {@link #complete}); returns false and writes nothing otherwise.
     */
    public boolean fail(Claim claim, String error) {
        return conn.transaction(h -> {
            boolean held = h.createUpdate("UPDATE classes SET status = 'FAILED', error = :e WHERE" + HELD)
                    .bind("e", error == null ? "unknown error" : error).bind("id", claim.classId())
                    .bind("w", claim.workerId()).bind("lease", claim.lease()).execute() == 1;
            if (held) WorkTables.completed(h, conn.dialect(), claim.classId(), claim.workerId());
            return held;
        });
    }

    /**
     * Stores a result that could not be written when its evaluation finished (see the search's
     * journal): written if the class is still RUNNING under {@code claim} or NEW again (the claim
     * was released); false if the class meanwhile has a result or is held by another claim.
     */
    public boolean completeLate(Claim claim, EvaluationResult r) {
        Objects.requireNonNull(r, "result");
        return conn.transaction(h -> {
            boolean written = ClassRows.bindResult(h.createUpdate("UPDATE classes SET " + ClassRows.RESULT_SET
                            + ", claimed_by = :w WHERE id = :id "
                            + "AND (status = 'NEW' OR (status = 'RUNNING' AND claimed_by = :w AND claimed_at = :lease))"), r)
                    .bind("id", claim.classId()).bind("w", claim.workerId()).bind("lease", claim.lease()).execute() == 1;
            if (written) WorkTables.completed(h, conn.dialect(), claim.classId(), claim.workerId());
            return written;
        });
    }

    /** Gives an evaluation claim back to the pool at once (the class becomes NEW); false if it was not held. */
    public boolean release(Claim claim) {
        return release(new RunningClaim(RunningClaim.Kind.EVALUATION, claim.classId(), claim.name(), claim.workerId(),
                claim.lease(), 0, 0));
    }

    /**
     * Gives back a claim of either kind listed by {@link #running()} (e.g. of a worker known to be
     * dead); false if it changed meanwhile.
     */
    public boolean release(RunningClaim claim) {
        return conn.write(h -> WorkTables.release(h, claim));
    }

    /**
     * Returns to NEW the RUNNING classes claimed by {@code workerId} (a restarted worker) or whose
     * last heartbeat is older than {@code staleAfter} (a crashed one). Returns the classes released.
     */
    public int releaseStale(String workerId, Duration staleAfter) {
        requireWorker(workerId);
        return conn.write(h -> conn.withNow(h.createUpdate("UPDATE classes SET status = 'NEW', claimed_by = NULL, heartbeat = NULL "
                        + "WHERE status <> 'NEW' AND status = 'RUNNING' AND (claimed_by = :w OR heartbeat < " + conn.dialect().now()
                        + " - :stale)"))
                .bind("w", workerId).bind("stale", staleAfter.toMillis()).execute());
    }

    /**
     * Returns to NEW the RUNNING classes whose last heartbeat is older than {@code staleAfter}
     * (their workers died or stalled); a live worker calls this between evaluations so that the
     * claims of dead ones return to the pool. Returns the classes released.
     */
    public int releaseExpired(Duration staleAfter) {
        if (staleAfter.isNegative() || staleAfter.isZero()) throw new IllegalArgumentException("staleAfter must be positive, got " + staleAfter);
        return conn.write(h -> conn.withNow(h.createUpdate("UPDATE classes SET status = 'NEW', claimed_by = NULL, heartbeat = NULL "
                        + "WHERE status <> 'NEW' AND status = 'RUNNING' AND heartbeat < " + conn.dialect().now() + " - :stale"))
                .bind("stale", staleAfter.toMillis()).execute());
    }

    /**
     * Releases the claims of this kind held by dead workers of this host (see
     * {@link Workers#isDeadOnThisHost}) at once, without waiting for their leases to run out;
     * returns what it released.
     */
    public List<RunningClaim> releaseDeadOnThisHost(RunningClaim.Kind kind) {
        List<RunningClaim> released = new ArrayList<>();
        for (RunningClaim c : running()) {
            if (c.kind() == kind && Workers.isDeadOnThisHost(c.workerId(), c.lease()) && release(c)) released.add(c);
        }
        return released;
    }

    /** Every claim in progress: RUNNING evaluations, then unfinished feature claims, oldest first. */
    public List<RunningClaim> running() {
        return conn.read(h -> WorkTables.running(h, conn.dialect(), rows.codec()));
    }

    /** Every DONE or FAILED class in the order its result was stored, over all workers (see {@link Completion}). */
    public List<Completion> completions() {
        return conn.read(h -> WorkTables.completions(h, rows.codec()));
    }

    static void requireWorker(String workerId) {
        if (workerId == null || workerId.isBlank()) throw new IllegalArgumentException("worker id must be non-blank");
    }
}
