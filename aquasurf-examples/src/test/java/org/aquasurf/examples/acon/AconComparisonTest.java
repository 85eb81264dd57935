package org.aquasurf.examples.acon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.aquasurf.examples.cli.AquaSurfCli;
import org.aquasurf.examples.plot.Pngs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AconComparisonTest {

    @TempDir
    static Path out;
    private static List<CnnResult> results;
    private static String printed;

    /** Runs the smoke configuration once: the 16-32 CNN with each activation, 1 epoch on 1500 real digits. */
    @BeforeAll
    static void runSmoke() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        results = parse("--smoke", "--out", out.toString()).run(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        printed = buffer.toString(StandardCharsets.UTF_8);
    }

    private static AconComparison parse(String... args) {
        AconComparison comparison = new AconComparison();
        new CommandLine(comparison).parseArgs(args);
        return comparison;
    }

    private static CnnResult result(AconActivation activation) {
        return results.stream().filter(r -> r.config().activation() == activation).findFirst().orElseThrow();
    }

    @Test
    void everyActivationBeatsChanceClearlyOnRealDigits() {
        assertEquals(List.of(AconActivation.values()), results.stream().map(r -> r.config().activation()).toList());
        for (CnnResult r : results) {
            // chance is 0.1 on ten classes; one epoch on 1500 digits reaches about 0.85
            assertTrue(r.finalTestAccuracy() > 0.5, r.config().name() + " test accuracy " + r.finalTestAccuracy());
            assertTrue(r.finalValidationAccuracy() > 0.5, r.config().name() + " validation accuracy " + r.finalValidationAccuracy());
            assertTrue(r.trainLoss()[0] < Math.log(10), r.config().name() + " loss below a uniform guess: " + r.trainLoss()[0]);
            assertTrue(r.secondsPerEpoch() > 0);
        }
    }

    @Test
    void parameterCountsMatchTheArchitecture() {
        int c1 = 16, c2 = 32, r = 16;
        long shared = (9L * c1 + c1) + (9L * c1 * c2 + c2) + (7L * 7 * c2 * 10 + 10);
        assertEquals(shared, result(AconActivation.RELU).parameters());
        assertEquals(shared, result(AconActivation.SWISH).parameters());
        assertEquals(shared + 3L * (c1 + c2), result(AconActivation.ACON_C).parameters());
        assertEquals(shared + metaAcon(c1, r) + metaAcon(c2, r), result(AconActivation.META_ACON_C).parameters());
    }

    /** p1, p2 (C each), fc1 (C·h + h), bn1 (2h), fc2 (h·C + C), bn2 (2C), with h = max(r, C/r). */
    private static long metaAcon(int c, int r) {
        int h = Math.max(r, c / r);
        return 2L * c + (c * h + h) + 2L * h + (h * c + c) + 2L * c;
    }

    @Test
    void aconCParametersMovedFromTheirInitialization() {
        for (CnnResult r : results) {
            assertEquals(r.config().activation() == AconActivation.ACON_C ? 2 : 0, r.aconLayers().size(), r.config().name());
        }
        List<AconLayer> layers = result(AconActivation.ACON_C).aconLayers();
        assertEquals(16, layers.get(0).learned().channels());
        assertEquals(32, layers.get(1).learned().channels());
        for (AconLayer layer : layers) {
            float[] ones = new float[layer.initial().channels()];
            Arrays.fill(ones, 1f);
            assertArrayEquals(ones, layer.initial().beta(), "beta starts at 1");
            assertTrue(maxChange(layer.initial().p1(), layer.learned().p1()) > 1e-3, "p1 moved");
            assertTrue(maxChange(layer.initial().p2(), layer.learned().p2()) > 1e-3, "p2 moved");
            assertTrue(maxChange(layer.initial().beta(), layer.learned().beta()) > 1e-3, "beta moved");
        }
    }

    private static double maxChange(float[] before, float[] after) {
        double max = 0;
        for (int i = 0; i < before.length; i++) max = Math.max(max, Math.abs(after[i] - before[i]));
        return max;
    }

    @Test
    void plottedCurvesEqualTheAconClosedFormOfTheLearnedParameters() {
        for (AconLayer layer : result(AconActivation.ACON_C).aconLayers()) {
            ChannelCurves curves = layer.curves();
            double[] x = curves.x();
            assertEquals(CnnTrainer.CURVE_POINTS, x.length);
            assertEquals(-CnnTrainer.CURVE_RANGE, x[0]);
            assertEquals(CnnTrainer.CURVE_RANGE, x[x.length - 1], 1e-12);
            float[] p1 = layer.learned().p1(), p2 = layer.learned().p2(), beta = layer.learned().beta();
            for (int c = 0; c < curves.channels(); c++) {
                double[] y = curves.channel(c);
                for (int i = 0; i < x.length; i++) {
                    double d = ((double) p1[c] - p2[c]) * x[i];
                    double expected = d / (1 + Math.exp(-beta[c] * d)) + p2[c] * x[i];
                    assertEquals(expected, y[i], 1e-5 * (1 + Math.abs(expected)), "channel " + c + " at x = " + x[i]);
                }
            }
        }
    }

    @Test
    void sharedLayersStartFromTheSameWeightsWhateverTheActivation() throws Exception {
        CnnConfig relu = new AconComparison().configs().get(0);
        List<float[]> reference = sharedInitialWeights(relu);
        for (AconActivation a : AconActivation.values()) {
            List<float[]> weights = sharedInitialWeights(relu.with(a));
            assertEquals(3, weights.size());
            for (int i = 0; i < weights.size(); i++) assertArrayEquals(reference.get(i), weights.get(i), a + " layer " + i);
        }
        List<float[]> otherSeed = sharedInitialWeights(new CnnConfig(AconActivation.RELU, 16, 32, 16, 1, 32, 0.002f, 2));
        assertFalse(Arrays.equals(reference.get(0), otherSeed.get(0)), "another seed draws other weights");
    }

    private static List<float[]> sharedInitialWeights(CnnConfig config) {
        SequentialBlock net = CnnTrainer.network(config);
        try (Model model = Model.newInstance("init", Device.cpu())) {
            model.setBlock(net);
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()))) {
                CnnTrainer.initialize(trainer, net, config.seed());
                List<float[]> weights = new ArrayList<>();
                for (int i : new int[] {0, 3, 7}) {
                    Block layer = net.getChildren().get(i).getValue();
                    weights.add(layer.getParameters().get("weight").getArray().toFloatArray());
                }
                return weights;
            }
        }
    }

    @Test
    void writesThePlotsAndTheTableWithOneLinePerEpoch() throws IOException {
        for (String name : List.of("accuracy.png", "loss.png", "acon-c-curves.png", "acon-c-beta.png")) {
            Pngs.assertDefaultSize(out.resolve(name));
        }
        String summary = Files.readString(out.resolve("summary.txt"));
        assertTrue(printed.contains(summary));
        assertEquals(results.size() + 1, summary.lines().count());
        for (CnnResult r : results) {
            assertTrue(summary.contains(String.format(Locale.ROOT, "%-12s %10d", r.config().activation().label(),
                    r.parameters())), summary);
            assertTrue(summary.contains(String.format(Locale.ROOT, "%8.4f %9.4f", r.finalValidationAccuracy(),
                    r.finalTestAccuracy())), summary);
        }
        assertFalse(printed.contains("\r"), "no line rewriting off a terminal");
        assertEquals(results.size(), printed.lines().filter(l -> l.contains(" epoch 1/1 ")).count());
    }

    @Test
    void optionsResolveToRunsAndBadOnesAreNamed() {
        List<CnnConfig> defaults = new AconComparison().configs();
        assertEquals(4, defaults.size());
        assertEquals(new CnnConfig(AconActivation.META_ACON_C, 16, 32, 16, 3, 32, 0.002f, 1), defaults.get(3));
        assertEquals(8000, parse().trainSize());
        assertEquals(1500, parse("--smoke").trainSize());
        assertEquals(1, parse("--smoke").configs().get(0).epochs());

        List<CnnConfig> custom = parse("--activations", "ACON-C,relu", "--channels", "8,12", "--epochs", "2",
                "--reduction", "4").configs();
        assertEquals(List.of(AconActivation.ACON_C, AconActivation.RELU), custom.stream().map(CnnConfig::activation).toList());
        assertEquals(new CnnConfig(AconActivation.ACON_C, 8, 12, 4, 2, 32, 0.002f, 1), custom.get(0));
        assertEquals("acon-c 8-12", custom.get(0).name());

        assertTrue(assertThrows(CommandLine.ParameterException.class, () -> parse("--activations", "gelu"))
                .getMessage().contains("unknown activation 'gelu'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("--channels", "16").validate())
                .getMessage().contains("--channels"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("--train-size", "9000").validate())
                .getMessage().contains("--train-size"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("--lr", "0").validate())
                .getMessage().contains("learning rate"));
    }

    @Test
    void isASubcommandOfTheAquasurfCommandLine() {
        CommandLine acon = AquaSurfCli.commandLine().getSubcommands().get("acon");
        assertTrue(acon != null && acon.getCommand() instanceof AconComparison);
    }
}
