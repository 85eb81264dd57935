package org.aquasurf.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.Random;

/**
 * The Fisher features of a store's classes ({@link FunctionStore#features()}): one vector per
 * class (an empty vector and a message when computing it failed), what feature workers call to
 * share the work (claims on classes, with heartbeats), and the record of what produced the
 * features, so features of two networks never mix. Thread-safe, together with the rest of the store.
 */
public final class Features {
    private static final String PROVENANCE = "feature_provenance";

    private final Connection conn;
    private final ClassRows rows;

    Features(Connection conn, ClassRows rows) {
        this.conn = conn;
        this.rows = rows;
    }

    /** The feature vector of a class: empty Optional if not computed, an empty array if computing failed. */
    public Optional<double[]> get(long classId) {
        return conn.read(h -> h.createQuery("SELECT features FROM classes WHERE id = ?").bind(0, classId)
                .map((rs, ctx) -> rs.getBytes(1)).findOne().map(ClassRows::decode));
    }

    /** The stored feature vectors of the given classes (those without one are absent from the map). */
    public Map<Long, double[]> get(Collection<Long> classIds) {
        Map<Long, double[]> out = new HashMap<>();
        List<Long> ids = new ArrayList<>(classIds);
        synchronized (conn) {
            for (int i = 0; i < ids.size(); i += Population.IN_CHUNK) {
                List<Long> chunk = ids.subList(i, Math.min(ids.size(), i + Population.IN_CHUNK));
                conn.read(h -> {
                    h.createQuery("SELECT id, features FROM classes WHERE features IS NOT NULL AND id IN (<ids>)")
                            .bindList("ids", chunk)
                            .map((rs, ctx) -> Map.entry(rs.getLong(1), ClassRows.decode(rs.getBytes(2))))
                            .forEach(e -> out.put(e.getKey(), e.getValue()));
                    return null;
                });
            }
        }
        return out;
    }

    /** Classes whose features are not computed (no vector, no error), in random order. */
    public List<FunctionRecord> missing(Random random) {
        List<FunctionRecord> list = new ArrayList<>(conn.read(h -> h.createQuery("SELECT " + ClassRows.COLUMNS
                + " FROM classes c WHERE c.features IS NULL ORDER BY c.id").map((rs, ctx) -> rows.record(rs)).list()));
        Collections.shuffle(list, random);
        return list;
    }

    /**
     * Stores the Fisher feature vector of a class unless one (or an error) is already stored, so
     * concurrent workers computing the same class keep the first. Returns true if stored.
     */
    public boolean put(long classId, double[] features) {
        if (features == null || features.length == 0) {
            throw new IllegalArgumentException("features of class " + classId + " must be non-empty; use putError");
        }
        return conn.write(h -> h.createUpdate("UPDATE classes SET features = ?, features_error = NULL WHERE id = ? AND features IS NULL")
                .bind(0, ClassRows.encode(features)).bind(1, classId).execute() == 1);
    }

    /** Stores that computing the features of a class failed: an empty vector and the message. */
    public boolean putError(long classId, String error) {
        return conn.write(h -> h.createUpdate("UPDATE classes SET features = ?, features_error = ? WHERE id = ? AND features IS NULL")
                .bind(0, new byte[0]).bind(1, error == null ? "unknown error" : error).bind(2, classId).execute() == 1);
    }

    // ---------------------------------------------------------------- shared work (SQL in WorkTables)

    /**
     * Claims the Fisher-feature work of a class for {@code workerId} if the class has no features,
     * no other worker holds a claim on it whose heartbeat is younger than {@code lease}, and fewer
     * than {@code target} classes have features or live feature claims (so a limit counts every
     * worker's work). Empty otherwise.
     */
    public Optional<FeatureClaim> claim(long classId, String workerId, long target, Duration lease) {
        Leases.requireWorker(workerId);
        return conn.transaction(h -> {
            conn.dialect().lockClaims(h);
            return WorkTables.claimFeatures(h, conn.dialect(), classId, workerId, target, lease.toMillis(), rows.codec());
        });
    }

