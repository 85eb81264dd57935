package org.aquasurf.store;

/**
 * A claim in progress, as {@link Leases#running()} lists it: an evaluation (the class
 * is RUNNING) or Fisher-feature work, with its worker, its lease number, and the store's clock in
 * milliseconds when it was claimed, at its last heartbeat, and now.
 */
public record RunningClaim(Kind kind, long classId, String name, String workerId, long lease, long heartbeatMillis,
                           long nowMillis) {

    /** What the claim is for. */
    public enum Kind { EVALUATION, FEATURES }

    /** Milliseconds since the claim was made (a lease number is the claim time, or one more than the previous claim's). */
    public long ageMillis() {
        return Math.max(0, nowMillis - lease);
    }

    /** Milliseconds until a claim with this lease length expires unless heartbeated (negative: expired). */
    public long leaseLeftMillis(java.time.Duration lease) {
        return heartbeatMillis + lease.toMillis() - nowMillis;
    }
}
