package org.aquasurf.store;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatement;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The one database connection of a store: opening it (and creating or checking the tables), and
 * running statements on it. Every part of a store ({@link FunctionStore}, {@link Population},
 * {@link Leases}, {@link Features}) goes through {@link #read}, {@link #write} and
 * {@link #transaction}, which are serialized on this object, so the parts are thread-safe
 * together; a part that needs several statements as one step holds this object's lock around them.
 * A write that waits out the busy timeout gives a {@link StoreException} naming the store.
 */
final class Connection implements AutoCloseable {
    static final String FORMAT = "aquasurf-store";

    private final Path file;
    private final String location;
    private final Dialect dialect;
    /** How long SQLite statements wait for another process's write lock (PostgreSQL waits for row locks). */
    private final Duration busyTimeout;
    private final Handle handle;
    /** The operator table recorded in the store (names are encoded against it). */
    private final List<String> operators;

    private Connection(Path file, String location, Dialect dialect, Duration busyTimeout, Handle handle, List<String> operators) {
        this.file = file;
        this.location = location;
        this.dialect = dialect;
        this.busyTimeout = busyTimeout;
        this.handle = handle;
        this.operators = operators;
    }

    /** Opens the SQLite file {@code file} (see {@link FunctionStore#open(Path, org.aquasurf.canonical.Canonicalizer, Duration)}). */
    static Connection sqlite(Path file, Duration busyTimeout, List<String> registryOperators) {
        Objects.requireNonNull(file, "file");
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
        return open(Jdbi.create(ds), abs, abs.toString(), Dialect.SQLITE, busyTimeout, registryOperators);
    }

    /** Opens the PostgreSQL database at {@code jdbcUrl} (see {@link FunctionStore#open(String, org.aquasurf.canonical.Canonicalizer)}). */
    static Connection postgres(String jdbcUrl, List<String> registryOperators) {
        String shown = jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1***");
        return open(Jdbi.create(jdbcUrl), null, shown, Dialect.POSTGRES, FunctionStore.BUSY_TIMEOUT, registryOperators);
    }

    private static Connection open(Jdbi jdbi, Path file, String location, Dialect dialect, Duration busyTimeout,
                                   List<String> registryOperators) {
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
                    List<String> ops = createOrCheckSchema(t, dialect, registryOperators);
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
        return new Connection(file, location, dialect, busyTimeout, h, operators);
    }

    /** The absolute path of the SQLite database file; null for a PostgreSQL store. */
    Path file() { return file; }

    /** Where the store is, for messages: the SQLite file's path or the PostgreSQL URL (password hidden). */
    String location() { return location; }

    Dialect dialect() { return dialect; }

    /** The operator table recorded in the store. */
    List<String> operators() { return operators; }

    /** Runs queries that only read. */
    synchronized <R> R read(HandleCallback<R, RuntimeException> query) {
        return query.withHandle(handle);
    }

    /** Runs one writing statement (auto-commit); a locked database gives a {@link StoreException} saying so. */
    synchronized <R> R write(HandleCallback<R, RuntimeException> statement) {
        return lockedAsStoreException(() -> statement.withHandle(handle));
    }

    /** Runs {@code work} in a transaction; a locked database gives a {@link StoreException} saying so. */
    synchronized <R> R transaction(HandleCallback<R, RuntimeException> work) {
        return lockedAsStoreException(() -> {
            try {
                return handle.inTransaction(work);
            } catch (RuntimeException e) {
                if (isLocked(e)) restoreAutoCommit(e);
                throw e;
            }
        });
    }

    /** Binds :now to this machine's clock where the dialect reads the time from it (SQLite; PostgreSQL uses the server's clock). */
    <S extends SqlStatement<S>> S withNow(S statement) {
        return dialect.now().equals(":now") ? statement.bind("now", System.currentTimeMillis()) : statement;
    }

    @Override public synchronized void close() { handle.close(); }

    /**
     * After SQLite failed to begin a transaction on a locked file, the driver is left out of
     * auto-commit mode with no transaction open; switching back to auto-commit (whose implied
     * COMMIT fails harmlessly) leaves the connection usable again.
     */
    private void restoreAutoCommit(RuntimeException failure) {
        try {
            handle.getConnection().setAutoCommit(true);
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    /** Runs a write; a locked database (the wait for another process's write lock ran out) gives a {@link StoreException} saying so. */
    private <R> R lockedAsStoreException(Supplier<R> statement) {
        try {
            return statement.get();
        } catch (RuntimeException e) {
            if (!isLocked(e)) throw e;
            throw new StoreException("store " + location + " is locked by another process's write (waited "
                    + busyTimeout.toMillis() + " ms): " + rootMessage(e), e);
        }
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
                String.valueOf(FunctionStore.SCHEMA_VERSION), String.join(",", registryOperators));
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
        if (!String.valueOf(FunctionStore.SCHEMA_VERSION).equals(version)) {
            throw new StoreException("schema version " + version + " is not supported (this library reads version "
                    + FunctionStore.SCHEMA_VERSION + ")");
        }
        String ops = h.createQuery("SELECT value FROM aquasurf_meta WHERE key = 'operators'").mapTo(String.class).findOne()
                .orElseThrow(() -> new StoreException("its operator table is missing"));
        return ops.isEmpty() ? List.of() : List.of(ops.split(","));
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
