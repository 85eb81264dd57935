package org.aquasurf.store;

/** A class claimed by a worker: it is RUNNING and belongs to {@code workerId} until completed. */
public record Claim(long classId, String name, String workerId) {}
