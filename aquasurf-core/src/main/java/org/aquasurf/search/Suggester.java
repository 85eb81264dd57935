package org.aquasurf.search;

import org.aquasurf.eval.Evaluator;
import org.aquasurf.store.ClassStatus;
import org.aquasurf.store.ClassState;
import org.aquasurf.store.Claim;
import org.aquasurf.store.FunctionRecord;
import org.aquasurf.store.FunctionStore;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;

/**
 * Chooses the next function to evaluate: the first NEW baseline in the given order, otherwise the
 * NEW class with the highest predicted validation accuracy.
 *
 * <p>Only classes with a usable feature vector take part in prediction: non-empty, all finite,
 * of the most common length, with finite outputs. Feature vectors and outputs are cached per
 * class (a stored vector only changes after {@link FunctionStore#clearFeatures()}; a vector of a
 * new length is refetched). Outputs come from the store's canonicalizer's evaluator. While no such class has a known accuracy, the
 * candidates are ranked in a seeded random order. Not thread-safe (use one per worker thread).
 */
public final class Suggester {
    private final FunctionStore store;
    private final AccuracyPredictor predictor;
    private final List<String> baselines;
    private final Evaluator evaluator;
    private final Random random;
    private final Map<Long, double[]> outputsCache = new HashMap<>();
    /** Feature vectors by class id; refetched when the stored length changes (after clearing). */
    private final Map<Long, double[]> featureCache = new HashMap<>();
    private static final double[] NOT_FINITE = new double[0];

    /**
     * @param store     the classes to choose from
     * @param predictor the surrogate
     * @param baselines functions evaluated first, in this order (each must be stored)
     * @param seed      seeds the random order used before any accuracy is known
     */
    public Suggester(FunctionStore store, AccuracyPredictor predictor, List<String> baselines, long seed) {
        this.store = Objects.requireNonNull(store, "store");
        this.predictor = Objects.requireNonNull(predictor, "predictor");
        this.baselines = List.copyOf(baselines);
        this.evaluator = store.canonicalizer().evaluator();
        this.random = new Random(seed);
    }

    /** The function that would be suggested now, without claiming it. */
    public Optional<String> suggest() {
        for (String b : baselines) {
            FunctionRecord r = baseline(b);
            if (r.status() == ClassStatus.NEW) return Optional.of(r.name());
        }
        List<ClassState> ranking = ranking();
        return ranking.isEmpty() ? Optional.empty() : Optional.of(ranking.get(0).name());
    }

    /**
     * Suggests and atomically claims a class for {@code workerId}: baselines first, then candidates
     * by descending prediction; when another worker claims a candidate first, the next one is taken.
     * Empty when no candidate is left or the budget (RUNNING + DONE + FAILED classes) is reached.
     */
    public Optional<Claim> suggestAndClaim(String workerId, long budget) {
        for (String b : baselines) {
            FunctionRecord r = baseline(b);
            if (r.status() != ClassStatus.NEW) continue;
            Optional<Claim> c = store.claim(r.classId(), workerId, budget);
            if (c.isPresent()) return c;
            if (budgetReached(budget)) return Optional.empty();
        }
        for (ClassState r : ranking()) {
            Optional<Claim> c = store.claim(r.classId(), workerId, budget);
            if (c.isPresent()) return c;
            if (budgetReached(budget)) return Optional.empty();
        }
        return Optional.empty();
    }

    private boolean budgetReached(long budget) {
        return store.count(ClassStatus.RUNNING) + store.count(ClassStatus.DONE) + store.count(ClassStatus.FAILED) >= budget;
    }

    private FunctionRecord baseline(String name) {
        return store.find(name).orElseThrow(() -> new IllegalArgumentException(
                "baseline function '" + name + "' is not in store " + store.location() + "; populate it first"));
    }

