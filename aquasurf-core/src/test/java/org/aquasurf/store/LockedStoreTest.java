package org.aquasurf.store;

import org.aquasurf.canonical.Canonicalizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/** An SQLite store whose file another connection holds locked: writers wait for the lock, or fail clearly after the timeout. */
class LockedStoreTest {
    @TempDir Path dir;

    /** Opens a plain connection to the file and takes its write lock (an exclusive transaction left open). */
    private static Connection lock(Path db) throws Exception {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("INSERT INTO aquasurf_meta VALUES ('lock-holder', 'test')"); // takes the write lock
        }
        return c;
    }

    @Test void aLockedStoreOpensAtOnceForReadingAndAWriteFailsAfterTheBusyTimeoutNamingTheFile() throws Exception {
        Path db = dir.resolve("a.db");
        FunctionStore.open(db).close();
        try (Connection holder = lock(db);
             FunctionStore store = FunctionStore.open(db, Canonicalizer.standard(), Duration.ofMillis(100))) {
            assertEquals(0, store.summary().names(), "reading needs no write lock (WAL)");
            var e = assertThrows(StoreException.class, () -> store.leases().claimAny("w"));
            assertTrue(e.getMessage().contains(db.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("locked"), e.getMessage());
            assertFalse(e.getMessage().contains("AquaSurf store?"), "no misleading hint: " + e.getMessage());
            holder.rollback();
        }
        try (FunctionStore store = FunctionStore.open(db, Canonicalizer.standard(), Duration.ofMillis(100))) {
            assertEquals(0, store.summary().names(), "the store is usable once the lock is gone");
        }
    }

    @Test void creatingAStoreInALockedEmptyFileFailsSayingItIsLockedWithoutTheWrongHint() throws Exception {
        Path db = dir.resolve("b.db");
        try (Connection holder = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.execute("CREATE TABLE scratch (x)");
            }
            var e = assertThrows(StoreException.class,
                    () -> FunctionStore.open(db, Canonicalizer.standard(), Duration.ofMillis(100)));
            assertTrue(e.getMessage().contains(db.toString()) && e.getMessage().contains("locked by another process"), e.getMessage());
            assertFalse(e.getMessage().contains("AquaSurf store?"), e.getMessage());
            holder.rollback();
        }
    }

    @Test void aWriteWaitsForTheLockAndThenSucceeds() throws Exception {
        Path db = dir.resolve("a.db");
        try (FunctionStore store = FunctionStore.open(db)) {
            store.populate(List.of("relu(x)", "tanh(x)"));
            Claim c = store.leases().claimAny("w").orElseThrow();
            CountDownLatch locked = new CountDownLatch(1);
            AtomicReference<Exception> failure = new AtomicReference<>();
            Thread holder = new Thread(() -> {
                try (Connection h = lock(db)) {
                    locked.countDown();
                    Thread.sleep(300);
                    h.rollback();
                } catch (Exception e) {
                    failure.set(e);
                    locked.countDown();
                }
            });
            holder.start();
            locked.await();
            assertTrue(store.leases().complete(c, EvaluationResult.ofValidationAccuracy(0.5)), "the write waited for the lock");
            holder.join();
            assertNull(failure.get());
            assertEquals(0.5, store.get(c.classId()).orElseThrow().validationAccuracy());
            assertFalse(store.find("relu(x)").isEmpty());
        }
    }

    @Test void aWriteThatOutwaitsTheBusyTimeoutFailsSayingTheDatabaseIsLocked() throws Exception {
        Path db = dir.resolve("a.db");
        FunctionStore.open(db).close();
        try (FunctionStore store = FunctionStore.open(db, Canonicalizer.standard(), Duration.ofMillis(100))) {
            store.populate(List.of("relu(x)"));
            try (Connection holder = lock(db)) {
                var e = assertThrows(StoreException.class, () -> store.leases().claimAny("w"));
                assertTrue(e.getMessage().startsWith("store " + db + " is locked by another process's write (waited 100 ms)"),
                        e.getMessage());
                var p = assertThrows(StoreException.class, () -> store.populate(List.of("tanh(x)", "elu(x)")));
                assertTrue(p.getMessage().startsWith("store " + db + " is locked"), p.getMessage());
                holder.rollback();
            }
            assertTrue(store.leases().claimAny("w").isPresent(), "nothing was half-written: the class is still NEW");
            assertEquals(1, store.summary().names(), "the failed populate wrote nothing");
            assertEquals(2, store.populate(List.of("tanh(x)", "elu(x)")).namesAdded(), "and can be repeated");
        }
    }
}
