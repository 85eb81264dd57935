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
                    .seeds(3).steps(20).progress(lines::add).run();
            System.out.println(r);
            assertEquals(6, lines.size());
            assertEquals(before, bench.summary(), "the benchmark store is not modified");
            assertEquals(before.bestValidationAccuracy(), r.best());
            assertEquals(bench.top(2).get(1).validationAccuracy(), r.top1PercentThreshold(), "ceil(1% of ~150) = 2nd best");
            double firstBaseline = Fixtures.accuracy("add(tanh(x),tanh(x))");
            for (ReplayReport.Run run : r.surrogate()) assertEquals(firstBaseline, run.bestByStep()[0], "baselines first");
            for (List<ReplayReport.Run> runs : List.of(r.surrogate(), r.random())) {
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
            for (ReplayReport.Run run : r.random()) {
                List<FunctionRecord> order = new ArrayList<>(classes);
                order.sort(Comparator.comparingLong(c -> RandomSuggester.key(run.seed(), c.classId())));
                int firstBest = 0;
                while (!(order.get(firstBest).validationAccuracy() >= r.best())) firstBest++;
                assertEquals(firstBest + 1, run.evaluationsToBest());
            }
            long surrogateWithin = r.surrogate().stream().filter(x -> x.evaluationsToBest() > 0).count();
            long randomWithin = r.random().stream().filter(x -> x.evaluationsToBest() > 0 && x.evaluationsToBest() <= 20).count();
            assertTrue(surrogateWithin > randomWithin, "the surrogate finds the best within 20 evaluations more often:\n" + r);
        }
    }
}
