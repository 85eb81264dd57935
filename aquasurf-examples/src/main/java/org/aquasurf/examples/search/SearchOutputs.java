package org.aquasurf.examples.search;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import org.aquasurf.examples.plot.Plots;
import org.aquasurf.nn.ActivationBlock;
import org.aquasurf.search.Observations;
import org.aquasurf.search.SearchReport;
import org.aquasurf.store.Completion;
import org.aquasurf.search.SurrogateSuggester;
import org.aquasurf.store.FunctionRecord;
import org.aquasurf.store.FunctionStore;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What every search example writes after its search, under one directory: {@code summary.txt}
 * (the store's summary and the 5 best functions with validation and test accuracy),
 * {@code results.csv} (every evaluated class, best first: representative and simplest name, validation
 * and test accuracy, losses, seconds, worker), {@code progress.png} (validation accuracy per step and
 * best so far), {@code embedding.png} (the surrogate's 2-D UMAP embedding on a continuous colour scale
 * of validation accuracy with the 5 best marked and labelled with rank, name and accuracy, when at
 * least 5 classes have finite features) and {@code best-functions.png} / {@code best-derivatives.png} (the 4 best functions and
 * their autograd derivatives on [-5, 5]). Classes are shown by their simplest member
 * ({@link FunctionStore#simplestName}).
 */
public final class SearchOutputs {
    private final Path out;
    private final int seed;
    private final PrintStream console;

    /**
     * @param out     directory for the files (created if missing)
     * @param seed    seed of the surrogate embedding
     * @param console gets the top-function table
     */
    public SearchOutputs(Path out, int seed, PrintStream console) {
        this.out = out;
        this.seed = seed;
        this.console = console;
    }

    /** The files this class writes; each run deletes them first, so none is left from another run or database. */
    public static final List<String> FILES = List.of("summary.txt", "results.csv", "progress.png", "embedding.png", "best-functions.png",
            "best-derivatives.png");

    /**
     * Writes the summary and plots of the whole {@code store} (every worker's results, in the order
     * they were stored), replacing the files of an earlier run; {@code report} is this run's part.
     */
    public void write(SearchReport report, FunctionStore store) throws IOException {
        Files.createDirectories(out);
        for (String f : FILES) Files.deleteIfExists(out.resolve(f));
        List<FunctionRecord> top = store.top(5);
        writeSummary(store, top);
        writeResults(store);
        plotProgress(store.leases().completions());
        plotEmbedding(store, top);
        plotBest(store, top);
    }

    private void writeSummary(FunctionStore store, List<FunctionRecord> top) throws IOException {
        StringBuilder sb = new StringBuilder(store.summary().toString()).append("\n\nTop functions (validation / test accuracy):\n");
        for (FunctionRecord r : top) {
            sb.append(String.format(Locale.ROOT, "  %.4f  %.4f  %s%n", r.validationAccuracy(),
                    r.result() == null ? Double.NaN : r.result().testAccuracy(), simplest(store, r)));
        }
        Files.writeString(out.resolve("summary.txt"), sb.toString());
        console.print(sb.substring(sb.indexOf("Top functions")));
    }

    /** The class's simplest member (its representative if the store has no names for it). */
    private static String simplest(FunctionStore store, FunctionRecord r) {
        return store.simplestName(r.classId()).orElse(r.name());
    }

    /** {@code results.csv}: one row per class with a result, best validation accuracy first. */
    private void writeResults(FunctionStore store) throws IOException {
        StringBuilder csv = new StringBuilder("name,simplest_name,validation_accuracy,test_accuracy,train_loss,"
                + "validation_loss,test_loss,seconds,worker\n");
        List<FunctionRecord> done = store.classes().stream().filter(r -> r.result() != null)
                .sorted(java.util.Comparator.comparingDouble((FunctionRecord r) -> Double.isNaN(r.validationAccuracy())
                        ? Double.NEGATIVE_INFINITY : r.validationAccuracy()).reversed()).toList();
        for (FunctionRecord r : done) {
            var e = r.result();
            csv.append(String.format(Locale.ROOT, "%s,%s,%.6g,%.6g,%.6g,%.6g,%.6g,%.3f,%s%n", quoted(r.name()),
                    quoted(simplest(store, r)), e.validationAccuracy(), e.testAccuracy(), e.trainLoss(), e.validationLoss(),
                    e.testLoss(), e.runtimeSeconds(), quoted(r.claimedBy() == null ? "" : r.claimedBy())));
        }
        Files.writeString(out.resolve("results.csv"), csv.toString());
    }

    /** A CSV field in double quotes (names contain commas), inner quotes doubled. */
    static String quoted(String field) {
        return '"' + field.replace("\"", "\"\"") + '"';
    }

    /** Validation accuracy per result and best so far, over all workers in completion order. */
    private void plotProgress(List<Completion> steps) {
        if (steps.isEmpty()) return;
        double[] x = new double[steps.size()];
        double[] acc = new double[steps.size()];
        double[] best = new double[steps.size()];
        double bestSoFar = Double.NaN;
        for (int i = 0; i < steps.size(); i++) {
            Completion s = steps.get(i);
            x[i] = s.step();
            acc[i] = s.validationAccuracy();
            if (Double.isFinite(acc[i]) && !(acc[i] <= bestSoFar)) bestSoFar = acc[i];
            best[i] = bestSoFar;
        }
        Map<String, double[][]> series = new LinkedHashMap<>();
        series.put("evaluated function", new double[][] {x, acc});
        series.put("best so far", new double[][] {x, best});
        Plots.DEFAULT.lines(out.resolve("progress.png"), "Search progress", "step", "validation accuracy", series);
    }

    private void plotBest(FunctionStore store, List<FunctionRecord> top) {
        if (top.isEmpty()) return;
        double[] grid = new double[201];
        for (int i = 0; i < grid.length; i++) grid[i] = -5 + 0.05 * i;
        Map<String, double[]> values = new LinkedHashMap<>();
        Map<String, double[]> derivatives = new LinkedHashMap<>();
        for (FunctionRecord r : top.subList(0, Math.min(4, top.size()))) {
            double[][] vd = valueAndDerivative(r.name(), grid);
            String label = String.format(Locale.ROOT, "%s (%.3f)", simplest(store, r), r.validationAccuracy());
            values.put(label, vd[0]);
            derivatives.put(label, vd[1]);
        }
        Plots.DEFAULT.functions(out.resolve("best-functions.png"), "Best functions found", "x", "f(x)", grid, values);
        Plots.DEFAULT.functions(out.resolve("best-derivatives.png"), "Their derivatives (autograd)", "x", "f'(x)", grid, derivatives);
    }

    /**
     * The surrogate's 2-D embedding of the classes it ranks (its {@link Observations}), coloured by
     * validation accuracy, with the classes of {@code top} marked and labelled.
     */
    private void plotEmbedding(FunctionStore store, List<FunctionRecord> top) {
        Observations in = Observations.of(store);
        if (in.size() < 5) return;
        double[] accuracy = in.accuracy();
        double[][] e = new SurrogateSuggester(seed).embedding(in).embedding();
        double[] ex = new double[e.length];
        double[] ey = new double[e.length];
        for (int i = 0; i < e.length; i++) {
            ex[i] = e[i][0];
            ey[i] = e[i][1];
        }
        Map<Integer, String> labels = new LinkedHashMap<>();
        for (int rank = 0; rank < top.size(); rank++) {
            long id = top.get(rank).classId();
            for (int i = 0; i < in.classes().size(); i++) {
                if (in.classes().get(i).classId() == id) {
                    labels.put(i, String.format(Locale.ROOT, "%d. %s %.3f", rank + 1, simplest(store, top.get(rank)),
                            top.get(rank).validationAccuracy()));
                }
            }
        }
        Plots.DEFAULT.scatter(out.resolve("embedding.png"), "UMAP embedding of " + e.length
                + " functions (outputs + Fisher)", "umap 1", "umap 2", ex, ey, accuracy, "validation accuracy", labels);
    }

    /** f(x) and f'(x) on {@code grid} from the DJL activation layer and autograd. */
    public static double[][] valueAndDerivative(String name, double[] grid) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(grid).toType(DataType.FLOAT32, false);
            x.setRequiresGradient(true);
            NDArray y;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                y = ActivationBlock.of(name).apply(x);
                gc.backward(y.sum());
            }
            double[] v = toDoubles(y.toFloatArray());
            double[] d = toDoubles(x.getGradient().toFloatArray());
            return new double[][] {v, d};
        }
    }

    private static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }
}
