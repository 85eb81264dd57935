package org.aquasurf.examples.bench;

import org.aquasurf.canonical.Canonicalizer;
import org.aquasurf.database.BenchmarkBuild;
import org.aquasurf.store.ActBench;
import org.aquasurf.store.ClassStatus;
import org.aquasurf.store.FunctionRecord;
import org.aquasurf.store.FunctionStore;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark shipped in {@code benchmarks/} is what the README says it is. */
class ShippedBenchmarkTest {

    static final Path FILE = Path.of("..", "benchmarks", "fashion-mnist-conv.json.gz");
    /** The same classes trained again with training seed 1, merged with {@link #FILE} as seed 0. */
    /** The best class of {@link #TWO_SEEDS} by its mean validation accuracy (0.811 and 0.815), and the second's mean (0.812). */
    static final String BEST = "min(bessel_i1e(x),erf(x))";
    static final double BEST_MEAN = 0.813, SECOND_MEAN = 0.812;
    static final Path TWO_SEEDS = Path.of("..", "benchmarks", "fashion-mnist-conv-2seeds.json.gz");

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

    @Test
    void theTwoSeedFileHoldsTheShippedTrainingsAsSeed0AndRanksClassesByTheirMean(@TempDir Path dir) throws Exception {
        assertTrue(Files.isRegularFile(TWO_SEEDS), TWO_SEEDS.toAbsolutePath() + " is missing");
        JsonNode raw = read(TWO_SEEDS);
        JsonNode seed0 = read(FILE);
        assertEquals(2407, raw.size());
        for (Iterator<Map.Entry<String, JsonNode>> it = raw.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            assertEquals("[0,1]", v.get(ActBench.TRAINING_SEEDS).toString(), e.getKey());
            JsonNode val = v.get(ActBench.VALIDATION_ACCURACY + ActBench.PER_SEED);
            assertEquals(seed0.get(e.getKey()).get(ActBench.VALIDATION_ACCURACY).asDouble(), val.get(0).asDouble(), 0,
                    e.getKey() + ": seed 0 is the single-seed file's training");
            assertEquals(seed0.get(e.getKey()).get(ActBench.FISHER_CDF), v.get(ActBench.FISHER_CDF), e.getKey());
        }
        try (FunctionStore store = FunctionStore.open(dir.resolve("bench.db"))) {
            ActBench.importFile(TWO_SEEDS, store);
            List<FunctionRecord> classes = store.classes();
            assertEquals(831, classes.size());
            for (FunctionRecord c : classes) {
                assertEquals(ClassStatus.DONE, c.status(), c.name());
                JsonNode val = raw.get(c.name()).get(ActBench.VALIDATION_ACCURACY + ActBench.PER_SEED);
                assertEquals((val.get(0).asDouble() + val.get(1).asDouble()) / 2, c.result().validationAccuracy(), 1e-12, c.name());
            }
            // pins computed from the file with Python (json, statistics), not with this project's reader
            List<FunctionRecord> top = store.top(2);
            assertEquals(BEST_MEAN, top.get(0).result().validationAccuracy(), 1e-12);
            assertEquals(top.get(0).classId(), store.find(BEST).orElseThrow().classId());
            assertEquals(SECOND_MEAN, top.get(1).result().validationAccuracy(), 1e-12);
        }
    }

    private static JsonNode read(Path gz) throws Exception {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            return new ObjectMapper(JsonFactory.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build()).readTree(in);
        }
    }
}
