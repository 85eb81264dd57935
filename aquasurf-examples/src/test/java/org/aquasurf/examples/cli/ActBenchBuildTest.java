package org.aquasurf.examples.cli;

import org.aquasurf.store.ActBench;
import org.aquasurf.store.ClassStatus;
import org.aquasurf.store.FunctionRecord;
import org.aquasurf.store.FunctionStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.aquasurf.examples.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code actbench build} on the bundled Fashion-MNIST images with real (tiny) trainings. */
class ActBenchBuildTest {

    @Test
    void buildsASampleWritesAGzippedFileThatImportsAndResumes(@TempDir Path dir) throws Exception {
        String db = dir.resolve("bench.db").toString();
        Path file = dir.resolve("bench.json.gz");
        String[] args = {"actbench", "build", "--space", "unary(x):3", "--train-size", "64", "--fisher-samples", "16",
                "--db", db, "--file", file.toString(), "--threads", "1"};
        CliRun r = run(args);
        assertEquals(0, r.status(), r.err() + r.out());
        assertTrue(r.out().contains("wrote " + file.toAbsolutePath()), r.out());
        assertTrue(Files.size(file) > 0);
        List<FunctionRecord> classes;
        try (FunctionStore store = FunctionStore.open(Path.of(db))) {
            classes = store.classes();
            // 3 sampled unary classes plus the baselines relu, swish, tanh (some may coincide)
            assertTrue(classes.size() >= 3 && classes.size() <= 6, classes.toString());
            for (FunctionRecord c : classes) {
                assertEquals(ClassStatus.DONE, c.status(), c.name());
                double acc = c.result().validationAccuracy();
                assertTrue(acc >= 0 && acc <= 1, c.name() + " " + acc);
            }
        }
        CliRun again = run(args);
        assertEquals(0, again.status(), again.err());
        assertFalse(again.out().contains("step "), "a rerun trains nothing: " + again.out());

        String copy = dir.resolve("copy.db").toString();
        CliRun imported = run("actbench", "import", "--file", file.toString(), "--db", copy);
        assertEquals(0, imported.status(), imported.err());
        try (FunctionStore store = FunctionStore.open(Path.of(copy))) {
            assertEquals(classes.size(), store.classes().size());
            for (FunctionRecord c : classes) {
                assertEquals(c.result().validationAccuracy(), store.find(c.name()).orElseThrow().result().validationAccuracy(), 0);
            }
        }
    }

    @Test
    void badSpaceIsOneLineAndCreatesNothing(@TempDir Path dir) {
        String db = dir.resolve("bench.db").toString();
        for (String space : new String[] {"unary(x):many", "unray(x)", "unary(x):0"}) {
            CliRun r = run("actbench", "build", "--space", space, "--db", db, "--file", dir.resolve("b.json").toString());
            assertEquals(AquaSurfCli.BAD_INPUT, r.status(), space + ": " + r.out());
            assertTrue(r.err().contains("--space"), r.err());
            assertTrue(r.err().strip().lines().count() <= 3, r.err());
            assertFalse(Files.exists(Path.of(db)), "nothing created for " + space);
        }
    }

