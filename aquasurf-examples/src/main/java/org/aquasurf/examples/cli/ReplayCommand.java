package org.aquasurf.examples.cli;

import org.aquasurf.examples.plot.Plots;
import org.aquasurf.search.AquaSurf;
import org.aquasurf.search.ReplayReport;
import org.aquasurf.search.Suggesters;
import org.aquasurf.store.ActBench;
import org.aquasurf.store.FunctionStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code aquasurf replay}: runs searches with several suggesters (by default the paper's surrogate,
 * the ensemble surrogate and random search) against stored results (an Act-Bench file or a search
 * database) instead of training, over several seeds, and reports per suggester how many evaluations
 * it needs to reach the top 1% and the best; plots each one's mean best-so-far per step with its
 * range over the seeds.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay suggesters (surrogates, random search) side by side on stored results (no training).")
public final class ReplayCommand implements Callable<Integer> {

    @Option(names = "--file", description = "Act-Bench JSON file to replay (imported into a temporary database)")
    Path file;

    @Option(names = "--db", description = "search database with results to replay (instead of --file): SQLite file or JDBC URL")
    String db;

    @Option(names = "--suggesters", split = ",", description = "suggesters to compare: paper, ensemble, random (default: paper,ensemble,random)")
    List<String> suggesters = List.of(Suggesters.PAPER, Suggesters.ENSEMBLE, Suggesters.RANDOM);

    @Option(names = "--seeds", description = "searches per suggester (default: ${DEFAULT-VALUE})")
    int seeds = 10;

    @Option(names = "--steps", description = "evaluations per search (default: ${DEFAULT-VALUE})")
    int steps = 80;

    @Option(names = "--baselines", paramLabel = "F,G,…",
            description = "functions the surrogate search evaluates first, separated by commas outside parentheses (default: none)")
    void baselines(String list) {
        baselines.addAll(splitNames(list));
    }

    final List<String> baselines = new java.util.ArrayList<>();

    /** Splits "max(relu(x),x),tanh(x)" at the commas outside parentheses: [max(relu(x),x), tanh(x)]. */
    static List<String> splitNames(String list) {
        List<String> names = new java.util.ArrayList<>();
        int depth = 0, start = 0;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (c == '(') depth++;
            else if (c == ')') depth--;
            else if (c == ',' && depth == 0) {
                names.add(list.substring(start, i).strip());
                start = i + 1;
            }
        }
        names.add(list.substring(start).strip());
        names.removeIf(String::isEmpty);
        return names;
    }

    @Option(names = "--plot", description = "PNG of mean best validation accuracy per step (default: ${DEFAULT-VALUE})")
    Path plot = Path.of("runs", "replay", "replay.png");

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if ((file == null) == (db == null)) throw new IllegalArgumentException("give exactly one of --file or --db");
        if (seeds < 1) throw new IllegalArgumentException("--seeds must be at least 1, got " + seeds);
        if (steps < 1) throw new IllegalArgumentException("--steps must be at least 1, got " + steps);
        for (String name : suggesters) {
            try {
                Suggesters.factory(name);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--suggesters " + e.getMessage(), e);
            }
        }
        if (suggesters.stream().distinct().count() < suggesters.size()) {
            throw new IllegalArgumentException("--suggesters names a suggester twice: " + String.join(",", suggesters));
        }
        if (file != null) StoreOption.requireReadableFile("--file", file);
        for (String b : baselines) {
            try {
                org.aquasurf.grammar.Parser.standard().parse(b);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--baselines " + e.getMessage(), e);
            }
        }
        if (Files.isDirectory(plot)) throw new IllegalArgumentException("--plot " + plot + " is a directory: give a .png file name");
        PrintWriter out = spec.commandLine().getOut();
        Path temp = null;
        if (file != null) temp = Files.createTempDirectory("aquasurf-replay");
        try (FunctionStore store = temp != null ? FunctionStore.open(temp.resolve("benchmark.db")) : StoreOption.openExisting(db)) {
            if (file != null) ActBench.importFile(file, store);
            ReplayReport report = AquaSurf.replay(store).baselines(baselines.toArray(String[]::new))
                    .suggesters(suggesters.toArray(String[]::new)).seeds(seeds)
                    .steps(steps).progress(line -> { out.println(line); out.flush(); }).run();
            out.print(report);
            Map<String, double[][]> series = new LinkedHashMap<>();
            for (String name : suggesters) series.put(LEGEND.getOrDefault(name, name), band(report.runs(name), steps));
            // the first evaluations of a search often train at chance: draw what lies below the lowest
            // band after a tenth of the steps on the axis, so that the race near the top stays readable
            int settled = Math.max(1, steps / 10);
            double floor = series.values().stream().mapToDouble(b -> b[2][settled - 1]).filter(Double::isFinite).min().orElse(Double.NaN);
            boolean clipped = false;
            for (double[][] b : series.values()) {
                for (int row = 1; row <= 3; row++) {
                    for (int s = 0; s < steps; s++) {
                        if (b[row][s] < floor) {
                            b[row][s] = floor;
                            clipped = true;
                        }
                    }
                }
            }
            String title = String.format(Locale.ROOT, "Replay, %d classes, %d seeds", report.classes(), seeds)
                    + (clipped ? String.format(Locale.ROOT, " (below %.3f drawn at %.3f)", floor, floor) : "");
            Plots.DEFAULT.bands(plot, title, "evaluations", "best validation accuracy so far", series);
            out.println("plot: " + plot.toAbsolutePath());
            out.flush();
        } finally {
            if (temp != null) {
                try (var files = Files.list(temp)) {
                    for (Path p : files.toList()) Files.deleteIfExists(p);
                }
                Files.deleteIfExists(temp);
            }
        }
        return 0;
    }

    /** How the plot's legend names the built-in suggesters. */
    private static final Map<String, String> LEGEND = Map.of(Suggesters.PAPER, "paper (AQuaSurF)",
            Suggesters.ENSEMBLE, "ensemble", Suggesters.RANDOM, "random search");

    /** {steps 1..n, mean, lowest, highest} over the runs of the best accuracy after each step. */
    static double[][] band(List<ReplayReport.Run> runs, int steps) {
        double[][] b = new double[4][steps];
        for (int s = 1; s <= steps; s++) {
            b[0][s - 1] = s;
            b[1][s - 1] = ReplayReport.meanBestAfter(runs, s);
            double lo = Double.NaN, hi = Double.NaN;
            for (ReplayReport.Run r : runs) {
                double[] best = r.bestByStep();
                if (best.length == 0) continue;
                double v = best[Math.min(s, best.length) - 1];
                if (!Double.isFinite(v)) continue;
                lo = Double.isNaN(lo) ? v : Math.min(lo, v);
                hi = Double.isNaN(hi) ? v : Math.max(hi, v);
            }
            b[2][s - 1] = lo;
            b[3][s - 1] = hi;
        }
        return b;
    }
}
