package org.aquasurf.examples.cli;

import org.aquasurf.store.FunctionRecord;
import org.aquasurf.store.FunctionStore;
import org.aquasurf.store.RunningClaim;
import org.aquasurf.store.Workers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code aquasurf summary}: counts and the best functions of a search database; optionally cleans it. */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Print a search database's counts and best functions; --clean/--soft-clean reset results, "
                + "--clear-feature-errors lets failed Fisher features be computed again.")
public final class SummaryCommand implements Callable<Integer> {

    @Option(names = "--db", required = true, description = "search database: SQLite file or JDBC URL")
    String db;

    @Option(names = "--top", description = "how many of the best functions to list (default: ${DEFAULT-VALUE})")
    int top = 10;

    @Option(names = "--lease", converter = org.aquasurf.examples.search.WorkerOptions.LeaseConverter.class,
            description = "the workers' lease, to show how long each running claim has left (default: 5m)")
    java.time.Duration lease = org.aquasurf.search.Search.DEFAULT_LEASE;

    @Option(names = "--clean", description = "forget every result and status first (keeps names and features)")
    boolean clean;

    @Option(names = "--soft-clean", description = "reset classes without a validation accuracy first (unfinished or failed runs)")
    boolean softClean;

    @Option(names = "--clear-feature-errors", description = "forget failed Fisher feature computations first, so they are retried")
    boolean clearFeatureErrors;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (top < 0) throw new IllegalArgumentException("--top must be at least 0, got " + top);
        PrintWriter out = spec.commandLine().getOut();
        try (FunctionStore store = StoreOption.openExisting(db)) {
            if (clean) out.println("clean: reset " + store.clean() + " classes");
            if (softClean) out.println("soft clean: reset " + store.softClean() + " classes");
            if (clearFeatureErrors) out.println("cleared the feature errors of " + store.features().clearErrors() + " classes");
            out.println(store.summary());
            for (FunctionRecord r : store.top(top)) {
                out.printf(Locale.ROOT, "  %.4f  %s%n", r.validationAccuracy(), store.simplestName(r.classId()).orElse(r.name()));
            }
            var running = store.leases().running();
            if (!running.isEmpty()) out.println("Running (worker, age, lease left with a " + lease.toSeconds() + " s lease):");
            for (RunningClaim c : running) {
                long left = c.leaseLeftMillis(lease);
                out.printf(Locale.ROOT, "  %-10s %s  %s  age %d s  lease %s%n",
                        c.kind() == RunningClaim.Kind.EVALUATION ? "evaluation" : "features", c.name(), c.workerId(),
                        c.ageMillis() / 1000, (left >= 0 ? left / 1000 + " s left" : "expired " + -left / 1000 + " s ago")
                                + (Workers.isDeadOnThisHost(c.workerId(), c.lease()) ? " (its process is dead: a rerun takes it back)" : ""));
            }
        }
        out.flush();
        return 0;
    }
}
