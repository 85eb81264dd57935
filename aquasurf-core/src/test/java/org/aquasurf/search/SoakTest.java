package org.aquasurf.search;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** A small soak: 3 worker JVMs x 30 evaluations with 3 SIGKILLs; nothing is lost or written twice. */
class SoakTest {
    @TempDir Path dir;

    @Test void killedAndRestartedWorkersNeitherLoseNorDuplicateResults() throws Exception {
        Soak.Report r = Soak.run(dir, 3, 30, 3, 100, 7);
        System.out.println(r);
        assertEquals(3, r.kills());
        assertEquals(0, r.duplicates(), r.toString());
        assertEquals(0, r.lost(), r.toString());
        assertEquals(90, r.completed(), "exactly the budget is evaluated: " + r);
        assertTrue(r.claims() >= 90, r.toString());
        // a kill aimed at a running evaluation may land just after it ended, so only bounds hold
        assertTrue(r.interrupted() >= 1 && r.interrupted() <= r.kills(), "kills interrupt evaluations: " + r);
    }
}
