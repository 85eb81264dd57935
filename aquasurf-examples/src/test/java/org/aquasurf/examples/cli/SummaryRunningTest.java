package org.aquasurf.examples.cli;

import org.aquasurf.store.FunctionStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code summary} lists the running claims with their worker, age and lease left. */
class SummaryRunningTest {

    @Test
    void summaryListsRunningClassesWithWorkerAgeAndLeaseLeft(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("r.db");
        try (FunctionStore store = FunctionStore.open(db)) {
            store.populate(List.of("relu(x)", "tanh(x)", "elu(x)"));
            store.leases().claim(store.find("tanh(x)").orElseThrow().classId(), "gpu-box-7").orElseThrow();
            store.features().claim(store.find("elu(x)").orElseThrow().classId(), "feature-worker", 10, java.time.Duration.ofMinutes(5))
                    .orElseThrow();
        }
        Thread.sleep(1100);
        CliRun r = CliRun.run("summary", "--db", db.toString(), "--lease", "2m");
        assertEquals(0, r.status(), r.err());
        List<String> lines = r.out().lines().toList();
        int header = lines.indexOf("Running (worker, age, lease left with a 120 s lease):");
        assertTrue(header >= 0, r.out());
        String eval = lines.get(header + 1);
        assertTrue(eval.matches("  evaluation +tanh\\(x\\)  gpu-box-7  age [12] s  lease 11[89] s left"), eval);
        String feat = lines.get(header + 2);
        assertTrue(feat.matches("  features +elu\\(x\\)  feature-worker  age [12] s  lease 11[89] s left"), feat);
        CliRun bad = CliRun.run("summary", "--db", db.toString(), "--lease", "soon");
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("'soon' is not a lease: write 90s, 5m, 1h or a number of minutes"), bad.err());
    }
}
