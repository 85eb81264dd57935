package org.aquasurf.examples.cli;

import org.aquasurf.store.FunctionRecord;
import org.aquasurf.store.FunctionStore;
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
            if (clearFeatureErrors) out.println("cleared the feature errors of " + store.clearFeatureErrors() + " classes");
            out.println(store.summary());
            for (FunctionRecord r : store.top(top)) {
                out.printf(Locale.ROOT, "  %.4f  %s%n", r.validationAccuracy(), store.simplestName(r.classId()).orElse(r.name()));
            }
        }
        out.flush();
        return 0;
    }
}
