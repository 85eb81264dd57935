package org.aquasurf.database;

import org.aquasurf.store.FunctionStore;
import org.aquasurf.store.PopulateReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ActivationFunctionDatabase#populate} streams a schema into the store: batches are stored
 * while the schema is still being expanded, and an interrupt stops it between whole batches.
 */
class PopulateStreamingTest {

    /** A database that is never asked for a model: populate needs none. */
    private static ActivationFunctionDatabase open(Path file) {
        return ActivationFunctionDatabase.configure(file)
                .model(fn -> { throw new AssertionError("no model needed"); })
                .fisherBatch(m -> { throw new AssertionError("no batch needed"); })
                .baselines("relu(x)").open();
    }

    @Test
    void aHugeSchemaIsStoredBatchByBatchAndAnInterruptStopsBetweenBatches(@TempDir Path dir) {
        Path file = dir.resolve("s.db");
        // 31^6 = 887,503,681 names: buffering the schema first would never reach the first batch
        String huge = "n-ary(unary(x),unary(x),unary(x),unary(x),unary(x),unary(x))";
        long[] reported = new long[1];
        try (ActivationFunctionDatabase db = open(file)) {
            var e = assertThrows(CancellationException.class, () -> db.populate(List.of("unary(x)", huge), r -> {
                reported[0] = r.namesSeen();
                if (r.namesSeen() >= 10_000) Thread.currentThread().interrupt();
            }));
            assertTrue(Thread.interrupted(), "the interrupt flag stays set for the caller");
            assertTrue(e.getMessage().contains("run it again to resume"), e.getMessage());
        }
        try (FunctionStore store = FunctionStore.open(file)) {
            long names = store.summary().names();
            assertEquals(10_000, reported[0], "two whole batches of 5000 were committed");
            assertTrue(names > 0 && names <= reported[0], "only whole batches are stored: " + names);
            long[] withoutClass = {0};
            java.util.Set<Long> ids = new java.util.HashSet<>();
            store.states().forEach(s -> ids.add(s.classId()));
            store.forEachName((n, id) -> { if (!ids.contains(id)) withoutClass[0]++; });
            assertEquals(0, withoutClass[0], "every stored name has its class");
        }
        try (ActivationFunctionDatabase db = open(file)) {
            PopulateReport again = db.populate(List.of("unary(x)"), r -> {});
            assertEquals(0, again.namesAdded(), "a rerun resumes: what was stored stays");
        }
    }
}