    @Test
    void aSecondTrainingSeedKeepsTheFeaturesAndMergesIntoTheMeanOfBoth(@TempDir Path dir) throws Exception {
        String[] common = {"actbench", "build", "--space", "unary(x):2", "--train-size", "64", "--fisher-samples", "16", "--threads", "1"};
        Path file0 = dir.resolve("seed0.json");
        CliRun b0 = run(concat(common, "--db", dir.resolve("seed0.db").toString(), "--file", file0.toString()));
        assertEquals(0, b0.status(), b0.err() + b0.out());
        Path file1 = dir.resolve("seed1.json");
        String db1 = dir.resolve("seed1.db").toString();
        CliRun b1 = run(concat(common, "--training-seed", "1", "--db", db1, "--file", file1.toString()));
        assertEquals(0, b1.status(), b1.err() + b1.out());
        assertTrue(b1.out().contains("seed=1"), b1.out());

        CliRun mixed = run(concat(common, "--training-seed", "2", "--db", db1, "--file", dir.resolve("x.json").toString()));
        assertEquals(AquaSurfCli.BAD_INPUT, mixed.status(), mixed.out());
        assertTrue(mixed.err().contains("training seed [1]") && mixed.err().contains("its own --db"), mixed.err());

        // the features come from the network at its initialization, not from the training: equal for both seeds
        Map<String, FunctionRecord> seed0 = classes(dir.resolve("seed0.db"));
        Map<String, FunctionRecord> seed1 = classes(Path.of(db1));
        assertEquals(seed0.keySet(), seed1.keySet());
        boolean differs = false;
        for (String name : seed0.keySet()) {
            assertArrayEquals(seed0.get(name).features(), seed1.get(name).features(), name);
            assertEquals(List.of(0), ActBench.trainingSeeds(seed0.get(name).result()), name);
            assertEquals(List.of(1), ActBench.trainingSeeds(seed1.get(name).result()), name);
            differs |= seed0.get(name).result().validationAccuracy() != seed1.get(name).result().validationAccuracy();
        }
        assertTrue(differs, "another training seed trains differently: " + seed0 + " " + seed1);

        // seed 1 again on a store given seed 0's features: no feature computed, the same results (trainings are seeded)
        String again = dir.resolve("again.db").toString();
        assertEquals(0, run("actbench", "import", "--features-only", "--file", file0.toString(), "--db", again).status());
        CliRun b1again = run(concat(common, "--training-seed", "1", "--db", again, "--file", dir.resolve("again.json").toString()));
        assertEquals(0, b1again.status(), b1again.err());
        assertFalse(b1again.out().contains("Fisher features "), b1again.out());
        Map<String, FunctionRecord> seed1again = classes(Path.of(again));
        for (String name : seed1.keySet()) {
            assertEquals(seed1.get(name).result().validationAccuracy(), seed1again.get(name).result().validationAccuracy(), 0, name);
        }

        Path merged = dir.resolve("merged.json.gz");
        CliRun m = run("actbench", "merge", "--out", merged.toString(), file0.toString(), file1.toString());
        assertEquals(0, m.status(), m.err());
        assertTrue(m.out().contains("with 2 training seeds"), m.out());
        String mergedDb = dir.resolve("merged.db").toString();
        assertEquals(0, run("actbench", "import", "--file", merged.toString(), "--db", mergedDb).status());
        Map<String, FunctionRecord> both = classes(Path.of(mergedDb));
        for (String name : seed0.keySet()) {
            double v0 = seed0.get(name).result().validationAccuracy(), v1 = seed1.get(name).result().validationAccuracy();
            assertEquals((v0 + v1) / 2, both.get(name).result().validationAccuracy(), 1e-12, name);
            assertEquals(List.of(0, 1), ActBench.trainingSeeds(both.get(name).result()), name);
        }
        CliRun bad = run("actbench", "merge", "--out", merged.toString(), file0.toString(), file0.toString() + "=3");
        assertEquals(AquaSurfCli.BAD_INPUT, bad.status());
        assertTrue(bad.err().contains("training seed 0 is in both"), bad.err());
        CliRun overwrite = run("actbench", "merge", "--out", file0.toString(), file0.toString(), file1.toString());
        assertEquals(AquaSurfCli.BAD_INPUT, overwrite.status());
        assertTrue(overwrite.err().contains("is also an input"), overwrite.err());
        CliRun missing = run("actbench", "merge", "--out", merged.toString(), dir.resolve("nothere.json").toString());
        assertEquals(AquaSurfCli.BAD_INPUT, missing.status());
        assertTrue(missing.err().contains("nothere.json: no such file"), missing.err());
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Every class of a store by its name. */
    private static Map<String, FunctionRecord> classes(Path db) {
        Map<String, FunctionRecord> out = new TreeMap<>();
        try (FunctionStore store = FunctionStore.open(db)) {
            for (FunctionRecord c : store.classes()) out.put(c.name(), c);
        }
        return out;
    }
}
