package org.aquasurf.store;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** Two worker JVMs and this one claim from one store (SQLite file or PostgreSQL database) at the same time. */
class ConcurrentClaimTest {
    @TempDir Path dir;

    @ParameterizedTest @MethodSource("org.aquasurf.store.Backends#all")
    void threeProcessesNeverClaimTheSameClassAndClaimAll(String backend) throws Exception {
        String db = Backends.newStore(backend, dir, "shared.db");
        Path start = dir.resolve("start");
        Set<Long> all = new HashSet<>();
        try (FunctionStore store = FunctionStore.open(db)) {
            store.populate(Fixtures.names());
            for (FunctionRecord r : store.classes()) all.add(r.classId());
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> procs = new ArrayList<>();
        for (String w : List.of("p1", "p2")) {
            procs.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    ClaimWorker.class.getName(), db, w, start.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start());
        }
        List<Long> mine = new ArrayList<>();
        try (FunctionStore store = FunctionStore.open(db)) {
            while (!Files.exists(dir.resolve("ready-p1")) || !Files.exists(dir.resolve("ready-p2"))) {
                for (Process p : procs) assertTrue(p.isAlive() || p.exitValue() == 0, "a worker process died");
                Thread.sleep(5);
            }
            Files.createFile(start);
            Optional<Claim> c;
            while ((c = store.leases().claimAny("parent")).isPresent()) {
                store.leases().complete(c.get(), EvaluationResult.ofValidationAccuracy(c.get().classId() / 1000.0)
                        .withExtraJson("{\"worker\":\"parent\"}"));
                mine.add(c.get().classId());
                Thread.sleep(3);
            }
        }
        List<List<Long>> claims = new ArrayList<>(List.of(mine));
        for (Process p : procs) {
            List<Long> ids = new String(p.getInputStream().readAllBytes()).lines().map(Long::parseLong).toList();
            assertEquals(0, p.waitFor());
            claims.add(ids);
        }
        List<Long> every = claims.stream().flatMap(List::stream).toList();
        assertEquals(every.size(), new HashSet<>(every).size(), "a class was claimed twice");
        assertEquals(all, new HashSet<>(every), "every class is claimed");
        try (FunctionStore store = FunctionStore.open(db)) {
            assertEquals(all.size(), store.summary().evaluated());
            String[] workers = {"parent", "p1", "p2"};
            for (int w = 0; w < 3; w++) {
                for (long id : claims.get(w)) {
                    FunctionRecord r = store.get(id).orElseThrow();
                    assertEquals(workers[w], r.claimedBy());
                    assertEquals("{\"worker\":\"" + workers[w] + "\"}", r.result().extraJson());
                }
            }
            System.out.println("claims per process (parent, p1, p2): " + claims.stream().map(List::size).toList());
        }
    }
}
