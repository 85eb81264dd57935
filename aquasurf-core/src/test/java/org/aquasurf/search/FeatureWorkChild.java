package org.aquasurf.search;

import org.aquasurf.store.Fixtures;
import org.aquasurf.store.FunctionStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * A feature worker process for {@link SharedWorkTest}: waits for a start file, then runs the
 * shared feature phase with {@link Fixtures#cdf} as the "features" (taking {@code millis} each),
 * logging "start NAME" before and "done NAME" after each computation. Args: JDBC URL, worker id
 * ("-" for the default host-pid), limit, millis, lease millis, start file, log file.
 */
public final class FeatureWorkChild {
    public static void main(String[] args) throws Exception {
        String url = args[0];
        String worker = args[1];
        long limit = Long.parseLong(args[2]);
        long millis = Long.parseLong(args[3]);
        Duration lease = Duration.ofMillis(Long.parseLong(args[4]));
        Path start = Path.of(args[5]);
        Path log = Path.of(args[6]);
        try (FunctionStore store = FunctionStore.open(url)) {
            Files.writeString(log, "", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            while (!Files.exists(start)) Thread.sleep(2);
            FeatureWork work = FeatureWork.on(store).limit(limit).seed(3).lease(lease).progress(System.out::println);
            if (!worker.equals("-")) work.workerId(worker);
            FeatureWork.Report r = work.run(name -> {
                append(log, "start " + name);
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                double[] f = Fixtures.cdf(store.canonicalizer().evaluator().outputs(name));
                append(log, "done " + name);
                return f;
            });
            System.out.println("report " + r.computed() + " " + r.constant() + " " + r.byOtherWorkers());
        }
    }

    static void append(Path log, String line) {
        try {
            Files.writeString(log, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
