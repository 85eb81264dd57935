package org.aquasurf.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A worker process for {@link ConcurrentClaimTest}: writes a ready file, waits for a start file, then claims classes
 * (alternating "any" and "by id" claims) and completes each, until none is NEW; prints one
 * claimed class id per line.
 */
public final class ClaimWorker {
    public static void main(String[] args) throws Exception {
        String db = args[0]; // a JDBC URL
        String worker = args[1];
        Path start = Path.of(args[2]);
        try (FunctionStore store = FunctionStore.open(db)) {
            List<Long> ids = store.classes().stream().map(FunctionRecord::classId).toList();
            Files.createFile(start.resolveSibling("ready-" + worker));
            while (!Files.exists(start)) Thread.sleep(1);
            List<Long> claimed = new ArrayList<>();
            int next = 0;
            while (true) {
                Optional<Claim> c = store.leases().claimAny(worker);
                if (c.isEmpty()) {
                    // also race on claims by id, walking the ids in order like a suggester would
                    while (next < ids.size() && (c = store.leases().claim(ids.get(next), worker)).isEmpty()) next++;
                    if (c.isEmpty()) break;
                }
                store.leases().complete(c.get(), EvaluationResult.ofValidationAccuracy(c.get().classId() / 1000.0)
                        .withExtraJson("{\"worker\":\"" + worker + "\"}"));
                claimed.add(c.get().classId());
                Thread.sleep(3); // "work", so that the processes interleave
            }
            for (long id : claimed) System.out.println(id);
        }
    }
}
