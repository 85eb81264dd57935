package org.aquasurf.examples.acon;

import org.aquasurf.train.EpochProgress;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.aquasurf.data.ImageSet;
import org.aquasurf.examples.data.Mnist;
import org.aquasurf.examples.cli.JvmSetup;
import org.aquasurf.examples.cli.MnistComparisonCommand;
import org.aquasurf.examples.plot.Plots;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * ReLU, Swish, ACON-C and Meta-ACON-C compared in a small CNN on the bundled MNIST digits (up to 8000
 * train, 1000 validation, 1000 test), every run from the same seed.
 *
 * <p>Writes under {@code --out}: {@code accuracy.png} (validation and test accuracy per epoch),
 * {@code loss.png} (training loss per epoch), {@code acon-c-curves.png} (the learned ACON-C function of
 * each channel of the first layer, with relu and swish for reference), {@code acon-c-beta.png} (histogram
 * of the learned β per layer) and {@code summary.txt} (the printed table). The two ACON-C plots are
 * written only when acon-c is among {@code --activations}. Timings are wall-clock seconds of the
 * training passes and vary with the load of the machine.
 */
@Command(name = "acon", mixinStandardHelpOptions = true,
        description = "Compare relu, swish, ACON-C and Meta-ACON-C in a small CNN on the bundled MNIST digits; writes PNGs and a table.")
public final class AconComparison extends MnistComparisonCommand<CnnResult> {

    @Option(names = "--activations", split = ",", converter = ActivationConverter.class,
            description = "activations to compare, from relu, swish, acon-c, meta-acon-c (default: all four)")
    List<AconActivation> activations = List.of(AconActivation.values());

    @Option(names = "--channels", split = ",", description = "output channels of the two convolutions (default 16,32)")
    int[] channels = {16, 32};

    @Option(names = "--reduction", description = "Meta-ACON-C reduction ratio r, hidden width max(r, C/r) (default ${DEFAULT-VALUE})")
    int reduction = 16;

    @Option(names = "--epochs", description = "training epochs (default 3; smoke 1)")
    Integer epochs;

    @Option(names = "--train-size", description = "training digits used, at most 8000 (default 8000; smoke 1500)")
    Integer trainSize;

    @Option(names = "--batch-size", description = "examples per Adam step (default ${DEFAULT-VALUE})")
    int batchSize = 32;

    @Option(names = "--lr", description = "Adam learning rate (default ${DEFAULT-VALUE})")
    float learningRate = 0.002f;

    @Option(names = "--seed", description = "random seed, the same for every run (default ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--bins", description = "bins of the β histogram (default ${DEFAULT-VALUE})")
    int bins = 20;

    public AconComparison() {
        super(Path.of("runs", "acon"));
    }

