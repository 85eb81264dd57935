package org.aquasurf.database;

import org.aquasurf.canonical.Canonicalizer;
import org.aquasurf.eval.Evaluator;
import org.aquasurf.schema.Schema;
import org.aquasurf.store.ActBench;
import org.aquasurf.store.ClassStatus;
import org.aquasurf.store.EvaluationResult;
import org.aquasurf.store.FunctionRecord;
import org.aquasurf.store.FunctionStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchmarkBuildTest {

    private static final String UNARY = "unary(x)";
    private static final String BINARY = "binary(x,unary(x))";

    /** Class key of every name of the schemas, computed here name by name. */
    private static Map<String, String> keys(String... schemas) {
        Map<String, String> keyOf = new HashMap<>();
        for (String s : schemas) {
            Schema.parse(s).expand().forEach(e -> keyOf.put(e.toString(), Canonicalizer.standard().classKey(e.toString())));
        }
        return keyOf;
    }

    @Test
    void chosenNamesAreWholeClassesAllOfTheFirstPartAndASampleOfTheSecond() {
        List<BenchmarkBuild.Part> parts = List.of(new BenchmarkBuild.Part(UNARY, -1), new BenchmarkBuild.Part(BINARY, 40));
        List<String> names = BenchmarkBuild.chooseNames(parts, Canonicalizer.standard(), 7);
        Map<String, String> keyOf = keys(UNARY, BINARY);
        Set<String> unaryKeys = new HashSet<>();
        Schema.parse(UNARY).expand().forEach(e -> unaryKeys.add(keyOf.get(e.toString())));
        Set<String> chosen = new HashSet<>();
        for (String n : names) chosen.add(keyOf.get(n));
        assertTrue(chosen.containsAll(unaryKeys), "every unary class");
        Set<String> sampled = new HashSet<>(chosen);
        sampled.removeAll(unaryKeys);
        assertEquals(40, sampled.size(), "40 classes of the binary part besides the unary ones");
        // complete classes: every name of the space in a chosen class, and no other
        Set<String> expected = new HashSet<>();
        keyOf.forEach((name, key) -> { if (chosen.contains(key)) expected.add(name); });
        assertEquals(expected, new HashSet<>(names));
        assertEquals(names.size(), new HashSet<>(names).size(), "no name twice");

        assertEquals(names, BenchmarkBuild.chooseNames(parts, Canonicalizer.standard(), 7), "the same for every worker");
        assertNotEquals(new HashSet<>(names), new HashSet<>(BenchmarkBuild.chooseNames(parts, Canonicalizer.standard(), 8)),
                "another seed draws another sample");
        assertEquals(new HashSet<>(BenchmarkBuild.chooseNames(List.of(new BenchmarkBuild.Part(UNARY, -1),
                        new BenchmarkBuild.Part(BINARY, -1)), Canonicalizer.standard(), 7)), keyOf.keySet(),
                "without a sample size: the whole space");
    }

    /**
     * A build on a tiny network evaluates every class, also those without usable Fisher features,
     * once; a second build on the same store evaluates nothing; the gzipped export holds every
     * name with its class's result and CDF.
     */
    @Test
    void buildsEvaluatesEveryClassOnceAndExportsThem(@TempDir Path dir) throws Exception {
        AtomicInteger evaluations = new AtomicInteger();
        // "accuracy": the fraction of the standard inputs where the function is positive (computed from its outputs)
        java.util.function.Function<String, EvaluationResult> accuracy = fn -> {
            evaluations.incrementAndGet();
            double[] o = Evaluator.standard().outputs(fn);
            double positive = 0;
            for (double v : o) if (v > 0) positive++;
            return EvaluationResult.ofValidationAccuracy(positive / o.length);
        };
        Path file = dir.resolve("bench.db");
        try (ActivationFunctionDatabase db = ActivationFunctionDatabase.configure(file)
                .model(ActivationFunctionDatabaseTest::mlp).fisherBatch(ActivationFunctionDatabaseTest::batch).open()) {
            BenchmarkBuild.Report r = BenchmarkBuild.on(db).all(UNARY).sample(BINARY, 12).seed(3)
                    .evaluateWith(accuracy::apply).run();
            List<FunctionRecord> classes = db.store().classes();
            assertEquals(classes.size(), r.classes());
            assertEquals(classes.size(), evaluations.get(), "each class trained once");
            assertTrue(classes.stream().allMatch(c -> c.status() == ClassStatus.DONE), "every class DONE");
            assertTrue(classes.stream().anyMatch(c -> c.features() == null || c.features().length == 0),
                    "the space has classes without usable features (zero(x) is constant), and they were evaluated too");
            for (FunctionRecord c : classes) {
                assertEquals(accuracy.apply(c.name()).validationAccuracy(), c.result().validationAccuracy(), 0, c.name());
            }
            evaluations.set(0);
            int before = classes.size();
            BenchmarkBuild.on(db).all(UNARY).sample(BINARY, 12).seed(3).evaluateWith(accuracy::apply).run();
            assertEquals(0, evaluations.get(), "a rerun resumes: nothing left");
            assertEquals(before, db.store().classes().size());

            Path json = dir.resolve("bench.json.gz");
            ActBench.export(db.store(), json);
            byte[] head = Files.readAllBytes(json);
            assertEquals(0x1f, head[0] & 0xff, "gzip magic");
            assertEquals(0x8b, head[1] & 0xff, "gzip magic");
            try (FunctionStore copy = FunctionStore.open(dir.resolve("copy.db"))) {
                ActBench.importFile(json, copy);
                assertEquals(db.store().summary().names(), copy.summary().names());
                assertEquals(before, copy.classes().size());
                for (FunctionRecord c : classes) {
                    FunctionRecord d = copy.find(c.name()).orElseThrow();
                    assertEquals(c.result().validationAccuracy(), d.result().validationAccuracy(), 0, c.name());
                    if (c.features() != null && c.features().length > 0) {
                        assertNotNull(d.features(), c.name());
                        assertEquals(c.features().length, d.features().length, c.name());
                    }
                }
            }
        }
    }
}