    /** Marks a feature claim alive now; false if it was lost (taken over after its lease ran out). */
    public boolean heartbeat(FeatureClaim claim) {
        return conn.write(h -> WorkTables.heartbeat(h, conn.dialect(), claim));
    }

    /**
     * Stores the features of a claimed class (or, with {@code features} null, the {@code error})
     * and finishes the claim, in one transaction. Features are deterministic per class, so they
     * are stored even if the lease was lost, unless another worker stored them first. Returns
     * true if stored.
     */
    public boolean put(FeatureClaim claim, double[] features, String error) {
        if (features != null && features.length == 0) throw new IllegalArgumentException("features of " + claim.name() + " are empty");
        return conn.transaction(h -> {
            boolean stored = h.createUpdate("UPDATE classes SET features = ?, features_error = ? WHERE id = ? AND features IS NULL")
                    .bind(0, features == null ? new byte[0] : ClassRows.encode(features))
                    .bind(1, features == null ? (error == null ? "unknown error" : error) : null)
                    .bind(2, claim.classId()).execute() == 1;
            WorkTables.finish(h, conn.dialect(), claim);
            return stored;
        });
    }

    /** Gives a feature claim back to the pool at once (an interrupted worker); false if it was not held. */
    public boolean release(FeatureClaim claim) {
        return conn.write(h -> WorkTables.release(h, claim));
    }

    // ---------------------------------------------------------------- forgetting

    /** Forgets every feature vector and feature error, and their provenance (to recompute from scratch). */
    public int clear() {
        return conn.transaction(h -> {
            WorkTables.forgetFeatureClaims(h);
            h.execute("DELETE FROM aquasurf_meta WHERE key = '" + PROVENANCE + "'");
            return h.createUpdate("UPDATE classes SET features = NULL, features_error = NULL WHERE features IS NOT NULL").execute();
        });
    }

    /**
     * Forgets the stored feature errors (failed computations, e.g. of a run with bad options), so
     * those classes get their features computed again; computed vectors stay. Returns the classes reset.
     */
    public int clearErrors() {
        return conn.write(h -> h.createUpdate("UPDATE classes SET features = NULL, features_error = NULL "
                + "WHERE features_error IS NOT NULL").execute());
    }

    // ---------------------------------------------------------------- provenance

    /** What produced this store's Fisher features (see {@link #checkProvenance}); empty until recorded. */
    public Optional<String> provenance() {
        return conn.read(h -> h.createQuery("SELECT value FROM aquasurf_meta WHERE key = '" + PROVENANCE + "'")
                .mapTo(String.class).findOne());
    }

    /**
     * Records what produces this store's Fisher features (e.g. the network's digest, batch size,
     * options and seed) if nothing is recorded yet, atomically with other workers, and otherwise
     * checks that it is the same: features of two networks never mix in one store.
     *
     * @throws StoreException if the store's features come from something else (the message names both)
     */
    public void checkProvenance(String provenance) {
        checkProvenance(provenance, UnaryOperator.identity());
    }

    /**
     * {@link #checkProvenance(String)} for a producer whose provenance strings changed spelling over
     * time: {@code current} maps a stored string to today's spelling (e.g. drops a part that was
     * recorded once but changes no value), and the stored value matches if either form equals
     * {@code provenance}.
     *
     * @throws StoreException if the store's features come from something else (the message names both)
     */
    public void checkProvenance(String provenance, UnaryOperator<String> current) {
        Objects.requireNonNull(provenance, "provenance");
        String stored;
        synchronized (conn) {
            conn.write(h -> h.createUpdate("INSERT INTO aquasurf_meta (key, value) VALUES ('" + PROVENANCE
                    + "', :p) ON CONFLICT (key) DO NOTHING").bind("p", provenance).execute());
            stored = provenance().orElse(provenance);
        }
        if (!stored.equals(provenance) && !current.apply(stored).equals(provenance)) {
            throw new StoreException("store " + conn.location() + " holds Fisher features of another network or setup, so its "
                    + "features cannot be mixed with these: stored [" + stored + "], now [" + provenance
                    + "]; use another store, or features().clear() to recompute all of them");
        }
    }
}
