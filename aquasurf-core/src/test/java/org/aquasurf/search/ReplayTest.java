package org.aquasurf.search;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import org.aquasurf.canonical.Canonicalizer;
import org.aquasurf.eval.Evaluator;
import org.aquasurf.store.ActBench;
import org.aquasurf.store.Fixtures;
import org.aquasurf.store.FunctionRecord;
import org.aquasurf.store.FunctionStore;
import org.aquasurf.store.Summary;
import org.aquasurf.store.Backends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ReplayTest {
    @TempDir Path dir;

    /**
     * Writes an Act-Bench file of the given names: equivalent names grouped, the smooth synthetic
     * accuracy of {@link Fixtures#accuracy}, and the monotone {@link Fixtures#cdf} as Fisher CDF
     * (empty for every 25th class, as a failed computation).
     */
    static void writeBenchmark(Path file, List<String> names) throws Exception {
        writeBenchmark(file, names, Integer.MAX_VALUE, Fixtures::cdf);
    }

    /** {@link #writeBenchmark(Path, List)} with at most {@code maxClasses} classes and the given Fisher "CDF" of the outputs. */
    static void writeBenchmark(Path file, List<String> names, int maxClasses,
                               java.util.function.Function<double[], double[]> cdfOf) throws Exception {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (String n : names) {
            String key = Canonicalizer.standard().classKey(n);
            if (groups.size() < maxClasses || groups.containsKey(key)) groups.computeIfAbsent(key, k -> new ArrayList<>()).add(n);
        }
        JsonFactory f = JsonFactory.builder().disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS).build();
        try (JsonGenerator g = f.createGenerator(file.toFile(), com.fasterxml.jackson.core.JsonEncoding.UTF8)) {
            g.writeStartObject();
            int c = 0;
            for (List<String> group : groups.values()) {
                double[] outputs = Evaluator.standard().outputs(group.get(0));
                double acc = Fixtures.accuracy(outputs);
                double[] cdf = c++ % 25 == 24 ? new double[0] : cdfOf.apply(outputs);
                for (String n : group) {
                    g.writeObjectFieldStart(n);
                    g.writeNumberField(ActBench.VALIDATION_ACCURACY, acc);
                    g.writeNumberField(ActBench.TEST_ACCURACY, acc - 0.01);
                    g.writeArrayFieldStart(ActBench.EQUIVALENT);
                    for (String o : group) if (!o.equals(n)) g.writeString(o);
                    g.writeEndArray();
                    g.writeArrayFieldStart(ActBench.FISHER_CDF);
                    for (double d : cdf) g.writeNumber(d);
                    g.writeEndArray();
                    g.writeNumberField(ActBench.RUNTIME, 60.0);
                    g.writeEndObject();
                }
            }
            g.writeEndObject();
        }
    }

    @Test void aBaselineMissingFromTheBenchmarkIsAClearError() throws Exception {
        Path json = dir.resolve("bench.json");
        writeBenchmark(json, Fixtures.names().subList(0, 20));
        try (FunctionStore bench = FunctionStore.open(dir.resolve("bench.db"))) {
            ActBench.importFile(json, bench);
            var e = assertThrows(IllegalArgumentException.class, () -> AquaSurf.replay(bench).baselines("gelu(x)").run());
            assertTrue(e.getMessage().contains("gelu(x)"), e.getMessage());
        }
    }

    /** Replay only reads its store, so it runs on either backend. */
    @ParameterizedTest @MethodSource("org.aquasurf.store.Backends#all")
    void theSurrogateSearchBeatsRandomSearchOnASmoothBenchmark(String backend) throws Exception {
        Path json = dir.resolve("bench.json");
        writeBenchmark(json, Fixtures.names());
        try (FunctionStore bench = FunctionStore.open(Backends.newStore(backend, dir, "bench.db"))) {
            ActBench.importFile(json, bench);
            Summary before = bench.summary();
            List<String> lines = new ArrayList<>();
            ReplayReport r = AquaSurf.replay(bench).baselines("add(tanh(x),tanh(x))", "mul(sigmoid(x),sigmoid(x))")
                    .suggesters("paper", "random").seeds(3).steps(20).progress(lines::add).run();
            System.out.println(r);
            assertEquals(6, lines.size());
            assertEquals(before, bench.summary(), "the benchmark store is not modified");
            assertEquals(before.bestValidationAccuracy(), r.best());
            assertEquals(bench.top(2).get(1).validationAccuracy(), r.top1PercentThreshold(), "ceil(1% of ~150) = 2nd best");
            double firstBaseline = Fixtures.accuracy("add(tanh(x),tanh(x))");
            for (ReplayReport.Run run : r.runs("paper")) assertEquals(firstBaseline, run.bestByStep()[0], "baselines first");
            for (List<ReplayReport.Run> runs : List.of(r.runs("paper"), r.runs("random"))) {
                for (ReplayReport.Run run : runs) {
                    double[] b = run.bestByStep();
                    assertEquals(20, b.length);
                    for (int i = 1; i < b.length; i++) assertTrue(!(b[i] < b[i - 1]), "best-so-far never decreases");
                    assertTrue(b[b.length - 1] <= r.best());
                    if (run.evaluationsToBest() > 0 && run.evaluationsToBest() <= b.length) {
                        assertEquals(r.best(), b[run.evaluationsToBest() - 1]);
                    }
                }
            }
            // random search: the position of the first top class in the seeded order of the classes
            // with usable features (every 25th has none), computed directly from the keys
            List<FunctionRecord> classes = bench.classes().stream().filter(FunctionRecord::hasFiniteFeatures).toList();
            for (ReplayReport.Run run : r.runs("random")) {
                List<FunctionRecord> order = new ArrayList<>(classes);
                order.sort(Comparator.comparingLong(c -> RandomSuggester.key(run.seed(), c.classId())));
                int firstBest = 0;
                while (!(order.get(firstBest).validationAccuracy() >= r.best())) firstBest++;
                assertEquals(firstBest + 1, run.evaluationsToBest());
            }
            long surrogateWithin = r.runs("paper").stream().filter(x -> x.evaluationsToBest() > 0).count();
            long randomWithin = r.runs("random").stream().filter(x -> x.evaluationsToBest() > 0 && x.evaluationsToBest() <= 20).count();
            assertTrue(surrogateWithin > randomWithin, "the surrogate finds the best within 20 evaluations more often:\n" + r);
        }
    }

    /** Several suggesters through one loop: the report's statistics, its table, and no cross-talk through the shared fits. */
    @Test void theReportComparesSeveralSuggestersSideBySide() throws Exception {
        Path json = dir.resolve("bench.json");
        writeBenchmark(json, Fixtures.names());
        try (FunctionStore bench = FunctionStore.open(dir.resolve("bench.db"))) {
            ActBench.importFile(json, bench);
            List<String> lines = new ArrayList<>();
            EnsembleSuggester.Settings onePlain = EnsembleSuggester.Settings.defaults().withMembers(1).withDegeneratePrior(false);
            ReplayReport r = AquaSurf.replay(bench).baselines("add(tanh(x),tanh(x))").suggesters("paper", "random")
                    .suggester("ensemble-2", seed -> new EnsembleSuggester(seed, EnsembleSuggester.Settings.defaults().withMembers(2)))
                    .suggester("one-member", seed -> new EnsembleSuggester(seed, onePlain))
                    .seeds(3).steps(12).progress(lines::add).run();
            assertEquals(List.of("paper", "random", "ensemble-2", "one-member"), List.copyOf(r.runs().keySet()));
            assertEquals(12, lines.size(), "one line per suggester and seed");
            assertEquals(12, r.steps());
            for (String label : r.runs().keySet()) {
                List<ReplayReport.Run> runs = r.runs(label);
                assertEquals(List.of(0L, 1L, 2L), runs.stream().map(ReplayReport.Run::seed).toList());
                for (var reach : List.of(java.util.Map.entry(r.toBest(label), runs.stream().mapToInt(ReplayReport.Run::evaluationsToBest).toArray()),
                        java.util.Map.entry(r.toTop1Percent(label), runs.stream().mapToInt(ReplayReport.Run::evaluationsToTop1Percent).toArray()))) {
                    int[] v = reach.getValue();
                    int sum = 0, n = 0, min = Integer.MAX_VALUE, max = -1;
                    for (int x : v) {
                        if (x < 0) continue;
                        sum += x;
                        n++;
                        min = Math.min(min, x);
                        max = Math.max(max, x);
                    }
                    ReplayReport.Reach got = reach.getKey();
                    assertEquals(3 - n, got.missed());
                    assertEquals(3, got.runs());
                    if (n > 0) {
                        assertEquals((double) sum / n, got.mean(), 1e-12);
                        assertEquals(min, got.min());
                        assertEquals(max, got.max());
                    } else {
                        assertTrue(Double.isNaN(got.mean()));
                    }
                    if (!label.equals("random")) for (int x : v) assertTrue(x <= 12, "within the steps: " + x);
                }
                String row = r.toString().lines().filter(l -> l.startsWith(label + " ")).findFirst().orElseThrow(() -> new AssertionError(r.toString()));
                ReplayReport.Reach best = r.toBest(label);
                assertTrue(row.contains(best.missed() + "/3"), row);
                if (best.min() > 0) assertTrue(row.contains("(" + best.min() + "-" + best.max() + ")"), row);
                assertTrue(row.contains(String.format(java.util.Locale.ROOT, "%.4f", ReplayReport.meanBestAfter(r.runs(label), 12))), row);
            }
            assertTrue(r.toString().startsWith(r.classes() + " classes, best validation accuracy "), r.toString());
            // the same paper searches alone: sharing fits with the ensemble changes nothing
            ReplayReport alone = AquaSurf.replay(bench).baselines("add(tanh(x),tanh(x))").suggesters("paper")
                    .seeds(3).steps(12).progress(l -> {}).run();
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(alone.runs("paper").get(i).bestByStep(), r.runs("paper").get(i).bestByStep());
            }
            var e = assertThrows(IllegalArgumentException.class, () -> r.runs("ensemble"));
            assertTrue(e.getMessage().contains("no suggester 'ensemble'"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> AquaSurf.replay(bench).suggesters("paper", "paper"));
            assertThrows(IllegalArgumentException.class, () -> AquaSurf.replay(bench).suggesters("ensamble"));
        }
    }
}
