package org.aquasurf.database;

/**
 * Outcome of {@link ActivationFunctionDatabase#computeFisherFeatures}: classes whose features
 * this call computed and stored, how many of those are not finite (the network overflows at
 * initialization; the surrogate leaves them out), those whose computation failed (stored as an
 * empty vector with the error), those another worker stored first, and the wall-clock seconds spent.
 */
public record FeatureReport(int computed, int notFinite, int failed, int takenByOthers, double seconds) {}
