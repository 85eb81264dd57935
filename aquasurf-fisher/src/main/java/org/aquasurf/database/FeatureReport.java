package org.aquasurf.database;

/**
 * Outcome of {@link ActivationFunctionDatabase#computeFisherFeatures}: classes whose features
 * this process computed and stored, how many of those are not finite (the network overflows at
 * initialization with that function; the surrogate skips them), those whose computation failed
 * (stored as an empty vector with the error), constant functions (stored as "constant function,
 * no Fisher features"), the classes other workers stored meanwhile, and the wall-clock seconds spent.
 */
public record FeatureReport(int computed, int notFinite, int failed, int constant, int byOtherWorkers, double seconds) {}
