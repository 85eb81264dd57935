package org.aquasurf.examples.cli;

import static org.aquasurf.examples.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;

import org.aquasurf.store.FunctionStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The weak cases of the red-team pass: each is a clear error of at most three lines naming the file
 * or option and the fix, with exit status 2, and nothing is created or left behind.
 */
class BadInputTest {
    @TempDir Path dir;

    /** Exit 2, at most 3 lines on stderr, nothing on stdout, every {@code expected} part in the message. */
    private static String assertBadInput(CliRun r, String... expected) {
        assertEquals(AquaSurfCli.BAD_INPUT, r.status(), r.err() + r.out());
        String err = r.err().strip();
        assertTrue(err.lines().count() <= 3, "at most 3 lines:\n" + err);
        assertFalse(err.contains("\tat "), "no stack trace:\n" + err);
        for (String e : expected) assertTrue(err.contains(e), "'" + e + "' missing in:\n" + err);
        return err;
    }

    private Path store(String name, String... names) {
        Path db = dir.resolve(name);
        try (FunctionStore s = FunctionStore.open(db)) {
            s.populate(List.of(names));
        }
        return db;
    }

    @Test
    void aDamagedStoreSaysSoInsteadOfAStackTrace() throws Exception {
        Path db = dir.resolve("damaged.db");
        try (FunctionStore s = FunctionStore.open(db)) {
            s.populate(org.aquasurf.schema.Schema.parse("binary(unary(x),unary(x))"), r -> {});
        }
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
            f.seek(3 * 4096);
            f.write(new byte[(int) Math.min(40 * 4096, f.length() - 3 * 4096)]); // zero the pages after the first three
        }
        assertBadInput(run("summary", "--db", db.toString()), db.toString(), "damaged", "restore it from a copy");
    }

    @Test
    void mistypedDbOnReadCommandsIsAnErrorAndCreatesNothing() {
        Path missing = dir.resolve("serach.db");
        assertBadInput(run("summary", "--db", missing.toString()), "--db " + missing, "no such store");
        assertBadInput(run("actbench", "export", "--db", missing.toString(), "--file", dir.resolve("o.json").toString()),
                "--db " + missing, "no such store");
        assertBadInput(run("replay", "--db", missing.toString(), "--plot", dir.resolve("r.png").toString()), "no such store");
        assertFalse(Files.exists(missing), "no empty store was created");
        assertBadInput(run("summary", "--db", dir.toString()), "is a directory");
    }

    @Test
    void jdbcUrlsAreAcceptedByDb() {
        Path db = store("url.db", "relu(x)", "tanh(x)");
        CliRun r = run("summary", "--db", "jdbc:sqlite:" + db);
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("Number of activation functions: 2"), r.out());
        assertBadInput(run("summary", "--db", "jdbc:mysql://localhost/x"), "unsupported JDBC URL");
    }

    @Test
    void missingOrDirectoryFileAndExportOntoADirectory() throws Exception {
        Path db = store("a.db", "relu(x)");
        Path missing = dir.resolve("nope.json");
        assertBadInput(run("actbench", "import", "--file", missing.toString(), "--db", db.toString()), "--file " + missing, "no such file");
        assertBadInput(run("actbench", "import", "--file", dir.toString(), "--db", db.toString()), "--file " + dir, "is a directory");
        assertBadInput(run("replay", "--file", missing.toString()), "--file " + missing, "no such file");
        Path target = Files.createDirectory(dir.resolve("out"));
        assertBadInput(run("actbench", "export", "--db", db.toString(), "--file", target.toString()), "is a directory", "give a file name");
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".tmp")), "no .tmp left behind");
        }
        try (FunctionStore s = FunctionStore.open(db)) {
            var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> org.aquasurf.store.ActBench.export(s, target));
            assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
        }
        assertFalse(Files.exists(dir.resolve("out.tmp")));
    }

    @Test
    void aStoreLockedByAnotherProcessStillGivesItsSummaryAtOnce() throws Exception {
        Path db = store("locked.db", "relu(x)");
        try (Connection holder = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            holder.setAutoCommit(false);
            holder.createStatement().execute("INSERT INTO aquasurf_meta VALUES ('lock-holder', 'test')");
            CliRun r = run("summary", "--db", db.toString());
            assertEquals(0, r.status(), r.err());
            assertTrue(r.out().contains("Number of activation functions: 1"), r.out());
            holder.rollback();
        }
    }

    @Test
    void storeAndDiskFailuresAreExplainedWithTheFix() {
        // the driver's own exceptions, as SQLite raises them for these conditions
        String db = "/data/s.db";
        String readOnly = CliErrors.message(new RuntimeException(new SQLiteException("[SQLITE_READONLY] attempt to write a readonly database",
                SQLiteErrorCode.SQLITE_READONLY)), db);
        assertTrue(readOnly.startsWith("store /data/s.db cannot be written (SQLITE_READONLY)") && readOnly.contains("writable"), readOnly);
        String full = CliErrors.message(new RuntimeException(new SQLiteException("[SQLITE_FULL] database or disk is full",
                SQLiteErrorCode.SQLITE_FULL)), db);
        assertTrue(full.startsWith("the disk holding /data/s.db is full") && full.contains("free some space"), full);
        String busy = CliErrors.message(new RuntimeException(new SQLiteException("[SQLITE_BUSY] database is locked",
                SQLiteErrorCode.SQLITE_BUSY)), db);
        assertTrue(busy.contains("locked by another process") && !busy.contains("AquaSurf store?"), busy);
        String disk = CliErrors.message(new UncheckedIOException("cannot write /data/x.json.tmp",
                new IOException("No space left on device")), null);
        assertTrue(disk.startsWith("cannot write /data/x.json.tmp: the disk is full"), disk);
        assertNull(CliErrors.message(new NullPointerException("a bug"), db), "bugs keep their stack trace");
    }

    @Test
    void searchOptionsAreCheckedBeforeAnyWork() {
        Path db = dir.resolve("search.db");
        String[][] bad = {{"--budget", "0"}, {"--width", "0"}, {"--fisher-samples", "0"}, {"--depth", "-1"},
                {"--candidates", "0"}, {"--epochs", "0"}, {"--lr", "0"}, {"--train-size", "9000"}, {"--schema", "binary(unary(x)"}};
        for (String[] option : bad) {
            long start = System.nanoTime();
            assertBadInput(run("search", "--db", db.toString(), "--out", dir.resolve("out").toString(), option[0], option[1]),
                    option[0]);
            assertFalse(Files.exists(db), option[0] + ": nothing was created");
        }
        // an explicit option wins over --smoke, so an explicit bad one is still reported
        assertBadInput(run("search", "--smoke", "--db", db.toString(), "--budget", "0"), "--budget must be at least 1");
        assertBadInput(run("allcnn-search", "--smoke", "--db", db.toString(), "--batch-size", "0"), "--batch-size");
        assertFalse(Files.exists(db));
    }

    @Test
    void featureErrorsAreNotFeaturesAndCanBeCleared() {
        Path db = store("f.db", "relu(x)", "tanh(x)");
        try (FunctionStore s = FunctionStore.open(db)) {
            s.features().put(s.find("relu(x)").orElseThrow().classId(), new double[] {0.5});
            s.features().putError(s.find("tanh(x)").orElseThrow().classId(), "IllegalArgumentException: width 0");
        }
        CliRun r = run("summary", "--db", db.toString());
        assertTrue(r.out().contains("Number of unique functions with Fisher features: 1\n"), r.out());
        assertTrue(r.out().contains("Number of unique functions whose Fisher features failed: 1"), r.out());
        CliRun cleared = run("summary", "--db", db.toString(), "--clear-feature-errors");
        assertEquals(0, cleared.status(), cleared.err());
        assertTrue(cleared.out().contains("cleared the feature errors of 1 classes"), cleared.out());
        try (FunctionStore s = FunctionStore.open(db)) {
            assertEquals(1, s.features().missing(new java.util.Random(0)).size(), "tanh will be computed again");
            assertEquals(0, s.summary().featureErrors());
        }
    }

    @Test
    void hugeAndHostileNamesGiveShortEscapedMessages() {
        String huge = "q".repeat(10 << 20);
        String err = assertBadInput(run("outputs", "--fn", "max(" + huge + "(x),x)"), "unknown operator 'qqq");
        assertTrue(err.length() < 600, "short message: " + err.length() + " characters");
        String ansi = assertBadInput(run("outputs", "--fn", "relu(\u001b[2Jx)"), "\\u001b");
        assertFalse(ansi.chars().anyMatch(c -> c == 0x1b), "no raw escape reaches the terminal");
        assertBadInput(run("summary", "--db", "x.db", "--top", "nine"), "--top", "see: aquasurf summary --help");
    }
}
