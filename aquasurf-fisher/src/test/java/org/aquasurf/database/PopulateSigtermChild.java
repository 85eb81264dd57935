package org.aquasurf.database;

import java.nio.file.Path;
import java.util.List;

/**
 * A process for {@link PopulateSigtermTest}: populates a schema of 887 million names through
 * {@link ActivationFunctionDatabase#populate}, printing "batch SEEN" after each committed batch,
 * until the test sends SIGTERM. Argument: the database file.
 */
public final class PopulateSigtermChild {
    public static void main(String[] args) {
        try (ActivationFunctionDatabase db = ActivationFunctionDatabase.configure(Path.of(args[0]))
                .model(fn -> { throw new AssertionError("no model needed"); })
                .fisherBatch(m -> { throw new AssertionError("no batch needed"); }).open()) {
            db.populate(List.of(PopulateSigtermTest.HUGE), r -> {
                System.out.println("batch " + r.namesSeen());
                System.out.flush();
            });
        }
        System.out.println("finished");
    }
}
