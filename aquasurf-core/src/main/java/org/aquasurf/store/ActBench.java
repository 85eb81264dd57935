package org.aquasurf.store;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jdbi.v3.core.Handle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes the public Act-Bench JSON format (github.com/cognizant-ai-labs/act-bench): one
 * object mapping each function name to an object with {@code Train/Validation/Test Accuracy},
 * {@code Train/Validation/Test Loss}, {@code Runtime (s)}, {@code Equivalent Activation Functions}
 * (names) and {@code Fisher log eigenvalue CDF} (numbers). Numbers may be the bare tokens
 * {@code NaN}, {@code Infinity}, {@code -Infinity} (as Python writes them).
 */
public final class ActBench {
    public static final String TRAIN_ACCURACY = "Train Accuracy";
    public static final String VALIDATION_ACCURACY = "Validation Accuracy";
    public static final String TEST_ACCURACY = "Test Accuracy";
    public static final String TRAIN_LOSS = "Train Loss";
    public static final String VALIDATION_LOSS = "Validation Loss";
    public static final String TEST_LOSS = "Test Loss";
    public static final String RUNTIME = "Runtime (s)";
    public static final String EQUIVALENT = "Equivalent Activation Functions";
    public static final String FISHER_CDF = "Fisher log eigenvalue CDF";

