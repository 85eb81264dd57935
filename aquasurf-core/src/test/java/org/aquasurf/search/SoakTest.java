package org.aquasurf.search;

import org.aquasurf.store.Backends;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** A small soak on each backend: 3 worker JVMs x 30 evaluations, 3 SIGKILLs and 2 SIGSTOP/SIGCONTs; nothing is lost or written twice. */
class SoakTest {
    @TempDir Path dir;

    @ParameterizedTest @MethodSource("org.aquasurf.store.Backends#all")
    void killedAndRestartedWorkersNeitherLoseNorDuplicateResults(String backend) throws Exception {
        Soak.Report r = Soak.run(Backends.newStore(backend, dir, "soak.db"), dir, 3, 30, 3, 2, 100, 7);
        System.out.println(r);
        assertEquals(3, r.kills());
        assertEquals(2, r.pauses());
        assertEquals(0, r.duplicates(), r.toString());
        assertEquals(0, r.lost(), r.toString());
        assertEquals(90, r.completed(), "exactly the budget is evaluated: " + r);
        assertTrue(r.claims() >= 90, r.toString());
        // a kill aimed at a running evaluation may land just after it ended, so only bounds hold
        assertTrue(r.interrupted() >= 1 && r.interrupted() <= r.kills(), "kills interrupt evaluations: " + r);
        assertTrue(r.dropped() <= r.pauses(), "only a paused worker's late result is dropped: " + r);
    }
}
