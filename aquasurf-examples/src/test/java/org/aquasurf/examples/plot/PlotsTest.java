package org.aquasurf.examples.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    /** Asserts a PNG signature, the requested size, and that something besides background was drawn. */
    private static void assertPng(Path png, int width, int height) throws IOException {
        byte[] bytes = Files.readAllBytes(png);
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, 8), png + " is not a PNG");
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(width, image.getWidth());
        assertEquals(height, image.getHeight());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < height; y += 3) {
            for (int x = 0; x < width; x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 5, png + " looks blank");
        try (var files = Files.list(png.getParent())) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "temporary file left behind");
        }
    }

    @Test
    void linesAndFunctionsWritePngsOfTheRequestedSize(@TempDir Path dir) throws IOException {
        assertTrue(java.awt.GraphicsEnvironment.isHeadless());
        Plots plots = new Plots(640, 480);
        Map<String, double[][]> series = new LinkedHashMap<>();
        series.put("relu", new double[][] {{1, 2, 3}, {0.9, 0.95, 0.96}});
        series.put("sigmoid", new double[][] {{1, 2, 3}, {0.6, 0.8, Double.NaN}});
        Path png = plots.lines(dir.resolve("nested/acc.png"), "accuracy", "epoch", "accuracy", series);
        assertEquals(dir.resolve("nested/acc.png"), png);
        assertPng(png, 640, 480);

        double[] x = new double[101];
        double[] f = new double[101];
        double[] df = new double[101];
        for (int i = 0; i <= 100; i++) {
            x[i] = -5 + 0.1 * i;
            f[i] = Math.tanh(x[i]);
            df[i] = 1 - f[i] * f[i];
        }
        Map<String, double[]> curves = new LinkedHashMap<>();
        curves.put("tanh", f);
        curves.put("tanh'", df);
        assertPng(Plots.DEFAULT.functions(dir.resolve("tanh.png"), "tanh", "x", "", x, curves), 800, 600);
    }

    @Test
    void infiniteAndNanValuesAreGapsAndAnAllInfiniteSeriesIsLeftOut(@TempDir Path dir) throws IOException {
        // like a top function that overflows on part of the plot grid, e.g. exp(exp(x))
        double[] x = {-2, -1, 0, 1, 2, Double.NaN};
        Map<String, double[]> curves = new LinkedHashMap<>();
        curves.put("partly infinite", new double[] {0.1, 1, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 3});
        curves.put("never finite", new double[] {Double.POSITIVE_INFINITY, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN});
        assertPng(Plots.DEFAULT.functions(dir.resolve("inf.png"), "overflow", "x", "f(x)", x, curves), 800, 600);
        double[][] kept = Plots.finitePoints(x, curves.get("partly infinite"));
        assertArrayEquals(new double[] {-2, -1, 0, 1, 2}, kept[0]);
        assertArrayEquals(new double[] {0.1, 1, Double.NaN, Double.NaN, Double.NaN}, kept[1]);
        assertEquals(null, Plots.finitePoints(x, curves.get("never finite")));
        Map<String, double[][]> none = Map.of("never finite", new double[][] {{1, 2}, {Double.NaN, Double.POSITIVE_INFINITY}});
        assertPng(Plots.DEFAULT.lines(dir.resolve("none.png"), "nothing", "x", "y", none), 800, 600);
    }

    @Test
    void histogramsAndScatterWritePngsOfTheRequestedSize(@TempDir Path dir) throws IOException {
        Random random = new Random(1);
        Map<String, double[]> samples = new LinkedHashMap<>();
        for (int epoch = 0; epoch < 4; epoch++) {
            double[] v = new double[2000];
            for (int i = 0; i < v.length; i++) {
                v[i] = random.nextGaussian() * (1 + epoch);
            }
            samples.put("epoch " + epoch, v);
        }
        samples.get("epoch 3")[0] = Double.NaN;
        assertPng(new Plots(500, 300).histograms(dir.resolve("h.png"), "weights", "weight", samples, 40), 500, 300);

        double[] x = new double[200];
        double[] y = new double[200];
        double[] acc = new double[200];
        for (int i = 0; i < 200; i++) {
            x[i] = random.nextGaussian();
            y[i] = random.nextGaussian();
            acc[i] = i == 7 ? Double.NaN : 1 / (1 + Math.exp(-x[i]));
        }
        assertPng(new Plots(700, 700).scatter(dir.resolve("umap.png"), "UMAP", "u1", "u2", x, y, acc, "accuracy"), 700, 700);
    }

    @Test
    void tickLabelsCarryOnlyTheDecimalsTheRangeNeeds() {
        // a float32 grid on [-5, 4.95]: a tenth of the range (0.995) needs one decimal, plus one
        assertEquals("#,##0.##", Plots.tickPattern(new double[] {-5, 4.949999809265137}));
        assertEquals("4.95", Plots.tickFormat("#,##0.##").apply(4.949999809265137));
        assertEquals("0.15", Plots.tickFormat("#,##0.##").apply(0.15000000596046448));
        assertEquals("0", Plots.tickFormat("#,##0.#").apply(-1e-12), "no negative zero");
        assertEquals("#,##0.###", Plots.tickPattern(new double[] {0.45, 0.7, Double.NaN}));
        assertEquals("#,##0.#", Plots.tickPattern(new double[] {1, 50}));
        assertEquals("#,##0", Plots.tickPattern(new double[] {0, 5000}));
        assertEquals("0.##E0", Plots.tickPattern(new double[] {1e-4, 3e-3}));
    }

    @Test
    void bandsAndLabelledScatterWritePngsOfTheRequestedSize(@TempDir Path dir) throws IOException {
        double[] x = {1, 2, 3, 4};
        Map<String, double[][]> bands = new LinkedHashMap<>();
        bands.put("surrogate", new double[][] {x, {0.5, 0.7, 0.8, 0.8}, {0.4, 0.6, 0.75, 0.8}, {0.6, 0.8, 0.85, 0.8}});
        assertPng(Plots.DEFAULT.bands(dir.resolve("band.png"), "Replay", "evaluations", "best", bands), 800, 600);
        double[] acc = {0.2, Double.NaN, 0.9, 0.5};
        Path png = Plots.DEFAULT.scatter(dir.resolve("labelled.png"), "UMAP", "u1", "u2", x, x, acc, "accuracy",
                Map.of(2, "1. best(x)"));
        assertPng(png, 800, 600);
        // the colour bar on the right runs from the scale's dark end (bottom) to its light end (top)
        BufferedImage image = ImageIO.read(png.toFile());
        int barLeft = 800 - 110 + 10, barTop = 60, barHeight = 600 - 160;
        for (int p : new int[] {2, barHeight / 2, barHeight - 3}) {
            assertEquals(Palette.sequential(1 - (double) p / (barHeight - 1)).getRGB(), image.getRGB(barLeft + 10, barTop + p),
                    "colour bar row " + p);
        }
        assertThrows(IllegalArgumentException.class, () -> Plots.DEFAULT.bands(dir.resolve("bad.png"), "Bad", "x", "y",
                Map.of("short", new double[][] {x, x, x})));
    }

    @Test
    void binCountsMatchABruteForceCount() {
        double[] values = {-1, -0.5, 0, 0.2, 0.49, 0.5, 0.99, 1, Double.NaN, 3};
        // bins over [-1, 1] of width 0.5: [-1,-0.5) [-0.5,0) [0,0.5) [0.5,1]; 3 is outside, NaN is dropped
        assertArrayEquals(new long[] {1, 1, 3, 3}, Plots.binCounts(values, -1, 1, 4));
        Random random = new Random(2);
        double[] many = random.doubles(5000).toArray();
        long[] counts = Plots.binCounts(many, 0, 1, 10);
        for (int b = 0; b < 10; b++) {
            final int bin = b;
            long brute = Arrays.stream(many).filter(v -> v >= bin / 10.0 && v < (bin + 1) / 10.0).count();
            assertEquals(brute, counts[b], 1, "bin " + b); // equal up to rounding at a bin edge
        }
        assertEquals(5000, Arrays.stream(counts).sum());
    }

    @Test
    void badInputIsRejectedWithTheChartName(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Plots.DEFAULT.lines(
                dir.resolve("x.png"), "loss", "epoch", "loss", Map.of("a", new double[][] {{1, 2}, {1}})));
        assertTrue(e.getMessage().contains("series 'a' of chart 'loss'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Plots.DEFAULT.histograms(
                dir.resolve("h.png"), "empty", "v", Map.of("a", new double[] {Double.NaN}), 10));
        assertThrows(IllegalArgumentException.class, () -> new Plots(10, 10));
        assertTrue(Files.notExists(dir.resolve("x.png")));
    }
}
