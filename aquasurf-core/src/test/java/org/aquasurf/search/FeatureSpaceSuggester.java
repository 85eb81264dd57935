package org.aquasurf.search;

import org.aquasurf.store.ClassState;
import org.aquasurf.surrogate.KernelRegressor;
import org.aquasurf.surrogate.KnnRegressor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/** Experiment: regression directly on the function outputs (no embedding); kernel (LOO bandwidth) or kNN k = 3. */
final class FeatureSpaceSuggester implements Suggester {
    private final long seed;
    private final boolean kernel;
    private final boolean ei;

    FeatureSpaceSuggester(long seed, boolean kernel, boolean ei) {
        this.seed = seed;
        this.kernel = kernel;
        this.ei = ei;
    }

    private double scale = -1;

    @Override
    public List<ClassState> rank(Observations in) {
        List<Integer> candidates = new ArrayList<>(in.candidates());
        List<ClassState> classes = in.classes();
        double[][] out = in.outputs();
        if (!in.anyAccuracyKnown()) {
            Collections.shuffle(candidates, new Random(seed));
            return candidates.stream().map(classes::get).toList();
        }
        if (scale < 0) scale = KernelRegressor.medianNearestDistance(out);
        double[] acc = in.accuracy();
        List<Integer> labelled = new ArrayList<>();
        for (int i = 0; i < acc.length; i++) if (!Double.isNaN(acc[i])) labelled.add(i);
        double[][] x = labelled.stream().map(i -> out[i]).toArray(double[][]::new);
        double[] y = labelled.stream().mapToDouble(i -> acc[i]).toArray();
        double[] score = new double[acc.length];
        if (kernel) {
            KernelRegressor k = KernelRegressor.fitSelectingBandwidth(x, y, scale > 0 ? scale : 1);
            if (ei) {
                double[] r = k.leaveOneOutResiduals();
                for (int j = 0; j < r.length; j++) r[j] = Math.abs(r[j]);
                java.util.Arrays.sort(r);
                double best = java.util.Arrays.stream(x).mapToDouble(k::predict).max().orElseThrow();
                double noise = Math.max(r.length == 0 ? 0 : 1.4826 * r[r.length / 2], 1e-4);
                candidates.parallelStream().forEach(i -> score[i] = k.expectedImprovement(out[i], best, noise, 1));
            } else {
                candidates.parallelStream().forEach(i -> score[i] = k.predict(out[i]));
            }
        } else {
            KnnRegressor k = KnnRegressor.fit(x, y, 3);
            candidates.parallelStream().forEach(i -> score[i] = k.predict(out[i]));
        }
        candidates.sort(Comparator.comparingDouble((Integer i) -> -score[i])
                .thenComparingLong(i -> RandomSuggester.key(seed, classes.get(i).classId())));
        return candidates.stream().map(classes::get).toList();
    }
}
