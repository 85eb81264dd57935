package org.aquasurf.store;

import java.lang.management.ManagementFactory;
import java.time.Instant;

/**
 * Worker ids and what can be known about a worker's life. The default id is {@code host-pid}; a
 * claim under such an id on this host whose process is gone (or whose pid now belongs to a process
 * started after the claim) is dead, so a rerun on the same machine takes its claims back at once
 * instead of waiting for the lease to run out.
 */
public final class Workers {
    private Workers() {}

    private static final String HOST = ManagementFactory.getRuntimeMXBean().getName().replaceFirst("^[0-9]+@", "");

    /** {@code host-pid} of this JVM. */
    public static String defaultId() {
        return HOST + "-" + ProcessHandle.current().pid();
    }

    /**
     * True if {@code workerId} is a default id of this host whose process no longer runs, or whose
     * pid was reused by a process started more than a second after {@code claimedAtMillis}. False
     * for live processes, other hosts and custom ids (nothing is known of them).
     */
    public static boolean isDeadOnThisHost(String workerId, long claimedAtMillis) {
        if (workerId == null || !workerId.startsWith(HOST + "-")) return false;
        String pidText = workerId.substring(HOST.length() + 1);
        if (pidText.isEmpty() || !pidText.chars().allMatch(Character::isDigit) || pidText.length() > 18) return false;
        long pid = Long.parseLong(pidText);
        if (pid == ProcessHandle.current().pid()) return false;
        var process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) return true;
        Instant started = process.get().info().startInstant().orElse(null);
        return started != null && started.toEpochMilli() > claimedAtMillis + 1000;
    }
}
