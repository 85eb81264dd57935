package org.aquasurf.examples.cli;

import org.aquasurf.store.ClassStatus;
import org.aquasurf.store.FunctionRecord;
import org.aquasurf.store.FunctionStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.aquasurf.examples.cli.CliRun.run;
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
}
