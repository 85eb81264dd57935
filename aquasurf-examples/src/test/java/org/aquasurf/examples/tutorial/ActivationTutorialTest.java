package org.aquasurf.examples.tutorial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.aquasurf.examples.plot.Pngs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ActivationTutorialTest {

    @TempDir
    static Path out;
    private static List<MlpResult> results;
    private static String printed;

    /** Runs the smoke configuration once (all four activations, shallow 32 and deep 32x3, 2 epochs). */
    @BeforeAll
    static void runSmoke() {
        ActivationTutorial tutorial = parse("--smoke", "--out", out.toString());
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        results = tutorial.run(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        printed = buffer.toString(StandardCharsets.UTF_8);
    }

    private static ActivationTutorial parse(String... args) {
        ActivationTutorial tutorial = new ActivationTutorial();
        new CommandLine(tutorial).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
        return tutorial;
    }

    private static MlpResult result(ActivationKind kind, int layers) {
        return results.stream().filter(r -> r.config().activation() == kind && r.config().hidden().length == layers)
                .findFirst().orElseThrow();
    }

    @Test
    void reluBeatsChanceClearlyOnRealDigits() {
        MlpResult relu = result(ActivationKind.RELU, 1);
        // chance is 0.1 on ten balanced classes; two epochs on 2000 digits reach about 0.85
        assertTrue(relu.finalTestAccuracy() > 0.6, "relu test accuracy " + relu.finalTestAccuracy());
        assertTrue(relu.trainLoss()[1] < relu.trainLoss()[0], "loss decreases: " + Arrays.toString(relu.trainLoss()));
        assertTrue(relu.trainLoss()[1] < Math.log(10), "below the loss of a uniform guess");
        for (MlpResult r : results) {
            assertTrue(Arrays.stream(r.trainLoss()).allMatch(Double::isFinite), r.config().name());
            assertTrue(r.finalTestAccuracy() > 0.1, r.config().name() + " " + r.finalTestAccuracy());
        }
    }

    @Test
    void runsAreShallowAndDeepPerActivationWithClosedFormParameterCounts() {
        assertEquals(8, results.size());
        for (MlpResult r : results) {
            int[] hidden = r.config().hidden();
            assertTrue(Arrays.equals(new int[] {32}, hidden) || Arrays.equals(new int[] {32, 32, 32}, hidden));
            long expected = hidden.length == 1
                    ? (784 + 1) * 32 + (32 + 1) * 10
                    : (784 + 1) * 32 + 2L * (32 + 1) * 32 + (32 + 1) * 10;
            assertEquals(expected, r.parameters(), r.config().name());
            assertEquals(expected, r.config().parameterCount(784, 10));
            assertEquals(2, r.testAccuracy().length);
            assertEquals(3, r.snapshots().size());
        }
    }

    @Test
    void snapshotsHoldFirstAndLastLayerWeightsAndSoftmaxGradients() {
        for (MlpResult r : results) {
            for (MlpResult.LayerSnapshot s : r.snapshots()) {
                assertEquals(32 * 784, s.firstWeights().length);
                assertEquals(32 * 784, s.firstGradients().length);
                assertEquals(10 * 32, s.lastWeights().length);
                float[] g = s.lastGradients();
                // d(mean CE)/dW[c][j] = mean_n (p_c - y_c) h_j and sum_c (p_c - y_c) = 0: columns sum to zero
                double largest = 0;
                for (int j = 0; j < 32; j++) {
                    double columnSum = 0;
                    for (int c = 0; c < 10; c++) {
                        columnSum += g[c * 32 + j];
                        largest = Math.max(largest, Math.abs(g[c * 32 + j]));
                    }
                    assertEquals(0, columnSum, 1e-6, r.config().name() + " column " + j);
                }
                assertTrue(largest > 1e-4, r.config().name() + " last-layer gradient is not zero");
            }
            assertFalse(Arrays.equals(r.snapshots().get(0).firstWeights(), r.snapshots().get(2).firstWeights()),
                    "training moved the first layer of " + r.config().name());
        }
    }

    @Test
    void writesEveryPlotAsPngAndPrintsTheTable() throws IOException {
        List<String> expected = new java.util.ArrayList<>(List.of("activations.png", "derivatives.png", "accuracy.png",
                "loss.png", "shallow-vs-deep.png"));
        for (ActivationKind kind : ActivationKind.values()) {
            expected.add("functions/" + kind.label() + ".png");
            for (String shape : new String[] {"32", "32x3"}) {
                for (String part : new String[] {"first-weights", "first-gradients", "last-weights", "last-gradients"}) {
                    expected.add("histograms/" + kind.label() + "-" + shape + "-" + part + ".png");
                }
            }
        }
        for (String name : expected) {
            Pngs.assertDefaultSize(out.resolve(name));
        }
        String summary = Files.readString(out.resolve("summary.txt"));
        assertTrue(printed.contains(summary));
        for (MlpResult r : results) {
            assertTrue(summary.contains(String.format(java.util.Locale.ROOT, "%-12s %-10s %10d", r.config().activation().label(),
                    r.config().shape(), r.parameters())), summary);
        }
        // one clean line per epoch when not on a terminal: no carriage returns, 16 epoch lines
        assertFalse(printed.contains("\r"));
        assertEquals(16, printed.lines().filter(l -> l.contains(" epoch ")).count());
    }

    @Test
    void optionsResolveToRuns() {
        List<MlpConfig> defaults = parse().configs();
        assertEquals(8, defaults.size());
        assertArrayEquals(new int[] {128}, defaults.get(0).hidden());
        assertArrayEquals(new int[] {128, 128, 128, 128, 128, 128}, defaults.get(1).hidden());
        assertEquals(10, defaults.get(0).epochs());

        List<MlpConfig> custom = parse("--activations", "relu,leaky_relu", "--widths", "64,32", "--deep-depth", "0",
                "--leaky-slope", "0.2", "--epochs", "3").configs();
        assertEquals(2, custom.size());
        assertArrayEquals(new int[] {64, 32}, custom.get(1).hidden());
        assertEquals(ActivationKind.LEAKY_RELU, custom.get(1).activation());
        assertEquals(0.2f, custom.get(1).slope());
        assertEquals("leaky_relu 64-32", custom.get(1).name());

        assertArrayEquals(new int[] {50, 50, 50}, parse("--depth", "3", "--width", "50", "--smoke").configs().get(0).hidden());
        assertThrows(CommandLine.ParameterException.class, () -> parse("--widths", "8", "--depth", "2").configs());
        assertThrows(IllegalArgumentException.class, () -> parse("--train-size", "9000").run(System.out));
    }
}
