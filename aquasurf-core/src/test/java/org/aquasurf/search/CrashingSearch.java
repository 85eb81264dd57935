package org.aquasurf.search;

import org.aquasurf.store.EvaluationResult;
import org.aquasurf.store.Fixtures;
import org.aquasurf.store.FunctionStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A search process for {@link SearchTest} that dies (Runtime.halt, no cleanup) in the middle of
 * its {@code crashAt}-th evaluation. Logs "done NAME" per finished evaluation and "crash NAME".
 */
public final class CrashingSearch {
    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]);
        String worker = args[1];
        Path log = Path.of(args[2]);
        int crashAt = Integer.parseInt(args[3]);
        int[] calls = {0};
        FunctionStore store = FunctionStore.open(db);
        SearchTest.configured(AquaSurf.search(store)).workerId(worker).evaluateWith(name -> {
            if (++calls[0] == crashAt) {
                append(log, "crash " + name);
                Runtime.getRuntime().halt(3);
            }
            append(log, "done " + name);
            return EvaluationResult.ofValidationAccuracy(Fixtures.accuracy(name));
        }).run();
    }

    static void append(Path log, String line) throws Exception {
        Files.writeString(log, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
