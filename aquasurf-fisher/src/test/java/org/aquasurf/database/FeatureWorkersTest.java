package org.aquasurf.database;

import org.aquasurf.search.FeatureWork;
import org.aquasurf.store.FunctionRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Two real worker processes (child JVMs with DJL) share the Fisher-feature phase of one SQLite
 * file: disjoint work, the shared limit, and features equal to one process's own computation.
 */
class FeatureWorkersTest {
    @TempDir Path dir;

    @Test
    void twoProcessesSplitTheFeaturePhaseAndGetTheFeaturesOneProcessWould() throws Exception {
        Path file = dir.resolve("w.db");
        Set<Long> expected;
        try (var db = new ActivationFunctionDatabaseTest.TinyDatabase(file)) {
            db.populate("unary(x)", "binary(x,relu(x))");
            // baselines first, then the seeded order: what one worker with limit 30 computes
            List<FunctionRecord> order = db.store().features().missing(new Random(5));
            Set<Long> base = Set.of(db.store().find("relu(x)").orElseThrow().classId(), db.store().find("tanh(x)").orElseThrow().classId());
            expected = new HashSet<>(base);
            for (FunctionRecord r : order) if (expected.size() < 30 && !base.contains(r.classId())) expected.add(r.classId());
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path start = dir.resolve("start");
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ps.add(new ProcessBuilder(java, "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
                    FeatureWorkerProcess.class.getName(), file.toString(), "30", "5", start.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("p" + i + ".out").toFile()).start());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (Files.list(dir).filter(p -> p.getFileName().toString().startsWith("ready-")).count() < 2) {
            for (Process p : ps) assertTrue(p.isAlive(), "a worker died before the start");
            assertTrue(System.nanoTime() < deadline, "workers not ready in time");
            Thread.sleep(20);
        }
        Files.createFile(start);
        List<Set<String>> built = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            assertTrue(ps.get(i).waitFor(120, TimeUnit.SECONDS));
            String out = Files.readString(dir.resolve("p" + i + ".out"));
            assertEquals(0, ps.get(i).exitValue(), out);
            Set<String> names = out.lines().filter(l -> l.startsWith("built ")).map(l -> l.substring(6)).collect(Collectors.toSet());
            built.add(names);
        }
        Set<String> both = new HashSet<>(built.get(0));
        both.retainAll(built.get(1));
        assertEquals(Set.of(), both, "no function is computed by both processes");
        System.out.println("functions computed per process: " + built.get(0).size() + " + " + built.get(1).size());
        assertTrue(built.get(0).size() >= 5 && built.get(1).size() >= 5, "both take part: " + built);

        try (var db = new ActivationFunctionDatabaseTest.TinyDatabase(file)) {
            Set<Long> stored = db.store().classes().stream().filter(r -> r.features() != null).map(FunctionRecord::classId)
                    .collect(Collectors.toSet());
            assertEquals(expected, stored, "two workers together compute what one worker with this seed and limit would");
            int constant = 0;
            for (FunctionRecord r : db.store().classes()) {
                if (r.features() == null) continue;
                if (FeatureWork.CONSTANT_FUNCTION.equals(r.featuresError())) {
                    constant++;
                    assertTrue(FeatureWork.isConstant(db.store().canonicalizer().evaluator().outputs(r.name())), r.name());
                    continue;
                }
                if (r.featuresError() != null) continue; // exp(x): this test network cannot be built with it
                assertArrayEquals(db.fisherFeatures(r.name()), r.features(), 1e-9,
                        r.name() + ": the same features whichever process computed them");
            }
            assertEquals(30 - constant, built.get(0).size() + built.get(1).size());
            assertTrue(db.store().leases().running().isEmpty());
        }
    }

    @Test
    void aConstantFunctionStoresOneMessageAndNoEigenDecomposition(@TempDir Path d) {
        try (var db = new ActivationFunctionDatabaseTest.TinyDatabase(d.resolve("c.db"))) {
            db.populate("add(zero(x),one(x))", "sigmoid(x)");
            List<String> lines = new ArrayList<>();
            FeatureReport r = db.computeFisherFeatures(Integer.MAX_VALUE, 1, lines::add);
            assertEquals(1, r.constant());
            assertEquals(3, r.computed(), "relu, tanh, sigmoid");
            FunctionRecord c = db.store().find("add(zero(x),one(x))").orElseThrow();
            assertEquals("constant function, no Fisher features", c.featuresError());
            assertEquals(0, c.features().length);
            assertFalse(db.built.contains(c.name()), "its network is never built: " + db.built);
            assertEquals(0, db.computeFisherFeatures(Integer.MAX_VALUE, 1, lines::add).constant(), "stored once");
        }
    }
}
