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
 * {@code progress.png} (validation accuracy per step and best so far), {@code embedding.png} (the
 * surrogate's 2-D UMAP embedding coloured by validation accuracy, when at least 5 classes have
 * finite features) and {@code best-functions.png} / {@code best-derivatives.png} (the 4 best
 * functions and their autograd derivatives on [-5, 5]).
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
    public static final List<String> FILES = List.of("summary.txt", "progress.png", "embedding.png", "best-functions.png",
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
        plotProgress(store.completions());
        plotEmbedding(store);
        plotBest(top);
    }

    private void writeSummary(FunctionStore store, List<FunctionRecord> top) throws IOException {
        StringBuilder sb = new StringBuilder(store.summary().toString()).append("\n\nTop functions (validation / test accuracy):\n");
        for (FunctionRecord r : top) {
            sb.append(String.format(Locale.ROOT, "  %.4f  %.4f  %s%n", r.validationAccuracy(),
                    r.result() == null ? Double.NaN : r.result().testAccuracy(), r.name()));
        }
        Files.writeString(out.resolve("summary.txt"), sb.toString());
        console.print(sb.substring(sb.indexOf("Top functions")));
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

    private void plotBest(List<FunctionRecord> top) {
        if (top.isEmpty()) return;
        double[] grid = new double[201];
        for (int i = 0; i < grid.length; i++) grid[i] = -5 + 0.05 * i;
        Map<String, double[]> values = new LinkedHashMap<>();
        Map<String, double[]> derivatives = new LinkedHashMap<>();
        for (FunctionRecord r : top.subList(0, Math.min(4, top.size()))) {
            double[][] vd = valueAndDerivative(r.name(), grid);
            String label = String.format(Locale.ROOT, "%s (%.3f)", r.name(), r.validationAccuracy());
            values.put(label, vd[0]);
            derivatives.put(label, vd[1]);
        }
        Plots.DEFAULT.functions(out.resolve("best-functions.png"), "Best functions found", "x", "f(x)", grid, values);
        Plots.DEFAULT.functions(out.resolve("best-derivatives.png"), "Their derivatives (autograd)", "x", "f'(x)", grid, derivatives);
    }

    /** The surrogate's 2-D embedding of the classes it ranks (its {@link Observations}), coloured by validation accuracy. */
    private void plotEmbedding(FunctionStore store) {
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
        Plots.DEFAULT.scatter(out.resolve("embedding.png"), "UMAP embedding of " + e.length
                + " functions (outputs + Fisher)", "umap 1", "umap 2", ex, ey, accuracy, "validation accuracy");
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
