package org.aquasurf.store;

/**
 * One finished evaluation in the order results reached the store, over all workers: {@code step}
 * counts from 1; validation accuracy is NaN for a FAILED class or a diverged run; {@code workerId}
 * is null and {@code finishedAtMillis} 0 for results that carry no completion time (imported, or
 * stored by an older version).
 */
public record Completion(int step, long classId, String name, ClassStatus status, double validationAccuracy,
                         String workerId, long finishedAtMillis) {}
