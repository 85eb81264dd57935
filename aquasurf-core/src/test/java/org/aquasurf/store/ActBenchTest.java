package org.aquasurf.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class ActBenchTest {
    @TempDir Path dir;

    /** A small file in the public format, as Python's json module writes it (bare NaN and Infinity). */
    private static final String FILE = """
            {"relu(x)": {"Train Accuracy": 0.9, "Validation Accuracy": 0.85, "Train Loss": 0.3,
              "Validation Loss": 0.4, "Test Accuracy": 0.84, "Test Loss": NaN,
              "Equivalent Activation Functions": ["max(relu(x),zero(x))"],
              "Fisher log eigenvalue CDF": [0.1, 0.5, 1.0], "Runtime (s)": 12.5, "W&B Run Configs": {"lr": 0.1}},
             "max(relu(x),zero(x))": {"Train Accuracy": 0.9, "Validation Accuracy": 0.85, "Train Loss": 0.3,
              "Validation Loss": 0.4, "Test Accuracy": 0.84, "Test Loss": NaN,
              "Equivalent Activation Functions": ["relu(x)"],
              "Fisher log eigenvalue CDF": [0.1, 0.5, 1.0], "Runtime (s)": 12.5, "W&B Run Configs": {"lr": 0.1}},
             "tanh(x)": {"Train Accuracy": NaN, "Validation Accuracy": NaN, "Train Loss": Infinity,
              "Validation Loss": NaN, "Test Accuracy": NaN, "Test Loss": NaN,
              "Equivalent Activation Functions": [], "Fisher log eigenvalue CDF": [], "Runtime (s)": 3.0},
             "swish(x)": {"Equivalent Activation Functions": [], "Fisher log eigenvalue CDF": [0.2, NaN, 1.0]}
            }
            """;

    @Test void importReadsResultsClassesFeaturesAndNonFiniteNumbers() throws Exception {
        Path json = dir.resolve("bench.json");
        Files.writeString(json, FILE);
        try (FunctionStore store = FunctionStore.open(dir.resolve("s.db"))) {
            ImportReport r = ActBench.importFile(json, store);
            assertEquals(4, r.entries());
            assertEquals(1, r.sameResult(), "max(relu(x),zero(x)) repeats relu(x)'s result");
            assertEquals(4, r.namesAdded());
            assertEquals(3, r.classesAdded());
            FunctionRecord relu = store.find("max(relu(x),zero(x))").orElseThrow();
            assertEquals(Set.of("relu(x)", "max(relu(x),zero(x))"), new HashSet<>(store.names(relu.classId())));
            assertEquals(ClassStatus.DONE, relu.status());
            assertEquals(new EvaluationResult(0.9, 0.3, 0.85, 0.4, 0.84, Double.NaN, 12.5, "{\"W&B Run Configs\":{\"lr\":0.1}}"),
                    relu.result());
            assertArrayEquals(new double[] {0.1, 0.5, 1.0}, relu.features());
            FunctionRecord tanh = store.find("tanh(x)").orElseThrow();
            assertEquals(ClassStatus.DONE, tanh.status());
            assertTrue(Double.isNaN(tanh.validationAccuracy()));
            assertEquals(Double.POSITIVE_INFINITY, tanh.result().trainLoss());
            assertArrayEquals(new double[0], tanh.features());
            assertNotNull(tanh.featuresError());
            FunctionRecord swish = store.find("swish(x)").orElseThrow();
            assertEquals(ClassStatus.NEW, swish.status());
            assertTrue(Double.isNaN(swish.features()[1]));
            assertEquals("relu(x)", store.summary().bestName());

            assertEquals(new ImportReport(4, 0, 0, 3, 0, 0), ActBench.importFile(json, store), "a second import changes nothing");
        }
    }

    @Test void importJoinsStoredClassesKeepingTheirIdsAndKeysNewOnesAsPopulateDoes() throws Exception {
        Path json = dir.resolve("bench.json");
        Files.writeString(json, FILE);
        List<String> all = List.of("relu(x)", "max(relu(x),zero(x))", "tanh(x)", "swish(x)");
        try (FunctionStore store = FunctionStore.open(dir.resolve("s.db"));
             FunctionStore populated = FunctionStore.open(dir.resolve("p.db"))) {
            store.populate(List.of("tanh(x)", "max(relu(x),zero(x))"));
            long tanh = store.find("tanh(x)").orElseThrow().classId();
            long relu = store.find("max(relu(x),zero(x))").orElseThrow().classId();

            ImportReport r = ActBench.importFile(json, store);
            assertEquals(2, r.namesAdded(), "relu(x) and swish(x)");
            assertEquals(1, r.classesAdded(), "swish(x)");
            assertEquals(tanh, store.find("tanh(x)").orElseThrow().classId(), "a stored class keeps its id");
            assertEquals(relu, store.find("relu(x)").orElseThrow().classId(), "an imported name joins its stored class");
            assertEquals("max(relu(x),zero(x))", store.get(relu).orElseThrow().name(), "and keeps its representative");
            assertTrue(store.find("swish(x)").orElseThrow().classId() > Math.max(tanh, relu), "a new class comes after them");

            // populate (batched, by canonical key) gives the same classes with the same keys
            populated.populate(all);
            for (String a : all) {
                assertEquals(populated.find(a).orElseThrow().key(), store.find(a).orElseThrow().key(), a);
                for (String b : all) {
                    assertEquals(populated.find(a).orElseThrow().classId() == populated.find(b).orElseThrow().classId(),
                            store.find(a).orElseThrow().classId() == store.find(b).orElseThrow().classId(), a + " ~ " + b);
                }
            }
        }
    }

    @Test void anImportBatchIsOneTransaction() throws Exception {
        try (FunctionStore store = FunctionStore.open(dir.resolve("s.db"))) {
            store.populate(List.of("tanh(x)"));
            long tanh = store.find("tanh(x)").orElseThrow().classId();
            assertThrows(IllegalStateException.class, () -> store.population().importing(in -> {
                Population.Joined j = in.join(List.of("relu(x)", "max(relu(x),zero(x))"));
                assertEquals(new Population.Joined(j.classId(), true, 2), j);
                in.setResult(tanh, EvaluationResult.ofValidationAccuracy(0.5));
                assertEquals(0.5, in.result(tanh).validationAccuracy(), "visible inside the transaction");
                throw new IllegalStateException("the file broke off here");
            }));
            assertTrue(store.find("relu(x)").isEmpty(), "nothing of a failed batch is committed");
            assertEquals(ClassStatus.NEW, store.get(tanh).orElseThrow().status());
            assertEquals(1, store.classes().size());
        }
    }

    @Test void exportThenImportGivesTheSameStore() throws Exception {
        Path json = dir.resolve("bench.json");
        Files.writeString(json, FILE);
        Path out = dir.resolve("exported.json");
        try (FunctionStore a = FunctionStore.open(dir.resolve("a.db"))) {
            ActBench.importFile(json, a);
            a.recordResult("swish(x)", new EvaluationResult(0.7, 0.5, 0.66, 0.6, 0.65, 0.61, 9.0, "{\"note\":\"x\"}"));
            ActBench.export(a, out);
            String text = Files.readString(out);
            assertTrue(text.contains(":NaN") && text.contains(":Infinity") && !text.contains("\"NaN\""),
                    "non-finite numbers are bare tokens as in the public files");
            try (FunctionStore b = FunctionStore.open(dir.resolve("b.db"))) {
                assertEquals(new ImportReport(4, 4, 3, 1, 0, 0), ActBench.importFile(out, b));
                for (String n : List.of("relu(x)", "max(relu(x),zero(x))", "tanh(x)", "swish(x)")) {
                    FunctionRecord ra = a.find(n).orElseThrow(), rb = b.find(n).orElseThrow();
                    assertEquals(ra.status(), rb.status(), n);
                    assertEquals(ra.result(), rb.result(), n);
                    assertArrayEquals(ra.features(), rb.features(), n);
                    assertEquals(ra.featuresError() == null, rb.featuresError() == null, n);
                    assertEquals(new HashSet<>(a.names(ra.classId())), new HashSet<>(b.names(rb.classId())), n);
                }
            }
        }
    }

    @Test void malformedFilesAreReportedWithFileAndPlace() throws Exception {
        try (FunctionStore store = FunctionStore.open(dir.resolve("s.db"))) {
            Path notObject = dir.resolve("a.json");
            Files.writeString(notObject, "{\"relu(x)\": [1, 2]}");
            var e = assertThrows(IllegalArgumentException.class, () -> ActBench.importFile(notObject, store));
            assertTrue(e.getMessage().contains(notObject.toString()) && e.getMessage().contains("relu(x)"), e.getMessage());
            Path truncated = dir.resolve("b.json");
            Files.writeString(truncated, "{\"relu(x)\": {\"Validation Accuracy\": 0.5,\n");
            e = assertThrows(IllegalArgumentException.class, () -> ActBench.importFile(truncated, store));
            assertTrue(e.getMessage().contains(truncated.toString()) && e.getMessage().contains("line 2"), e.getMessage());
            Path badNumber = dir.resolve("c.json");
            Files.writeString(badNumber, "{\"relu(x)\": {\"Validation Accuracy\": \"high\"}}");
            e = assertThrows(IllegalArgumentException.class, () -> ActBench.importFile(badNumber, store));
            assertTrue(e.getMessage().contains("Validation Accuracy"), e.getMessage());
            assertEquals(0, store.summary().names(), "nothing is half-imported");
        }
    }
}
