package org.aquasurf.search;

import org.aquasurf.eval.Evaluator;
import org.aquasurf.store.ClassStatus;
import org.aquasurf.store.Claim;
import org.aquasurf.store.FunctionRecord;
import org.aquasurf.store.FunctionStore;

import java.util.ArrayList;
import java.util.Arrays;
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
 * of the most common length, with finite outputs. While no such class has a known accuracy, the
 * candidates are ranked in a seeded random order. Not thread-safe (use one per worker thread).
 */
public final class Suggester {
    private final FunctionStore store;
    private final AccuracyPredictor predictor;
    private final List<String> baselines;
    private final Evaluator evaluator;
    private final Random random;
    private final Map<Long, double[]> outputsCache = new HashMap<>();

    /**
     * @param store     the classes to choose from
     * @param predictor the surrogate
     * @param baselines functions evaluated first, in this order (each must be stored)
     * @param evaluator computes function outputs from the representative names
     * @param seed      seeds the random order used before any accuracy is known
     */
    public Suggester(FunctionStore store, AccuracyPredictor predictor, List<String> baselines,
                     Evaluator evaluator, long seed) {
        this.store = Objects.requireNonNull(store, "store");
        this.predictor = Objects.requireNonNull(predictor, "predictor");
        this.baselines = List.copyOf(baselines);
        this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
        this.random = new Random(seed);
    }

    /** The function that would be suggested now, without claiming it. */
    public Optional<String> suggest() {
        for (String b : baselines) {
            FunctionRecord r = baseline(b);
            if (r.status() == ClassStatus.NEW) return Optional.of(r.name());
        }
        List<FunctionRecord> ranking = ranking();
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
        for (FunctionRecord r : ranking()) {
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
                "baseline function '" + name + "' is not in store " + store.file() + "; populate it first"));
    }

    /** NEW classes with usable features, best predicted first (ties by class id). */
    public List<FunctionRecord> ranking() {
        List<FunctionRecord> usable = usable(store.classes());
        List<Integer> candidates = new ArrayList<>();
        boolean anyKnown = false;
        double[] accuracy = new double[usable.size()];
        for (int i = 0; i < usable.size(); i++) {
            FunctionRecord r = usable.get(i);
            accuracy[i] = r.status() == ClassStatus.DONE ? r.validationAccuracy() : Double.NaN;
            anyKnown |= Double.isFinite(accuracy[i]);
            if (r.status() == ClassStatus.NEW) candidates.add(i);
        }
        if (candidates.isEmpty()) return List.of();
        if (!anyKnown) {
            Collections.shuffle(candidates, random);
            return candidates.stream().map(usable::get).toList();
        }
        double[][] outputs = new double[usable.size()][];
        double[][] fisher = new double[usable.size()][];
        for (int i = 0; i < usable.size(); i++) {
            outputs[i] = outputs(usable.get(i));
            fisher[i] = usable.get(i).features();
        }
        double[] predicted = predictor.predict(outputs, fisher, accuracy);
        if (predicted == null || predicted.length != usable.size()) {
            throw new IllegalStateException("predictor returned " + (predicted == null ? "null" : predicted.length
                    + " predictions") + " for " + usable.size() + " functions");
        }
        Comparator<Integer> byPrediction = Comparator.comparingDouble(
                i -> Double.isNaN(predicted[i]) ? Double.NEGATIVE_INFINITY : predicted[i]);
        candidates.sort(byPrediction.reversed().thenComparingLong(i -> usable.get(i).classId()));
        return candidates.stream().map(usable::get).toList();
    }

    private List<FunctionRecord> usable(List<FunctionRecord> all) {
        Map<Integer, Integer> lengths = new HashMap<>();
        for (FunctionRecord r : all) if (r.hasFiniteFeatures()) lengths.merge(r.features().length, 1, Integer::sum);
        if (lengths.isEmpty()) return List.of();
        int length = Collections.max(lengths.entrySet(), Map.Entry.<Integer, Integer>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey())).getKey();
        List<FunctionRecord> usable = new ArrayList<>();
        for (FunctionRecord r : all) {
            if (r.hasFiniteFeatures() && r.features().length == length
                    && Arrays.stream(outputs(r)).allMatch(Double::isFinite)) {
                usable.add(r);
            }
        }
        return usable;
    }

    private double[] outputs(FunctionRecord r) {
        return outputsCache.computeIfAbsent(r.classId(), id -> evaluator.outputs(r.name()));
    }
}
