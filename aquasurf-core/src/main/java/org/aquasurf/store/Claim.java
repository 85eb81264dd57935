package org.aquasurf.store;

/**
 * A class claimed by a worker: it is RUNNING and belongs to {@code workerId} until completed,
 * failed or released. {@code lease} tells this claim apart from earlier and later claims of the
 * same class (by the same worker too): it grows with every claim of a class.
 */
public record Claim(long classId, String name, String workerId, long lease) {}
