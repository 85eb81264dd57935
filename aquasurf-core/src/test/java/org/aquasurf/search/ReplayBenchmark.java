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
 * Benchmark (prints numbers, asserts nothing): replays suggesters (default: paper, ensemble and
 * random) on an Act-Bench file and prints, per suggester, the evaluations to reach the best function
 * and the top 1%. Without a file argument it writes a
 * synthetic benchmark of all binary(unary(x),unary(x)) names with the smooth accuracy of
 * {@link Fixtures#accuracy}, optionally limited to the first {@code classes} classes and with
 * Fisher "CDFs" of {@code bins} entries (the empirical CDF of the outputs on [-4, 4]; default 16).
 * The last argument lists the suggesters, comma-separated: names of {@link Suggesters}, or ensemble
 * variants written {@code ensemble/m5/n3/x6/g10/p0/d0/rkernel} (members, neighbours, clusters, clusters growth, degenerate prior, diverse, regression; omitted
 * parts keep {@link EnsembleSuggester.Settings#defaults()}). Prints the replay's wall-clock and CPU time.
 * A seventh argument replaces the baselines (relu, tanh, elu): names separated by ';', or {@code none}.
 * Run: {@code bin/benchmark ReplayBenchmark [act-bench.json|""] [seeds] [steps] [classes] [bins] [suggesters] [baselines]}, e.g.
 * {@code bin/benchmark ReplayBenchmark "" 10 80 2000 1000} for 10 seeds x 80 steps on ~2,000 classes.
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
            int classes = args.length > 3 ? Integer.parseInt(args[3]) : Integer.MAX_VALUE;
            int bins = args.length > 4 ? Integer.parseInt(args[4]) : 16;
            ReplayTest.writeBenchmark(json, Fixtures.names(binary, unary), classes, o -> cdf(o, bins));
        }
        int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        try (FunctionStore bench = FunctionStore.open(dir.resolve("bench.db"))) {
            long t0 = System.nanoTime();
            var imported = ActBench.importFile(json, bench);
            System.out.printf(Locale.ROOT, "imported %s: %,d entries, %,d classes in %.1f s%n", json, imported.entries(),
                    imported.classesAdded(), (System.nanoTime() - t0) / 1e9);
            long c1 = cpu();
            long t1 = System.nanoTime();
            String[] baselines = args.length > 6 ? (args[6].equals("none") ? new String[0] : args[6].split(";"))
                    : new String[] {"max(relu(x),relu(x))", "add(tanh(x),zero(x))", "max(elu(x),elu(x))"};
            Replay replay = AquaSurf.replay(bench).baselines(baselines).seeds(seeds).steps(steps);
            String spec = args.length > 5 ? args[5] : "paper,ensemble,random";
            for (String name : spec.split(",")) replay.suggester(name, suggester(name));
            ReplayReport r = replay.run();
            System.out.printf(Locale.ROOT, "replay of %d seeds x %d steps on %,d classes: %.1f s wall, %.1f s CPU on %d cores%n",
                    seeds, steps, r.classes(), (System.nanoTime() - t1) / 1e9, (cpu() - c1) / 1e9,
                    Runtime.getRuntime().availableProcessors());
            System.out.print(r);
            for (int k : new int[] {5, 10, 25, steps}) {
                StringBuilder line = new StringBuilder("mean best after " + k + " evaluations:");
                for (String label : r.runs().keySet()) {
                    line.append(String.format(Locale.ROOT, " %s %.4f", label, ReplayReport.meanBestAfter(r.runs(label), k)));
                }
                System.out.println(line);
            }
        }
    }

    /** A suggester by name, or an ensemble variant {@code ensemble/m5/n3/p0/d0/rkernel}. */
    static java.util.function.LongFunction<Suggester> suggester(String spec) {
        if (!spec.startsWith(Suggesters.ENSEMBLE + "/")) return Suggesters.factory(spec);
        EnsembleSuggester.Settings s = EnsembleSuggester.Settings.defaults();
        for (String part : spec.substring(spec.indexOf('/') + 1).split("/")) {
            String v = part.substring(1);
            s = switch (part.charAt(0)) {
                case 'm' -> s.withMembers(Integer.parseInt(v));
                case 'n' -> s.withNeighbors(Integer.parseInt(v));
                case 'x' -> s.withExplore(Integer.parseInt(v));
                case 'g' -> s.withExploreEvery(Integer.parseInt(v));
                case 'p' -> s.withDegeneratePrior(!v.equals("0"));
                case 'd' -> s.withDiverse(!v.equals("0"));
                case 'r' -> s.withRegression(EnsembleSuggester.Regression.valueOf(v.toUpperCase(Locale.ROOT)));
                default -> throw new IllegalArgumentException("unknown ensemble setting '" + part + "' in " + spec);
            };
        }
        EnsembleSuggester.Settings settings = s;
        return seed -> new EnsembleSuggester(seed, settings);
    }

    /** The empirical CDF of the outputs at {@code bins} edges evenly spaced on [-4, 4]. */
    static double[] cdf(double[] outputs, int bins) {
        double[] sorted = outputs.clone();
        java.util.Arrays.sort(sorted);
        double[] c = new double[bins];
        for (int j = 0; j < bins; j++) {
            double edge = -4 + 8.0 * j / (bins - 1);
            int lo = 0, hi = sorted.length; // first index with value > edge
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (sorted[mid] <= edge) lo = mid + 1; else hi = mid;
            }
            c[j] = (double) lo / sorted.length;
        }
        return c;
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
