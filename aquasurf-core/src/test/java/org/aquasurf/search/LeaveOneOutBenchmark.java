package org.aquasurf.search;

import org.aquasurf.store.ActBench;
import org.aquasurf.store.FunctionStore;
import org.aquasurf.surrogate.KnnRegressor;
import org.aquasurf.surrogate.Surrogate;
import org.aquasurf.surrogate.SurrogateEmbedding;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Benchmark (prints numbers, asserts nothing): whether the surrogate's features single out the best
 * class of an Act-Bench file at all. Every usable class's accuracy is predicted from ALL the others
 * (leave-one-out) by k-nearest-neighbour regression (k = 3), in the 2-D embedding of each of
 * {@code members} seeds (those of {@link EnsembleSuggester} with seed 0), averaged over the first m of
 * them and their highest, and directly in the space of the outputs and of the Fisher features. It prints the rank of the
 * best class among these predictions, how many classes of the top 1% (of the usable classes) are among
 * the 10 predicted best, and the rank correlation. This is not a bound on a search, whose predictions
 * come from fewer and other neighbours.
 * Run: {@code bin/benchmark LeaveOneOutBenchmark act-bench.json.gz [members]}.
 */
public final class LeaveOneOutBenchmark {
    public static void main(String[] args) throws Exception {
        int members = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path dir = Files.createTempDirectory("loo-benchmark");
        try (FunctionStore store = FunctionStore.open(dir.resolve("bench.db"))) {
            ActBench.importFile(Path.of(args[0]), store);
            Observations in = Observations.of(store);
            double[] y = in.accuracy();
            int n = in.size();
            int best = IntStream.range(0, n).boxed().max((a, b) -> Double.compare(y[a], y[b])).orElseThrow();
            double[] sorted = y.clone();
            java.util.Arrays.sort(sorted);
            double top1 = sorted[n - (int) Math.ceil(n * 0.01)];
            System.out.printf(Locale.ROOT, "%d usable classes; best %s %.4f; top 1%% from %.4f%n", n, in.classes().get(best).name(), y[best], top1);
            print("outputs (euclidean)", leaveOneOut(in.outputs(), y), y, best, top1);
            print("Fisher features (euclidean)", leaveOneOut(in.fisher(), y), y, best, top1);
            EnsembleSuggester ensemble = new EnsembleSuggester(0, EnsembleSuggester.Settings.defaults().withMembers(members));
            double[] sum = new double[n];
            double[] max = new double[n];
            java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
            long[] seeds = ensemble.memberSeeds();
            for (int m = 0; m < seeds.length; m++) {
                SurrogateEmbedding e = new FittedSurrogate(Surrogate.defaults(seeds[m])).embedding(in.outputs(), in.fisher());
                if (IntStream.range(0, n).anyMatch(i -> !e.included()[i])) throw new IllegalStateException("an embedding left classes out");
                double[] p = leaveOneOut(e.embedding(), y);
                for (int i = 0; i < n; i++) {
                    sum[i] += p[i];
                    max[i] = Math.max(max[i], p[i]);
                }
                print("embedding " + m, p, y, best, top1);
                print("mean of embeddings 0-" + m, sum, y, best, top1);
                print("max of embeddings 0-" + m, max, y, best, top1);
            }
        }
    }

    private static double[] leaveOneOut(double[][] x, double[] y) {
        int n = x.length;
        return IntStream.range(0, n).parallel().mapToDouble(i -> KnnRegressor.fit(
                IntStream.range(0, n).filter(j -> j != i).mapToObj(j -> x[j]).toArray(double[][]::new),
                IntStream.range(0, n).filter(j -> j != i).mapToDouble(j -> y[j]).toArray(), 3).predict(x[i])).toArray();
    }

    private static void print(String what, double[] p, double[] y, int best, double top1) {
        int rank = 1;
        for (double v : p) if (v > p[best]) rank++;
        Integer[] order = IntStream.range(0, p.length).boxed().sorted((a, b) -> Double.compare(p[b], p[a])).toArray(Integer[]::new);
        int topInTen = 0;
        for (int j = 0; j < 10; j++) if (y[order[j]] >= top1) topInTen++;
        System.out.printf(Locale.ROOT, "%-28s best class ranked %3d; top-1%% classes among the 10 predicted best: %d; Spearman %.3f%n",
                what, rank, topInTen, spearman(p, y));
    }

    private static double spearman(double[] a, double[] b) {
        double[] ra = ranks(a), rb = ranks(b);
        double m = (a.length - 1) / 2.0, sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (ra[i] - m) * (rb[i] - m);
            saa += (ra[i] - m) * (ra[i] - m);
            sbb += (rb[i] - m) * (rb[i] - m);
        }
        return sab / Math.sqrt(saa * sbb);
    }

    /** Ranks 0..n-1 (ties in index order). */
    private static double[] ranks(double[] v) {
        Integer[] o = IntStream.range(0, v.length).boxed().sorted((a, b) -> Double.compare(v[a], v[b])).toArray(Integer[]::new);
        double[] r = new double[v.length];
        for (int j = 0; j < o.length; j++) r[o[j]] = j;
        return r;
    }
}
