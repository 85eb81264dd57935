package org.aquasurf.store;

import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of shared work beyond evaluation claims: leases on Fisher-feature work
 * ({@code feature_claims}), the completion time of every result ({@code completions}), and the
 * list of running claims of both kinds. Both tables are created when missing, so stores made by
 * earlier versions gain them on open. Times are milliseconds of the store's clock
 * ({@link Dialect#now()}); every method runs on the caller's handle, inside the caller's lock.
 */
final class WorkTables {
    private WorkTables() {}

    /** Creates the two tables if missing (within the schema lock of {@code open}). */
    static void create(Handle h, Dialect dialect) {
        String integer = dialect == Dialect.SQLITE ? "INTEGER" : "BIGINT";
        h.execute("CREATE TABLE IF NOT EXISTS feature_claims (class_id " + integer + " PRIMARY KEY, claimed_by TEXT NOT NULL, "
                + "claimed_at " + integer + " NOT NULL, heartbeat " + integer + " NOT NULL, finished_at " + integer + ")");
        h.execute("CREATE TABLE IF NOT EXISTS completions (class_id " + integer + " PRIMARY KEY, worker TEXT, "
                + "finished_at " + integer + " NOT NULL)");
    }

    /** True if both tables exist (a read: opening an up-to-date store writes nothing). */
    static boolean exist(Handle h, Dialect dialect) {
        List<String> tables = h.createQuery(dialect.listTables()).mapTo(String.class).list();
        return tables.contains("feature_claims") && tables.contains("completions");
    }

    private static <S extends org.jdbi.v3.core.statement.SqlStatement<S>> S withNow(Dialect d, S statement) {
        return d.now().equals(":now") ? statement.bind("now", System.currentTimeMillis()) : statement;
    }

    /** An unfinished feature claim that is alive: its heartbeat is younger than the lease and the class still lacks features. */
    private static String liveFeatureClaims(Dialect d) {
        return "(SELECT COUNT(*) FROM feature_claims f JOIN classes fc ON fc.id = f.class_id WHERE f.finished_at IS NULL "
                + "AND fc.features IS NULL AND f.heartbeat >= " + d.now() + " - :stale)";
    }

    /**
     * Claims the feature work of class {@code classId} for {@code worker} if the class has no
     * features, nobody holds a live claim on it (a claim whose heartbeat is older than
     * {@code staleMs}, or one of the same worker, is taken over), and fewer than {@code target}
     * classes have features or live feature claims. Call inside a transaction holding
     * {@link Dialect#lockClaims}.
     */
    static Optional<FeatureClaim> claimFeatures(Handle h, Dialect d, long classId, String worker, long target, long staleMs,
                                                NameCodec codec) {
        int n = withNow(d, h.createUpdate("INSERT INTO feature_claims (class_id, claimed_by, claimed_at, heartbeat) "
                        + "SELECT c.id, :w, " + d.now() + ", " + d.now() + " FROM classes c WHERE c.id = :id AND c.features IS NULL "
                        + "AND (SELECT COUNT(*) FROM classes WHERE features IS NOT NULL) + " + liveFeatureClaims(d) + " < :target "
                        + "ON CONFLICT (class_id) DO UPDATE SET claimed_by = excluded.claimed_by, "
                        + "claimed_at = " + d.greatest() + "(excluded.claimed_at, feature_claims.claimed_at + 1), "
                        + "heartbeat = excluded.heartbeat, finished_at = NULL "
                        + "WHERE feature_claims.finished_at IS NULL AND (feature_claims.claimed_by = :w "
                        + "OR feature_claims.heartbeat < " + d.now() + " - :stale)"))
                .bind("w", worker).bind("id", classId).bind("target", target).bind("stale", staleMs).execute();
        if (n != 1) return Optional.empty();
        return h.createQuery("SELECT f.claimed_at, c.name FROM feature_claims f JOIN classes c ON c.id = f.class_id "
                        + "WHERE f.class_id = :id").bind("id", classId)
                .map((rs, ctx) -> new FeatureClaim(classId, codec.decode(rs.getBytes(2)), worker, rs.getLong(1))).findOne();
    }

    private static final String HELD = " class_id = :id AND claimed_by = :w AND claimed_at = :lease AND finished_at IS NULL";

    /** Marks a feature claim alive now; false if it is no longer held. */
    static boolean heartbeat(Handle h, Dialect d, FeatureClaim c) {
        return withNow(d, h.createUpdate("UPDATE feature_claims SET heartbeat = " + d.now() + " WHERE" + HELD))
                .bind("id", c.classId()).bind("w", c.workerId()).bind("lease", c.lease()).execute() == 1;
    }

    /** Marks a feature claim finished (its features or error were just stored). */
    static void finish(Handle h, Dialect d, FeatureClaim c) {
        withNow(d, h.createUpdate("UPDATE feature_claims SET finished_at = " + d.now() + " WHERE" + HELD))
                .bind("id", c.classId()).bind("w", c.workerId()).bind("lease", c.lease()).execute();
    }

    /** Gives an unfinished feature claim back to the pool at once; false if it was not held. */
    static boolean release(Handle h, FeatureClaim c) {
        return h.createUpdate("DELETE FROM feature_claims WHERE" + HELD)
                .bind("id", c.classId()).bind("w", c.workerId()).bind("lease", c.lease()).execute() == 1;
    }

    /** Records that a class got its result now, by {@code worker} (null when not from a claim, e.g. an import). */
    static void completed(Handle h, Dialect d, long classId, String worker) {
        withNow(d, h.createUpdate("INSERT INTO completions (class_id, worker, finished_at) VALUES (:id, :w, " + d.now() + ") "
                        + "ON CONFLICT (class_id) DO UPDATE SET worker = excluded.worker, finished_at = excluded.finished_at"))
                .bind("id", classId).bind("w", worker).execute();
    }

    /** Forgets the completion times of classes that are NEW again (after a clean). */
    static void forgetCompletionsOfNewClasses(Handle h) {
        h.execute("DELETE FROM completions WHERE class_id IN (SELECT id FROM classes WHERE status = 'NEW')");
    }

    /** Forgets every feature claim (the features were cleared). */
    static void forgetFeatureClaims(Handle h) {
        h.execute("DELETE FROM feature_claims");
    }

    /** Every running claim: RUNNING evaluations and live-or-dead unfinished feature claims of classes without features. */
    static List<RunningClaim> running(Handle h, Dialect d, NameCodec codec) {
        List<RunningClaim> out = new ArrayList<>();
        out.addAll(withNow(d, h.createQuery("SELECT c.id, c.name, c.claimed_by, c.claimed_at, c.heartbeat, " + d.now()
                        + " FROM classes c WHERE c.status <> 'NEW' AND c.status = 'RUNNING' ORDER BY c.claimed_at, c.id"))
                .map((rs, ctx) -> new RunningClaim(RunningClaim.Kind.EVALUATION, rs.getLong(1), codec.decode(rs.getBytes(2)),
                        rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getLong(6))).list());
        out.addAll(withNow(d, h.createQuery("SELECT f.class_id, c.name, f.claimed_by, f.claimed_at, f.heartbeat, " + d.now()
                        + " FROM feature_claims f JOIN classes c ON c.id = f.class_id WHERE f.finished_at IS NULL "
                        + "AND c.features IS NULL ORDER BY f.claimed_at, f.class_id"))
                .map((rs, ctx) -> new RunningClaim(RunningClaim.Kind.FEATURES, rs.getLong(1), codec.decode(rs.getBytes(2)),
                        rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getLong(6))).list());
        return out;
    }

    /** Gives back a RUNNING evaluation claim or an unfinished feature claim found by {@link #running}. */
    static boolean release(Handle h, RunningClaim c) {
        if (c.kind() == RunningClaim.Kind.FEATURES) {
            return release(h, new FeatureClaim(c.classId(), c.name(), c.workerId(), c.lease()));
        }
        return h.createUpdate("UPDATE classes SET status = 'NEW', claimed_by = NULL, heartbeat = NULL "
                        + "WHERE id = :id AND status = 'RUNNING' AND claimed_by = :w AND claimed_at = :lease")
                .bind("id", c.classId()).bind("w", c.workerId()).bind("lease", c.lease()).execute() == 1;
    }

    /**
     * Every finished class (DONE or FAILED) in the order its result was stored: classes without a
     * completion time (results from before this table, or imported ones) first, by id.
     */
    static List<Completion> completions(Handle h, NameCodec codec) {
        List<Completion> rows = h.createQuery("SELECT c.id, c.name, c.status, c.val_acc, p.worker, p.finished_at FROM classes c "
                        + "LEFT JOIN completions p ON p.class_id = c.id WHERE c.status <> 'NEW' AND c.status IN ('DONE', 'FAILED') "
                        + "ORDER BY COALESCE(p.finished_at, 0), c.id")
                .map((rs, ctx) -> {
                    Object acc = rs.getObject(4);
                    Object at = rs.getObject(6);
                    ClassStatus status = ClassStatus.valueOf(rs.getString(3));
                    return new Completion(0, rs.getLong(1), codec.decode(rs.getBytes(2)), status,
                            status == ClassStatus.DONE && acc != null ? ((Number) acc).doubleValue() : Double.NaN,
                            rs.getString(5), at == null ? 0 : ((Number) at).longValue());
                }).list();
        List<Completion> out = new ArrayList<>(rows.size());
        for (Completion c : rows) {
            out.add(new Completion(out.size() + 1, c.classId(), c.name(), c.status(), c.validationAccuracy(), c.workerId(),
                    c.finishedAtMillis()));
        }
        return out;
    }
}
