package org.aquasurf.store;

import java.util.Arrays;

/**
 * One equivalence class as stored: its id and canonical key (lower-case hex), the representative
 * function name, status,
 * the worker that claimed it (or null), its result (null unless an evaluation was recorded), its
 * Fisher feature vector (null when not computed, empty when computing failed) and the error
 * of that computation (or null), and the error of a failed evaluation (or null).
 */
public record FunctionRecord(long classId, String key, String name, ClassStatus status, String claimedBy,
                             EvaluationResult result, double[] features, String featuresError,
                             String evaluationError) {

    public FunctionRecord {
        features = features == null ? null : features.clone();
    }

    /** A copy of the feature vector, or null. */
    @Override public double[] features() {
        return features == null ? null : features.clone();
    }

    /** The validation accuracy, NaN when none is recorded. */
    public double validationAccuracy() {
        return result == null ? Double.NaN : result.validationAccuracy();
    }

    /** True when the feature vector is non-empty and every entry is finite. */
    public boolean hasFiniteFeatures() {
        return features != null && features.length > 0 && Arrays.stream(features).allMatch(Double::isFinite);
    }

    @Override public boolean equals(Object o) {
        return o instanceof FunctionRecord r && classId == r.classId && key.equals(r.key) && name.equals(r.name)
                && status == r.status && java.util.Objects.equals(claimedBy, r.claimedBy)
                && java.util.Objects.equals(result, r.result) && Arrays.equals(features, r.features)
                && java.util.Objects.equals(featuresError, r.featuresError)
                && java.util.Objects.equals(evaluationError, r.evaluationError);
    }

    @Override public int hashCode() {
        return java.util.Objects.hash(classId, key, name, status) * 31 + Arrays.hashCode(features);
    }

    @Override public String toString() {
        return "FunctionRecord[" + classId + " " + name + " " + status
                + (result == null ? "" : " val_acc=" + result.validationAccuracy())
                + (features == null ? "" : " features=" + features.length) + "]";
    }
}
