package org.aquasurf.examples.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG charts on XChart, headless: line charts of series over epochs or steps (colour and dash per line),
 * mean curves with a band, functions on one grid (e.g. an activation and its derivative), overlaid
 * histograms, and scatter plots coloured by a value on a continuous scale with a colour bar. Tick
 * labels carry only the decimals the data range needs.
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
     * One line of a chart: its legend name, points, colour index into {@link Palette#categorical} and dash
     * index into {@link #DASHES} (0 = solid).
     */
    public record Line(String name, double[] x, double[] y, int colour, int dash) {
        public Line {
            if (x.length != y.length || x.length == 0) {
                throw new IllegalArgumentException("line '" + name + "' needs x and y of equal, positive lengths, got "
                        + x.length + " and " + y.length);
            }
            if (colour < 0 || dash < 0) throw new IllegalArgumentException("line '" + name + "': negative style index");
        }
    }

    /** Dash patterns in pixels (on, off, ...), the first solid. */
    static final float[][] DASHES = {null, {9f, 5f}, {0.1f, 7f}, {12f, 4f, 2f, 4f}, {5f, 5f}};

    /** Line widths per dash pattern: the dotted one draws large round dots that show around thin lines on top. */
    private static final float[] WIDTHS = {4f, 3f, 5f, 1.8f, 2.5f};

    /**
     * Line chart: one line per entry; each value is {@code {x[], y[]}} of equal lengths (e.g. epochs and
     * accuracies). Non-finite y values leave gaps (points with a non-finite x are dropped); a series
     * with no finite value is left out and counted in the title. Entry i gets colour i and dash pattern i
     * (solid first), so a curve under another one stays visible through the gaps.
     */
    public Path lines(Path png, String title, String xLabel, String yLabel, Map<String, double[][]> series) {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("line chart '" + title + "' needs at least one series");
        }
        java.util.List<Line> lines = new java.util.ArrayList<>();
        int i = 0;
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            double[][] xy = e.getValue();
            if (xy.length != 2 || xy[0].length != xy[1].length || xy[0].length == 0) {
                throw new IllegalArgumentException("series '" + e.getKey() + "' of chart '" + title
                        + "' must be {x[], y[]} of equal, positive lengths");
            }
            lines.add(new Line(e.getKey(), xy[0], xy[1], i, i));
            i++;
        }
        return lines(png, title, xLabel, yLabel, lines);
    }

    /**
     * Line chart of explicitly styled lines (e.g. one colour per activation, one dash per depth); each dash
     * pattern has its own width, so a curve under another one stays visible around it.
     */
    public Path lines(Path png, String title, String xLabel, String yLabel, java.util.List<Line> lines) {
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("line chart '" + title + "' needs at least one line");
        }
        XYChart chart = chart(title, xLabel, yLabel);
        int plotted = 0;
        java.util.List<double[][]> drawn = new java.util.ArrayList<>();
        for (Line line : lines) {
            double[][] finite = finitePoints(line.x(), line.y());
            if (finite == null) continue;
            drawn.add(finite);
            plotted++;
            XYSeries s = chart.addSeries(line.name(), finite[0], finite[1]);
            s.setMarker(line.x().length <= 30 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            Color c = Palette.categorical(line.colour());
            s.setLineColor(c);
            s.setMarkerColor(c);
            float[] dash = DASHES[line.dash() % DASHES.length];
            float width = WIDTHS[line.dash() % DASHES.length];
            s.setLineStyle(dash == null ? new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND)
                    : new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f, dash, 0f));
        }
        if (plotted < lines.size()) chart.setTitle(title + " (" + (lines.size() - plotted) + " not finite anywhere: left out)");
        if (plotted == 0) {
            chart.addSeries("nothing finite to plot", new double[] {0}, new double[] {0});
            return write(chart, png);
        }
        tickPatterns(chart, drawn.stream().flatMapToDouble(d -> java.util.Arrays.stream(d[0])).toArray(),
                drawn.stream().flatMapToDouble(d -> java.util.Arrays.stream(d[1])).toArray());
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

    /**
     * Mean curves with a shaded band (e.g. the range over seeds): each value is {@code {x[], mean[], low[],
     * high[]}}. The y-axis spans the bands' range (plus 5%), not from 0, so the interesting part fills the
     * plot.
     */
    public Path bands(Path png, String title, String xLabel, String yLabel, Map<String, double[][]> series) {
        if (series.isEmpty()) throw new IllegalArgumentException("band chart '" + title + "' needs at least one series");
        XYChart chart = chart(title, xLabel, yLabel);
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        java.util.List<double[]> xs = new java.util.ArrayList<>();
        int i = 0;
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            double[][] v = e.getValue();
            int n = v[0].length;
            if (v.length != 4 || n == 0 || v[1].length != n || v[2].length != n || v[3].length != n) {
                throw new IllegalArgumentException("band series '" + e.getKey() + "' of chart '" + title
                        + "' must be {x[], mean[], low[], high[]} of equal, positive lengths");
            }
            Color c = Palette.categorical(i);
            double[] px = new double[2 * n];
            double[] py = new double[2 * n];
            for (int k = 0; k < n; k++) {
                px[k] = v[0][k];
                py[k] = v[3][k];
                px[2 * n - 1 - k] = v[0][k];
                py[2 * n - 1 - k] = v[2][k];
                for (double y : new double[] {v[2][k], v[3][k], v[1][k]}) {
                    if (Double.isFinite(y)) {
                        lo = Math.min(lo, y);
                        hi = Math.max(hi, y);
                    }
                }
            }
            XYSeries band = chart.addSeries(e.getKey() + " (range over seeds)", px, py);
            band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
            band.setFillColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 60));
            band.setLineColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 0));
            band.setMarker(SeriesMarkers.NONE);
            XYSeries mean = chart.addSeries(e.getKey() + " (mean)", v[0], v[1]);
            mean.setLineColor(c);
            mean.setMarker(SeriesMarkers.NONE);
            mean.setLineStyle(new BasicStroke(2.5f));
            xs.add(v[0]);
            i++;
        }
        if (lo <= hi) {
            double pad = Math.max(1e-6, 0.05 * (hi - lo));
            chart.getStyler().setYAxisMin(lo - pad);
            chart.getStyler().setYAxisMax(hi + pad);
        }
        tickPatterns(chart, xs.stream().flatMapToDouble(java.util.Arrays::stream).toArray(), new double[] {lo, hi});
        return write(chart, png);
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
        chart.getStyler().setYAxisDecimalPattern("0.###");
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
     * Scatter plot of points {@code (x[i], y[i])} coloured by {@code value[i]} on a continuous scale (e.g.
     * a 2-D UMAP embedding coloured by accuracy), with a colour bar on the right: dark (low) to light
     * (high); points with a non-finite value are grey.
     */
    public Path scatter(Path png, String title, String xLabel, String yLabel, double[] x, double[] y, double[] value,
            String valueLabel) {
        return scatter(png, title, xLabel, yLabel, x, y, value, valueLabel, Map.of());
    }

    /**
     * As above, and the points whose indices are keys of {@code labels} are marked (a red diamond) and
     * labelled with their text (e.g. the best functions).
     */
    public Path scatter(Path png, String title, String xLabel, String yLabel, double[] x, double[] y, double[] value,
            String valueLabel, Map<Integer, String> labels) {
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
        final int levels = 64;
        int barWidth = 110;
        XYChart chart = new XYChartBuilder().width(width - barWidth).height(height).title(title)
                .xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        style(chart);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(7);
        for (int g = -1; g < levels; g++) { // -1: missing values, drawn first
            java.util.List<Integer> members = new java.util.ArrayList<>();
            for (int i = 0; i < value.length; i++) {
                if (level(value[i], lo, hi, levels) == g) members.add(i);
            }
            if (members.isEmpty()) continue;
            XYSeries s = chart.addSeries("level " + g, members.stream().mapToDouble(i -> x[i]).toArray(),
                    members.stream().mapToDouble(i -> y[i]).toArray());
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(g < 0 ? Color.LIGHT_GRAY : Palette.sequential(lo < hi ? (g + 0.5) / levels : 0.5));
        }
        double xLo = java.util.Arrays.stream(x).min().orElse(0), xHi = java.util.Arrays.stream(x).max().orElse(1);
        double yLo = java.util.Arrays.stream(y).min().orElse(0), yHi = java.util.Arrays.stream(y).max().orElse(1);
        java.util.List<double[]> placed = new java.util.ArrayList<>(); // {centre x, half width, y} of the labels so far
        for (Map.Entry<Integer, String> label : new java.util.TreeMap<>(labels).entrySet()) {
            int i = label.getKey();
            XYSeries mark = chart.addSeries("marked " + i, new double[] {x[i]}, new double[] {y[i]});
            mark.setMarker(SeriesMarkers.DIAMOND);
            mark.setMarkerColor(new Color(220, 30, 30));
            // above the point, moved inwards near the left and right edges (XChart centres the text on x)
            double dx = 0.0;
            double halfText = 0.5 * label.getValue().length() * 7.0 / Math.max(100, width - barWidth - 140) * (xHi - xLo);
            if (x[i] + halfText > xHi) dx = xHi - halfText - x[i];
            if (x[i] + dx - halfText < xLo) dx = xLo + halfText - x[i];
            // one text line is about 0.045 of the y range: move a label up until it clears the ones placed before
            double cx = x[i] + dx, line = 0.045 * (yHi - yLo), ty = y[i] + 0.04 * (yHi - yLo);
            boolean moved = true;
            while (moved) {
                moved = false;
                for (double[] box : placed) {
                    if (Math.abs(cx - box[0]) < halfText + box[1] && Math.abs(ty - box[2]) < line) {
                        ty = box[2] + line;
                        moved = true;
                    }
                }
            }
            placed.add(new double[] {cx, halfText, ty});
            AnnotationText text = new AnnotationText(label.getValue(), cx, ty, false);
            chart.addAnnotation(text);
        }
        chart.getStyler().setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
        chart.getStyler().setAnnotationTextFontColor(new Color(150, 0, 0));
        tickPatterns(chart, x, y);
        java.awt.image.BufferedImage plot = BitmapEncoder.getBufferedImage(chart);
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(width, height,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.drawImage(plot, 0, 0, null);
            colourBar(g, width - barWidth + 10, 60, 22, height - 160, lo, hi, valueLabel, width);
            boolean missing = java.util.Arrays.stream(value).anyMatch(v -> !Double.isFinite(v));
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            int legendY = height - 80;
            if (missing) {
                g.setColor(Color.LIGHT_GRAY);
                g.fillOval(width - barWidth + 10, legendY - 9, 9, 9);
                g.setColor(Color.DARK_GRAY);
                g.drawString("no value", width - barWidth + 24, legendY);
                legendY += 16;
            }
            if (!labels.isEmpty()) {
                g.setColor(new Color(220, 30, 30));
                g.fillPolygon(new int[] {width - barWidth + 14, width - barWidth + 19, width - barWidth + 14, width - barWidth + 9},
                        new int[] {legendY - 10, legendY - 5, legendY, legendY - 5}, 4);
                g.setColor(Color.DARK_GRAY);
                g.drawString("labelled", width - barWidth + 24, legendY);
            }
        } finally {
            g.dispose();
        }
        return writeImage(image, png);
    }

    /** A vertical colour bar from {@code lo} (bottom) to {@code hi} (top) with 5 tick labels and a title. */
    private static void colourBar(Graphics2D g, int left, int top, int barWidth, int barHeight, double lo, double hi,
                                  String label, int imageWidth) {
        for (int p = 0; p < barHeight; p++) {
            g.setColor(Palette.sequential(1 - (double) p / (barHeight - 1)));
            g.fillRect(left, top + p, barWidth, 1);
        }
        g.setColor(Color.DARK_GRAY);
        g.drawRect(left, top, barWidth, barHeight);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        if (lo <= hi) {
            java.text.DecimalFormat f = new java.text.DecimalFormat(decimalPattern(lo, hi),
                    java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT));
            for (int t = 0; t <= 4; t++) {
                double v = lo + (hi - lo) * t / 4;
                int py = top + barHeight - (int) Math.round((double) barHeight * t / 4);
                g.drawLine(left + barWidth, py, left + barWidth + 4, py);
                g.drawString(f.format(v), left + barWidth + 6, py + 4);
            }
        } else {
            g.drawString("no values", left + barWidth + 6, top + barHeight / 2);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
        int textWidth = g.getFontMetrics().stringWidth(label);
        g.drawString(label, Math.max(0, Math.min(left - 6, imageWidth - textWidth - 4)), top - 12);
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

    /** The colour level of {@code v} among {@code levels} equal ranges of [lo, hi]; -1 when not finite. */
    private static int level(double v, double lo, double hi, int levels) {
        if (!Double.isFinite(v)) {
            return -1;
        }
        return lo < hi ? Math.min(levels - 1, (int) ((v - lo) / (hi - lo) * levels)) : levels / 2;
    }

    /**
     * Tick-label formats for both axes from the finite data range: at most one decimal more than a tenth
     * of the range needs, trailing zeros dropped (so {@code 4.949999809265137} becomes {@code 4.95}),
     * scientific notation for tiny or huge magnitudes.
     */
    static void tickPatterns(XYChart chart, double[] x, double[] y) {
        chart.getStyler().setxAxisTickLabelsFormattingFunction(tickFormat(tickPattern(x)));
        chart.getStyler().setyAxisTickLabelsFormattingFunction(tickFormat(tickPattern(y)));
        // axis ends on round numbers, so XChart's ticks fall on round numbers too
        double[] nx = niceRange(x);
        if (nx != null && chart.getStyler().getXAxisMin() == null && chart.getStyler().getXAxisMax() == null) {
            chart.getStyler().setXAxisMin(nx[0]);
            chart.getStyler().setXAxisMax(nx[1]);
        }
        double[] ny = niceRange(y);
        if (ny != null && chart.getStyler().getYAxisMin() == null && chart.getStyler().getYAxisMax() == null) {
            chart.getStyler().setYAxisMin(ny[0]);
            chart.getStyler().setYAxisMax(ny[1]);
        }
        if (nx != null && ny != null) {
            // XChart puts ticks on the data values when they are equally spaced (a function grid: 34 ticks);
            // one invisible point off that grid makes it choose round ticks instead
            XYSeries offGrid = chart.addSeries(" ", new double[] {nx[0] + 0.4142 * (nx[1] - nx[0])},
                    new double[] {ny[0] + 0.4142 * (ny[1] - ny[0])});
            offGrid.setShowInLegend(false);
            offGrid.setMarker(SeriesMarkers.NONE);
            offGrid.setLineColor(new Color(0, 0, 0, 0));
            offGrid.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        }
    }

    /**
     * The finite range of {@code values} widened to multiples of a round step (1, 2, 2.5 or 5 times a power
     * of ten, about a tenth of the range), or null when there is no finite value.
     */
    static double[] niceRange(double[] values) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (lo > hi) return null;
        if (lo == hi) return new double[] {lo - 0.5, hi + 0.5};
        double raw = (hi - lo) / 10;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / magnitude;
        double step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * magnitude;
        // a little slack so float32 noise (4.9499998 for 4.95) does not add a whole step
        return new double[] {Math.floor(lo / step + 1e-6) * step, Math.ceil(hi / step - 1e-6) * step};
    }

    /** Formats tick values with {@code pattern}, writing rounding noise around zero as {@code 0}, never {@code -0}. */
    static java.util.function.Function<Double, String> tickFormat(String pattern) {
        java.text.DecimalFormat f = new java.text.DecimalFormat(pattern,
                java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT));
        return v -> {
            String text = f.format(v);
            return text.matches("-0([.,]0*)?(E0)?") ? text.substring(1) : text;
        };
    }

    /** The tick-label pattern for data {@code values} (see {@link #tickPatterns}). */
    static String tickPattern(double[] values) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (lo > hi) return "0.##";
        double magnitude = Math.max(Math.abs(lo), Math.abs(hi));
        if (magnitude >= 1e5 || (magnitude < 0.01 && magnitude > 0)) return "0.##E0";
        double step = hi > lo ? (hi - lo) / 10 : Math.max(magnitude, 1) / 10;
        int decimals = Math.max(0, Math.min(6, (int) Math.ceil(-Math.log10(step)) + 1));
        return decimals == 0 ? "#,##0" : "#,##0." + "#".repeat(decimals);
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
        style(chart);
        return chart;
    }

    private static void style(XYChart chart) {
        XYStyler styler = chart.getStyler();
        styler.setAntiAlias(true);
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesColor(new Color(225, 225, 225));
        styler.setLocale(java.util.Locale.ROOT);
    }

    private static Path write(XYChart chart, Path png) {
        try {
            return writeBytes(BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG), png);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write plot " + png.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    private static Path writeImage(java.awt.image.BufferedImage image, Path png) {
        try {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(image, "png", bytes);
            return writeBytes(bytes.toByteArray(), png);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write plot " + png.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    private static Path writeBytes(byte[] bytes, Path png) {
        try {
            Path parent = png.toAbsolutePath().getParent();
            Files.createDirectories(parent);
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
