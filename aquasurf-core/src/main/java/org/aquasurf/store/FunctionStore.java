package org.aquasurf.store;

import org.aquasurf.canonical.Canonicalizer;
import org.aquasurf.grammar.Excerpt;
import org.aquasurf.grammar.Expr;
import org.aquasurf.grammar.Parser;
import org.aquasurf.schema.Schema;
import org.jdbi.v3.core.Handle;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
 * needed. Names are stored and returned in the parser's canonical text (no whitespace). Everything
 * else (status, results, features) belongs to the class, so an update through any name applies to
 * every equivalent function.
 *
 * <p>This class holds what users call: open, populate, read classes and results, record results,
 * clean. Workers sharing the store go through two views: {@link #leases()} (claims on evaluations,
 * heartbeats, results of claims) and {@link #features()} (Fisher feature vectors, feature claims
 * and the record of what produced the features). Methods are thread-safe (serialized on one
 * connection, views included).
 */
public final class FunctionStore implements AutoCloseable {

    /** Version of the table layout this code reads and writes. */
    public static final int SCHEMA_VERSION = 1;
    /** How long a statement waits for another process's write lock before failing, by default. */
    public static final Duration BUSY_TIMEOUT = Duration.ofMinutes(10);

    // claimed_at is kept: it is the lease number of the last claim, and every claim takes a larger one
    private static final String RESET_RESULTS = "status = 'NEW', claimed_by = NULL, "
            + "heartbeat = NULL, train_acc = NULL, train_loss = NULL, val_acc = NULL, val_loss = NULL, "
            + "test_acc = NULL, test_loss = NULL, runtime_s = NULL, extra = NULL, error = NULL";

    private final Connection conn;
    private final Parser parser;
    private final Canonicalizer canonicalizer;
    private final ClassRows rows;
    private final Population population;
    private final Leases leases;
    private final Features features;

    private FunctionStore(Connection conn, Canonicalizer canonicalizer) {
        this.conn = conn;
        this.parser = canonicalizer.evaluator().parser();
        this.canonicalizer = canonicalizer;
        this.rows = new ClassRows(new NameCodec(parser, conn.operators()), canonicalizer, conn.location());
        this.population = new Population(conn, rows);
        this.leases = new Leases(conn, rows);
        this.features = new Features(conn, rows);
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
        return new FunctionStore(Connection.sqlite(file, busyTimeout, operatorsOf(canonicalizer)), canonicalizer);
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
            return new FunctionStore(Connection.postgres(jdbcUrl, operatorsOf(canonicalizer)), canonicalizer);
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

    /** The operator table a new store records: the canonicalizer's parser's. */
    private static List<String> operatorsOf(Canonicalizer canonicalizer) {
        return canonicalizer.evaluator().parser().registry().names();
    }

    /** The absolute path of the SQLite database file; null for a PostgreSQL store. */
    public Path file() { return conn.file(); }

    /** Where the store is, for messages: the SQLite file's path or the PostgreSQL URL (password hidden). */
    public String location() { return conn.location(); }

    /** The parser that reads function names. */
    public Parser parser() { return parser; }

    /** The canonicalizer that assigns names to equivalence classes. */
    public Canonicalizer canonicalizer() { return canonicalizer; }

    /**
     * The evaluation-lease protocol, for workers sharing this store: claim, heartbeat, complete,
     * fail, release; the claims in progress and the order results arrived in.
     */
    public Leases leases() { return leases; }

    /**
     * The Fisher features of the classes: read and store vectors, share their computation between
     * workers (feature claims), and record what produced them.
     */
    public Features features() { return features; }

    /** How names and classes get in, for importers in this package ({@link ActBench}). */
    Population population() { return population; }

    @Override public void close() { conn.close(); }

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
        return population.populate(names, progress);
    }

    // ---------------------------------------------------------------- reading

