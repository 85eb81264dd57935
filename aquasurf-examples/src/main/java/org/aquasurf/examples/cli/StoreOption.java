package org.aquasurf.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.aquasurf.canonical.Canonicalizer;
import org.aquasurf.store.FunctionStore;

/**
 * The store named by a {@code --db} option: an SQLite file path or a JDBC URL
 * ({@code jdbc:sqlite:PATH}, {@code jdbc:postgresql://HOST/DB?user=…}). Read commands open only an
 * existing store: a mistyped path is an error instead of a new empty file.
 */
final class StoreOption {
    /** How long read commands wait for another process's write lock before saying the store is locked. */
    static final Duration READ_WAIT = Duration.ofSeconds(10);

    private StoreOption() {}

    /** Opens the existing store {@code db}; IllegalArgumentException naming the option if there is none. */
    static FunctionStore openExisting(String db) {
        Path file = file(db);
        if (file != null) {
            if (Files.isDirectory(file)) throw new IllegalArgumentException("--db " + db + " is a directory: give the store file");
            if (!Files.exists(file)) {
                throw new IllegalArgumentException("--db " + db + ": no such store (check the path; `search` and "
                        + "`actbench import` create one)");
            }
            return FunctionStore.open(file, Canonicalizer.standard(), READ_WAIT);
        }
        return FunctionStore.open(db);
    }

    /** Opens the store {@code db}, creating it if it is a file that does not exist. */
    static FunctionStore openOrCreate(String db) {
        Path file = file(db);
        if (file != null && Files.isDirectory(file)) {
            throw new IllegalArgumentException("--db " + db + " is a directory: give a file name for the store");
        }
        return file != null ? FunctionStore.open(file) : FunctionStore.open(db);
    }

    /** The SQLite file of {@code db} (a path or a jdbc:sqlite: URL), or null for another JDBC URL. */
    static Path file(String db) {
        return FunctionStore.sqliteFile(db);
    }

    /** Checks that {@code file} (the value of {@code option}) is an existing regular file. */
    static void requireReadableFile(String option, Path file) {
        if (Files.isDirectory(file)) throw new IllegalArgumentException(option + " " + file + " is a directory: give a file");
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException(option + " " + file + ": no such file (check the path)");
        if (!Files.isReadable(file)) throw new IllegalArgumentException(option + " " + file + " is not readable: check its permissions");
    }

    /** Checks that {@code file} (the value of {@code option}) can be written: not a directory, its directory exists. */
    static void requireWritableFile(String option, Path file) {
        Path abs = file.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            throw new IllegalArgumentException(option + " " + file + " is a directory: give a file name, e.g. "
                    + abs.resolve("actbench.json"));
        }
        if (abs.getParent() != null && !Files.isDirectory(abs.getParent())) {
            throw new IllegalArgumentException(option + " " + file + ": directory " + abs.getParent() + " does not exist");
        }
    }
}