    /** NEW classes with usable features, best predicted first (ties by class id). */
    public List<ClassState> ranking() {
        SurrogateInputs in = surrogateInputs();
        List<Integer> candidates = new ArrayList<>();
        boolean anyKnown = false;
        for (int i = 0; i < in.classes().size(); i++) {
            anyKnown |= Double.isFinite(in.accuracy()[i]);
            if (in.classes().get(i).status() == ClassStatus.NEW) candidates.add(i);
        }
        if (candidates.isEmpty()) return List.of();
        if (!anyKnown) {
            Collections.shuffle(candidates, random);
            return candidates.stream().map(i -> in.classes().get(i)).toList();
        }
        double[] predicted = predictor.predict(in.outputs(), in.fisher(), in.accuracy());
        if (predicted == null || predicted.length != in.classes().size()) {
            throw new IllegalStateException("predictor returned " + (predicted == null ? "null" : predicted.length
                    + " predictions") + " for " + in.classes().size() + " functions");
        }
        Comparator<Integer> byPrediction = Comparator.comparingDouble(
                i -> Double.isNaN(predicted[i]) ? Double.NEGATIVE_INFINITY : predicted[i]);
        candidates.sort(byPrediction.reversed().thenComparingLong(i -> in.classes().get(i).classId()));
        return candidates.stream().map(i -> in.classes().get(i)).toList();
    }

    /**
     * What the surrogate sees: every class with a usable feature vector (non-empty, all finite, of the
     * most common length) and finite outputs, with its outputs, features and validation accuracy (NaN
     * when unknown), row by row. Arrays are shared with this suggester's cache: do not modify them.
     */
    public record SurrogateInputs(List<ClassState> classes, double[][] outputs, double[][] fisher, double[] accuracy) {}

    /** The surrogate's inputs for the store as it is now (see {@link SurrogateInputs}). */
    public SurrogateInputs surrogateInputs() {
        List<Usable> usable = usable(store.states());
        int n = usable.size();
        double[][] outputs = new double[n][];
        double[][] fisher = new double[n][];
        double[] accuracy = new double[n];
        for (int i = 0; i < n; i++) {
            outputs[i] = usable.get(i).outputs();
            fisher[i] = usable.get(i).features();
            accuracy[i] = usable.get(i).state().validationAccuracy();
        }
        return new SurrogateInputs(usable.stream().map(Usable::state).toList(), outputs, fisher, accuracy);
    }

    /** A class that takes part in prediction, with its features and outputs. */
    private record Usable(ClassState state, double[] features, double[] outputs) {}

    private List<Usable> usable(List<ClassState> all) {
        List<Long> missing = new ArrayList<>();
        for (ClassState c : all) {
            double[] cached = featureCache.get(c.classId());
            if (c.featureLength() > 0 && (cached == null || cached.length != c.featureLength())) missing.add(c.classId());
        }
        if (!missing.isEmpty()) {
            for (Map.Entry<Long, double[]> e : store.features(missing).entrySet()) {
                featureCache.put(e.getKey(), allFinite(e.getValue()) ? e.getValue() : NOT_FINITE);
            }
        }
        Map<Integer, Integer> lengths = new HashMap<>();
        for (ClassState c : all) {
            double[] f = c.featureLength() > 0 ? featureCache.get(c.classId()) : null;
            if (f != null && f != NOT_FINITE) lengths.merge(f.length, 1, Integer::sum);
        }
        if (lengths.isEmpty()) return List.of();
        int length = Collections.max(lengths.entrySet(), Map.Entry.<Integer, Integer>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey())).getKey();
        List<Usable> usable = new ArrayList<>();
        for (ClassState c : all) {
            double[] f = c.featureLength() > 0 ? featureCache.get(c.classId()) : null;
            if (f == null || f == NOT_FINITE || f.length != length) continue;
            double[] outputs = outputs(c);
            if (outputs != null) usable.add(new Usable(c, f, outputs));
        }
        return usable;
    }

    private static boolean allFinite(double[] v) {
        for (double d : v) if (!Double.isFinite(d)) return false;
        return true;
    }

    /** The outputs of a class's representative, or null if one is not finite (cached: outputs never change). */
    private double[] outputs(ClassState c) {
        if (outputsCache.containsKey(c.classId())) return outputsCache.get(c.classId());
        double[] o = evaluator.outputs(c.name());
        if (!allFinite(o)) o = null;
        outputsCache.put(c.classId(), o);
        return o;
    }
}
