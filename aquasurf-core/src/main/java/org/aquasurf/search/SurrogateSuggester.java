package org.aquasurf.search;

import org.aquasurf.store.ClassState;
import org.aquasurf.surrogate.SurrogateEmbedding;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * The AQuaSurF suggester: the NEW classes by descending predicted validation accuracy (ties by
 * class id). While no class has a known accuracy, the NEW classes come in a seeded random order.
 * With the default predictor ({@link AccuracyPredictor#surrogate(long)}) the two UMAPs and the
 * joint embedding are fitted once per set of usable classes and only the KNN regression runs per
 * suggestion. Not thread-safe (use one per worker thread).
 */
public final class SurrogateSuggester implements Suggester {
    private final AccuracyPredictor predictor;
    private final Random random;
    private final long seed;

    /** The AQuaSurF surrogate with this seed (which also seeds the order before any accuracy is known). */
    public SurrogateSuggester(long seed) {
        this(AccuracyPredictor.surrogate(seed), seed);
    }

    /**
     * @param predictor the model that predicts accuracies
     * @param seed      seeds the random order used before any accuracy is known
     */
    public SurrogateSuggester(AccuracyPredictor predictor, long seed) {
        this.predictor = Objects.requireNonNull(predictor, "predictor");
        this.random = new Random(seed);
        this.seed = seed;
    }

    @Override
    public List<ClassState> rank(Observations in) {
        List<Integer> candidates = new ArrayList<>(in.candidates());
        if (candidates.isEmpty()) return List.of();
        List<ClassState> classes = in.classes();
        if (!in.anyAccuracyKnown()) {
            Collections.shuffle(candidates, random);
            return candidates.stream().map(classes::get).toList();
        }
        double[] predicted = predictor.predict(in.outputs(), in.fisher(), in.accuracy());
        if (predicted == null || predicted.length != in.size()) {
            throw new IllegalStateException("predictor returned " + (predicted == null ? "null" : predicted.length
                    + " predictions") + " for " + in.size() + " functions");
        }
        Comparator<Integer> byPrediction = Comparator.comparingDouble(
                i -> Double.isNaN(predicted[i]) ? Double.NEGATIVE_INFINITY : predicted[i]);
        candidates.sort(byPrediction.reversed().thenComparingLong(i -> classes.get(i).classId()));
        return candidates.stream().map(classes::get).toList();
    }

    /**
     * The 2-D embedding of the observations' rows that the AQuaSurF surrogate with this suggester's
     * seed ranks by (the cached one when this suggester uses the default predictor), e.g. to plot
     * what the surrogate sees.
     */
    public SurrogateEmbedding embedding(Observations in) {
        FittedSurrogate s = predictor instanceof FittedSurrogate f ? f : (FittedSurrogate) AccuracyPredictor.surrogate(seed);
        return s.embedding(in.outputs(), in.fisher());
    }
}
