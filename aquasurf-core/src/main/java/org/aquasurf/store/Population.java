package org.aquasurf.store;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * How names and classes get into a store: {@link #populate} streams names into classes by their
 * canonical key, and {@link #importing} gives an importer ({@link ActBench}) one transaction in
 * which entries join classes and bring results and features. The only SQL that inserts names and
 * classes.
 */
final class Population {
    private static final int BATCH = 5000;
    /** Most values bound to one {@code IN (...)} list. */
    static final int IN_CHUNK = 500;

    private final Connection conn;
    private final ClassRows rows;

    Population(Connection conn, ClassRows rows) {
        this.conn = conn;
        this.rows = rows;
    }

    /** See {@link FunctionStore#populate(Stream, Consumer)}. */
    PopulateReport populate(Stream<String> names, Consumer<PopulateReport> progress) {
        Objects.requireNonNull(progress, "progress");
        long seen = 0, added = 0, classes = 0;
        Iterator<String> it = names.iterator();
        List<String> batch = new ArrayList<>(BATCH);
        while (it.hasNext()) {
            if (Thread.currentThread().isInterrupted()) {
                throw new CancellationException("populate interrupted after " + seen
                        + " names (every committed batch is complete; run it again to resume)");
            }
            batch.clear();
            while (it.hasNext() && batch.size() < BATCH) {
                String n = it.next();
                if (n == null) throw new IllegalArgumentException("populate: function name #" + (seen + batch.size()) + " is null");
                batch.add(n);
            }
            seen += batch.size();
            long[] counts = populateBatch(batch);
            added += counts[0];
            classes += counts[1];
            progress.accept(new PopulateReport(seen, added, classes));
        }
        return new PopulateReport(seen, added, classes);
    }

    /** Adds one batch of names in one transaction; returns the names and classes added. */
    private long[] populateBatch(List<String> batch) {
        synchronized (conn) {
            Map<Name, String> unique = new LinkedHashMap<>();
            for (String n : batch) unique.putIfAbsent(new Name(rows.encodeName(n)), n);
            unique.keySet().removeAll(existingNames(unique.keySet()));
            if (unique.isEmpty()) return new long[] {0, 0};
            List<byte[]> names = unique.keySet().stream().map(Name::bytes).toList();
            // computing outputs dominates populate: use all cores
            List<byte[]> keys = new ArrayList<>(unique.values()).parallelStream().map(rows::keyOf).toList();
            return conn.transaction(h -> {
                PreparedBatch cb = h.prepareBatch("INSERT INTO classes (key, name) VALUES (?, ?) ON CONFLICT DO NOTHING");
                PreparedBatch nb = h.prepareBatch("INSERT INTO names (name, class_id) SELECT ?, id FROM classes WHERE key = ? "
                        + "ON CONFLICT DO NOTHING");
                for (int i = 0; i < names.size(); i++) {
                    cb.add(keys.get(i), names.get(i));
                    nb.add(names.get(i), keys.get(i));
                }
                long c = sum(cb.execute());
                long n = sum(nb.execute());
                return new long[] {n, c};
            });
        }
    }

    /** A binary name with value equality, for sets. */
    private record Name(byte[] bytes) {
        @Override public boolean equals(Object o) { return o instanceof Name n && Arrays.equals(bytes, n.bytes); }
        @Override public int hashCode() { return Arrays.hashCode(bytes); }
    }

    private Set<Name> existingNames(Set<Name> names) {
        Set<Name> found = new HashSet<>();
        List<byte[]> all = names.stream().map(Name::bytes).toList();
        for (int i = 0; i < all.size(); i += IN_CHUNK) {
            List<byte[]> chunk = all.subList(i, Math.min(all.size(), i + IN_CHUNK));
            found.addAll(conn.read(h -> h.createQuery("SELECT name FROM names WHERE name IN (<names>)")
                    .bindList("names", chunk).map((rs, ctx) -> new Name(rs.getBytes(1))).list()));
        }
        return found;
    }

    private static long sum(int[] counts) {
        long s = 0;
        for (int c : counts) s += Math.max(c, 0);
        return s;
    }

    /** Runs {@code work} on one import transaction: all of it is committed, or nothing (see {@link Import}). */
    void importing(Consumer<Import> work) {
        conn.transaction(h -> {
            work.accept(new Import(h));
            return null;
        });
    }

    /** Where a class of an import landed: its id, whether the import created it, and how many of the names were new. */
    record Joined(long classId, boolean classAdded, int namesAdded) {}

    /**
     * One transaction of an import. Imported results make a class DONE without a claim and without
     * a completion time (see {@link Completion}); imported features never replace stored ones.
     */
    final class Import {
        private final Handle h;

        private Import(Handle h) {
            this.h = h;
        }

        /**
         * Puts every one of {@code names} (at least one) into one class: the class of one of them
         * already stored, else a new class keyed by the canonical key of the first name, which
         * then represents it. Names already stored stay where they are.
         *
         * @throws IllegalArgumentException naming the function and the store if a name does not parse
         */
        Joined join(List<String> names) {
            if (names.isEmpty()) throw new IllegalArgumentException("an imported class needs at least one name");
            List<byte[]> encoded = names.stream().map(rows::encodeName).toList();
            Long classId = h.createQuery("SELECT class_id FROM names WHERE name IN (<names>) LIMIT 1")
                    .bindList("names", encoded).mapTo(Long.class).findOne().orElse(null);
            boolean classAdded = false;
            if (classId == null) {
                byte[] key = rows.keyOf(names.get(0));
                classAdded = h.createUpdate("INSERT INTO classes (key, name) VALUES (?, ?) ON CONFLICT DO NOTHING")
                        .bind(0, key).bind(1, encoded.get(0)).execute() == 1;
                classId = h.createQuery("SELECT id FROM classes WHERE key = ?").bind(0, key).mapTo(Long.class).one();
            }
            int added = 0;
            for (byte[] n : encoded) {
                added += h.createUpdate("INSERT INTO names (name, class_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
                        .bind(0, n).bind(1, classId).execute();
            }
            return new Joined(classId, classAdded, added);
        }

        /** The result of class {@code classId} if it is DONE; null otherwise. */
        EvaluationResult result(long classId) {
            return h.createQuery("SELECT train_acc, train_loss, val_acc, val_loss, test_acc, test_loss, runtime_s, extra "
                            + "FROM classes WHERE id = ? AND status = 'DONE'").bind(0, classId)
                    .map((rs, ctx) -> new EvaluationResult(ClassRows.real(rs, 1), ClassRows.real(rs, 2), ClassRows.real(rs, 3),
                            ClassRows.real(rs, 4), ClassRows.real(rs, 5), ClassRows.real(rs, 6), ClassRows.real(rs, 7),
                            rs.getString(8)))
                    .findOne().orElse(null);
        }

        /** Makes class {@code classId} DONE with {@code result}, whatever its status (an unfinished claim on it is dropped). */
        void setResult(long classId, EvaluationResult result) {
            ClassRows.bindResult(h.createUpdate("UPDATE classes SET " + ClassRows.RESULT_SET + ", claimed_by = NULL WHERE id = :id"),
                    result).bind("id", classId).execute();
        }

        /**
         * Stores the feature vector of class {@code classId} with {@code error} as its feature error
         * (null for none; an empty vector records a failed computation), unless the class has
         * features (or a feature error) already.
         */
        void putFeatures(long classId, double[] features, String error) {
            h.createUpdate("UPDATE classes SET features = ?, features_error = ? WHERE id = ? AND features IS NULL")
                    .bind(0, ClassRows.encode(features)).bind(1, error).bind(2, classId).execute();
        }
    }
}
