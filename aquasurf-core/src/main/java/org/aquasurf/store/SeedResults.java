package org.aquasurf.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.ToDoubleFunction;

import static org.aquasurf.store.ActBench.*;

/**
 * The trainings of one class with several training seeds: {@code results.get(i)} was trained with
 * {@code seeds.get(i)}. A store keeps one result per class, {@link #mean()}: every field the mean
 * over the seeds, and in its extra JSON the seeds ({@link ActBench#TRAINING_SEEDS}) and, with two or
 * more seeds, each field's values ({@code "Validation Accuracy per Seed"}, ...), which an
 * Act-Bench export writes and an import reads back ({@link #of}).
 */
public record SeedResults(List<Integer> seeds, List<EvaluationResult> results) {

    /** The result fields with their getters, in {@link ActBench#RESULT_FIELDS}' order. */
    private static final List<Field> FIELDS = List.of(
            new Field(TRAIN_ACCURACY, EvaluationResult::trainAccuracy), new Field(TRAIN_LOSS, EvaluationResult::trainLoss),
            new Field(VALIDATION_ACCURACY, EvaluationResult::validationAccuracy), new Field(VALIDATION_LOSS, EvaluationResult::validationLoss),
            new Field(TEST_ACCURACY, EvaluationResult::testAccuracy), new Field(TEST_LOSS, EvaluationResult::testLoss),
            new Field(RUNTIME, EvaluationResult::runtimeSeconds));
    private static final ObjectMapper JSON = ActBenchReader.JSON;

    private record Field(String name, ToDoubleFunction<EvaluationResult> get) {}

    /** @throws IllegalArgumentException when the lists differ in length, are empty or repeat a seed */
    public SeedResults {
        seeds = List.copyOf(seeds);
        results = List.copyOf(results);
        if (seeds.isEmpty() || seeds.size() != results.size()) {
            throw new IllegalArgumentException("one result per training seed, got " + seeds.size() + " seeds and " + results.size() + " results");
        }
        Set<Integer> distinct = new HashSet<>(seeds);
        if (distinct.size() != seeds.size()) throw new IllegalArgumentException("training seed repeated in " + seeds);
    }

    /**
     * The trainings a result holds: those of its extra JSON when it records its training seeds,
     * else the result as the one training of seed {@code unrecorded}.
     *
     * @throws IllegalArgumentException when it records no seed and {@code unrecorded} is null
     */
    public static SeedResults of(EvaluationResult result, Integer unrecorded) {
        ObjectNode extra = extra(result);
        List<Integer> seeds = recordedSeeds(extra);
        if (seeds == null) {
            if (unrecorded == null) throw new IllegalArgumentException("the result records no training seed");
            return new SeedResults(List.of(unrecorded), List.of(result));
        }
        ObjectNode rest = extra.deepCopy();
        rest.remove(TRAINING_SEEDS);
        for (Field f : FIELDS) rest.remove(f.name() + PER_SEED);
        String restJson = rest.isEmpty() ? null : rest.toString();
        if (seeds.size() == 1) return new SeedResults(seeds, List.of(result.withExtraJson(restJson)));
        List<EvaluationResult> results = new ArrayList<>();
        for (int i = 0; i < seeds.size(); i++) {
            double[] v = new double[FIELDS.size()];
            for (int j = 0; j < v.length; j++) {
                JsonNode list = extra.get(FIELDS.get(j).name() + PER_SEED);
                v[j] = list == null ? Double.NaN : number(list.get(i));
            }
            results.add(new EvaluationResult(v[0], v[1], v[2], v[3], v[4], v[5], v[6], restJson));
        }
        return new SeedResults(seeds, results);
    }

    /** These trainings and {@code other}'s. @throws IllegalArgumentException when a seed is in both */
    public SeedResults plus(SeedResults other) {
        for (int s : other.seeds) {
            if (seeds.contains(s)) throw new IllegalArgumentException("training seed " + s + " is in both");
        }
        List<Integer> s = new ArrayList<>(seeds);
        s.addAll(other.seeds);
        List<EvaluationResult> r = new ArrayList<>(results);
        r.addAll(other.results);
        return new SeedResults(s, r);
    }

    /**
     * The class's result: each field the mean of its values over the seeds (NaN when any is NaN,
     * +Infinity when a loss diverged); its extra JSON is the first result's with the seeds and, for
     * two or more seeds, every field's per-seed values added.
     */
    public EvaluationResult mean() {
        double[] m = new double[FIELDS.size()];
        for (int j = 0; j < m.length; j++) m[j] = mean(FIELDS.get(j).get());
        ObjectNode extra = extra(results.get(0));
        if (extra == null) extra = JSON.createObjectNode();
        ArrayNode s = extra.putArray(TRAINING_SEEDS);
        seeds.forEach(s::add);
        if (seeds.size() > 1) {
            for (Field f : FIELDS) {
                ArrayNode list = extra.putArray(f.name() + PER_SEED);
                for (EvaluationResult r : results) list.add(f.get().applyAsDouble(r));
            }
        }
        return new EvaluationResult(m[0], m[1], m[2], m[3], m[4], m[5], m[6], extra.toString());
    }

    /** The mean of one field over the seeds. */
    private double mean(ToDoubleFunction<EvaluationResult> field) {
        double sum = 0;
        for (EvaluationResult r : results) sum += field.applyAsDouble(r);
        return sum / results.size();
    }

    /** The seeds listed under {@link ActBench#TRAINING_SEEDS} in a result's extra JSON, in order; null when it lists none. */
    static List<Integer> recordedSeeds(EvaluationResult result) {
        return recordedSeeds(extra(result));
    }

    private static List<Integer> recordedSeeds(ObjectNode extra) {
        JsonNode seedList = extra == null ? null : extra.get(TRAINING_SEEDS);
        if (seedList == null) return null;
        List<Integer> seeds = new ArrayList<>();
        for (JsonNode s : seedList) seeds.add(s.asInt());
        return seeds;
    }

    private static ObjectNode extra(EvaluationResult r) {
        if (r.extraJson() == null) return null;
        try {
            return (ObjectNode) JSON.readTree(r.extraJson());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("extra JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static double number(JsonNode n) {
        if (n == null || n.isNull()) return Double.NaN;
        if (n.isTextual()) return Double.parseDouble(n.asText()); // "NaN", "Infinity" as Jackson may write them
        return n.doubleValue();
    }
}
