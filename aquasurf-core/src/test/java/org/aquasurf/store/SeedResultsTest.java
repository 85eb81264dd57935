package org.aquasurf.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.aquasurf.search.AquaSurf;
import org.aquasurf.search.ReplayReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Act-Bench entries with several training seeds: the mean is the class's result; files merge and round-trip. */
class SeedResultsTest {
    @TempDir Path dir;

    private static final ObjectMapper JSON = ActBenchReader.JSON;

    /**
     * relu's validation accuracies 0.80 and 0.82 (mean 0.81) beat tanh's 0.84 and 0.76 (mean 0.80),
     * though tanh has the best single training; relu gives only lists, tanh lists and their means.
     */
    private static final String TWO_SEEDS = """
            {"relu(x)": {"Training Seeds": [0, 1],
              "Train Accuracy per Seed": [0.90, 0.92], "Validation Accuracy per Seed": [0.80, 0.82],
              "Test Accuracy per Seed": [0.79, 0.80], "Validation Loss per Seed": [0.5, Infinity],
              "Runtime (s) per Seed": [6.0, 7.0],
              "Equivalent Activation Functions": [], "Fisher log eigenvalue CDF": [0.1, 0.5, 1.0]},
             "tanh(x)": {"Training Seeds": [0, 1], "Validation Accuracy": 0.80, "Validation Accuracy per Seed": [0.84, 0.76],
              "Equivalent Activation Functions": [], "Fisher log eigenvalue CDF": [0.2, 0.6, 1.0]},
             "elu(x)": {"Validation Accuracy": 0.70,
              "Equivalent Activation Functions": [], "Fisher log eigenvalue CDF": [0.3, 0.7, 1.0]}
            }
            """;

    @Test void aClassIsRankedByItsMeanValidationAccuracyOverTheSeeds() throws Exception {
        Path json = dir.resolve("two.json");
        Files.writeString(json, TWO_SEEDS);
        try (FunctionStore store = FunctionStore.open(dir.resolve("s.db"))) {
            ActBench.importFile(json, store);
            EvaluationResult relu = store.find("relu(x)").orElseThrow().result();
            assertEquals(0.81, relu.validationAccuracy(), 1e-12);
            assertEquals(0.91, relu.trainAccuracy(), 1e-12);
            assertEquals(0.795, relu.testAccuracy(), 1e-12);
            assertEquals(Double.POSITIVE_INFINITY, relu.validationLoss(), "a diverged seed's loss");
            assertEquals(6.5, relu.runtimeSeconds(), 1e-12);
            assertTrue(Double.isNaN(relu.trainLoss()), "no value given");
            assertEquals(0.80, store.find("tanh(x)").orElseThrow().result().validationAccuracy(), 1e-12);
            assertEquals(0.70, store.find("elu(x)").orElseThrow().result().validationAccuracy(), 0, "a single-seed entry as before");
            assertEquals(List.of(0, 1), ActBench.trainingSeeds(relu));
            assertEquals(List.of(), ActBench.trainingSeeds(store.find("elu(x)").orElseThrow().result()));

            assertEquals("relu(x)", store.top(1).get(0).name(), "the best mean, not the best single training");
            ReplayReport r = AquaSurf.replay(store).suggesters("random").seeds(2).steps(3).progress(l -> {}).run();
            assertEquals(0.81, r.best(), 1e-12);
            for (ReplayReport.Run run : r.runs("random")) assertEquals(0.81, run.bestByStep()[2], 1e-12, "3 steps find every class");
        }
    }

    @Test void exportWritesTheMeansWithTheirPerSeedValuesAndReadsThemBack() throws Exception {
        Path json = dir.resolve("two.json");
        Files.writeString(json, TWO_SEEDS);
        Path out = dir.resolve("out.json.gz");
        try (FunctionStore store = FunctionStore.open(dir.resolve("s.db"));
             FunctionStore again = FunctionStore.open(dir.resolve("again.db"))) {
            ActBench.importFile(json, store);
            ActBench.export(store, out);
            JsonNode relu = read(out).get("relu(x)");
            assertEquals(0.81, relu.get("Validation Accuracy").asDouble(), 1e-12);
            assertEquals("[0.8,0.82]", relu.get("Validation Accuracy per Seed").toString());
            assertEquals("[0,1]", relu.get("Training Seeds").toString());
            ActBench.importFile(out, again);
            for (String name : List.of("relu(x)", "tanh(x)", "elu(x)")) {
                assertEquals(store.find(name).orElseThrow().result(), again.find(name).orElseThrow().result(), name);
            }
        }
    }

