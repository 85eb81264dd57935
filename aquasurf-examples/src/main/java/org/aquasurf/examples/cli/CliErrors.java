package org.aquasurf.examples.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CancellationException;

import org.aquasurf.grammar.Excerpt;
import org.aquasurf.store.StoreException;

/**
 * Turns what a command threw into the message the user reads: a bad input, a store or file problem
 * (damaged, read-only, full disk, locked, missing) says what and where and how to fix it; anything
 * else is a bug and keeps its stack trace (null here). Messages are cut to {@link #MAX_LINES} lines
 * with control characters escaped.
 */
final class CliErrors {
    /** The most lines an error message prints. */
    static final int MAX_LINES = 3;
    /** The most characters of one line of an error message. */
    static final int MAX_LINE = 300;

    private CliErrors() {}

    /** The one-line (at most three-line) message for a bad-input failure, or null if {@code e} is a bug. */
    static String message(Throwable e, String db) {
        String where = db == null ? "the store" : "store " + db;
        String sqlite = sqliteCode(e);
        if (sqlite != null) {
            switch (sqlite) {
                case "SQLITE_CORRUPT", "SQLITE_NOTADB":
                    return where + " is damaged (" + sqlite + "): restore it from a copy, or export what is readable";
                case "SQLITE_READONLY", "SQLITE_READONLY_DIRECTORY", "SQLITE_READONLY_DBMOVED", "SQLITE_READONLY_RECOVERY",
                        "SQLITE_READONLY_CANTLOCK", "SQLITE_READONLY_ROLLBACK", "SQLITE_CANTOPEN":
                    return where + " cannot be written (" + sqlite + "): make the file and its directory writable"
                            + " (SQLite also writes -wal and -shm files beside it), or work on a copy";
                case "SQLITE_FULL":
                    return "the disk holding " + (db == null ? "the store" : db) + " is full (" + sqlite
                            + "): free some space and run again (committed work is kept)";
                case "SQLITE_BUSY", "SQLITE_LOCKED":
                    return where + " is locked by another process (" + sqlite + "): wait for it or stop it, then run again";
                default:
                    if (sqlite.startsWith("SQLITE_IOERR")) {
                        return "reading or writing " + (db == null ? "the store" : db) + " failed (" + sqlite
                                + "): check the disk (full? removed?) and run again";
                    }
            }
        }
        if (e instanceof IllegalArgumentException || e instanceof StoreException || e instanceof CancellationException) {
            return e.getMessage();
        }
        IOException io = e instanceof IOException i ? i : e instanceof UncheckedIOException u ? u.getCause() : null;
        if (io != null) return ioMessage(io, e.getMessage());
        return null;
    }

    private static String ioMessage(IOException io, String context) {
        String path = io instanceof FileSystemException f && f.getFile() != null ? f.getFile() : null;
        String reason = io.getMessage() == null ? io.toString() : io.getMessage();
        if (io instanceof NoSuchFileException) return "no such file or directory: " + path;
        if (io instanceof AccessDeniedException) return "permission denied: " + path + ": make it writable or choose another path";
        if (reason.contains("No space left on device")) {
            return (context != null ? context : "writing failed") + ": the disk is full: free some space and run again";
        }
        return context != null ? context : reason;
    }

    /** The first SQLite result code ("SQLITE_CORRUPT", ...) named in the exception's causes, or null. */
    static String sqliteCode(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.sqlite.SQLiteException s) return s.getResultCode().name();
            String m = t.getMessage();
            if (m != null) {
                int i = m.indexOf("[SQLITE_");
                if (i >= 0) {
                    int end = m.indexOf(']', i);
                    if (end > i) return m.substring(i + 1, end);
                }
            }
        }
        return null;
    }

    /** At most {@link #MAX_LINES} lines of at most {@link #MAX_LINE} characters, control characters escaped. */
    static String tidy(String message) {
        String[] lines = String.valueOf(message).split("\n", -1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(lines.length, MAX_LINES); i++) {
            String line = Excerpt.escaped(lines[i].length() > 4 * MAX_LINE ? lines[i].substring(0, 4 * MAX_LINE) : lines[i]);
            if (line.length() > MAX_LINE) line = line.substring(0, MAX_LINE) + "…";
            sb.append(i > 0 ? "\n" : "").append(line);
        }
        return sb.toString();
    }
}
