package org.aquasurf.examples.bench;

import org.aquasurf.canonical.Canonicalizer;
import org.aquasurf.database.BenchmarkBuild;
import org.aquasurf.store.ActBench;
import org.aquasurf.store.ClassStatus;
import org.aquasurf.store.FunctionRecord;
import org.aquasurf.store.FunctionStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark shipped in {@code benchmarks/} is what the README says it is. */
class ShippedBenchmarkTest {

    static final Path FILE = Path.of("..", "benchmarks", "fashion-mnist-conv.json.gz");

    @Test
    void holdsTheSeededSampleOfTheDefaultBuildWithAResultForEveryClass(@TempDir Path dir) {
        assertTrue(Files.isRegularFile(FILE), FILE.toAbsolutePath() + " is missing");
        try (FunctionStore store = FunctionStore.open(dir.resolve("bench.db"))) {
            ActBench.importFile(FILE, store);
            List<FunctionRecord> classes = store.classes();
            assertEquals(831, classes.size());
            assertTrue(classes.stream().allMatch(c -> c.status() == ClassStatus.DONE), "every class trained");
            // exactly the names the default build chooses (all unary classes, 800 binary ones, seed 0)
            List<String> chosen = BenchmarkBuild.chooseNames(List.of(new BenchmarkBuild.Part("unary(x)", -1),
                    new BenchmarkBuild.Part("binary(unary(x),unary(x))", 800)), Canonicalizer.standard(), 0);
            Set<String> stored = new HashSet<>();
            store.forEachName((name, classId) -> stored.add(name));
            assertEquals(2407, chosen.size());
            assertEquals(new HashSet<>(chosen), stored);
            FunctionRecord best = store.top(1).get(0);
            assertEquals(0.813, best.result().validationAccuracy(), 1e-12);
            assertEquals(best.classId(), store.find("sub(zero(x),elish(x))").orElseThrow().classId());
            long usable = classes.stream().filter(c -> c.features() != null && c.features().length == 84
                    && Arrays.stream(c.features()).allMatch(Double::isFinite)).count();
            assertEquals(514, usable, "classes with finite Fisher CDFs (the surrogate's candidates)");
        }
    }
}