    /** Counts of names, classes, classes with features, evaluated, running, failed; best so far. */
    public Summary summary() {
        synchronized (conn) {
            long names = conn.read(h -> h.createQuery("SELECT COUNT(*) FROM names").mapTo(Long.class).one());
            long[] c = conn.read(h -> h.createQuery("SELECT COUNT(*), " + countIf("features IS NOT NULL AND features_error IS NULL")
                        + ", " + countIf("features_error IS NOT NULL") + ", " + countIf("status = 'DONE'")
                        + ", " + countIf("status = 'RUNNING'") + ", " + countIf("status = 'FAILED'") + " FROM classes")
                .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6)}).one());
            List<FunctionRecord> best = top(1);
            return new Summary(names, c[0], c[1], c[2], c[3], c[4], c[5],
                    best.isEmpty() ? null : simplestName(best.get(0).classId()).orElse(best.get(0).name()),
                    best.isEmpty() ? Double.NaN : best.get(0).validationAccuracy());
        }
    }

    private static String countIf(String condition) {
        return "COALESCE(SUM(CASE WHEN " + condition + " THEN 1 ELSE 0 END), 0)";
    }

    /** Number of classes with this status. */
    public long count(ClassStatus status) {
        String where = status == ClassStatus.NEW ? "status = ?" : "status <> 'NEW' AND status = ?";
        return conn.read(h -> h.createQuery("SELECT COUNT(*) FROM classes WHERE " + where).bind(0, status.name())
                .mapTo(Long.class).one());
    }

    /** The {@code n} evaluated classes with the highest validation accuracy, best first (NaN ones excluded). */
    public List<FunctionRecord> top(int n) {
        if (n < 0) throw new IllegalArgumentException("top: n must be >= 0, got " + n);
        return conn.read(h -> h.createQuery("SELECT " + ClassRows.COLUMNS + " FROM classes c WHERE c.status <> 'NEW' "
                        + "AND c.status = 'DONE' AND c.val_acc IS NOT NULL ORDER BY c.val_acc DESC, c.id LIMIT ?")
                .bind(0, n).map((rs, ctx) -> rows.record(rs)).list());
    }

    /** Every class, in id (insertion) order. */
    public List<FunctionRecord> classes() {
        return conn.read(h -> h.createQuery("SELECT " + ClassRows.COLUMNS + " FROM classes c ORDER BY c.id")
                .map((rs, ctx) -> rows.record(rs)).list());
    }

    /** A light view of every class (no feature vectors, no results but the validation accuracy), in id order. */
    public List<ClassState> states() {
        return conn.read(h -> h.createQuery("SELECT id, name, status, val_acc, length(features) FROM classes ORDER BY id")
                .map((rs, ctx) -> {
                    ClassStatus status = ClassStatus.valueOf(rs.getString(3));
                    double acc = status == ClassStatus.DONE ? ClassRows.real(rs, 4) : Double.NaN;
                    Object len = rs.getObject(5);
                    return new ClassState(rs.getLong(1), rows.name(rs.getBytes(2)), status, acc,
                            len == null ? -1 : ((Number) len).intValue() / Double.BYTES);
                }).list());
    }

    /** The class with this id. */
    public Optional<FunctionRecord> get(long classId) {
        return conn.read(h -> h.createQuery("SELECT " + ClassRows.COLUMNS + " FROM classes c WHERE c.id = ?")
                .bind(0, classId).map((rs, ctx) -> rows.record(rs)).findOne());
    }

    /** The class of the named function, if the name is stored. */
    public Optional<FunctionRecord> find(String name) {
        byte[] encoded = rows.encodeName(name);
        return conn.read(h -> h.createQuery("SELECT " + ClassRows.COLUMNS + " FROM names n JOIN classes c ON c.id = n.class_id "
                        + "WHERE n.name = ?")
                .bind(0, encoded).map((rs, ctx) -> rows.record(rs)).findOne());
    }

    /** All names of a class, sorted. */
    public List<String> names(long classId) {
        return conn.read(h -> h.createQuery("SELECT name FROM names WHERE class_id = ?").bind(0, classId)
                .map((rs, ctx) -> rows.name(rs.getBytes(1))).list()).stream().sorted().toList();
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
    public void forEachName(NameVisitor visitor) {
        conn.read(h -> {
            try (var stream = h.createQuery("SELECT name, class_id FROM names ORDER BY class_id")
                    .map((rs, ctx) -> new Object[] {rows.name(rs.getBytes(1)), rs.getLong(2)}).stream()) {
                stream.forEach(o -> visitor.visit((String) o[0], (Long) o[1]));
            }
            return null;
        });
    }

    /** Receives one stored name and the id of its class. */
    @FunctionalInterface
    public interface NameVisitor {
        void visit(String name, long classId);
    }

    private FunctionRecord classOf(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException(
                "function '" + Excerpt.of(name) + "' is not in store " + location() + "; populate it first"));
    }

    // ---------------------------------------------------------------- results

    /** Stores a result for the whole class of the named function, whatever its status and claim; the class becomes DONE. */
    public void recordResult(String name, EvaluationResult result) {
        long classId = classOf(name).classId();
        Objects.requireNonNull(result, "result");
        conn.transaction(h -> {
            ClassRows.bindResult(h.createUpdate("UPDATE classes SET " + ClassRows.RESULT_SET + " WHERE id = :id"), result)
                    .bind("id", classId).execute();
            WorkTables.completed(h, conn.dialect(), classId, null);
            return null;
        });
    }

    /** Sets the status of the whole class of the named function (results are kept). */
    public void setStatus(String name, ClassStatus status) {
        Objects.requireNonNull(status, "status");
        long id = classOf(name).classId();
        conn.write(h -> h.createUpdate("UPDATE classes SET status = ? WHERE id = ?").bind(0, status.name()).bind(1, id).execute());
    }

    // ---------------------------------------------------------------- cleaning

    /** Forgets every status and result (names, classes and features stay): all classes become NEW. Returns the classes changed. */
    public int clean() {
        return conn.transaction(h -> cleaned(h, h.createUpdate("UPDATE classes SET " + RESET_RESULTS + " WHERE status <> 'NEW' OR claimed_by IS NOT NULL "
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
    public int softClean() {
        return conn.transaction(h -> cleaned(h, h.createUpdate("UPDATE classes SET " + RESET_RESULTS
                + " WHERE status <> 'NEW' AND val_acc IS NULL").execute()));
    }
}
