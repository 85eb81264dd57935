package org.aquasurf.search;

import org.aquasurf.store.ActBench;
import org.aquasurf.store.FunctionStore;
import org.aquasurf.surrogate.KernelRegressor;
import org.aquasurf.surrogate.KnnRegressor;
import org.aquasurf.surrogate.Surrogate;
import org.aquasurf.surrogate.SurrogateEmbedding;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.IntStream;

/** Diagnostic (prints only): leave-one-out predictability of accuracy in the surrogate's embedding, all labels known. */
public final class SurrogateDiagnostic {
    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("diag");
        try (FunctionStore store = FunctionStore.open(dir.resolve("b.db"))) {
            ActBench.importFile(Path.of(args[0]), store);
            Observations in = Observations.of(store);
            double[] acc = in.accuracy();
            int n = in.size();
            int bestRow = IntStream.range(0, n).boxed().max((a, b) -> Double.compare(acc[a], acc[b])).orElseThrow();
            System.out.printf(Locale.ROOT, "%d rows, best %s %.4f%n", n, in.classes().get(bestRow).name(), acc[bestRow]);
            for (String space : new String[] {"outputs", "fisher"}) {
                double[][] f = space.equals("outputs") ? in.outputs() : in.fisher();
                double[][] x = f;
                double[] y = acc;
                double scale = KernelRegressor.medianNearestDistance(x);
                KernelRegressor kr = KernelRegressor.fitSelectingBandwidth(x, y, scale);
                double[] looK = kr.leaveOneOutResiduals();
                for (int i = 0; i < n; i++) looK[i] += y[i];
                double[] looN = new double[n];
                for (int i = 0; i < n; i++) {
                    int skip = i;
                    looN[i] = KnnRegressor.fit(IntStream.range(0, n).filter(j -> j != skip).mapToObj(j -> x[j]).toArray(double[][]::new),
                            IntStream.range(0, n).filter(j -> j != skip).mapToDouble(j -> y[j]).toArray(), 3).predict(x[i]);
                }
                System.out.printf(Locale.ROOT, "%s: scale %.4f h/scale %.2f; best LOO rank knn %d kernel %d; plateau in top 30: knn %d kernel %d; spearman knn %.3f kernel %.3f%n",
                        space, scale, kr.bandwidth() / scale, rank(looN, bestRow), rank(looK, bestRow), plateau(looN, y, 30), plateau(looK, y, 30),
                        spearman(looN, y), spearman(looK, y));
            }
            for (long seed = 0; seed < 3; seed++) {
                SurrogateEmbedding e = new FittedSurrogate(Surrogate.defaults(seed)).embedding(in.outputs(), in.fisher());
                double[][] emb = e.embedding();
                int[] rows = IntStream.range(0, n).filter(i -> e.included()[i]).toArray();
                double[][] x = IntStream.of(rows).mapToObj(i -> emb[i]).toArray(double[][]::new);
                double[] y = IntStream.of(rows).mapToDouble(i -> acc[i]).toArray();
                double scale = KernelRegressor.medianNearestDistance(x);
                KernelRegressor kr = KernelRegressor.fitSelectingBandwidth(x, y, scale);
                double[] looK = new double[rows.length], looN = new double[rows.length];
                for (int i = 0; i < rows.length; i++) {
                    int skip = i;
                    double[][] xs = IntStream.range(0, rows.length).filter(j -> j != skip).mapToObj(j -> x[j]).toArray(double[][]::new);
                    double[] ys = IntStream.range(0, rows.length).filter(j -> j != skip).mapToDouble(j -> y[j]).toArray();
                    looN[i] = KnnRegressor.fit(xs, ys, 3).predict(x[i]);
                    looK[i] = KernelRegressor.fit(xs, ys, kr.bandwidth()).predict(x[i]);
                }
                int bi = -1;
                for (int i = 0; i < rows.length; i++) if (rows[i] == bestRow) bi = i;
                System.out.printf(Locale.ROOT, "seed %d: scale %.4f, h %.4f (%.2f scale); best class LOO rank knn %d kernel %d; plateau(>=0.80) in top 30 predicted: knn %d kernel %d; spearman knn %.3f kernel %.3f%n",
                        seed, scale, kr.bandwidth(), kr.bandwidth() / scale, bi < 0 ? -1 : rank(looN, bi), bi < 0 ? -1 : rank(looK, bi),
                        plateau(looN, y, 30), plateau(looK, y, 30), spearman(looN, y), spearman(looK, y));
            }
        }
    }

    static int rank(double[] p, int i) {
        int r = 1;
        for (double v : p) if (v > p[i]) r++;
        return r;
    }

    static int plateau(double[] p, double[] y, int top) {
        Integer[] o = IntStream.range(0, p.length).boxed().sorted((a, b) -> Double.compare(p[b], p[a])).toArray(Integer[]::new);
        int c = 0;
        for (int j = 0; j < top; j++) if (y[o[j]] >= 0.80) c++;
        return c;
    }

    static double spearman(double[] a, double[] b) {
        double[] ra = ranks(a), rb = ranks(b);
        double ma = Arrays.stream(ra).average().orElse(0), mb = Arrays.stream(rb).average().orElse(0), sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (ra[i] - ma) * (rb[i] - mb);
            saa += (ra[i] - ma) * (ra[i] - ma);
            sbb += (rb[i] - mb) * (rb[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }

    static double[] ranks(double[] v) {
        Integer[] o = IntStream.range(0, v.length).boxed().sorted((a, b) -> Double.compare(v[a], v[b])).toArray(Integer[]::new);
        double[] r = new double[v.length];
        for (int j = 0; j < o.length; j++) r[o[j]] = j;
        return r;
    }
}