    private static final List<String> RESULT_FIELDS = List.of(TRAIN_ACCURACY, TRAIN_LOSS, VALIDATION_ACCURACY,
            VALIDATION_LOSS, TEST_ACCURACY, TEST_LOSS, RUNTIME);
    private static final Set<String> KNOWN = Set.of(TRAIN_ACCURACY, TRAIN_LOSS, VALIDATION_ACCURACY,
            VALIDATION_LOSS, TEST_ACCURACY, TEST_LOSS, RUNTIME, EQUIVALENT, FISHER_CDF);
    private static final int BATCH = 1000;
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .build());

    private ActBench() {}

    /** One parsed entry: its names (key first), results (null if none), features (null if absent), extra fields. */
    private record Entry(List<String> names, EvaluationResult result, double[] features) {}

    /**
     * Imports an Act-Bench file. Each entry's names (its key and its equivalent functions) join the
     * class of the first of them already stored, else a new class keyed by the store's canonical
     * key of the entry's name. An entry with any result field makes its class DONE with those
     * results unless the class is already DONE; its Fisher CDF is stored unless the class has
     * features (an empty CDF is stored as a feature error). Fields not listed above are kept as
     * the result's extra JSON. Committed in batches; importing the same file again changes nothing.
     *
     * @return entries read, names added, classes added
     * @throws IllegalArgumentException naming the file, line and entry when the file is malformed
     */
    public static PopulateReport importFile(Path file, FunctionStore store) {
        long entries = 0;
        long[] added = {0, 0};
        try (JsonParser p = JSON.createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw malformed(file, p, "expected a JSON object mapping function names to results");
            }
            List<Entry> batch = new ArrayList<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                JsonNode value = JSON.readTree(p);
                batch.add(parseEntry(file, p, name, value));
                entries++;
                if (batch.size() == BATCH) {
                    store(store, batch, added);
                    batch.clear();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) throw malformed(file, p, "expected the end of the top-level object");
            store(store, batch, added);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not valid Act-Bench JSON at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return new PopulateReport(entries, added[0], added[1]);
    }

    private static IllegalArgumentException malformed(Path file, JsonParser p, String what) {
        return new IllegalArgumentException(file + ": line " + p.currentLocation().getLineNr() + ": " + what);
    }

    private static Entry parseEntry(Path file, JsonParser p, String name, JsonNode v) {
        String where = file + ": line " + p.currentLocation().getLineNr() + ": entry '" + name + "'";
        if (!v.isObject()) throw new IllegalArgumentException(where + ": value must be an object, got " + v.getNodeType());
        Set<String> names = new LinkedHashSet<>();
        names.add(name);
        JsonNode eq = v.get(EQUIVALENT);
        if (eq != null && !eq.isNull()) {
            if (!eq.isArray()) throw new IllegalArgumentException(where + ": '" + EQUIVALENT + "' must be a list of names");
            for (JsonNode n : eq) {
                if (!n.isTextual()) throw new IllegalArgumentException(where + ": '" + EQUIVALENT + "' holds a non-string " + n);
                names.add(n.asText());
            }
        }
        EvaluationResult result = null;
        if (RESULT_FIELDS.stream().anyMatch(v::has)) {
            ObjectNode extra = JSON.createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (!KNOWN.contains(f.getKey())) extra.set(f.getKey(), f.getValue());
            }
            result = new EvaluationResult(number(where, v, TRAIN_ACCURACY), number(where, v, TRAIN_LOSS),
                    number(where, v, VALIDATION_ACCURACY), number(where, v, VALIDATION_LOSS),
                    number(where, v, TEST_ACCURACY), number(where, v, TEST_LOSS), number(where, v, RUNTIME),
                    extra.isEmpty() ? null : extra.toString());
        }
        double[] features = null;
        JsonNode cdf = v.get(FISHER_CDF);
        if (cdf != null && !cdf.isNull()) {
            if (!cdf.isArray()) throw new IllegalArgumentException(where + ": '" + FISHER_CDF + "' must be a list of numbers");
            features = new double[cdf.size()];
            for (int i = 0; i < features.length; i++) features[i] = toDouble(where + ": '" + FISHER_CDF + "'[" + i + "]", cdf.get(i));
        }
        return new Entry(List.copyOf(names), result, features);
    }

    private static double number(String where, JsonNode v, String field) {
        JsonNode n = v.get(field);
        return n == null ? Double.NaN : toDouble(where + ": '" + field + "'", n);
    }

    private static double toDouble(String where, JsonNode n) {
        if (n.isNull()) return Double.NaN;
        if (n.isNumber()) return n.doubleValue();
        if (n.isTextual()) {
            switch (n.asText()) {
                case "NaN": return Double.NaN;
                case "Infinity": return Double.POSITIVE_INFINITY;
                case "-Infinity": return Double.NEGATIVE_INFINITY;
                default: break;
            }
        }
        throw new IllegalArgumentException(where + " must be a number, got " + n);
    }

    private static void store(FunctionStore store, List<Entry> batch, long[] added) {
        if (batch.isEmpty()) return;
        store.inTransaction(h -> {
            for (Entry e : batch) storeEntry(store, h, e, added);
            return null;
        });
    }

    private static void storeEntry(FunctionStore store, Handle h, Entry e, long[] added) {
        List<byte[]> names = e.names().stream().map(store::encodeName).toList();
        Long classId = h.createQuery("SELECT class_id FROM names WHERE name IN (<names>) LIMIT 1")
                .bindList("names", names).mapTo(Long.class).findOne().orElse(null);
        if (classId == null) {
            byte[] key = store.keyOf(e.names().get(0));
            added[1] += h.createUpdate("INSERT INTO classes (key, name) VALUES (?, ?) ON CONFLICT DO NOTHING")
                    .bind(0, key).bind(1, names.get(0)).execute();
            classId = h.createQuery("SELECT id FROM classes WHERE key = ?").bind(0, key).mapTo(Long.class).one();
        }
        for (byte[] n : names) {
            added[0] += h.createUpdate("INSERT INTO names (name, class_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
                    .bind(0, n).bind(1, classId).execute();
        }
        EvaluationResult r = e.result();
        if (r != null) {
            h.createUpdate("UPDATE classes SET status = 'DONE', claimed_by = NULL, train_acc = ?, train_loss = ?, "
                            + "val_acc = ?, val_loss = ?, test_acc = ?, test_loss = ?, runtime_s = ?, extra = ?, "
                            + "error = NULL WHERE id = ? AND status <> 'DONE'")
                    .bind(0, FunctionStore.stored(r.trainAccuracy())).bind(1, FunctionStore.stored(r.trainLoss()))
                    .bind(2, FunctionStore.stored(r.validationAccuracy())).bind(3, FunctionStore.stored(r.validationLoss()))
                    .bind(4, FunctionStore.stored(r.testAccuracy())).bind(5, FunctionStore.stored(r.testLoss()))
                    .bind(6, FunctionStore.stored(r.runtimeSeconds())).bind(7, r.extraJson()).bind(8, classId).execute();
        }
        if (e.features() != null) {
            h.createUpdate("UPDATE classes SET features = ?, features_error = ? WHERE id = ? AND features IS NULL")
                    .bind(0, FunctionStore.encode(e.features()))
                    .bind(1, e.features().length == 0 ? "empty Fisher log eigenvalue CDF in Act-Bench file" : null)
                    .bind(2, classId).execute();
        }
    }

    /**
     * Writes every stored name as an Act-Bench entry: its class's results (omitted when the class is
     * not DONE), the other names of the class, the Fisher CDF (omitted when not computed, empty
     * when computing failed) and the fields of the extra JSON. NaN and infinities are written as
     * bare tokens. The file is written to a temporary sibling and moved into place; on failure the
     * temporary file is removed and an existing file is left as it was.
     */
    public static void export(FunctionStore store, Path file) {
        Path abs = file.toAbsolutePath();
        Map<Long, FunctionRecord> classes = new LinkedHashMap<>();
        for (FunctionRecord r : store.classes()) classes.put(r.classId(), r);
        Map<Long, List<String>> names = new LinkedHashMap<>();
        store.forEachName((name, id) -> names.computeIfAbsent(id, k -> new ArrayList<>()).add(name));
        if (Files.isDirectory(abs)) throw new IllegalArgumentException("cannot export to " + abs + ": it is a directory");
        Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
        boolean moved = false;
        try {
            try (JsonGenerator g = JSON.getFactory().createGenerator(tmp.toFile(), JsonEncoding.UTF8)) {
                g.writeStartObject();
                for (Map.Entry<Long, List<String>> c : names.entrySet()) {
                    FunctionRecord r = classes.get(c.getKey());
                    for (String name : c.getValue()) writeEntry(g, name, c.getValue(), r);
                }
                g.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + tmp + ": " + e.getMessage(), e);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                moved = true;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot move " + tmp + " to " + abs + ": " + e.getMessage(), e);
            }
        } finally {
            if (!moved) deleteQuietly(tmp); // a failed export leaves neither a half-written file nor a .tmp
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // the original failure is what the caller needs to see
        }
    }

    private static void writeEntry(JsonGenerator g, String name, List<String> classNames, FunctionRecord r) throws IOException {
        g.writeFieldName(name);
        g.writeStartObject();
        EvaluationResult res = r.result();
        if (res != null) {
            g.writeNumberField(TRAIN_ACCURACY, res.trainAccuracy());
            g.writeNumberField(VALIDATION_ACCURACY, res.validationAccuracy());
            g.writeNumberField(TRAIN_LOSS, res.trainLoss());
            g.writeNumberField(VALIDATION_LOSS, res.validationLoss());
            g.writeNumberField(TEST_ACCURACY, res.testAccuracy());
            g.writeNumberField(TEST_LOSS, res.testLoss());
        }
        g.writeArrayFieldStart(EQUIVALENT);
        for (String other : classNames) if (!other.equals(name)) g.writeString(other);
        g.writeEndArray();
        double[] f = r.features();
        if (f != null) {
            g.writeArrayFieldStart(FISHER_CDF);
            for (double d : f) g.writeNumber(d);
            g.writeEndArray();
        }
        if (res != null) {
            g.writeNumberField(RUNTIME, res.runtimeSeconds());
            if (res.extraJson() != null) {
                JsonNode extra = JSON.readTree(res.extraJson());
                for (Iterator<Map.Entry<String, JsonNode>> it = extra.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (KNOWN.contains(e.getKey())) continue;
                    g.writeFieldName(e.getKey());
                    JSON.writeTree(g, e.getValue());
                }
            }
        }
        g.writeEndObject();
    }
}
