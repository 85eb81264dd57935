package org.aquasurf.search;

import org.aquasurf.store.EvaluationResult;
import org.aquasurf.store.Fixtures;
import org.aquasurf.store.FunctionStore;

import java.nio.file.Path;

/**
 * "The same command" for {@link SharedWorkTest}: a search with the default worker id (host-pid)
 * and {@link SearchTest#configured}'s settings, whose evaluations log "start NAME", take
 * {@code millis} and log "done NAME". Args: JDBC URL, budget, millis, log file.
 */
public final class SearchChild {
    public static void main(String[] args) {
        String url = args[0];
        long budget = Long.parseLong(args[1]);
        long millis = Long.parseLong(args[2]);
        Path log = Path.of(args[3]);
        try (FunctionStore store = FunctionStore.open(url)) {
            SearchTest.configured(AquaSurf.search(store)).budget(budget).progress(System.out::println).evaluateWith(name -> {
                FeatureWorkChild.append(log, "start " + name);
                Thread.sleep(millis);
                FeatureWorkChild.append(log, "done " + name);
                return EvaluationResult.ofValidationAccuracy(Fixtures.accuracy(name));
            }).run();
        }
    }
}
