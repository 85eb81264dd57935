package org.aquasurf.examples.search;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import org.aquasurf.database.FeatureReport;
import org.aquasurf.eval.Evaluator;
import org.aquasurf.examples.data.Mnist;
import org.aquasurf.examples.plot.Plots;
import org.aquasurf.examples.train.ImageClassifierTrainer;
import org.aquasurf.examples.train.TrainingConfig;
import org.aquasurf.nn.ActivationBlock;
import org.aquasurf.search.SearchReport;
import org.aquasurf.search.SearchStep;
import org.aquasurf.store.FunctionRecord;
import org.aquasurf.store.FunctionStore;
import org.aquasurf.store.Summary;
import org.aquasurf.surrogate.Surrogate;
import org.aquasurf.surrogate.SurrogateResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The default job: an AQuaSurF activation-function search for a deep MLP on the bundled MNIST
 * digits, on a SQLite file. Populates the search space, computes Fisher features for the baselines
 * and a random sample of candidate classes, runs the surrogate-guided search for a small budget
 * (each evaluation trains the MLP for real), and writes plots. Running it again resumes: names,
 * features and results already in the file are kept.
 *
 * <p>Writes under {@code --out}: {@code progress.png} (validation accuracy per step and best so
 * far), {@code embedding.png} (the surrogate's 2-D UMAP embedding coloured by validation accuracy),
 * {@code best-functions.png} and {@code best-derivatives.png} (the best functions found and their
 * autograd derivatives) and {@code summary.txt}.
 */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = "Activation-function search for a deep MLP on the bundled MNIST digits (SQLite file, plots).")
public final class MnistSearch implements Callable<Integer> {

    @Option(names = "--db", description = "SQLite search database (default: ${DEFAULT-VALUE})")
    Path db = Path.of("aquasurf-mnist.db");

    @Option(names = "--schema", description = "search space schema(s) (default: ${DEFAULT-VALUE})")
    List<String> schemas = List.of("binary(unary(x),unary(x))");

    @Option(names = "--candidates", description = "classes with Fisher features the surrogate chooses from (default: ${DEFAULT-VALUE})")
    int candidates = 300;

    @Option(names = "--budget", description = "evaluations (trainings) in the database, baselines included (default: ${DEFAULT-VALUE})")
    int budget = 12;

    @Option(names = "--depth", description = "hidden layers of the MLP (default: ${DEFAULT-VALUE})")
    int depth = 10;

    @Option(names = "--width", description = "units per hidden layer (default: ${DEFAULT-VALUE})")
    int width = 48;

    @Option(names = "--epochs", description = "training epochs per evaluation (default: ${DEFAULT-VALUE})")
    int epochs = 3;

    @Option(names = "--train-size", description = "training digits, at most 8000 (default: ${DEFAULT-VALUE})")
    int trainSize = 8000;

    @Option(names = "--fisher-samples", description = "training digits in the Fisher batch (default: ${DEFAULT-VALUE})")
    int fisherSamples = 128;

    @Option(names = "--lr", description = "SGD learning rate (default: ${DEFAULT-VALUE})")
    float learningRate = 0.02f;

    @Option(names = "--seed", description = "seed of the candidate sample, initialization and surrogate (default: ${DEFAULT-VALUE})")
    int seed = 0;

    @Option(names = "--worker", description = "worker id; a restarted worker with the same id takes back its claims (default: host-pid)")
    String worker;

    @Option(names = "--out", description = "directory for plots and summary (default: ${DEFAULT-VALUE})")
    Path out = Path.of("runs", "mnist-search");

    @Option(names = "--smoke", description = "a tiny configuration that runs in well under a minute (for tests)")
    boolean smoke;

    private final PrintStream console;

    public MnistSearch() {
        this(System.out);
    }

    MnistSearch(PrintStream console) {
        this.console = console;
    }

