package org.aquasurf.search;

import org.aquasurf.store.ClassStatus;
import org.aquasurf.store.EvaluationResult;
import org.aquasurf.store.Fixtures;
import org.aquasurf.store.FunctionRecord;
import org.aquasurf.store.FunctionStore;
import org.aquasurf.store.PostgresTestServer;
import org.aquasurf.store.StoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A finished training whose result cannot be written is kept in the journal and written by the
 * next run: on a really full disk (a 3 MiB tmpfs filled up during the evaluation) and with a
 * PostgreSQL server that drops the store's connection.
 */
class ResultJournalTest {
    @TempDir Path dir;

    private static void run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IllegalStateException(cmd + " failed: " + out.strip());
    }

    private static void fill(Path filler) {
        try (OutputStream o = Files.newOutputStream(filler)) {
            byte[] block = new byte[64 * 1024];
            while (true) o.write(block);
        } catch (IOException full) {
            // ENOSPC: the disk is full now
        }
    }

    private static void featured(FunctionStore store) {
        store.populate(Fixtures.names());
        for (FunctionRecord r : store.classes()) {
            store.features().put(r.classId(), Fixtures.cdf(store.canonicalizer().evaluator().outputs(r.name())));
        }
    }

    @Test void aResultWrittenOnAFullDiskLandsInTheJournalAndTheNextRunWritesIt() throws Exception {
        Path mnt = Files.createDirectories(dir.resolve("tmpfs"));
        // a real full disk: needs root (or CAP_SYS_ADMIN) to mount a tmpfs; the test fails with the reason otherwise
        run(List.of("mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", mnt.toString()));
        try {
            Path db = mnt.resolve("s.db");
            Path filler = mnt.resolve("filler");
            AtomicReference<String> journaled = new AtomicReference<>();
            try (FunctionStore store = FunctionStore.open(db)) {
                featured(store);
                int[] calls = {0};
                StoreException e = assertThrows(StoreException.class, () -> SearchTest.configured(AquaSurf.search(store))
                        .budget(4).evaluateWith(name -> {
                            if (++calls[0] == 2) {
                                fill(filler);
                                journaled.set(name);
                            }
                            return EvaluationResult.ofValidationAccuracy(Fixtures.accuracy(name));
                        }).run());
                assertTrue(e.getMessage().startsWith("cannot store the result of " + journaled.get()), e.getMessage());
                assertTrue(e.getMessage().contains("kept in the journal"), e.getMessage());
                assertEquals(1, store.count(ClassStatus.DONE));
            }
            Files.delete(filler); // space again
            try (FunctionStore store = FunctionStore.open(db)) {
                List<String> lines = new ArrayList<>();
                List<String> evaluated = new ArrayList<>();
                SearchTest.configured(AquaSurf.search(store)).budget(4).progress(lines::add).evaluateWith(name -> {
                    evaluated.add(name);
                    return EvaluationResult.ofValidationAccuracy(Fixtures.accuracy(name));
                }).run();
                assertTrue(lines.get(0).startsWith("wrote journaled result of " + journaled.get()), lines.toString());
                FunctionRecord r = store.find(journaled.get()).orElseThrow();
                assertEquals(ClassStatus.DONE, r.status());
                assertEquals(Fixtures.accuracy(journaled.get()), r.validationAccuracy());
                assertFalse(evaluated.contains(journaled.get()), "the journaled training is not repeated");
                assertEquals(2, evaluated.size());
                assertEquals(4, store.count(ClassStatus.DONE));
                assertEquals(0, store.count(ClassStatus.RUNNING));
                assertFalse(Files.exists(ResultJournal.defaultPath(store)), "an emptied journal is removed");
            }
        } finally {
            run(List.of("umount", "-l", mnt.toString()));
        }
    }

    @Test void aResultForAnUnreachableServerLandsInTheJournalAndTheNextRunWritesIt() throws Exception {
        String url = PostgresTestServer.newDatabaseUrl();
        Path journal = dir.resolve("pg.journal");
        AtomicReference<String> journaled = new AtomicReference<>();
        try (FunctionStore store = FunctionStore.open(url)) {
            featured(store);
            int[] calls = {0};
            StoreException e = assertThrows(StoreException.class, () -> SearchTest.configured(AquaSurf.search(store))
                    .budget(3).journal(journal).evaluateWith(name -> {
                        if (++calls[0] == 2) {
                            journaled.set(name);
                            try (Connection c = DriverManager.getConnection(url)) {
                                c.createStatement().execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                        + "WHERE datname = current_database() AND pid <> pg_backend_pid()");
                            }
                        }
                        return EvaluationResult.ofValidationAccuracy(Fixtures.accuracy(name));
                    }).run());
            assertTrue(e.getMessage().contains("kept in the journal " + journal), e.getMessage());
        } catch (RuntimeException closingADeadConnection) {
            if (journaled.get() == null) throw closingADeadConnection;
        }
        assertTrue(Files.readString(journal).contains(journaled.get()));
        try (FunctionStore store = FunctionStore.open(url)) {
            List<String> lines = new ArrayList<>();
            SearchTest.configured(AquaSurf.search(store)).budget(3).journal(journal).progress(lines::add)
                    .evaluateWith(name -> EvaluationResult.ofValidationAccuracy(Fixtures.accuracy(name))).run();
            assertTrue(lines.get(0).startsWith("wrote journaled result of " + journaled.get()), lines.toString());
            assertEquals(ClassStatus.DONE, store.find(journaled.get()).orElseThrow().status());
            assertEquals(3, store.count(ClassStatus.DONE));
            assertEquals(0, store.count(ClassStatus.RUNNING));
            assertFalse(Files.exists(journal));
        }
    }
}
