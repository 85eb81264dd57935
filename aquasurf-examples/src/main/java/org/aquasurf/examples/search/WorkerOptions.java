package org.aquasurf.examples.search;

import org.aquasurf.search.Search;
import org.aquasurf.store.Workers;
import org.aquasurf.train.Compute;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.time.Duration;

/**
 * The options of a worker that shares a store with others (a picocli mixin of {@link SearchOptions}
 * and of {@code actbench build}): its id, the lease of its claims, and its PyTorch threads.
 */
public final class WorkerOptions {

    @Option(names = "--worker", description = "worker id; a restarted worker with the same id takes back its claims (default: host-pid)")
    private String worker;

    @Option(names = "--lease", converter = LeaseConverter.class,
            description = "lease of a claim, heartbeated every quarter of it; a claim silent this long belongs to a dead worker: "
                    + "90s, 5m, 1h, or minutes (default: 5m)")
    private Duration lease = Search.DEFAULT_LEASE;

    @Option(names = "--threads", paramLabel = "N",
            description = "PyTorch intra-op threads; 0 = all cores; give 1 when one worker per core shares the machine "
                    + "(default: -Dai.djl.pytorch.num_threads if set, else all cores)")
    private Integer threads;

    /** Checks the options: IllegalArgumentException naming the first bad one. */
    public void validate() {
        if (worker != null && worker.isBlank()) throw new IllegalArgumentException("--worker must not be blank");
        if (threads != null && threads < 0) {
            throw new IllegalArgumentException("--threads must be 0 (all cores) or a positive count, got " + threads);
        }
    }

    /** The worker id: --worker, or host-pid by default. */
    public String workerId() { return worker != null ? worker : Workers.defaultId(); }

    /** How long a claim lives without a heartbeat. */
    public Duration lease() { return lease; }

    /**
     * Applies {@code --threads} to PyTorch (all cores when 0) and returns the count in effect; call before
     * training.
     */
    public int threads() { return Compute.useThreads(threads == null ? Compute.configuredThreads() : threads); }

    /** Reads a lease: {@code 90s}, {@code 5m}, {@code 1h}, or a plain number of minutes. */
    public static final class LeaseConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            var m = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(s|m|min|h)?").matcher(text.strip());
            if (!m.matches()) {
                throw new CommandLine.TypeConversionException("'" + text + "' is not a lease: write 90s, 5m, 1h or a number of minutes");
            }
            double v = Double.parseDouble(m.group(1));
            String unit = m.group(2) == null ? "m" : m.group(2);
            double seconds = v * switch (unit) { case "s" -> 1; case "h" -> 3600; default -> 60; };
            if (seconds < 1) throw new CommandLine.TypeConversionException("lease '" + text + "' is shorter than 1 s");
            return Duration.ofMillis(Math.round(seconds * 1000));
        }
    }
}
