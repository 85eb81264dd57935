package org.aquasurf.examples.plot;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG charts on XChart, headless: line charts of series over epochs or steps, functions on one grid
 * (e.g. an activation and its derivative), overlaid histograms, and scatter plots coloured by a value.
 *
 * <pre>{@code
 * Plots.DEFAULT.lines(Path.of("acc.png"), "Test accuracy", "epoch", "accuracy",
 *         Map.of("relu", new double[][] {{1, 2, 3}, {0.90, 0.94, 0.95}}));
 * }</pre>
 *
 * Every method writes the whole file or nothing (temporary file, then rename), creates missing parent
 * directories and returns {@code png}. Series keep the iteration order of the map (use a
 * {@link LinkedHashMap} for a stable legend).
 *
 * @param width  image width in pixels
 * @param height image height in pixels
 */
public record Plots(int width, int height) {

    /** 800 x 600 pixels. */
    public static final Plots DEFAULT = new Plots(800, 600);

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    public Plots {
        if (width < 50 || height < 50) {
            throw new IllegalArgumentException("plot size must be at least 50x50 pixels, got " + width + "x" + height);
        }
    }

    /**
     * Line chart: one line per entry; each value is {@code {x[], y[]}} of equal lengths (e.g. epochs and
     * accuracies). Non-finite y values leave gaps (points with a non-finite x are dropped); a series
     * with no finite value is left out and counted in the title.
     */
    public Path lines(Path png, String title, String xLabel, String yLabel, Map<String, double[][]> series) {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("line chart '" + title + "' needs at least one series");
        }
        XYChart chart = chart(title, xLabel, yLabel);
        int plotted = 0;
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            double[][] xy = e.getValue();
            if (xy.length != 2 || xy[0].length != xy[1].length || xy[0].length == 0) {
                throw new IllegalArgumentException("series '" + e.getKey() + "' of chart '" + title
                        + "' must be {x[], y[]} of equal, positive lengths");
            }
            double[][] finite = finitePoints(xy[0], xy[1]);
            if (finite == null) continue;
            XYSeries s = chart.addSeries(e.getKey(), finite[0], finite[1]);
            s.setMarker(xy[0].length <= 30 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            plotted++;
        }
        if (plotted < series.size()) chart.setTitle(title + " (" + (series.size() - plotted) + " not finite anywhere: left out)");
        if (plotted == 0) chart.addSeries("nothing finite to plot", new double[] {0}, new double[] {0});
        return write(chart, png);
    }

    /**
     * The points of a series that XChart can draw: points with a non-finite x are dropped, a
     * non-finite y (an infinite value would make XChart throw) becomes a gap. Null if no y is finite.
     */
    static double[][] finitePoints(double[] x, double[] y) {
        int n = 0;
        boolean anyFinite = false;
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i])) {
                n++;
                anyFinite |= Double.isFinite(y[i]);
            }
        }
        if (!anyFinite) return null;
        double[] fx = new double[n];
        double[] fy = new double[n];
        for (int i = 0, j = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) continue;
            fx[j] = x[i];
            fy[j++] = Double.isFinite(y[i]) ? y[i] : Double.NaN;
        }
        return new double[][] {fx, fy};
    }

    /** Several functions sampled on one grid {@code x}, e.g. {@code {"tanh": f, "tanh'": df}}. */
    public Path functions(Path png, String title, String xLabel, String yLabel, double[] x, Map<String, double[]> curves) {
        Map<String, double[][]> series = new LinkedHashMap<>();
        curves.forEach((name, y) -> series.put(name, new double[][] {x, y}));
        return lines(png, title, xLabel, yLabel, series);
    }

    /**
     * Overlaid histograms on common bin edges spanning all finite values: one outline per entry, the
     * height of a bin is the fraction of that entry's finite values falling in it. Colours run from dark
     * to light in map order (e.g. epoch 0 to the last epoch). Non-finite values are left out and counted
     * in the title.
     */
    public Path histograms(Path png, String title, String xLabel, Map<String, double[]> samples, int bins) {
        if (samples.isEmpty() || bins < 1) {
            throw new IllegalArgumentException("histogram '" + title + "' needs at least one sample set and one bin");
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        long nonFinite = 0;
        for (double[] values : samples.values()) {
            for (double v : values) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                } else {
                    nonFinite++;
                }
            }
        }
        if (lo > hi) {
            throw new IllegalArgumentException("histogram '" + title + "' has no finite values");
        }
        if (lo == hi) {
            lo -= 0.5;
            hi += 0.5;
        }
        String fullTitle = nonFinite == 0 ? title : title + " (" + nonFinite + " non-finite values left out)";
        XYChart chart = chart(fullTitle, xLabel, "fraction of values");
        chart.getStyler().setXAxisDecimalPattern(decimalPattern(lo, hi));
        int index = 0;
        for (Map.Entry<String, double[]> e : samples.entrySet()) {
            long[] counts = binCounts(e.getValue(), lo, hi, bins);
            long total = 0;
            for (long c : counts) {
                total += c;
            }
            double[] xs = new double[bins + 1];
            double[] ys = new double[bins + 1];
            for (int b = 0; b <= bins; b++) {
                xs[b] = lo + (hi - lo) * b / bins;
                ys[b] = total == 0 ? 0 : (double) counts[Math.min(b, bins - 1)] / total;
            }
            XYSeries s = chart.addSeries(e.getKey(), xs, ys);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(Palette.sequential(samples.size() == 1 ? 0.3 : 0.9 * index / (samples.size() - 1)));
            index++;
        }
        return write(chart, png);
    }

    /**
     * Scatter plot of points {@code (x[i], y[i])} coloured by {@code value[i]} (e.g. a 2-D UMAP embedding
     * coloured by accuracy): values are cut into up to 8 equal-width ranges, each drawn in its own colour
     * from dark (low) to light (high) and listed in the legend. Points with a non-finite value are grey.
     */
    public Path scatter(Path png, String title, String xLabel, String yLabel, double[] x, double[] y, double[] value,
            String valueLabel) {
        if (x.length != y.length || x.length != value.length || x.length == 0) {
            throw new IllegalArgumentException("scatter '" + title + "' needs x, y and value of equal positive lengths, got "
                    + x.length + ", " + y.length + ", " + value.length);
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : value) {
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        int groups = lo < hi ? 8 : 1;
        XYChart chart = chart(title, xLabel, yLabel);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(7);
        for (int g = -1; g < groups; g++) {
            int n = 0;
            for (double v : value) {
                if (group(v, lo, hi, groups) == g) {
                    n++;
                }
            }
            if (n == 0) {
                continue;
            }
            double[] gx = new double[n];
            double[] gy = new double[n];
            int j = 0;
            for (int i = 0; i < value.length; i++) {
                if (group(value[i], lo, hi, groups) == g) {
                    gx[j] = x[i];
                    gy[j] = y[i];
                    j++;
                }
            }
            String name;
            if (g < 0) {
                name = valueLabel + " missing";
            } else if (groups == 1) {
                name = valueLabel + " " + format(lo);
            } else {
                name = valueLabel + " " + format(lo + (hi - lo) * g / groups) + " to " + format(lo + (hi - lo) * (g + 1) / groups);
            }
            XYSeries s = chart.addSeries(name, gx, gy);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(g < 0 ? Color.LIGHT_GRAY : Palette.sequential(groups == 1 ? 0.5 : (double) g / (groups - 1)));
        }
        return write(chart, png);
    }

    /** Counts of finite values in {@code bins} equal bins over [lo, hi]; hi itself falls in the last bin. */
    static long[] binCounts(double[] values, double lo, double hi, int bins) {
        long[] counts = new long[bins];
        for (double v : values) {
            if (Double.isFinite(v) && v >= lo && v <= hi) {
                counts[Math.min(bins - 1, (int) ((v - lo) / (hi - lo) * bins))]++;
            }
        }
        return counts;
    }

    private static int group(double v, double lo, double hi, int groups) {
        if (!Double.isFinite(v)) {
            return -1;
        }
        return groups == 1 ? 0 : Math.min(groups - 1, (int) ((v - lo) / (hi - lo) * groups));
    }

    /** Plain decimals for ordinary ranges, scientific notation for tiny or huge ones. */
    static String decimalPattern(double lo, double hi) {
        double magnitude = Math.max(Math.abs(lo), Math.abs(hi));
        return magnitude < 0.01 || magnitude >= 1e5 ? "0.##E0" : "#,##0.###";
    }

    private static String format(double v) {
        return String.format(java.util.Locale.ROOT, "%.3g", v);
    }

    private XYChart chart(String title, String xLabel, String yLabel) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
                .xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        XYStyler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesColor(new Color(225, 225, 225));
        styler.setLocale(java.util.Locale.ROOT);
        return chart;
    }

    private static Path write(XYChart chart, Path png) {
        try {
            Path parent = png.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            byte[] bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
            // a sibling with the default file permissions (createTempFile would make it owner-only)
            Path tmp = parent.resolve("." + png.getFileName() + "." + ProcessHandle.current().pid() + "-"
                    + Thread.currentThread().getId() + ".tmp");
            try {
                Files.write(tmp, bytes);
                Files.move(tmp, png, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return png;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write plot " + png.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }
}
