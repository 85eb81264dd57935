package org.aquasurf.store;

/**
 * A light view of one class for ranking: id, representative name, status, validation accuracy
 * (NaN unless DONE with a finite one) and the length of its stored feature vector (-1 when not
 * computed, 0 when computing failed).
 */
public record ClassState(long classId, String name, ClassStatus status, double validationAccuracy, int featureLength) {}
