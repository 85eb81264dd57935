package org.aquasurf.store;

import java.nio.file.Path;

/**
 * A populating process for {@link PopulateCrashTest}: populates the first N names of
 * {@link PopulateCrashTest#names(int)} into a store, printing "batch SEEN" after each committed
 * batch; the test kills it with SIGKILL in the middle. Arguments: database, N.
 */
public final class PopulateChild {
    public static void main(String[] args) {
        try (FunctionStore store = FunctionStore.open(Path.of(args[0]))) {
            store.populate(PopulateCrashTest.names(Integer.parseInt(args[1])).stream(), r -> {
                System.out.println("batch " + r.namesSeen());
                System.out.flush();
            });
        }
        System.out.println("finished");
    }
}