    @Test void perSeedValuesSplitBackIntoTheTrainings() {
        SeedResults s = new SeedResults(List.of(3, 7), List.of(
                new EvaluationResult(0.5, 1.0, 0.4, 1.2, 0.45, 1.1, 2.0, null),
                new EvaluationResult(0.7, 0.8, 0.6, 0.9, 0.55, 0.7, 4.0, null)));
        EvaluationResult mean = s.mean();
        assertEquals(new EvaluationResult(0.6, 0.9, 0.5, 1.05, 0.5, 0.9, 3.0, mean.extraJson()).toString(),
                new EvaluationResult(round(mean.trainAccuracy()), round(mean.trainLoss()), round(mean.validationAccuracy()),
                        round(mean.validationLoss()), round(mean.testAccuracy()), round(mean.testLoss()), mean.runtimeSeconds(),
                        mean.extraJson()).toString());
        assertEquals(s, SeedResults.of(mean, null));
        assertEquals(s, SeedResults.of(new SeedResults(List.of(3), List.of(s.results().get(0))).mean(), null)
                .plus(SeedResults.of(s.results().get(1), 7)), "a one-seed result plus an unrecorded one");
        var e = assertThrows(IllegalArgumentException.class, () -> s.plus(SeedResults.of(s.results().get(0), 7)));
        assertTrue(e.getMessage().contains("training seed 7"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SeedResults.of(s.results().get(0), null));
    }

    @Test void mergeCombinesFilesOfDifferentSeedsAndCountsEntriesBySeeds() throws Exception {
        Path old = dir.resolve("seed0.json");   // written before "Training Seeds": give its seed
        Files.writeString(old, """
                {"relu(x)": {"Validation Accuracy": 0.80, "Test Accuracy": 0.79,
                  "Equivalent Activation Functions": [], "Fisher log eigenvalue CDF": [0.1, 0.5, 1.0]},
                 "tanh(x)": {"Validation Accuracy": 0.84, "Equivalent Activation Functions": [], "Fisher log eigenvalue CDF": []}}
                """);
        Path one = dir.resolve("seed1.json");
        Files.writeString(one, """
                {"relu(x)": {"Validation Accuracy": 0.82, "Test Accuracy": 0.80, "Training Seeds": [1],
                  "Equivalent Activation Functions": ["max(relu(x),zero(x))"], "Fisher log eigenvalue CDF": [0.1, 0.5, 1.0]}}
                """);
        Path merged = dir.resolve("merged.json.gz");
        ActBench.MergeReport r = ActBench.merge(List.of(new ActBench.MergeInput(old, 0), new ActBench.MergeInput(one, null)), merged);
        assertEquals(new ActBench.MergeReport(2, Map.of(1, 1L, 2, 1L)), r);
        assertEquals("2 entries; 1 with 1 training seed, 1 with 2 training seeds", r.toString());
        JsonNode relu = read(merged).get("relu(x)");
        assertEquals(0.81, relu.get("Validation Accuracy").asDouble(), 1e-12);
        assertEquals(0.795, relu.get("Test Accuracy").asDouble(), 1e-12);
        assertEquals("[0.8,0.82]", relu.get("Validation Accuracy per Seed").toString());
        assertEquals("[0,1]", relu.get("Training Seeds").toString());
        assertEquals("[\"max(relu(x),zero(x))\"]", relu.get("Equivalent Activation Functions").toString());
        assertEquals("[0]", read(merged).get("tanh(x)").get("Training Seeds").toString());

        try (FunctionStore store = FunctionStore.open(dir.resolve("m.db"))) {
            ActBench.importFile(merged, store);
            Path back = dir.resolve("back.json");
            ActBench.export(store, back);
            assertEquals(read(merged).get("relu(x)"), read(back).get("relu(x)"), "import then export keeps the entry");
        }

        var noSeed = assertThrows(IllegalArgumentException.class, () ->
                ActBench.merge(List.of(new ActBench.MergeInput(old, null)), dir.resolve("x.json")));
        assertTrue(noSeed.getMessage().contains("seed0.json") && noSeed.getMessage().contains("relu(x)")
                && noSeed.getMessage().contains("FILE=SEED"), noSeed.getMessage());
        var twice = assertThrows(IllegalArgumentException.class, () ->
                ActBench.merge(List.of(new ActBench.MergeInput(one, null), new ActBench.MergeInput(one, null)), dir.resolve("x.json")));
        assertTrue(twice.getMessage().contains("training seed 1"), twice.getMessage());
        Path otherNet = dir.resolve("other.json");
        Files.writeString(otherNet, Files.readString(one).replace("[1]", "[2]").replace("0.5, 1.0", "0.6, 1.0"));
        var cdf = assertThrows(IllegalArgumentException.class, () ->
                ActBench.merge(List.of(new ActBench.MergeInput(one, null), new ActBench.MergeInput(otherNet, null)), dir.resolve("x.json")));
        assertTrue(cdf.getMessage().contains("other.json") && cdf.getMessage().contains("Fisher CDF differs"), cdf.getMessage());
        assertFalse(Files.exists(dir.resolve("x.json")), "a failed merge writes nothing");
    }

    @Test void malformedSeedFieldsAreOneLineNamingEntryAndField() throws Exception {
        String cdf = "\"Equivalent Activation Functions\": [], \"Fisher log eigenvalue CDF\": [0.1]";
        Map<String, String> bad = Map.of(
                "{\"Training Seeds\": [0, 1], \"Validation Accuracy\": 0.9, \"Validation Accuracy per Seed\": [0.8, 0.82], " + cdf + "}",
                "not the mean",
                "{\"Training Seeds\": [0, 1], \"Validation Accuracy per Seed\": [0.8], " + cdf + "}",
                "'Validation Accuracy per Seed' must be a list of 2 numbers",
                "{\"Validation Accuracy per Seed\": [0.8], " + cdf + "}",
                "needs 'Training Seeds'",
                "{\"Training Seeds\": [0, 1], \"Validation Accuracy\": 0.8, " + cdf + "}",
                "needs its values in 'Validation Accuracy per Seed'",
                "{\"Training Seeds\": [0, 0], \"Validation Accuracy\": 0.8, " + cdf + "}",
                "repeats the seed 0",
                "{\"Training Seeds\": [0.5], \"Validation Accuracy\": 0.8, " + cdf + "}",
                "'Training Seeds'[0] must be an integer",
                "{\"Training Seeds\": [0, 1], \"Validation Accuracy per Seed\": [0.8, 1.2], " + cdf + "}",
                "'Validation Accuracy per Seed'[1] must be in [0, 1]");
        for (Map.Entry<String, String> b : bad.entrySet()) {
            Path json = dir.resolve("bad.json");
            Files.writeString(json, "{\n\"relu(x)\": " + b.getKey() + "}");
            try (FunctionStore store = FunctionStore.open(dir.resolve("bad.db"))) {
                var e = assertThrows(IllegalArgumentException.class, () -> ActBench.importFile(json, store), b.getKey());
                assertTrue(e.getMessage().contains(b.getValue()) && e.getMessage().contains("line 2: entry 'relu(x)'")
                        && !e.getMessage().contains("\n"), e.getMessage());
                assertEquals(0, store.summary().names(), "nothing imported");
            }
        }
    }

    private static double round(double x) {
        return Math.round(x * 1e12) / 1e12;
    }

    private static JsonNode read(Path file) throws Exception {
        try (var in = file.toString().endsWith(".gz")
                ? new java.util.zip.GZIPInputStream(Files.newInputStream(file)) : Files.newInputStream(file)) {
            return JSON.readTree(in);
        }
    }
}
