package org.aquasurf.search;

import org.aquasurf.eval.Evaluator;
import org.aquasurf.grammar.Arity;
import org.aquasurf.grammar.Operator;
import org.aquasurf.grammar.OperatorRegistry;
import org.aquasurf.store.EvaluationResult;
import org.aquasurf.store.Fixtures;
import org.aquasurf.store.FunctionRecord;
import org.aquasurf.store.FunctionStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Benchmark (prints numbers, asserts nothing): latency of {@link Search#suggest()} with N
 * featured classes (default 5,000; Fisher vectors of D = 1,000 entries, or the second argument;
 * 50 evaluated), with a constant predictor (the store and observation overhead alone) and with the
 * AQuaSurF surrogate, whose first call fits the embedding and later calls reuse it. Between the
 * later calls one result is recorded, as in a search.
 * Run: {@code ./mvnw -o -q exec:java -pl aquasurf-core -Dexec.classpathScope=test
 * -Dexec.mainClass=org.aquasurf.search.SuggestBenchmark -Dexec.args="5000"}
 */
public final class SuggestBenchmark {
    public static void main(String[] args) throws Exception {
        int classes = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int d = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        Path dir = Files.createTempDirectory("suggest-benchmark");
        List<String> unary = OperatorRegistry.standard().ofArity(Arity.UNARY).stream().map(Operator::name).toList();
        List<String> binary = OperatorRegistry.standard().ofArity(Arity.BINARY).stream().map(Operator::name).toList();
        try (FunctionStore store = FunctionStore.open(dir.resolve("suggest.db"))) {
            Iterable<String> names = () -> binary.stream().flatMap(b -> unary.stream().flatMap(u -> unary.stream()
                    .flatMap(v -> Stream.of(b + "(" + u + "(x)," + v + "(x))",
                            b + "(" + u + "(x)," + v + "(" + u + "(x)))")))).iterator();
            store.populate(names);
            List<FunctionRecord> all = store.classes();
            Random rnd = new Random(0);
            int featured = 0;
            for (FunctionRecord r : all) {
                if (featured == classes) break;
                double[] outputs = Evaluator.standard().outputs(r.name());
                if (!java.util.Arrays.stream(outputs).allMatch(Double::isFinite)) continue;
                double[] f = new double[d];
                double acc = 0;
                for (int i = 0; i < d; i++) f[i] = acc += rnd.nextDouble();
                for (int i = 0; i < d; i++) f[i] /= acc;
                store.features().put(r.classId(), f);
                if (featured++ % (classes / 50) == 0) {
                    store.recordResult(r.name(), EvaluationResult.ofValidationAccuracy(Fixtures.accuracy(outputs)));
                }
            }
            System.out.printf(Locale.ROOT, "%,d names, %,d classes, %,d with finite features and outputs, %d evaluated%n",
                    store.summary().names(), all.size(), featured, store.summary().evaluated());
            time("constant predictor", store, AquaSurf.search(store).predictor((o, f, a) -> new double[a.length]), 5);
            time("the AQuaSurF surrogate", store, AquaSurf.search(store), 5);
        }
    }

    private static void time(String what, FunctionStore store, Search s, int reps) {
        long c0 = cpu();
        long t0 = System.nanoTime();
        String pick = s.suggest().orElseThrow();
        double first = (System.nanoTime() - t0) / 1e6;
        double firstCpu = (cpu() - c0) / 1e6;
        double wall = 0, cpu = 0;
        for (int i = 0; i < reps; i++) {
            store.recordResult(pick, EvaluationResult.ofValidationAccuracy(0.5 + 0.001 * i)); // a new result, as in a search
            long c1 = cpu();
            long t1 = System.nanoTime();
            pick = s.suggest().orElseThrow();
            wall += (System.nanoTime() - t1) / 1e6;
            cpu += (cpu() - c1) / 1e6;
        }
        System.out.printf(Locale.ROOT, "suggest() with %s: first call %.0f ms wall, %.0f ms CPU (outputs, fit); "
                        + "then %.0f ms wall, %.0f ms CPU per call (mean of %d, one new result before each)%n",
                what, first, firstCpu, wall / reps, cpu / reps, reps);
    }

    /** CPU time of the whole process (all threads), nanoseconds. */
    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
