package org.aquasurf.store;

/**
 * A worker's lease on computing the Fisher features of one class: held until the features (or the
 * error) are stored or the claim is released; a claim whose heartbeat is older than the lease may
 * be taken over by another worker. {@code lease} grows with every claim of the class.
 */
public record FeatureClaim(long classId, String name, String workerId, long lease) {}
