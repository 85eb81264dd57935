package org.aquasurf.search;

import org.aquasurf.grammar.Arity;
import org.aquasurf.grammar.Operator;
import org.aquasurf.grammar.OperatorRegistry;
import org.aquasurf.store.ActBench;
import org.aquasurf.store.Fixtures;
import org.aquasurf.store.FunctionStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark (prints numbers, asserts nothing): replays surrogate search (the AQuaSurF UMAP
 * surrogate) and random search on an Act-Bench file and prints the mean number of
 * evaluations to reach the best function and the top 1%. Without a file argument it writes a
 * synthetic benchmark of all binary(unary(x),unary(x)) names with the smooth accuracy of
 * {@link Fixtures#accuracy}.
 * Run: {@code ./mvnw -o -q exec:java -pl aquasurf-core -Dexec.classpathScope=test
 * -Dexec.mainClass=org.aquasurf.search.ReplayBenchmark -Dexec.args="[act-bench.json] [seeds] [steps]"}
 */
public final class ReplayBenchmark {
    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("replay-benchmark");
        Path json;
        if (args.length > 0 && !args[0].isEmpty()) {
            json = Path.of(args[0]);
        } else {
            json = dir.resolve("synthetic-act-bench.json");
            List<String> unary = OperatorRegistry.standard().ofArity(Arity.UNARY).stream().map(Operator::name).toList();
            List<String> binary = OperatorRegistry.standard().ofArity(Arity.BINARY).stream().map(Operator::name).toList();
            ReplayTest.writeBenchmark(json, Fixtures.names(binary, unary));
        }
        int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        try (FunctionStore bench = FunctionStore.open(dir.resolve("bench.db"))) {
            long t0 = System.nanoTime();
            var imported = ActBench.importFile(json, bench);
            System.out.printf(Locale.ROOT, "imported %s: %,d entries, %,d classes in %.1f s%n", json, imported.entries(),
                    imported.classesAdded(), (System.nanoTime() - t0) / 1e9);
            ReplayReport r = AquaSurf.replay(bench).baselines("max(relu(x),relu(x))", "add(tanh(x),zero(x))", "max(elu(x),elu(x))")
                    .seeds(seeds).steps(steps).run();
            System.out.print(r);
            for (int k : new int[] {5, 10, 25, steps}) {
                System.out.printf(Locale.ROOT, "mean best after %d evaluations: surrogate %.4f, random %.4f%n", k,
                        ReplayReport.meanBestAfter(r.surrogate(), k), ReplayReport.meanBestAfter(r.random(), k));
            }
        }
    }
}
