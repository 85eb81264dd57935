package org.aquasurf.search;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Outcome of a {@link Replay}: number of classes in the benchmark, its best validation accuracy,
 * the threshold of its top 1% (the accuracy of the ceil(1%)-th best class), the steps per search,
 * and per suggester (by label, in the replay's order) one run per seed.
 */
public record ReplayReport(int classes, double best, double top1PercentThreshold, int steps,
                           Map<String, List<Run>> runs) {

    public ReplayReport {
        Map<String, List<Run>> copy = new LinkedHashMap<>();
        runs.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        runs = Collections.unmodifiableMap(copy);
    }

    /**
     * One search: its seed, the best validation accuracy after each evaluation (NaN until a finite
     * one is seen), and the 1-based number of evaluations after which the benchmark's best and its
     * top 1% were reached (-1 if not within the steps; random search counts over its whole order).
     */
    public record Run(long seed, double[] bestByStep, int evaluationsToBest, int evaluationsToTop1Percent) {
        public Run {
            bestByStep = bestByStep.clone();
        }

        @Override public double[] bestByStep() {
            return bestByStep.clone();
        }
    }

    /**
     * Evaluations to reach a target over the runs of one suggester: mean, lowest and highest over the
     * runs that reached it (NaN and -1 when none did), and how many of how many runs missed it.
     */
    public record Reach(double mean, int min, int max, int missed, int runs) {
        static Reach of(int[] evaluations) {
            int[] reached = Arrays.stream(evaluations).filter(v -> v > 0).toArray();
            return new Reach(Arrays.stream(reached).average().orElse(Double.NaN),
                    Arrays.stream(reached).min().orElse(-1), Arrays.stream(reached).max().orElse(-1),
                    evaluations.length - reached.length, evaluations.length);
        }
    }

    /** The runs of the suggester with this label. */
    public List<Run> runs(String label) {
        List<Run> r = runs.get(label);
        if (r == null) throw new IllegalArgumentException("no suggester '" + label + "' in this replay: " + runs.keySet());
        return r;
    }

    /** Evaluations to the benchmark's best for the suggester with this label. */
    public Reach toBest(String label) {
        return Reach.of(runs(label).stream().mapToInt(Run::evaluationsToBest).toArray());
    }

    /** Evaluations to the benchmark's top 1% for the suggester with this label. */
    public Reach toTop1Percent(String label) {
        return Reach.of(runs(label).stream().mapToInt(Run::evaluationsToTop1Percent).toArray());
    }

    /** Mean over runs of the best accuracy after {@code step} evaluations (1-based; runs that stopped earlier count their last value). */
    public static double meanBestAfter(List<Run> runs, int step) {
        double sum = 0;
        int n = 0;
        for (Run r : runs) {
            double[] b = r.bestByStep;
            if (b.length == 0) continue;
            double v = b[Math.min(step, b.length) - 1];
            if (Double.isFinite(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /**
     * A table: per suggester the mean, lowest and highest evaluations to the top 1% and to the best
     * over the seeds that reached them within the steps, how many seeds missed each, and the mean best
     * accuracy after the last step.
     */
    @Override public String toString() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "%d classes, best validation accuracy %.4f, top-1%% threshold %.4f, %d steps%n", classes, best,
                top1PercentThreshold, steps));
        int width = Math.max(9, runs.keySet().stream().mapToInt(String::length).max().orElse(0));
        sb.append(String.format(Locale.ROOT, "%-" + width + "s  %-28s  %-28s  %s%n", "suggester",
                "evaluations to top 1%", "evaluations to the best", "mean best"));
        sb.append(String.format(Locale.ROOT, "%-" + width + "s  %-28s  %-28s  %s%n", "",
                "mean (min-max)  missed", "mean (min-max)  missed", "after " + steps));
        for (String label : runs.keySet()) {
            sb.append(String.format(Locale.ROOT, "%-" + width + "s  %-28s  %-28s  %.4f%s%n", label, cell(toTop1Percent(label)),
                    cell(toBest(label)), meanBestAfter(runs(label), steps),
                    runs(label).stream().anyMatch(r -> r.evaluationsToBest() > steps) ? "  (counts over its whole random order)" : ""));
        }
        return sb.toString();
    }

    private static String cell(Reach r) {
        String range = r.min() < 0 ? "(-)" : "(" + r.min() + "-" + r.max() + ")";
        return String.format(Locale.ROOT, "%6.1f %-11s %2d/%d", r.mean(), range, r.missed(), r.runs());
    }
}
