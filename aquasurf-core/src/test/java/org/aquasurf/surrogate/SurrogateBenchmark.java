package org.aquasurf.surrogate;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Times {@link Surrogate#predict} on synthetic but structured data shaped like AQuaSurF's: N functions
 * of 50 families, outputs on 1000 points, Fisher features as 14 concatenated 1000-bin CDFs, 10% of
 * accuracies known. Prints the stage split; with {@code --exact} also times brute-force neighbours and
 * reports NN-descent's recall against them; {@code --sgd} times the embedding's two-dimensional SGD loop
 * against the reference loop for any dimension (same result, checked). Arguments: [rows] [--exact] [--sgd]
 * [--runs=N] [--fisher=histogram]
 * (default 5000 rows, 2 runs, logistic CDFs).
 *
 * <p>The default Fisher CDFs are logistic curves, never exactly 0 or 1. Real ones are cumulative
 * histograms of log eigenvalues on [-100, 100]: exactly 0 below the smallest eigenvalue and 1 above the
 * largest (71% of the values of the shipped Fashion-MNIST benchmark). {@code --fisher=histogram} makes
 * them so: the same curves on that axis with a spread of a few units, counted over 100,000 eigenvalues.
 */
public final class SurrogateBenchmark {

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    /** Eigenvalues counted in a histogram CDF (its resolution is 1 / this). */
    private static final int EIGENVALUES = 100_000;

    private SurrogateBenchmark() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 && !args[0].startsWith("--") ? Integer.parseInt(args[0]) : 5000;
        boolean exact = String.join(" ", args).contains("--exact");
        boolean histogram = String.join(" ", args).contains("--fisher=histogram");
        int runs = 2;
        for (String arg : args) {
            if (arg.startsWith("--runs=")) {
                runs = Integer.parseInt(arg.substring("--runs=".length()));
            }
        }
        SplittableRandom r = new SplittableRandom(1);
        int families = 50;
        double[][] famParams = new double[families][6];
        for (double[] f : famParams) {
            for (int j = 0; j < 6; j++) {
                f[j] = TestData.gaussian(r);
            }
        }
        double[][] outputs = new double[n][1000];
        double[][] fisher = new double[n][14_000];
        double[] acc = new double[n];
        for (int i = 0; i < n; i++) {
            double[] f = famParams[i % families];
            double a = f[0] + 0.1 * TestData.gaussian(r);
            double b = Math.exp(0.5 * f[1]) + 0.05 * TestData.gaussian(r);
            double c = f[2] + 0.1 * TestData.gaussian(r);
            for (int d = 0; d < 1000; d++) {
                double x = -5 + 10.0 * d / 999;
                outputs[i][d] = a * Math.tanh(b * x + c) + 0.1 * f[3] * x + 0.01 * TestData.gaussian(r);
            }
            for (int layer = 0; layer < 14; layer++) {
                double mean = 0.3 * f[4] + 0.05 * layer + 0.03 * TestData.gaussian(r);
                double sd = 0.1 * Math.exp(0.3 * f[5]) * (1 + 0.05 * TestData.gaussian(r));
                for (int bin = 0; bin < 1000; bin++) {
                    double t = -1 + 2.0 * bin / 999;
                    double cdf = histogram // log eigenvalues: 100 t, on [-100, 100], spread 3 sd
                            ? Math.round(EIGENVALUES / (1 + Math.exp(-(100 * t - 30 * mean) / (30 * sd)))) / (double) EIGENVALUES
                            : 1 / (1 + Math.exp(-(t - mean) / sd));
                    fisher[i][layer * 1000 + bin] = cdf;
                }
            }
            acc[i] = i % 10 == 0 ? 0.5 + 0.1 * f[0] + 0.01 * TestData.gaussian(r) : Double.NaN;
        }
        long flat = 0;
        for (double[] row : fisher) {
            for (double v : row) {
                flat += v == 0 || v == 1 ? 1 : 0;
            }
        }
        System.out.printf("rows %d, outputs %d-d, Fisher %d-d (%s CDFs, %.0f%% exactly 0 or 1), known accuracies %d, %d cores%n",
                n, outputs[0].length, fisher[0].length, histogram ? "histogram" : "logistic",
                100.0 * flat / ((double) n * fisher[0].length), (n + 9) / 10, Runtime.getRuntime().availableProcessors());
        Surrogate s = Surrogate.defaults(42);
        for (int run = 0; run < runs; run++) {
            long c0 = processCpu();
            long t0 = System.nanoTime();
            SurrogateResult res = s.predict(outputs, fisher, acc);
            long t1 = System.nanoTime();
            long c1 = processCpu();
            SurrogateResult.Timings t = res.timings();
            System.out.printf("run %d: cpu %.2f s, wall %.2f s = kNN %.2f s + graph %.2f s + embedding %.2f s + regression %.2f s"
                            + " (best row %d, embedding hash %08x)%n", run, (c1 - c0) / 1e9, (t1 - t0) / 1e9,
                    t.neighbors() / 1e9, t.graph() / 1e9, t.embedding() / 1e9, t.regression() / 1e9, res.best(),
                    java.util.Arrays.deepHashCode(res.embedding()));
        }
        // CPU time by stage (wall-clock time depends on the machine's load; CPU time much less)
        long c0 = processCpu();
        KnnGraph outKnn = Umap.neighbors(outputs, s.outputs());
        KnnGraph fisherKnn = Umap.neighbors(fisher, s.fisher());
        long c1 = processCpu();
        FuzzyGraph joint = FuzzyGraph.of(outKnn).union(FuzzyGraph.of(fisherKnn));
        long c2 = processCpu();
        Umap.embed(joint, s.outputs());
        long c3 = processCpu();
        SurrogateEmbedding fitted = s.embed(outputs, fisher);
        long c4 = processCpu();
        long w4 = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            s.predict(fitted, acc);
        }
        long w5 = System.nanoTime();
        long c5 = processCpu();
        System.out.printf("CPU by stage: kNN %.2f s (all cores), graph %.2f s, embedding %.2f s (spectral start on one "
                        + "thread, gradient descent on %d); regression on a fitted embedding %.1f ms CPU, %.1f ms wall per call%n",
                (c1 - c0) / 1e9, (c2 - c1) / 1e9, (c3 - c2) / 1e9, Umap.sgdThreads(n), (c5 - c4) / 1e7, (w5 - w4) / 1e7);
        if (String.join(" ", args).contains("--sgd")) {
            compareSgd(joint, s.outputs());
        }
        if (exact) {
            compare("outputs", outputs, 14, Metric.EUCLIDEAN);
            compare("Fisher", fisher, 2, Metric.MANHATTAN);
        }
    }

    /** CPU time of the whole process (all threads), nanoseconds. */
    static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void compareSgd(FuzzyGraph g, UmapConfig c) {
        int epochs = c.epochsFor(g.size());
        AbCurve curve = AbCurve.fit(c.minDist(), c.spread());
        SplittableRandom r = new SplittableRandom(7);
        double[][] start = new double[g.size()][2];
        for (double[] p : start) {
            p[0] = r.nextDouble(0, 10);
            p[1] = r.nextDouble(0, 10);
        }
        for (int rep = 0; rep < 3; rep++) {
            double[][] reference = copy(start);
            long c0 = CPU.getCurrentThreadCpuTime();
            Umap.optimizeAnyDimension(reference, g, epochs, curve, new SplittableRandom(rep));
            long c1 = CPU.getCurrentThreadCpuTime();
            StringBuilder line = new StringBuilder(String.format("SGD, %d epochs over %d edges: reference loop %.2f s CPU",
                    epochs, g.entryCount(), (c1 - c0) / 1e9));
            for (int threads = 1; threads <= 2; threads++) {
                double[][] plane = copy(start);
                long w0 = System.nanoTime();
                long p0 = processCpu();
                PlaneSgd.optimize(plane, g, epochs, curve, new SplittableRandom(rep), threads);
                long w1 = System.nanoTime();
                long p1 = processCpu();
                line.append(String.format("; two-dimensional, %d thread%s: %.2f s wall, %.2f s CPU, %s", threads,
                        threads == 1 ? "" : "s", (w1 - w0) / 1e9, (p1 - p0) / 1e9,
                        java.util.Arrays.deepEquals(reference, plane) ? "same layout" : "LAYOUTS DIFFER"));
            }
            System.out.println(line);
        }
    }

    private static double[][] copy(double[][] x) {
        double[][] y = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i].clone();
        }
        return y;
    }

    private static void compare(String name, double[][] x, int k, Metric m) {
        long t0 = CPU.getCurrentThreadCpuTime();
        KnnGraph approx = NearestNeighbors.descent(x, k, m, 42);
        long t1 = CPU.getCurrentThreadCpuTime();
        KnnGraph truth = NearestNeighbors.exact(x, k, m);
        long t2 = CPU.getCurrentThreadCpuTime();
        int hits = 0;
        for (int i = 0; i < x.length; i++) {
            Set<Integer> set = new HashSet<>();
            for (int j : truth.indices()[i]) {
                set.add(j);
            }
            for (int j : approx.indices()[i]) {
                hits += set.contains(j) ? 1 : 0;
            }
        }
        System.out.printf("%s k=%d %s: cpu NN-descent %.2f s, brute force %.2f s, recall %.4f%n", name, k, m,
                (t1 - t0) / 1e9, (t2 - t1) / 1e9, hits / (double) (x.length * k));
    }
}
