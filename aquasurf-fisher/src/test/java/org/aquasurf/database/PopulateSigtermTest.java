package org.aquasurf.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.aquasurf.store.FunctionStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A populate of a huge schema in its own process stops on SIGTERM, leaving only whole batches. */
class PopulateSigtermTest {
    /** 31^6 = 887,503,681 names. */
    static final String HUGE = "n-ary(unary(x),unary(x),unary(x),unary(x),unary(x),unary(x))";

    @Test
    void sigtermStopsAHugePopulateWithOnlyWholeBatchesStored(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("huge.db");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                PopulateSigtermChild.class.getName(), db.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            String line;
            while ((line = r.readLine()) != null) {
                out.add(line);
                if (line.equals("batch 10000")) break; // streaming: batches are stored while the schema expands
            }
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the populating process ended after SIGTERM");
        }
        assertEquals("batch 10000", out.get(out.size() - 1), out.toString());
        assertEquals(143, p.exitValue(), "ended by SIGTERM (128 + 15)");
        try (FunctionStore store = FunctionStore.open(db)) {
            long names = store.summary().names();
            assertTrue(names >= 10_000 && names % 5000 == 0, "only whole batches: " + names);
            long[] orphans = {0};
            java.util.Set<Long> ids = new java.util.HashSet<>();
            store.states().forEach(s -> ids.add(s.classId()));
            store.forEachName((n, id) -> { if (!ids.contains(id)) orphans[0]++; });
            assertEquals(0, orphans[0], "every stored name has its class");
        }
    }
}
