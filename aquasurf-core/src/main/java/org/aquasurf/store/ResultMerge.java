package org.aquasurf.store;

import java.util.HashMap;
import java.util.Map;

/**
 * What one import does when several results reach one class. A class already DONE before the
 * import keeps its stored result. Among the file's own entries, the first result of a class is
 * stored; a later entry with the same values changes nothing; a later entry with different values
 * (the benchmark told apart functions that are one class here) makes the class's result the mean
 * of the file's results for it, field by field over the known (non-NaN) values, keeping the first
 * entry's extra JSON. The mean is well defined whatever the order of the entries.
 */
final class ResultMerge {

    /** What happened to one entry's result. */
    enum Outcome {
        /** the class's first result: stored */
        FIRST,
        /** same values as all the file's earlier entries of the class: nothing to store */
        SAME,
        /** the class's entries in the file differ (this one or an earlier one): the mean is stored */
        AVERAGED,
        /** the class was DONE before the import with these values */
        SAME_AS_STORED,
        /** the class was DONE before the import with other values: they are kept */
        KEPT_STORED
    }

    private static final int FIELDS = 7;

    /** Per class with a result from this import: sums and counts of known values per field, first result, all equal so far. */
    private final Map<Long, Sums> classes = new HashMap<>();

    private static final class Sums {
        final double[] sum = new double[FIELDS];
        final int[] known = new int[FIELDS];
        final EvaluationResult first;
        boolean allSame = true;

        Sums(EvaluationResult first) { this.first = first; }

        void add(double[] values) {
            for (int i = 0; i < FIELDS; i++) {
                if (!Double.isNaN(values[i])) {
                    sum[i] += values[i];
                    known[i]++;
                }
            }
        }
    }

    /** True if the class already has a result from this import. */
    boolean holds(long classId) {
        return classes.containsKey(classId);
    }

    /**
     * Adds an entry's result for a class; {@code stored} is the class's result from before the
     * import (null if it was not DONE; ignored once the class holds a result of this import).
     */
    Outcome add(long classId, EvaluationResult stored, EvaluationResult result) {
        Sums s = classes.get(classId);
        if (s == null) {
            if (stored != null) return sameValues(stored, result) ? Outcome.SAME_AS_STORED : Outcome.KEPT_STORED;
            s = new Sums(result);
            s.add(values(result));
            classes.put(classId, s);
            return Outcome.FIRST;
        }
        s.add(values(result));
        s.allSame &= sameValues(s.first, result);
        return s.allSame ? Outcome.SAME : Outcome.AVERAGED;
    }

    /** The mean of this import's results for the class (NaN where no entry knew the field); the first result while all are equal. */
    EvaluationResult mean(long classId) {
        Sums s = classes.get(classId);
        if (s.allSame) return s.first;
        double[] m = new double[FIELDS];
        for (int i = 0; i < FIELDS; i++) m[i] = s.known[i] == 0 ? Double.NaN : s.sum[i] / s.known[i];
        return new EvaluationResult(m[0], m[1], m[2], m[3], m[4], m[5], m[6], s.first.extraJson());
    }

    private static double[] values(EvaluationResult r) {
        return new double[] {r.trainAccuracy(), r.trainLoss(), r.validationAccuracy(), r.validationLoss(),
                r.testAccuracy(), r.testLoss(), r.runtimeSeconds()};
    }

    /** Equal numbers field by field (NaN equals NaN); extra JSON is not compared. */
    static boolean sameValues(EvaluationResult a, EvaluationResult b) {
        double[] x = values(a);
        double[] y = values(b);
        for (int i = 0; i < FIELDS; i++) if (Double.compare(x[i], y[i]) != 0) return false;
        return true;
    }
}
