package org.aquasurf.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The result of training a network with one activation function. Accuracies are fractions in
 * [0, 1], losses are the loss values, {@code runtimeSeconds} is wall-clock seconds; any of them is
 * NaN when unknown or when training diverged. {@code extraJson} is a free-form JSON object
 * (e.g. a run configuration) or null.
 */
public record EvaluationResult(double trainAccuracy, double trainLoss,
                               double validationAccuracy, double validationLoss,
                               double testAccuracy, double testLoss,
                               double runtimeSeconds, String extraJson) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public EvaluationResult {
        if (extraJson != null) {
            JsonNode node;
            try {
                node = JSON.readTree(extraJson);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("extraJson is not valid JSON: " + e.getOriginalMessage());
            }
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("extraJson must be a JSON object, got: " + extraJson);
            }
        }
    }

    /** A result with only a validation accuracy (everything else NaN, no extra JSON). */
    public static EvaluationResult ofValidationAccuracy(double validationAccuracy) {
        return new EvaluationResult(Double.NaN, Double.NaN, validationAccuracy, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, null);
    }

    /** A result with train, validation and test accuracy and loss (runtime NaN, no extra JSON). */
    public static EvaluationResult of(double trainAccuracy, double trainLoss, double validationAccuracy,
                                      double validationLoss, double testAccuracy, double testLoss) {
        return new EvaluationResult(trainAccuracy, trainLoss, validationAccuracy, validationLoss,
                testAccuracy, testLoss, Double.NaN, null);
    }

    /** This result with the given runtime in seconds. */
    public EvaluationResult withRuntimeSeconds(double seconds) {
        return new EvaluationResult(trainAccuracy, trainLoss, validationAccuracy, validationLoss,
                testAccuracy, testLoss, seconds, extraJson);
    }

    /** This result with the given extra JSON object (or null). */
    public EvaluationResult withExtraJson(String json) {
        return new EvaluationResult(trainAccuracy, trainLoss, validationAccuracy, validationLoss,
                testAccuracy, testLoss, runtimeSeconds, json);
    }
}