    @Override
    public Integer call() throws IOException {
        if (smoke) {
            schemas = List.of("unary(x)");
            candidates = 12;
            budget = 5;
            depth = 3;
            width = 32;
            epochs = 1;
            trainSize = 1000;
            fisherSamples = 64;
        }
        Mnist.Split digits = Mnist.loadSplit();
        TrainingConfig config = new TrainingConfig(epochs, 64, learningRate, 0.9f, seed, trainSize);
        ImageClassifierTrainer trainer = new ImageClassifierTrainer(digits.train(), digits.validation(), digits.test(),
                Mnist.NORMALIZATION, config);
        Files.createDirectories(out);
        try (MnistSearchDatabase database = new MnistSearchDatabase(db, digits.train(), depth, width, fisherSamples)) {
            console.printf(Locale.ROOT, "database %s, MLP %d x %d on %d MNIST digits, budget %d%n", db.toAbsolutePath(),
                    depth, width, Math.min(trainSize, digits.train().size()), budget);
            var populated = database.populate(schemas, r -> {});
            console.printf(Locale.ROOT, "search space %s: %d names read, %d new names, %d new classes%n", schemas,
                    populated.namesSeen(), populated.namesAdded(), populated.classesAdded());
            int have = (int) database.summary().classesWithFeatures();
            FeatureReport features = database.computeFisherFeatures(Math.max(0, candidates - have), seed, console::println);
            console.printf(Locale.ROOT, "Fisher features: %d computed (%d not finite), %d failed, %.1f s%n",
                    features.computed(), features.notFinite(), features.failed(), features.seconds());
            var search = database.search().budget(budget).seed(seed).progress(console::println)
                    .evaluateWith(fn -> trainer.train(fn, database.buildModel(fn), line -> {}));
            if (worker != null) search.workerId(worker);
            SearchReport report = search.run();
            Summary summary = database.summary();
            console.println(summary);
            List<FunctionRecord> top = database.top(5);
            writeSummary(summary, top);
            plot(report, database.store(), top);
            console.println("plots and summary in " + out.toAbsolutePath());
        }
        return 0;
    }

    private void writeSummary(Summary summary, List<FunctionRecord> top) throws IOException {
        StringBuilder sb = new StringBuilder(summary.toString()).append("\n\nTop functions (validation / test accuracy):\n");
        for (FunctionRecord r : top) {
            sb.append(String.format(Locale.ROOT, "  %.4f  %.4f  %s%n", r.validationAccuracy(),
                    r.result() == null ? Double.NaN : r.result().testAccuracy(), r.name()));
        }
        Files.writeString(out.resolve("summary.txt"), sb.toString());
        console.print(sb.substring(sb.indexOf("Top functions")));
    }

    private void plot(SearchReport report, FunctionStore store, List<FunctionRecord> top) {
        Plots plots = Plots.DEFAULT;
        List<SearchStep> steps = report.steps();
        if (!steps.isEmpty()) {
            double[] x = new double[steps.size()];
            double[] acc = new double[steps.size()];
            double[] best = new double[steps.size()];
            for (int i = 0; i < steps.size(); i++) {
                SearchStep s = steps.get(i);
                x[i] = s.step();
                acc[i] = s.result() == null ? Double.NaN : s.result().validationAccuracy();
                best[i] = s.bestValidationAccuracy();
            }
            Map<String, double[][]> series = new LinkedHashMap<>();
            series.put("evaluated function", new double[][] {x, acc});
            series.put("best so far", new double[][] {x, best});
            plots.lines(out.resolve("progress.png"), "Search progress", "step", "validation accuracy", series);
        }
        plotEmbedding(store);
        if (!top.isEmpty()) {
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
            plots.functions(out.resolve("best-functions.png"), "Best functions found", "x", "f(x)", grid, values);
            plots.functions(out.resolve("best-derivatives.png"), "Their derivatives (autograd)", "x", "f'(x)", grid, derivatives);
        }
    }

    /** The surrogate's 2-D embedding of every class with finite features, coloured by validation accuracy. */
    private void plotEmbedding(FunctionStore store) {
        Evaluator evaluator = store.canonicalizer().evaluator();
        List<FunctionRecord> usable = new ArrayList<>();
        List<double[]> outputs = new ArrayList<>();
        for (FunctionRecord r : store.classes()) {
            if (!r.hasFiniteFeatures()) continue;
            double[] o = evaluator.outputs(r.name());
            boolean finite = true;
            for (double v : o) finite &= Double.isFinite(v);
            if (!finite) continue;
            usable.add(r);
            outputs.add(o);
        }
        if (usable.size() < 5) return;
        double[][] fisher = usable.stream().map(FunctionRecord::features).toArray(double[][]::new);
        int length = fisher[0].length;
        for (double[] f : fisher) if (f.length != length) return;
        double[] accuracy = usable.stream().mapToDouble(FunctionRecord::validationAccuracy).toArray();
        SurrogateResult result = Surrogate.defaults(seed).predict(outputs.toArray(double[][]::new), fisher, accuracy);
        double[][] e = result.embedding();
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
    static double[][] valueAndDerivative(String name, double[] grid) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(grid).toType(DataType.FLOAT32, false);
            x.setRequiresGradient(true);
            NDArray y;
            try (GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
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
