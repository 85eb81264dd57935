package org.aquasurf.examples.tutorial;

import org.aquasurf.train.EpochProgress;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.aquasurf.data.ImageSet;
import org.aquasurf.examples.data.Mnist;
import org.aquasurf.examples.cli.MnistComparisonCommand;
import org.aquasurf.examples.plot.Plots;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The classic comparison of sigmoid, tanh, ReLU and leaky ReLU: MLPs trained on the bundled MNIST
 * digits (8000 train, 1000 validation, 1000 test), a shallow network and a deep one per activation.
 *
 * <p>Writes under {@code --out}: {@code functions/<activation>.png} (function and autograd derivative),
 * {@code activations.png}, {@code derivatives.png}, {@code accuracy.png}, {@code loss.png},
 * {@code shallow-vs-deep.png}, {@code histograms/<run>-{first,last}-{weights,gradients}.png} (one outline
 * per epoch, epoch 0 = initialization), and {@code summary.txt} (the printed table).
 */
@Command(name = "activation-tutorial", mixinStandardHelpOptions = true,
        description = "Compare sigmoid, tanh, relu and leaky relu MLPs on the bundled MNIST digits; writes PNGs and a table.")
public final class ActivationTutorial extends MnistComparisonCommand<MlpResult> {

    @Option(names = "--activations", split = ",",
            description = "activations to compare (default: all of ${COMPLETION-CANDIDATES})")
    List<ActivationKind> activations = List.of(ActivationKind.values());

    @Option(names = "--widths", split = ",", description = "hidden widths of the shallow network, e.g. 256,128 (overrides --depth/--width)")
    int[] widths;

    @Option(names = "--width", description = "hidden width (default 128; smoke 32)")
    Integer width;

    @Option(names = "--depth", description = "hidden layers of the shallow network (default 1)")
    Integer depth;

    @Option(names = "--deep-depth", description = "hidden layers of the deep network of --width units, 0 for none (default 6; smoke 3)")
    Integer deepDepth;

    @Option(names = "--epochs", description = "training epochs (default 10; smoke 2)")
    Integer epochs;

    @Option(names = "--train-size", description = "training digits used, at most 8000 (default 8000; smoke 2000)")
    Integer trainSize;

    @Option(names = "--batch-size", description = "examples per SGD step (default 64; smoke 32)")
    Integer batchSize;

    @Option(names = "--lr", description = "SGD learning rate (default ${DEFAULT-VALUE})")
    float learningRate = 0.02f;

    @Option(names = "--momentum", description = "SGD momentum (default ${DEFAULT-VALUE})")
    float momentum = 0.9f;

    @Option(names = "--leaky-slope", description = "leaky relu slope for x < 0 (default ${DEFAULT-VALUE})")
    float slope = 0.01f;

    @Option(names = "--seed", description = "random seed (default ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--bins", description = "histogram bins (default ${DEFAULT-VALUE})")
    int bins = 60;

    public ActivationTutorial() {
        super(Path.of("runs", "activation-tutorial"));
    }

