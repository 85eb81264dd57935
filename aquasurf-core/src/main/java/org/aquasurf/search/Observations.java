package org.aquasurf.search;

import org.aquasurf.store.ClassState;
import org.aquasurf.store.ClassStatus;
import org.aquasurf.store.FunctionStore;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link Suggester} sees: every class with a usable feature vector (non-empty, all finite,
 * of the most common length) and finite outputs, row by row, with its state (status, validation
 * accuracy: NaN when unknown), outputs on the standard inputs and Fisher features.
 *
 * <p>A snapshot, taken by {@link #of(FunctionStore)} and renewed by {@link #refresh()}. Feature
 * vectors and outputs are cached per class across refreshes (a stored vector only changes after
 * {@link org.aquasurf.store.Features#clear()}; one of a new length is refetched), so the rows of an
 * unchanged class are the same arrays from one snapshot to the next: a surrogate may key its
 * fitted embedding on them. Do not modify the arrays. Not thread-safe.
 */
public final class Observations {
    private static final double[] NOT_FINITE = new double[0];

    private final Trials source;
    private final Map<Long, double[]> featureCache = new HashMap<>();
    /** Length of the stored vector of classes whose vector is not finite (cached as {@link #NOT_FINITE}). */
    private final Map<Long, Integer> notFiniteLength = new HashMap<>();
    private final Map<Long, double[]> outputsCache = new HashMap<>();
    private List<ClassState> classes = List.of();
    private double[][] outputs = new double[0][];
    private double[][] fisher = new double[0][];
    private double[] accuracy = new double[0];

    Observations(Trials source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    /** The observations of a store as it is now (reads it; writes nothing). */
    public static Observations of(FunctionStore store) {
        return new Observations(new StoreTrials(store)).refresh();
    }

    /** Reads the class states again (new results, claims and feature vectors); returns this. */
    public Observations refresh() {
        List<ClassState> all = source.states();
        List<Long> missing = new ArrayList<>();
        for (ClassState c : all) {
            double[] cached = featureCache.get(c.classId());
            int cachedLength = cached == NOT_FINITE ? notFiniteLength.get(c.classId()) : cached == null ? -1 : cached.length;
            if (c.featureLength() > 0 && cachedLength != c.featureLength()) {
                missing.add(c.classId());
            }
        }
        if (!missing.isEmpty()) {
            for (Map.Entry<Long, double[]> e : source.features(missing).entrySet()) {
                boolean finite = allFinite(e.getValue());
                featureCache.put(e.getKey(), finite ? e.getValue() : NOT_FINITE);
                if (!finite) notFiniteLength.put(e.getKey(), e.getValue().length);
            }
        }
        Map<Integer, Integer> lengths = new HashMap<>();
        for (ClassState c : all) {
            double[] f = c.featureLength() > 0 ? featureCache.get(c.classId()) : null;
            if (f != null && f != NOT_FINITE) lengths.merge(f.length, 1, Integer::sum);
        }
        List<ClassState> rows = new ArrayList<>();
        List<double[]> out = new ArrayList<>();
        List<double[]> feat = new ArrayList<>();
        if (!lengths.isEmpty()) {
            int length = Collections.max(lengths.entrySet(), Map.Entry.<Integer, Integer>comparingByValue()
                    .thenComparing(Map.Entry.comparingByKey())).getKey();
            for (ClassState c : all) {
                double[] f = c.featureLength() > 0 ? featureCache.get(c.classId()) : null;
                if (f == null || f == NOT_FINITE || f.length != length) continue;
                double[] o = outputs(c);
                if (o == null) continue;
                rows.add(c);
                out.add(o);
                feat.add(f);
            }
        }
        classes = List.copyOf(rows);
        outputs = out.toArray(double[][]::new);
        fisher = feat.toArray(double[][]::new);
        accuracy = new double[rows.size()];
        for (int i = 0; i < accuracy.length; i++) accuracy[i] = rows.get(i).validationAccuracy();
        return this;
    }

    /** The usable classes, one per row. */
    public List<ClassState> classes() { return classes; }

    /** Outputs on the standard inputs, one row per class (shared: do not modify). */
    public double[][] outputs() { return outputs; }

    /** Fisher features, one row per class, all of one length (shared: do not modify). */
    public double[][] fisher() { return fisher; }

    /** Validation accuracy per row, NaN when unknown (shared: do not modify). */
    public double[] accuracy() { return accuracy; }

    /** Number of rows. */
    public int size() { return classes.size(); }

    /** Whether some row has a known validation accuracy. */
    public boolean anyAccuracyKnown() {
        for (double a : accuracy) if (!Double.isNaN(a)) return true;
        return false;
    }

    /** Rows of the classes nobody has claimed or evaluated yet (NEW), ascending. */
    public List<Integer> candidates() {
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < classes.size(); i++) if (classes.get(i).status() == ClassStatus.NEW) rows.add(i);
        return rows;
    }

    private static boolean allFinite(double[] v) {
        for (double d : v) if (!Double.isFinite(d)) return false;
        return true;
    }

    /** The outputs of a class's representative, or null if one is not finite (cached: outputs never change). */
    private double[] outputs(ClassState c) {
        if (outputsCache.containsKey(c.classId())) return outputsCache.get(c.classId());
        double[] o = source.outputs(c);
        if (!allFinite(o)) o = null;
        outputsCache.put(c.classId(), o);
        return o;
    }
}
