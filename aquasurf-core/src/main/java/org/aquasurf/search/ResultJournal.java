package org.aquasurf.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.aquasurf.store.Claim;
import org.aquasurf.store.ClassStatus;
import org.aquasurf.store.EvaluationResult;
import org.aquasurf.store.FunctionRecord;
import org.aquasurf.store.FunctionStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Finished results that could not be written to the store (disk full, server unreachable), one
 * JSON line each, kept in a local file beside the database ({@code FILE.journal} for an SQLite
 * store) or, when that cannot be written either, in the temporary directory. The next search on
 * the store writes them ({@link org.aquasurf.store.Leases#completeLate}) before claiming anything, so a
 * finished training is never thrown away.
 */
final class ResultJournal {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path primary;
    private final Path fallback;

    ResultJournal(Path primary, String storeLocation) {
        this.primary = primary;
        this.fallback = Path.of(System.getProperty("java.io.tmpdir"), "aquasurf-journal-" + hash(storeLocation) + ".jsonl");
    }

    /** The default journal of a store: beside an SQLite file, or under ~/.aquasurf for a server. */
    static Path defaultPath(FunctionStore store) {
        if (store.file() != null) return store.file().resolveSibling(store.file().getFileName() + ".journal");
        return Path.of(System.getProperty("user.home"), ".aquasurf", "journal-" + hash(store.location()) + ".jsonl");
    }

    private static String hash(String s) {
        return HexFormat.of().toHexDigits(s.hashCode()) + HexFormat.of().toHexDigits(s.length());
    }

    /** Appends one result durably; returns the file written. Throws if neither file can be written. */
    Path append(Claim claim, EvaluationResult r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("classId", claim.classId()).put("name", claim.name()).put("worker", claim.workerId()).put("lease", claim.lease());
        double[] v = {r.trainAccuracy(), r.trainLoss(), r.validationAccuracy(), r.validationLoss(), r.testAccuracy(),
                r.testLoss(), r.runtimeSeconds()};
        var values = o.putArray("values");
        for (double d : v) values.add(Double.toString(d));
        if (r.extraJson() != null) o.put("extra", r.extraJson());
        byte[] line = (o + "\n").getBytes(StandardCharsets.UTF_8);
        IOException first = null;
        for (Path p : List.of(primary, fallback)) {
            try {
                if (p.getParent() != null) Files.createDirectories(p.getParent());
                try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND)) {
                    ByteBuffer b = ByteBuffer.wrap(line);
                    while (b.hasRemaining()) ch.write(b);
                    ch.force(true);
                }
                return p;
            } catch (IOException e) {
                if (first == null) first = e; else first.addSuppressed(e);
            }
        }
        throw new UncheckedIOException("cannot write the result journal " + primary + " nor " + fallback, first);
    }

    /**
     * Writes every journaled result whose class is still unfinished into {@code store}, drops
     * those whose class got a result meanwhile, keeps those whose class another worker holds now.
     * Returns the number written.
     */
    int replay(FunctionStore store, Consumer<String> progress) {
        int written = 0;
        for (Path p : List.of(primary, fallback)) {
            if (!Files.exists(p)) continue;
            List<String> lines;
            try {
                lines = Files.readAllLines(p, StandardCharsets.UTF_8);
            } catch (IOException e) {
                progress.accept("cannot read the result journal " + p + ": " + e.getMessage());
                continue;
            }
            List<String> kept = new ArrayList<>();
            for (String line : lines) {
                if (line.isBlank()) continue;
                Entry e;
                try {
                    e = parse(line);
                } catch (IOException | RuntimeException bad) {
                    progress.accept("journal " + p + ": skipping an unreadable line (" + bad.getMessage() + "): " + line);
                    continue;
                }
                Optional<FunctionRecord> now = store.get(e.claim().classId());
                if (now.isEmpty() || !now.get().name().equals(e.claim().name())) {
                    kept.add(line); // another store's entry (the journal is per location, so rare): leave it
                } else if (store.leases().completeLate(e.claim(), e.result())) {
                    written++;
                    progress.accept("wrote journaled result of " + e.claim().name() + " (val_acc "
                            + e.result().validationAccuracy() + ") from " + p);
                } else if (store.get(e.claim().classId()).orElseThrow().status() == ClassStatus.RUNNING) {
                    kept.add(line);
                    progress.accept("journaled result of " + e.claim().name() + " kept: another worker holds the class now");
                } else {
                    progress.accept("journaled result of " + e.claim().name() + " dropped: the class got a result meanwhile");
                }
            }
            rewrite(p, kept);
        }
        return written;
    }

    private static void rewrite(Path p, List<String> kept) {
        try {
            if (kept.isEmpty()) {
                Files.deleteIfExists(p);
            } else {
                Path tmp = p.resolveSibling(p.getFileName() + ".tmp");
                Files.write(tmp, kept, StandardCharsets.UTF_8);
                Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite the result journal " + p, e);
        }
    }

    private record Entry(Claim claim, EvaluationResult result) {}

    private static Entry parse(String line) throws IOException {
        JsonNode o = JSON.readTree(line);
        double[] v = new double[7];
        for (int i = 0; i < 7; i++) v[i] = Double.parseDouble(o.get("values").get(i).asText());
        String extra = o.hasNonNull("extra") ? o.get("extra").asText() : null;
        return new Entry(new Claim(o.get("classId").asLong(), o.get("name").asText(), o.get("worker").asText(), o.get("lease").asLong()),
                new EvaluationResult(v[0], v[1], v[2], v[3], v[4], v[5], v[6], extra));
    }
}
