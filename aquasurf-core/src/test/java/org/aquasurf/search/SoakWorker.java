package org.aquasurf.search;

import org.aquasurf.store.EvaluationResult;
import org.aquasurf.store.Fixtures;
import org.aquasurf.store.FunctionStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * One worker process of {@link Soak}: a {@link Search} with a cheap deterministic predictor whose
 * evaluation sleeps {@code sleepMs} and returns {@link Soak#accuracy(String)}. Appends to its log
 * "start NAME" when an evaluation begins, "end NAME" when it returns, then "written NAME" or
 * "dropped NAME" after the store accepted or rejected the result.
 * Arguments: store JDBC URL, worker id, log file, budget, sleep in ms, staleAfter in ms.
 */
public final class SoakWorker {
    public static void main(String[] args) throws Exception {
        String db = args[0]; // a JDBC URL
        String worker = args[1];
        Path log = Path.of(args[2]);
        long budget = Long.parseLong(args[3]);
        long sleepMs = Long.parseLong(args[4]);
        Duration staleAfter = Duration.ofMillis(Long.parseLong(args[5]));
        try (FunctionStore store = FunctionStore.open(db)) {
            AquaSurf.search(store).workerId(worker).budget(budget).staleAfter(staleAfter).seed(worker.hashCode())
                    .predictor(SoakWorker::predict)
                    .progress(line -> {
                        // "step N  NAME  val_acc ..." or "step N  NAME  FAILED: ..."
                        if (!line.startsWith("step ")) return;
                        String[] parts = line.split("  ");
                        append(log, (parts[2].startsWith("val_acc") ? "written " : "dropped ") + parts[1]);
                    })
                    .evaluateWith(name -> {
                        append(log, "start " + name);
                        Thread.sleep(sleepMs);
                        append(log, "end " + name);
                        return EvaluationResult.ofValidationAccuracy(Soak.accuracy(name));
                    }).run();
        }
    }

    /** A cheap surrogate: the output at the largest input (ties broken by class id in the suggester). */
    private static double[] predict(double[][] outputs, double[][] fisher, double[] accuracy) {
        double[] p = new double[outputs.length];
        for (int i = 0; i < p.length; i++) p[i] = Math.tanh(outputs[i][outputs[i].length - 1]);
        return p;
    }

    static void append(Path log, String line) {
        try {
            Files.writeString(log, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
