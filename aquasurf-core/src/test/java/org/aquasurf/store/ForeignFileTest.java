package org.aquasurf.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Another application's file is rejected before anything writes to it: its bytes stay identical. */
class ForeignFileTest {
    @TempDir Path dir;

    private static void sql(Path db, String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); var s = c.createStatement()) {
            for (String st : statements) s.execute(st);
        }
    }

    private static void assertRejectedUnchanged(Path file, String expected) throws Exception {
        byte[] before = Files.readAllBytes(file);
        var e = assertThrows(StoreException.class, () -> FunctionStore.open(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains(expected), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file), "the rejected file is byte-identical");
        assertFalse(Files.exists(Path.of(file + "-wal")) && Files.size(Path.of(file + "-wal")) > 0, "no WAL was started");
    }

    @Test void anotherApplicationsTablesAreRejectedWithoutSwitchingTheFileToWal() throws Exception {
        Path other = dir.resolve("people.db");
        sql(other, "CREATE TABLE people (name TEXT)", "INSERT INTO people VALUES ('ada')");
        // header bytes 18 and 19 are the write/read format versions: 1 = rollback journal, 2 = WAL
        assertEquals(1, Files.readAllBytes(other)[18]);
        assertRejectedUnchanged(other, "another application (tables [people])");
    }

    @Test void anApplicationIdInTheHeaderMarksAForeignFileEvenWithoutTables() throws Exception {
        Path other = dir.resolve("app.db");
        sql(other, "PRAGMA application_id = 1234");
        assertRejectedUnchanged(other, "application id 1234");
    }

    @Test void aFileThatIsNotADatabaseIsRejectedUnchangedWithTheRightHint() throws Exception {
        Path text = dir.resolve("notes.db");
        Files.writeString(text, "this is not a database, just some text that is long enough to fill a header page");
        assertRejectedUnchanged(text, "restore it from a copy");
    }

    @Test void aStoreStillOpensAndTheEmptyFileBecomesAStore() throws Exception {
        Path db = dir.resolve("new.db");
        Files.createFile(db);
        try (FunctionStore s = FunctionStore.open(db)) {
            s.populate(java.util.List.of("relu(x)"));
        }
        try (FunctionStore s = FunctionStore.open(db)) {
            assertEquals(1, s.summary().names());
        }
        assertEquals(2, Files.readAllBytes(db)[18], "an AquaSurf store uses WAL");
    }
}
