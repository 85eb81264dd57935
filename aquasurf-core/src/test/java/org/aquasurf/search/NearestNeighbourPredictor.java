package org.aquasurf.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A plain k-nearest-neighbour regressor on the raw features (mean output distance plus mean Fisher
 * distance): a real, simple surrogate for tests until the UMAP surrogate is available.
 */
final class NearestNeighbourPredictor implements AccuracyPredictor {
    private final int k;

    NearestNeighbourPredictor(int k) { this.k = k; }

    @Override public double[] predict(double[][] outputs, double[][] fisher, double[] accuracy) {
        List<Integer> known = new ArrayList<>();
        for (int i = 0; i < accuracy.length; i++) if (Double.isFinite(accuracy[i])) known.add(i);
        double[] out = new double[accuracy.length];
        for (int i = 0; i < accuracy.length; i++) {
            double[] d = new double[accuracy.length];
            for (int j : known) d[j] = distance(outputs, fisher, i, j);
            List<Integer> nearest = new ArrayList<>(known);
            nearest.sort(Comparator.comparingDouble(j -> d[j]));
            double s = 0;
            int n = Math.min(k, nearest.size());
            for (int t = 0; t < n; t++) s += accuracy[nearest.get(t)];
            out[i] = s / n;
        }
        return out;
    }

    private static double distance(double[][] outputs, double[][] fisher, int a, int b) {
        double d = 0;
        for (int i = 0; i < outputs[a].length; i++) {
            double u = Math.max(-10, Math.min(10, outputs[a][i])) - Math.max(-10, Math.min(10, outputs[b][i]));
            d += u * u;
        }
        double f = 0;
        for (int i = 0; i < fisher[a].length; i++) f += Math.abs(fisher[a][i] - fisher[b][i]);
        return Math.sqrt(d / outputs[a].length) + f / fisher[a].length;
    }
}
