package org.aquasurf.search;

import java.util.List;
import java.util.Locale;

/**
 * Outcome of a {@link Replay}: number of classes in the benchmark, its best validation accuracy,
 * the threshold of its top 1% (the accuracy of the ceil(1%)-th best class), and one run per seed
 * for the surrogate search and for random search.
 */
public record ReplayReport(int classes, double best, double top1PercentThreshold,
                           List<Run> surrogate, List<Run> random) {

    public ReplayReport {
        surrogate = List.copyOf(surrogate);
        random = List.copyOf(random);
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

    /** Mean evaluations to reach the best over the runs that reached it (NaN if none did). */
    public static double meanEvaluationsToBest(List<Run> runs) {
        return mean(runs.stream().mapToInt(Run::evaluationsToBest).toArray());
    }

    /** Mean evaluations to reach the top 1% over the runs that reached it (NaN if none did). */
    public static double meanEvaluationsToTop1Percent(List<Run> runs) {
        return mean(runs.stream().mapToInt(Run::evaluationsToTop1Percent).toArray());
    }

    private static double mean(int[] values) {
        return java.util.Arrays.stream(values).filter(v -> v > 0).average().orElse(Double.NaN);
    }

    private static long reached(int[] values) {
        return java.util.Arrays.stream(values).filter(v -> v > 0).count();
    }

    @Override public String toString() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "%d classes, best validation accuracy %.4f, top-1%% threshold %.4f%n", classes, best, top1PercentThreshold));
        for (var e : List.of(java.util.Map.entry("surrogate", surrogate), java.util.Map.entry("random", random))) {
            List<Run> runs = e.getValue();
            int[] toBest = runs.stream().mapToInt(Run::evaluationsToBest).toArray();
            int[] toTop = runs.stream().mapToInt(Run::evaluationsToTop1Percent).toArray();
            sb.append(String.format(Locale.ROOT,
                    "%-9s: evaluations to best %.1f (reached in %d/%d), to top-1%% %.1f (reached in %d/%d)%n",
                    e.getKey(), mean(toBest), reached(toBest), runs.size(), mean(toTop), reached(toTop), runs.size()));
        }
        return sb.toString();
    }
}