    /** Reads an activation by label or constant name, ignoring case. */
    static final class ActivationConverter implements CommandLine.ITypeConverter<AconActivation> {
        @Override
        public AconActivation convert(String value) {
            try {
                return AconActivation.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Runs the comparison from the command line; exit code 0 on success. */
    public static void main(String[] args) {
        JvmSetup.apply();
        System.exit(new CommandLine(new AconComparison()).execute(args));
    }

    @Override
    protected void validate() {
        configs();
        trainSize();
        if (activations.isEmpty()) throw new IllegalArgumentException("--activations needs at least one activation");
        if (bins < 1) throw new IllegalArgumentException("--bins must be positive, got " + bins);
    }

    /** Training digits used, after applying defaults. */
    int trainSize() {
        return trainSize(trainSize, 1500);
    }

    /** The runs this configuration trains, one per activation, in the order given. */
    List<CnnConfig> configs() {
        int[] c = channels;
        if (c.length != 2) throw new IllegalArgumentException("--channels needs two counts, e.g. 16,32; got " + c.length);
        int e = epochs != null ? epochs : smoke ? 1 : 3;
        return activations.stream().map(a -> new CnnConfig(a, c[0], c[1], reduction, e, batchSize, learningRate, seed)).toList();
    }

    @Override
    public List<CnnResult> run(PrintStream console) {
        JvmSetup.djlDefaults();
        validate();
        int n = trainSize();
        List<CnnConfig> configs = configs();
        Mnist.Split split = Mnist.loadSplit();
        ImageSet train = split.train().slice(0, n);
        announce(console, configs.size(), "CNNs", n, split);
        EpochProgress progress = EpochProgress.to(console);
        List<CnnResult> results = new ArrayList<>();
        for (CnnConfig config : configs) {
            results.add(CnnTrainer.train(config, train, split.validation(), split.test(), progress));
        }
        Plots plots = Plots.DEFAULT;
        curvesOverEpochs(plots, results);
        results.stream().filter(r -> !r.aconLayers().isEmpty()).findFirst().ifPresent(r -> aconPlots(plots, r));
        summarize(console, table(results));
        return results;
    }

    private void curvesOverEpochs(Plots plots, List<CnnResult> results) {
        Map<String, double[][]> accuracy = new LinkedHashMap<>();
        Map<String, double[][]> loss = new LinkedHashMap<>();
        for (CnnResult r : results) {
            double[] epochAxis = new double[r.config().epochs()];
            Arrays.setAll(epochAxis, i -> i + 1);
            String label = r.config().activation().label();
            accuracy.put(label + " (val)", new double[][] {epochAxis, r.validationAccuracy()});
            accuracy.put(label + " (test)", new double[][] {epochAxis, r.testAccuracy()});
            loss.put(label, new double[][] {epochAxis, r.trainLoss()});
        }
        plots.lines(out.resolve("accuracy.png"), "Validation and test accuracy", "epoch", "accuracy", accuracy);
        plots.lines(out.resolve("loss.png"), "Training loss", "epoch", "mean cross-entropy", loss);
    }

    /** The learned curves of the first ACON-C layer and the histogram of β per ACON-C layer. */
    private void aconPlots(Plots plots, CnnResult r) {
        ChannelCurves first = r.aconLayers().get(0).curves();
        double[] x = first.x();
        Map<String, double[]> curves = new LinkedHashMap<>();
        curves.put("relu (reference)", Arrays.stream(x).map(v -> Math.max(v, 0)).toArray());
        curves.put("swish (reference)", Arrays.stream(x).map(v -> v / (1 + Math.exp(-v))).toArray());
        for (int c = 0; c < first.channels(); c++) curves.put("channel " + c, first.channel(c));
        plots.functions(out.resolve("acon-c-curves.png"), "Learned ACON-C per channel, first layer (" + r.config().name() + ")",
                "x", "f(x)", x, curves);

        Map<String, double[]> betas = new LinkedHashMap<>();
        for (int i = 0; i < r.aconLayers().size(); i++) {
            float[] beta = r.aconLayers().get(i).learned().beta();
            double[] values = new double[beta.length];
            for (int c = 0; c < beta.length; c++) values[c] = beta[c];
            betas.put("layer " + (i + 1) + " (" + beta.length + " channels)", values);
        }
        plots.histograms(out.resolve("acon-c-beta.png"), "Learned ACON-C β (initialized to 1)", "β", betas, bins);
    }

    /** The printed summary: one row per run. */
    static String table(List<CnnResult> results) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%-12s %10s %11s %8s %9s %8s%n",
                "activation", "parameters", "train loss", "val acc", "test acc", "s/epoch"));
        for (CnnResult r : results) {
            s.append(String.format(Locale.ROOT, "%-12s %10d %11.4f %8.4f %9.4f %8.2f%n", r.config().activation().label(),
                    r.parameters(), r.trainLoss()[r.config().epochs() - 1], r.finalValidationAccuracy(),
                    r.finalTestAccuracy(), r.secondsPerEpoch()));
        }
        return s.toString();
    }
}