    /** Runs the tutorial from the command line; exit code 0 on success. */
    public static void main(String[] args) {
        org.aquasurf.examples.cli.JvmSetup.apply();
        System.exit(new CommandLine(new ActivationTutorial()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    protected void validate() {
        configs();
        trainSize();
        if (bins < 1) {
            throw new IllegalArgumentException("--bins must be positive, got " + bins);
        }
    }

    /** Training digits used, after applying defaults. */
    int trainSize() {
        return trainSize(trainSize, 2000);
    }

    /** The hidden widths of the shallow network after applying defaults. */
    int[] shallowWidths() {
        if (widths != null) {
            if (width != null || depth != null) {
                throw new CommandLine.ParameterException(new CommandLine(this), "give either --widths or --depth/--width, not both");
            }
            return widths.clone();
        }
        int[] w = new int[depth == null ? 1 : depth];
        Arrays.fill(w, hiddenWidth());
        return w;
    }

    private int hiddenWidth() {
        return width != null ? width : widths != null ? widths[0] : smoke ? 32 : 128;
    }

    /** The runs this configuration trains, shallow then deep for each activation. */
    List<MlpConfig> configs() {
        int e = epochs != null ? epochs : smoke ? 2 : 10;
        int b = batchSize != null ? batchSize : smoke ? 32 : 64;
        int d = deepDepth != null ? deepDepth : smoke ? 3 : 6;
        List<MlpConfig> configs = new ArrayList<>();
        for (ActivationKind kind : activations) {
            configs.add(new MlpConfig(kind, slope, shallowWidths(), e, b, learningRate, momentum, seed));
            if (d > 0) {
                int[] deep = new int[d];
                Arrays.fill(deep, hiddenWidth());
                configs.add(new MlpConfig(kind, slope, deep, e, b, learningRate, momentum, seed));
            }
        }
        return configs;
    }

    @Override
    public List<MlpResult> run(PrintStream console) {
        validate();
        int n = trainSize();
        List<MlpConfig> configs = configs();
        Mnist.Split split = Mnist.loadSplit();
        ImageSet train = split.train().slice(0, n);
        Plots plots = Plots.DEFAULT;

        double[] grid = Curves.grid(-5, 5, 201);
        Map<String, double[]> values = new LinkedHashMap<>();
        Map<String, double[]> derivatives = new LinkedHashMap<>();
        for (ActivationKind kind : activations) {
            Curves c = Curves.autograd(kind, slope, grid);
            Map<String, double[]> pair = new LinkedHashMap<>();
            pair.put(kind.label() + "(x)", c.value());
            pair.put(kind.label() + "'(x) (autograd)", c.derivative());
            plots.functions(out.resolve("functions").resolve(kind.label() + ".png"), kind.label() + " and its derivative",
                    "x", "", grid, pair);
            values.put(kind.label(), c.value());
            derivatives.put(kind.label() + "'", c.derivative());
        }
        plots.functions(out.resolve("activations.png"), "Activation functions", "x", "f(x)", grid, values);
        plots.functions(out.resolve("derivatives.png"), "Derivatives (DJL autograd)", "x", "f'(x)", grid, derivatives);

        announce(console, configs.size(), "MLPs", n, split);
        EpochProgress progress = EpochProgress.to(console);
        List<MlpResult> results = new ArrayList<>();
        for (MlpConfig config : configs) {
            MlpResult r = MlpTrainer.train(config, train, split.validation(), split.test(), progress);
            results.add(r);
            histograms(plots, r);
        }
        curvesOverEpochs(plots, results);
        summarize(console, table(results));
        return results;
    }

    private void histograms(Plots plots, MlpResult r) {
        String base = r.config().name().replace(' ', '-');
        Path dir = out.resolve("histograms");
        histogram(plots, dir.resolve(base + "-first-weights.png"), r, "first layer weights", "weight", MlpResult.LayerSnapshot::firstWeights);
        histogram(plots, dir.resolve(base + "-first-gradients.png"), r, "first layer weight gradients", "dL/dw", MlpResult.LayerSnapshot::firstGradients);
        histogram(plots, dir.resolve(base + "-last-weights.png"), r, "last layer weights", "weight", MlpResult.LayerSnapshot::lastWeights);
        histogram(plots, dir.resolve(base + "-last-gradients.png"), r, "last layer weight gradients", "dL/dw", MlpResult.LayerSnapshot::lastGradients);
    }

    private void histogram(Plots plots, Path png, MlpResult r, String what, String xLabel,
            Function<MlpResult.LayerSnapshot, float[]> field) {
        Map<String, double[]> samples = new LinkedHashMap<>();
        for (int e = 0; e < r.snapshots().size(); e++) {
            samples.put(e == 0 ? "init" : "epoch " + e, toDouble(field.apply(r.snapshots().get(e))));
        }
        plots.histograms(png, r.config().name() + ": " + what, xLabel, samples, bins);
    }

    private void curvesOverEpochs(Plots plots, List<MlpResult> results) {
        // one colour per activation, one line style per depth (solid: the shallowest)
        List<Integer> depths = results.stream().map(r -> r.config().hidden().length).distinct().sorted().toList();
        List<Plots.Line> accuracy = new ArrayList<>();
        List<Plots.Line> loss = new ArrayList<>();
        for (MlpResult r : results) {
            double[] epochAxis = new double[r.config().epochs()];
            Arrays.setAll(epochAxis, i -> i + 1);
            int colour = activations.indexOf(r.config().activation());
            int dash = depths.indexOf(r.config().hidden().length);
            accuracy.add(new Plots.Line(r.config().name(), epochAxis, r.testAccuracy(), colour, dash));
            loss.add(new Plots.Line(r.config().name(), epochAxis, r.trainLoss(), colour, dash));
        }
        plots.lines(out.resolve("accuracy.png"), "Test accuracy", "epoch", "accuracy", accuracy);
        plots.lines(out.resolve("loss.png"), "Training loss", "epoch", "mean cross-entropy", loss);

        Map<String, double[][]> byDepth = new LinkedHashMap<>();
        for (ActivationKind kind : activations) {
            List<MlpResult> runs = results.stream().filter(r -> r.config().activation() == kind).toList();
            double[] layers = runs.stream().mapToDouble(r -> r.config().hidden().length).toArray();
            double[] finalAccuracy = runs.stream().mapToDouble(MlpResult::finalTestAccuracy).toArray();
            byDepth.put(kind.label(), new double[][] {layers, finalAccuracy});
        }
        plots.lines(out.resolve("shallow-vs-deep.png"), "Final test accuracy, shallow vs deep", "hidden layers",
                "test accuracy", byDepth);
    }

    /** The printed summary: one row per run. */
    static String table(List<MlpResult> results) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%-12s %-10s %10s %11s %8s %9s %8s%n",
                "activation", "hidden", "parameters", "train loss", "val acc", "test acc", "seconds"));
        for (MlpResult r : results) {
            int last = r.config().epochs() - 1;
            s.append(String.format(Locale.ROOT, "%-12s %-10s %10d %11.4f %8.4f %9.4f %8.1f%n", r.config().activation().label(),
                    r.config().shape(), r.parameters(), r.trainLoss()[last], r.validationAccuracy()[last],
                    r.testAccuracy()[last], r.seconds()));
        }
        return s.toString();
    }

    private static double[] toDouble(float[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            d[i] = values[i];
        }
        return d;
    }
}
