package org.aquasurf.store;

import org.aquasurf.canonical.Canonicalizer;
import org.aquasurf.grammar.Excerpt;
import org.aquasurf.grammar.Expr;
import org.aquasurf.grammar.Parser;
import org.aquasurf.schema.Schema;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Update;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Activation functions, their equivalence classes, Fisher features and evaluation results in one
 * SQLite file (WAL journal, busy timeout, immediate transactions) or one PostgreSQL database,
 * shared safely by several threads and processes (on several machines with PostgreSQL). A JDBC
 * URL selects the backend ({@link #open(String)}); the two behave alike, their SQL differences
 * are confined to {@link Dialect}.
 *
 * <p>Only names (in a compact binary form, about 10 bytes for {@code max(relu(x),cosh(elu(x)))})
 * and the class each belongs to are stored per function; function outputs are recomputed when
 * needed. Names are stored and returned in the parser's canonical text (no whitespace). Everything else (status, results, features) belongs to the class, so
 * an update through any name applies to every equivalent function.
 *
 * <p>Claiming is atomic: one SQL statement moves a class from NEW to RUNNING, so two workers never
 * hold the same class. A claim is a lease: its holder heartbeats it, a claim whose heartbeat is
 * older than a timeout may be released ({@link #releaseStale}, {@link #releaseExpired}) and
 * claimed again, and then the old holder's {@link #complete}, {@link #fail} and
 * {@link #heartbeat} write nothing and return false. So a result is written at most once per
 * claim, in one statement, and only by the current holder. Methods are thread-safe (serialized on
 * one connection).
 */
public final class FunctionStore implements AutoCloseable {

    /** Version of the table layout this code reads and writes. */
    public static final int SCHEMA_VERSION = 1;
    /** How long a statement waits for another process's write lock before failing, by default. */
    public static final Duration BUSY_TIMEOUT = Duration.ofMinutes(10);

    static final String FORMAT = "aquasurf-store";
    private static final int POPULATE_BATCH = 5000;
    private static final int IN_CHUNK = 500;
    private static final String CLASS_COLUMNS = "c.id, c.key, c.name, c.status, c.claimed_by, c.train_acc, "
            + "c.train_loss, c.val_acc, c.val_loss, c.test_acc, c.test_loss, c.runtime_s, c.extra, c.error, "
            + "c.features, c.features_error";
    // claimed_at is kept: it is the lease number of the last claim, and every claim takes a larger one
    private static final String RESET_RESULTS = "status = 'NEW', claimed_by = NULL, "
            + "heartbeat = NULL, train_acc = NULL, train_loss = NULL, val_acc = NULL, val_loss = NULL, "
            + "test_acc = NULL, test_loss = NULL, runtime_s = NULL, extra = NULL, error = NULL";

    private static final HexFormat HEX = HexFormat.of();

    private final Path file;
    private final String location;
    private final Dialect dialect;
    /** How long SQLite statements wait for another process's write lock (PostgreSQL waits for row locks). */
    private final Duration busyTimeout;
    private final Parser parser;
    private final Canonicalizer canonicalizer;
    private final Handle handle;
    private final NameCodec codec;

    private FunctionStore(Path file, String location, Dialect dialect, Duration busyTimeout, Parser parser,
                          Canonicalizer canonicalizer, Handle handle, NameCodec codec) {
        this.file = file;
        this.location = location;
        this.dialect = dialect;
        this.busyTimeout = busyTimeout;
        this.parser = parser;
        this.canonicalizer = canonicalizer;
        this.handle = handle;
        this.codec = codec;
    }

    /** Opens the store in {@code file} with the standard operators, creating it if the file does not exist or is empty. */
    public static FunctionStore open(Path file) {
        return open(file, Canonicalizer.standard());
    }

    /**
     * Opens the store in {@code file}; {@code canonicalizer} assigns names to classes and its
     * evaluator's parser reads names (a new store records that parser's operator table).
     *
     * @throws StoreException if the file is not an SQLite database, is an SQLite database of
     *                        another application, has another schema version, or cannot be opened
     */
    public static FunctionStore open(Path file, Canonicalizer canonicalizer) {
        return open(file, canonicalizer, BUSY_TIMEOUT);
    }

    /**
     * Opens the store in {@code file} (see {@link #open(Path, Canonicalizer)}); a statement that finds
     * the file locked by another process's write waits up to {@code busyTimeout} for it, then fails
     * with an exception saying the database is locked (a StoreException naming the file, when opening).
     */
    public static FunctionStore open(Path file, Canonicalizer canonicalizer, Duration busyTimeout) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(canonicalizer, "canonicalizer");
        if (busyTimeout.isNegative() || busyTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("busyTimeout must be between 0 and " + Integer.MAX_VALUE + " ms, got " + busyTimeout);
        }
        Path abs = file.toAbsolutePath();
        if (Files.isDirectory(abs)) throw new StoreException("cannot open store " + abs + ": it is a directory");
        if (abs.getParent() != null && !Files.isDirectory(abs.getParent())) {
            throw new StoreException("cannot open store " + abs + ": directory " + abs.getParent() + " does not exist");
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout((int) busyTimeout.toMillis());
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + abs);
        return open(Jdbi.create(ds), abs, abs.toString(), Dialect.SQLITE, busyTimeout, canonicalizer);
    }

    /** Opens the store at a JDBC URL with the standard operators (see {@link #open(String, Canonicalizer)}). */
    public static FunctionStore open(String jdbcUrl) {
        return open(jdbcUrl, Canonicalizer.standard());
    }

    /**
     * Opens the store at a JDBC URL, creating its tables if the database has none:
     * {@code jdbc:sqlite:PATH} is the SQLite file PATH (as {@link #open(Path, Canonicalizer)});
     * {@code jdbc:postgresql://HOST[:PORT]/DATABASE[?user=...&password=...]} is a PostgreSQL
     * database (its current schema), which workers on many machines can share; anything not
     * starting with {@code jdbc:} is an SQLite file path. Claims use
     * {@code FOR UPDATE SKIP LOCKED} there, and budgeted claims are serialized by a transaction
     * lock so workers never exceed a budget together.
     *
     * @throws IllegalArgumentException if the URL is neither an SQLite nor a PostgreSQL URL
     * @throws StoreException           if the database cannot be reached or holds something else
     */
    public static FunctionStore open(String jdbcUrl, Canonicalizer canonicalizer) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(canonicalizer, "canonicalizer");
        Path sqlite = sqliteFile(jdbcUrl);
        if (sqlite != null) return open(sqlite, canonicalizer);
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            String shown = jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1***");
            return open(Jdbi.create(jdbcUrl), null, shown, Dialect.POSTGRES, BUSY_TIMEOUT, canonicalizer);
        }
        throw new IllegalArgumentException("unsupported JDBC URL '" + jdbcUrl
                + "': expected jdbc:sqlite:PATH or jdbc:postgresql://HOST[:PORT]/DATABASE");
    }

    /**
     * The SQLite file a store location names: {@code PATH} for {@code jdbc:sqlite:PATH}, the
     * location itself when it does not start with {@code jdbc:}; null for other JDBC URLs.
     *
     * @throws IllegalArgumentException for an SQLite URL that names no file (in-memory, options)
     */
    public static Path sqliteFile(String location) {
        if (location.startsWith("jdbc:sqlite:")) {
            String path = location.substring("jdbc:sqlite:".length());
            if (path.isEmpty() || path.startsWith(":") || path.contains("?")) {
                throw new IllegalArgumentException("SQLite URL '" + location + "' must name a file: jdbc:sqlite:PATH");
            }
            return Path.of(path);
        }
        return location.startsWith("jdbc:") ? null : Path.of(location);
    }

    private static FunctionStore open(Jdbi jdbi, Path file, String location, Dialect dialect, Duration busyTimeout,
                                      Canonicalizer canonicalizer) {
        Parser parser = canonicalizer.evaluator().parser();
        Handle h;
        List<String> operators;
        try {
            h = jdbi.open();
        } catch (RuntimeException e) {
            throw openFailure(location, busyTimeout, e);
        }
        try {
            // ownership is checked by reading only: another application's file is rejected before
            // anything (such as the switch to WAL) writes to it, and an existing store opens
            // without waiting for another process's write lock
            operators = checkSchema(h, dialect);
            dialect.prepare(h);
            if (operators == null) {
                operators = h.inTransaction(t -> {
                    dialect.lockSchema(t);
                    List<String> ops = createOrCheckSchema(t, dialect, parser.registry().names());
                    WorkTables.create(t, dialect);
                    return ops;
                });
            } else if (!WorkTables.exist(h, dialect)) {
                // a store made by an earlier version gains the shared-work tables
                h.inTransaction(t -> {
                    dialect.lockSchema(t);
                    WorkTables.create(t, dialect);
                    return null;
                });
            }
        } catch (StoreException e) {
            closeAfterFailure(h, e);
            throw new StoreException("cannot open store " + location + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeAfterFailure(h, e);
            throw openFailure(location, busyTimeout, e);
        }
        return new FunctionStore(file, location, dialect, busyTimeout, parser, canonicalizer, h, new NameCodec(parser, operators));
    }

    /** Why opening failed, with the hint that fits: a lock, a damaged or foreign file, or something else. */
    private static StoreException openFailure(String location, Duration busyTimeout, RuntimeException e) {
        if (isLocked(e)) {
            return new StoreException("cannot open store " + location + ": it is locked by another process (waited "
                    + busyTimeout.toMillis() + " ms); wait for that process or stop it, then retry", e);
        }
        String root = rootMessage(e);
        String hint = isCorrupt(e) ? " (the file is damaged or not an SQLite database; restore it from a copy)"
                : root.contains("SQLITE_READONLY") || root.contains("SQLITE_CANTOPEN")
                ? " (is the file or its directory read-only? SQLite also writes -wal and -shm files beside it)"
                : " (is it an AquaSurf store?)";
        return new StoreException("cannot open store " + location + ": " + root + hint, e);
    }

    /** Runs {@code work} in a transaction; a locked database gives a {@link StoreException} saying so. */
    private <R> R transaction(HandleCallback<R, RuntimeException> work) {
        return write(() -> {
            try {
                return handle.inTransaction(work);
            } catch (RuntimeException e) {
                if (isLocked(e)) restoreAutoCommit(e);
                throw e;
            }
        });
    }

    /**
     * After SQLite failed to begin a transaction on a locked file, the driver is left out of
     * auto-commit mode with no transaction open; switching back to auto-commit (whose implied
     * COMMIT fails harmlessly) leaves the connection usable again.
     */
    private void restoreAutoCommit(RuntimeException failure) {
        try {
            handle.getConnection().setAutoCommit(true);
        } catch (java.sql.SQLException e) {
            failure.addSuppressed(e);
        }
    }

    /** Runs a write; a locked database (the wait for another process's write lock ran out) gives a {@link StoreException} saying so. */
    private <R> R write(java.util.function.Supplier<R> statement) {
        try {
            return statement.get();
        } catch (RuntimeException e) {
            if (!isLocked(e)) throw e;
            throw new StoreException("store " + location + " is locked by another process's write (waited "
                    + busyTimeout.toMillis() + " ms): " + rootMessage(e), e);
        }
    }

    /** True if SQLite reported a damaged file or a file that is not a database. */
    private static boolean isCorrupt(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && (t.getMessage().contains("SQLITE_CORRUPT") || t.getMessage().contains("SQLITE_NOTADB"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLocked(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && (t.getMessage().contains("SQLITE_BUSY") || t.getMessage().contains("database is locked"))) {
                return true;
            }
            for (Throwable s : t.getSuppressed()) if (isLocked(s)) return true;
        }
        return false;
    }

    /** Closes a handle whose transaction failed (closing may fail too: e.g. no transaction began on a locked file). */
    private static void closeAfterFailure(Handle h, RuntimeException failure) {
        try {
            h.close();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** Creates the tables in an empty file or checks an existing store; returns its operator table. */
    private static List<String> createOrCheckSchema(Handle h, Dialect dialect, List<String> registryOperators) {
        List<String> operators = checkSchema(h, dialect);
        if (operators != null) return operators;
        for (String ddl : dialect.createTables()) h.execute(ddl);
        h.execute("INSERT INTO aquasurf_meta VALUES ('format', ?), ('schema_version', ?), ('operators', ?)", FORMAT,
                String.valueOf(SCHEMA_VERSION), String.join(",", registryOperators));
        return registryOperators;
    }

    /**
     * Checks, by reading only, that the database is empty or an AquaSurf store of this schema
     * version: returns its operator table, or null when it has no tables (and no SQLite
     * application id); throws a StoreException when it belongs to another application.
     */
    private static List<String> checkSchema(Handle h, Dialect dialect) {
        int applicationId = dialect.applicationId(h);
        List<String> tables = h.createQuery(dialect.listTables()).mapTo(String.class).list();
        if (applicationId != 0) {
            throw new StoreException("it is " + dialect.describe() + " of another application (application id "
                    + applicationId + ", tables " + tables + ")");
        }
        if (tables.isEmpty()) return null;
        if (!tables.contains("aquasurf_meta")) {
            throw new StoreException("it is " + dialect.describe() + " of another application (tables " + tables + ")");
        }
        String format = h.createQuery("SELECT value FROM aquasurf_meta WHERE key = 'format'").mapTo(String.class).findOne().orElse(null);
        String version = h.createQuery("SELECT value FROM aquasurf_meta WHERE key = 'schema_version'").mapTo(String.class).findOne().orElse(null);
        if (!FORMAT.equals(format)) throw new StoreException("format is '" + format + "', expected '" + FORMAT + "'");
        if (!String.valueOf(SCHEMA_VERSION).equals(version)) {
            throw new StoreException("schema version " + version + " is not supported (this library reads version "
                    + SCHEMA_VERSION + ")");
        }
        String ops = h.createQuery("SELECT value FROM aquasurf_meta WHERE key = 'operators'").mapTo(String.class).findOne()
                .orElseThrow(() -> new StoreException("its operator table is missing"));
        return ops.isEmpty() ? List.of() : List.of(ops.split(","));
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    /** The absolute path of the SQLite database file; null for a PostgreSQL store. */
    public Path file() { return file; }

    /** Where the store is, for messages: the SQLite file's path or the PostgreSQL URL (password hidden). */
    public String location() { return location; }

    /** The parser that reads function names. */
    public Parser parser() { return parser; }

    /** The canonicalizer that assigns names to equivalence classes. */
    public Canonicalizer canonicalizer() { return canonicalizer; }

    @Override public synchronized void close() { handle.close(); }

    // ---------------------------------------------------------------- populate

    /** Adds every function of a schema (see {@link #populate(Stream, Consumer)}). */
    public PopulateReport populate(Schema schema, Consumer<PopulateReport> progress) {
        return populate(schema.expand().map(Expr::toString), progress);
    }

    /** Adds names (see {@link #populate(Stream, Consumer)}) without progress reports. */
    public PopulateReport populate(Iterable<String> names) {
        return populate(StreamSupport.stream(names.spliterator(), false), r -> {});
    }

    /**
     * Adds function names, streaming, in transactions of a few thousand names. Names already stored
     * (or repeated) are skipped; each new name joins the class of its canonical key, creating the
     * class (with the name as its representative) when needed. {@code progress} receives the running
     * totals after every committed batch. A name that does not parse raises an
     * {@link IllegalArgumentException} naming it; the batches before it stay committed, so calling
     * again with the corrected input resumes where it stopped. An interrupted thread stops before
     * the next batch with a {@link java.util.concurrent.CancellationException}.
     */
    public PopulateReport populate(Stream<String> names, Consumer<PopulateReport> progress) {
        Objects.requireNonNull(progress, "progress");
        long seen = 0, added = 0, classes = 0;
        Iterator<String> it = names.iterator();
        List<String> batch = new ArrayList<>(POPULATE_BATCH);
        while (it.hasNext()) {
            if (Thread.currentThread().isInterrupted()) {
                throw new java.util.concurrent.CancellationException("populate interrupted after " + seen
                        + " names (every committed batch is complete; run it again to resume)");
            }
            batch.clear();
            while (it.hasNext() && batch.size() < POPULATE_BATCH) {
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

    private synchronized long[] populateBatch(List<String> batch) {
        Map<Name, String> unique = new LinkedHashMap<>();
        for (String n : batch) unique.putIfAbsent(new Name(encodeName(n)), n);
        unique.keySet().removeAll(existingNames(unique.keySet()));
        if (unique.isEmpty()) return new long[] {0, 0};
        List<byte[]> names = unique.keySet().stream().map(Name::bytes).toList();
        // computing outputs dominates populate: use all cores
        List<byte[]> keys = new ArrayList<>(unique.values()).parallelStream().map(this::keyOf).toList();
        return transaction(h -> {
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

    /** The canonical class key of a name as bytes (keys are even-length hex strings, stored in half the space). */
    byte[] keyOf(String name) {
        String key;
        try {
            key = canonicalizer.classKey(name);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot add function '" + Excerpt.of(name) + "' to " + file + ": " + e.getMessage(), e);
        }
        try {
            return HEX.parseHex(key);
        } catch (IllegalArgumentException e) {
            throw new StoreException("the canonicalizer's key '" + key + "' of '" + Excerpt.of(name)
                    + "' is not an even-length hex string, as store " + location + " requires");
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
            found.addAll(handle.createQuery("SELECT name FROM names WHERE name IN (<names>)")
                    .bindList("names", all.subList(i, Math.min(all.size(), i + IN_CHUNK)))
                    .map((rs, ctx) -> new Name(rs.getBytes(1))).list());
        }
        return found;
    }

    /** The binary form of a name; IllegalArgumentException naming it and the file if it does not parse. */
    byte[] encodeName(String name) {
        try {
            return codec.encode(name);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("function name '" + Excerpt.of(name) + "' is not valid for store " + location + ": " + e.getMessage(), e);
        }
    }

    private static long sum(int[] counts) {
        long s = 0;
        for (int c : counts) s += Math.max(c, 0);
        return s;
    }

    // ---------------------------------------------------------------- reading

    /** Counts of names, classes, classes with features, evaluated, running, failed; best so far. */
    public synchronized Summary summary() {
        long names = handle.createQuery("SELECT COUNT(*) FROM names").mapTo(Long.class).one();
        long[] c = handle.createQuery("SELECT COUNT(*), " + countIf("features IS NOT NULL AND features_error IS NULL")
                        + ", " + countIf("features_error IS NOT NULL") + ", " + countIf("status = 'DONE'")
                        + ", " + countIf("status = 'RUNNING'") + ", " + countIf("status = 'FAILED'") + " FROM classes")
                .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6)}).one();
        List<FunctionRecord> best = top(1);
        return new Summary(names, c[0], c[1], c[2], c[3], c[4], c[5],
                best.isEmpty() ? null : simplestName(best.get(0).classId()).orElse(best.get(0).name()),
                best.isEmpty() ? Double.NaN : best.get(0).validationAccuracy());
    }

    private static String countIf(String condition) {
        return "COALESCE(SUM(CASE WHEN " + condition + " THEN 1 ELSE 0 END), 0)";
    }

    /** Number of classes with this status. */
    public synchronized long count(ClassStatus status) {
        String where = status == ClassStatus.NEW ? "status = ?" : "status <> 'NEW' AND status = ?";
        return handle.createQuery("SELECT COUNT(*) FROM classes WHERE " + where).bind(0, status.name())
                .mapTo(Long.class).one();
    }

    /** The {@code n} evaluated classes with the highest validation accuracy, best first (NaN ones excluded). */
    public synchronized List<FunctionRecord> top(int n) {
        if (n < 0) throw new IllegalArgumentException("top: n must be >= 0, got " + n);
        return handle.createQuery("SELECT " + CLASS_COLUMNS + " FROM classes c WHERE c.status <> 'NEW' "
                        + "AND c.status = 'DONE' AND c.val_acc IS NOT NULL ORDER BY c.val_acc DESC, c.id LIMIT ?")
                .bind(0, n).map((rs, ctx) -> record(rs)).list();
    }

    /** Every class, in id (insertion) order. */
    public synchronized List<FunctionRecord> classes() {
        return handle.createQuery("SELECT " + CLASS_COLUMNS + " FROM classes c ORDER BY c.id")
                .map((rs, ctx) -> record(rs)).list();
    }

    /** A light view of every class (no feature vectors, no results but the validation accuracy), in id order. */
    public synchronized List<ClassState> states() {
        return handle.createQuery("SELECT id, name, status, val_acc, length(features) FROM classes ORDER BY id")
                .map((rs, ctx) -> {
                    ClassStatus status = ClassStatus.valueOf(rs.getString(3));
                    double acc = status == ClassStatus.DONE ? real(rs, 4) : Double.NaN;
                    Object len = rs.getObject(5);
                    return new ClassState(rs.getLong(1), codec.decode(rs.getBytes(2)), status, acc,
                            len == null ? -1 : ((Number) len).intValue() / Double.BYTES);
                }).list();
    }

    /** The stored feature vectors of the given classes (those without one are absent from the map). */
    public synchronized Map<Long, double[]> features(Collection<Long> classIds) {
        Map<Long, double[]> out = new HashMap<>();
        List<Long> ids = new ArrayList<>(classIds);
        for (int i = 0; i < ids.size(); i += IN_CHUNK) {
            handle.createQuery("SELECT id, features FROM classes WHERE features IS NOT NULL AND id IN (<ids>)")
                    .bindList("ids", ids.subList(i, Math.min(ids.size(), i + IN_CHUNK)))
                    .map((rs, ctx) -> Map.entry(rs.getLong(1), decode(rs.getBytes(2))))
                    .forEach(e -> out.put(e.getKey(), e.getValue()));
        }
        return out;
    }

    /** The class with this id. */
    public synchronized Optional<FunctionRecord> get(long classId) {
        return handle.createQuery("SELECT " + CLASS_COLUMNS + " FROM classes c WHERE c.id = ?")
                .bind(0, classId).map((rs, ctx) -> record(rs)).findOne();
    }

    /** The class of the named function, if the name is stored. */
    public synchronized Optional<FunctionRecord> find(String name) {
        return handle.createQuery("SELECT " + CLASS_COLUMNS + " FROM names n JOIN classes c ON c.id = n.class_id "
                        + "WHERE n.name = ?")
                .bind(0, encodeName(name)).map((rs, ctx) -> record(rs)).findOne();
    }

    /** All names of a class, sorted. */
    public synchronized List<String> names(long classId) {
        return handle.createQuery("SELECT name FROM names WHERE class_id = ?").bind(0, classId)
                .map((rs, ctx) -> codec.decode(rs.getBytes(1))).list().stream().sorted().toList();
    }

    /**
     * The simplest name of a class, for display: the shortest of its names, the alphabetically first
     * among equally short ones (e.g. {@code hard_sigmoid(x)} rather than {@code add(zero(x),hard_sigmoid(x))});
     * empty when the class is unknown.
     */
    public Optional<String> simplestName(long classId) {
        return simplest(names(classId));
    }

    /** The shortest of {@code names}, the alphabetically first among equally short ones. */
    public static Optional<String> simplest(Collection<String> names) {
        return names.stream().min(Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder()));
    }

    /** Visits every (name, class id) pair, ordered by class id. */
    public synchronized void forEachName(NameVisitor visitor) {
        try (var stream = handle.createQuery("SELECT name, class_id FROM names ORDER BY class_id")
                .map((rs, ctx) -> new Object[] {codec.decode(rs.getBytes(1)), rs.getLong(2)}).stream()) {
            stream.forEach(o -> visitor.visit((String) o[0], (Long) o[1]));
        }
    }

    /** Receives one stored name and the id of its class. */
    @FunctionalInterface
    public interface NameVisitor {
        void visit(String name, long classId);
    }

    private FunctionRecord classOf(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException(
                "function '" + Excerpt.of(name) + "' is not in store " + location + "; populate it first"));
    }

    private FunctionRecord record(ResultSet rs) throws SQLException {
        ClassStatus status = ClassStatus.valueOf(rs.getString(4));
        EvaluationResult result = status != ClassStatus.DONE ? null : new EvaluationResult(
                real(rs, 6), real(rs, 7), real(rs, 8), real(rs, 9), real(rs, 10), real(rs, 11), real(rs, 12),
                rs.getString(13));
        byte[] blob = rs.getBytes(15);
        return new FunctionRecord(rs.getLong(1), HEX.formatHex(rs.getBytes(2)), codec.decode(rs.getBytes(3)), status, rs.getString(5),
                result, blob == null ? null : decode(blob), rs.getString(16), rs.getString(14));
    }

    private static double real(ResultSet rs, int column) throws SQLException {
        Object o = rs.getObject(column);
        return o == null ? Double.NaN : ((Number) o).doubleValue();
    }

    static byte[] encode(double[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (double d : v) b.putDouble(d);
        return b.array();
    }

    static double[] decode(byte[] blob) {
        if (blob.length % Double.BYTES != 0) {
            throw new StoreException("corrupted feature vector of " + blob.length + " bytes (not a multiple of 8)");
        }
        double[] v = new double[blob.length / Double.BYTES];
        ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(v);
        return v;
    }

    // ---------------------------------------------------------------- cleaning

    /** Forgets every status and result (names, classes and features stay): all classes become NEW. Returns the classes changed. */
    public synchronized int clean() {
        return transaction(h -> cleaned(h, h.createUpdate("UPDATE classes SET " + RESET_RESULTS + " WHERE status <> 'NEW' OR claimed_by IS NOT NULL "
                + "OR train_acc IS NOT NULL OR train_loss IS NOT NULL OR val_acc IS NOT NULL OR val_loss IS NOT NULL "
                + "OR test_acc IS NOT NULL OR test_loss IS NOT NULL OR runtime_s IS NOT NULL OR extra IS NOT NULL "
                + "OR error IS NOT NULL").execute()));
    }

    private static int cleaned(Handle h, int reset) {
        WorkTables.forgetCompletionsOfNewClasses(h);
        return reset;
    }

    /**
     * Makes every class without a validation accuracy NEW again (running, failed, or diverged
     * ones) and clears its partial results; finished results stay. Returns the classes reset.
     */
    public synchronized int softClean() {
        return transaction(h -> cleaned(h, h.createUpdate("UPDATE classes SET " + RESET_RESULTS
                + " WHERE status <> 'NEW' AND val_acc IS NULL").execute()));
    }

    // ---------------------------------------------------------------- claiming and results

    /** Atomically claims class {@code classId} if it is NEW; empty if it is not (another worker won). */
    public Optional<Claim> claim(long classId, String workerId) {
        return claim(classId, workerId, Long.MAX_VALUE);
    }

    /**
     * Sets a NEW class RUNNING for a worker with a fresh lease number: the current time in
     * milliseconds (of the PostgreSQL server, or of this machine with SQLite; heartbeats use the
     * same clock, so workers on machines with skewed clocks agree on what is stale), or one more than the class's previous lease if that is not smaller, so every
     * claim of a class has a larger lease than all earlier ones.
     */
    private String claimSet() {
        return "UPDATE classes SET status = 'RUNNING', claimed_by = :w, claimed_at = " + dialect.greatest()
                + "(" + dialect.now() + ", COALESCE(claimed_at, 0) + 1), heartbeat = " + dialect.now() + " ";
    }

    /** Binds :now to this machine's clock where the dialect reads the time from it (SQLite; PostgreSQL uses the server's clock). */
    private <S extends org.jdbi.v3.core.statement.SqlStatement<S>> S withNow(S statement) {
        return dialect.now().equals(":now") ? statement.bind("now", System.currentTimeMillis()) : statement;
    }
    /** The lease condition: the class is still RUNNING under exactly this claim. */
    private static final String HELD = " id = :id AND status = 'RUNNING' AND claimed_by = :w AND claimed_at = :lease";

    /**
     * Atomically claims class {@code classId} if it is NEW and fewer than {@code budget} classes are
     * RUNNING, DONE or FAILED; empty otherwise. The budget check and the claim are one statement in
     * a transaction that excludes other budgeted claims, so workers sharing the store never exceed
     * the budget together.
     */
    public synchronized Optional<Claim> claim(long classId, String workerId, long budget) {
        requireWorker(workerId);
        return transaction(h -> {
            dialect.lockClaims(h);
            return withNow(h.createQuery(claimSet() + "WHERE id = :id AND status = 'NEW' AND "
                            + "(SELECT COUNT(*) FROM classes WHERE status <> 'NEW') < :budget "
                            + "RETURNING id, name, claimed_at"))
                    .bind("w", workerId).bind("id", classId).bind("budget", budget)
                    .map((rs, ctx) -> new Claim(rs.getLong(1), codec.decode(rs.getBytes(2)), workerId, rs.getLong(3))).findOne();
        });
    }

    /** Atomically claims the NEW class with the smallest id (not locked by another claim, with PostgreSQL); empty when none is NEW. */
    public synchronized Optional<Claim> claimAny(String workerId) {
        requireWorker(workerId);
        return write(() -> withNow(handle.createQuery(claimSet() + "WHERE id = (SELECT id FROM classes WHERE status = 'NEW' "
                        + "ORDER BY id LIMIT 1" + dialect.skipLocked() + ") AND status = 'NEW' RETURNING id, name, claimed_at"))
                .bind("w", workerId)
                .map((rs, ctx) -> new Claim(rs.getLong(1), codec.decode(rs.getBytes(2)), workerId, rs.getLong(3))).findOne());
    }

    /** Marks a claim as alive now; false if the class is no longer RUNNING under this claim (the lease was lost). */
    public synchronized boolean heartbeat(Claim claim) {
        return write(() -> withNow(handle.createUpdate("UPDATE classes SET heartbeat = " + dialect.now() + " WHERE" + HELD))
                .bind("id", claim.classId()).bind("w", claim.workerId())
                .bind("lease", claim.lease()).execute() == 1);
    }

    /**
     * Returns to NEW the RUNNING classes claimed by {@code workerId} (a restarted worker) or whose
     * last heartbeat is older than {@code staleAfter} (a crashed one). Returns the classes released.
     */
    public synchronized int releaseStale(String workerId, Duration staleAfter) {
        requireWorker(workerId);
        return write(() -> withNow(handle.createUpdate("UPDATE classes SET status = 'NEW', claimed_by = NULL, heartbeat = NULL "
                        + "WHERE status <> 'NEW' AND status = 'RUNNING' AND (claimed_by = :w OR heartbeat < " + dialect.now()
                        + " - :stale)"))
                .bind("w", workerId).bind("stale", staleAfter.toMillis()).execute());
    }

    /**
     * Returns to NEW the RUNNING classes whose last heartbeat is older than {@code staleAfter}
     * (their workers died or stalled); a live worker calls this between evaluations so that the
     * claims of dead ones return to the pool. Returns the classes released.
     */
    public synchronized int releaseExpired(Duration staleAfter) {
        if (staleAfter.isNegative() || staleAfter.isZero()) throw new IllegalArgumentException("staleAfter must be positive, got " + staleAfter);
        return write(() -> withNow(handle.createUpdate("UPDATE classes SET status = 'NEW', claimed_by = NULL, heartbeat = NULL "
                        + "WHERE status <> 'NEW' AND status = 'RUNNING' AND heartbeat < " + dialect.now() + " - :stale"))
                .bind("stale", staleAfter.toMillis()).execute());
    }

    /**
     * Stores the result of a claimed class in one statement (one transaction) and makes it DONE,
     * if the claim is still held: the class is RUNNING for this worker under this claim's lease.
     * Returns false and writes nothing otherwise, e.g. when the lease expired and the class was
     * released (and perhaps claimed and completed by another worker): the result is then dropped,
     * so no class ever gets two results.
     */
    public synchronized boolean complete(Claim claim, EvaluationResult r) {
        Objects.requireNonNull(r, "result");
        return transaction(h -> {
            boolean held = bindResult(h.createUpdate("UPDATE classes SET " + RESULT_SET + " WHERE" + HELD), r)
                    .bind("id", claim.classId()).bind("w", claim.workerId()).bind("lease", claim.lease()).execute() == 1;
            if (held) WorkTables.completed(h, dialect, claim.classId(), claim.workerId());
            return held;
        });
    }

    /** Stores a result for the whole class of the named function, whatever its status and claim; the class becomes DONE. */
    public void recordResult(String name, EvaluationResult result) {
        writeResult(classOf(name).classId(), result);
    }

    private static final String RESULT_SET = "status = 'DONE', train_acc = :ta, train_loss = :tl, val_acc = :va, "
            + "val_loss = :vl, test_acc = :sa, test_loss = :sl, runtime_s = :rt, extra = :extra, error = NULL";

    private static Update bindResult(Update u, EvaluationResult r) {
        return u.bind("ta", stored(r.trainAccuracy())).bind("tl", stored(r.trainLoss())).bind("va", stored(r.validationAccuracy()))
                .bind("vl", stored(r.validationLoss())).bind("sa", stored(r.testAccuracy())).bind("sl", stored(r.testLoss()))
                .bind("rt", stored(r.runtimeSeconds())).bind("extra", r.extraJson());
    }

    /** A value to store: NaN (unknown) is stored as NULL by both backends (SQLite would do so itself). */
    static Double stored(double v) {
        return Double.isNaN(v) ? null : v;
    }

    private synchronized void writeResult(long classId, EvaluationResult r) {
        Objects.requireNonNull(r, "result");
        transaction(h -> {
            bindResult(h.createUpdate("UPDATE classes SET " + RESULT_SET + " WHERE id = :id"), r).bind("id", classId).execute();
            WorkTables.completed(h, dialect, classId, null);
            return null;
        });
    }

    /**
     * Records that evaluating a claimed class threw: the class becomes FAILED with the message, if
     * the claim is still held (see {@link #complete}); returns false and writes nothing otherwise.
     */
    public synchronized boolean fail(Claim claim, String error) {
        return transaction(h -> {
            boolean held = h.createUpdate("UPDATE classes SET status = 'FAILED', error = :e WHERE" + HELD)
                    .bind("e", error == null ? "unknown error" : error).bind("id", claim.classId())
                    .bind("w", claim.workerId()).bind("lease", claim.lease()).execute() == 1;
            if (held) WorkTables.completed(h, dialect, claim.classId(), claim.workerId());
            return held;
        });
    }

    /** Sets the status of the whole class of the named function (results are kept). */
    public synchronized void setStatus(String name, ClassStatus status) {
        Objects.requireNonNull(status, "status");
        long id = classOf(name).classId();
        handle.createUpdate("UPDATE classes SET status = ? WHERE id = ?").bind(0, status.name()).bind(1, id).execute();
    }

    private static void requireWorker(String workerId) {
        if (workerId == null || workerId.isBlank()) throw new IllegalArgumentException("worker id must be non-blank");
    }

    // ---------------------------------------------------------------- Fisher features

    /** Classes whose features are not computed (no vector, no error), in random order. */
    public synchronized List<FunctionRecord> classesWithoutFeatures(Random random) {
        List<FunctionRecord> list = new ArrayList<>(handle.createQuery("SELECT " + CLASS_COLUMNS
                + " FROM classes c WHERE c.features IS NULL ORDER BY c.id").map((rs, ctx) -> record(rs)).list());
        Collections.shuffle(list, random);
        return list;
    }

    /**
     * Stores the Fisher feature vector of a class unless one (or an error) is already stored, so
     * concurrent workers computing the same class keep the first. Returns true if stored.
     */
    public synchronized boolean putFeatures(long classId, double[] features) {
        if (features == null || features.length == 0) {
            throw new IllegalArgumentException("features of class " + classId + " must be non-empty; use putFeaturesError");
        }
        return write(() -> handle.createUpdate("UPDATE classes SET features = ?, features_error = NULL WHERE id = ? AND features IS NULL")
                .bind(0, encode(features)).bind(1, classId).execute() == 1);
    }

    /** Stores that computing the features of a class failed: an empty vector and the message. */
    public synchronized boolean putFeaturesError(long classId, String error) {
        return write(() -> handle.createUpdate("UPDATE classes SET features = ?, features_error = ? WHERE id = ? AND features IS NULL")
                .bind(0, new byte[0]).bind(1, error == null ? "unknown error" : error).bind(2, classId).execute() == 1);
    }

    /** The feature vector of a class: empty Optional if not computed, an empty array if computing failed. */
    public synchronized Optional<double[]> features(long classId) {
        return handle.createQuery("SELECT features FROM classes WHERE id = ?").bind(0, classId)
                .map((rs, ctx) -> rs.getBytes(1)).findOne().map(FunctionStore::decode);
    }

    /** Forgets every feature vector and feature error, and their provenance (to recompute from scratch). */
    public synchronized int clearFeatures() {
        return transaction(h -> {
            WorkTables.forgetFeatureClaims(h);
            h.execute("DELETE FROM aquasurf_meta WHERE key = '" + FEATURE_PROVENANCE + "'");
            return h.createUpdate("UPDATE classes SET features = NULL, features_error = NULL WHERE features IS NOT NULL").execute();
        });
    }

    // ---------------------------------------------------------------- shared work (SQL in WorkTables)

    /**
     * Claims the Fisher-feature work of a class for {@code workerId} if the class has no features,
     * no other worker holds a claim on it whose heartbeat is younger than {@code lease}, and fewer
     * than {@code target} classes have features or live feature claims (so a limit counts every
     * worker's work). Empty otherwise.
     */
    public synchronized Optional<FeatureClaim> claimFeatures(long classId, String workerId, long target, Duration lease) {
        requireWorker(workerId);
        return transaction(h -> {
            dialect.lockClaims(h);
            return WorkTables.claimFeatures(h, dialect, classId, workerId, target, lease.toMillis(), codec);
        });
    }

    /** Marks a feature claim alive now; false if it was lost (taken over after its lease ran out). */
    public synchronized boolean heartbeat(FeatureClaim claim) {
        return write(() -> WorkTables.heartbeat(handle, dialect, claim));
    }

    /**
     * Stores the features of a claimed class (or, with {@code features} null, the {@code error})
     * and finishes the claim, in one transaction. Features are deterministic per class, so they
     * are stored even if the lease was lost, unless another worker stored them first. Returns
     * true if stored.
     */
    public synchronized boolean putFeatures(FeatureClaim claim, double[] features, String error) {
        if (features != null && features.length == 0) throw new IllegalArgumentException("features of " + claim.name() + " are empty");
        return transaction(h -> {
            boolean stored = h.createUpdate("UPDATE classes SET features = ?, features_error = ? WHERE id = ? AND features IS NULL")
                    .bind(0, features == null ? new byte[0] : encode(features))
                    .bind(1, features == null ? (error == null ? "unknown error" : error) : null)
                    .bind(2, claim.classId()).execute() == 1;
            WorkTables.finish(h, dialect, claim);
            return stored;
        });
    }

    /** Gives a feature claim back to the pool at once (an interrupted worker); false if it was not held. */
    public synchronized boolean release(FeatureClaim claim) {
        return write(() -> WorkTables.release(handle, claim));
    }

    /** Gives an evaluation claim back to the pool at once (the class becomes NEW); false if it was not held. */
    public synchronized boolean release(Claim claim) {
        return release(new RunningClaim(RunningClaim.Kind.EVALUATION, claim.classId(), claim.name(), claim.workerId(),
                claim.lease(), 0, 0));
    }

    /** Gives back a claim listed by {@link #runningClaims()} (e.g. of a worker known to be dead); false if it changed meanwhile. */
    public synchronized boolean release(RunningClaim claim) {
        return write(() -> WorkTables.release(handle, claim));
    }

    /** Every claim in progress: RUNNING evaluations, then unfinished feature claims, oldest first. */
    public synchronized List<RunningClaim> runningClaims() {
        return WorkTables.running(handle, dialect, codec);
    }

    /** Every DONE or FAILED class in the order its result was stored, over all workers (see {@link Completion}). */
    public synchronized List<Completion> completions() {
        return WorkTables.completions(handle, codec);
    }

    /**
     * Stores a result that could not be written when its evaluation finished (see the search's
     * journal): written if the class is still RUNNING under {@code claim} or NEW again (the claim
     * was released); false if the class meanwhile has a result or is held by another claim.
     */
    public synchronized boolean completeLate(Claim claim, EvaluationResult r) {
        Objects.requireNonNull(r, "result");
        return transaction(h -> {
            boolean written = bindResult(h.createUpdate("UPDATE classes SET " + RESULT_SET + ", claimed_by = :w WHERE id = :id "
                    + "AND (status = 'NEW' OR (status = 'RUNNING' AND claimed_by = :w AND claimed_at = :lease))"), r)
                    .bind("id", claim.classId()).bind("w", claim.workerId()).bind("lease", claim.lease()).execute() == 1;
            if (written) WorkTables.completed(h, dialect, claim.classId(), claim.workerId());
            return written;
        });
    }

    /**
     * Forgets the stored feature errors (failed computations, e.g. of a run with bad options), so
     * those classes get their features computed again; computed vectors stay. Returns the classes reset.
     */
    public synchronized int clearFeatureErrors() {
        return write(() -> handle.createUpdate("UPDATE classes SET features = NULL, features_error = NULL "
                + "WHERE features_error IS NOT NULL").execute());
    }

    private static final String FEATURE_PROVENANCE = "feature_provenance";

    /** What produced this store's Fisher features (see {@link #checkFeatureProvenance}); empty until recorded. */
    public synchronized Optional<String> featureProvenance() {
        return handle.createQuery("SELECT value FROM aquasurf_meta WHERE key = '" + FEATURE_PROVENANCE + "'")
                .mapTo(String.class).findOne();
    }

    /**
     * Records what produces this store's Fisher features (e.g. the network's digest, batch size,
     * options and seed) if nothing is recorded yet, atomically with other workers, and otherwise
     * checks that it is the same: features of two networks never mix in one store.
     *
     * @throws StoreException if the store's features come from something else (the message names both)
     */
    public synchronized void checkFeatureProvenance(String provenance) {
        Objects.requireNonNull(provenance, "provenance");
        write(() -> handle.createUpdate("INSERT INTO aquasurf_meta (key, value) VALUES ('" + FEATURE_PROVENANCE
                + "', :p) ON CONFLICT (key) DO NOTHING").bind("p", provenance).execute());
        String stored = featureProvenance().orElse(provenance);
        if (!stored.equals(provenance)) {
            throw new StoreException("store " + location + " holds Fisher features of another network or setup, so its "
                    + "features cannot be mixed with these: stored [" + stored + "], now [" + provenance
                    + "]; use another store, or clearFeatures() to recompute all of them");
        }
    }

    // ---------------------------------------------------------------- for ActBench

    synchronized <R> R inTransaction(HandleCallback<R, RuntimeException> work) {
        return transaction(work);
    }
}
