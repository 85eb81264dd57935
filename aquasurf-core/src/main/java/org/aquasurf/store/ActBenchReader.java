package org.aquasurf.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.aquasurf.grammar.Excerpt;
import org.aquasurf.grammar.ParseException;
import org.aquasurf.grammar.Parser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.aquasurf.store.ActBench.*;

/**
 * Reads an Act-Bench file entry by entry and checks everything that does not need a store, so a
 * bad file is rejected at the exact place with one line naming the file, line and entry:
 * JSON syntax; JSON beyond the reader's limits (names over 50,000 characters, nesting over 1,000,
 * strings over 20 million characters) with the reader's own message; duplicate keys (in the
 * top-level object or in an entry); text after the top-level object; names that do not parse;
 * accuracies outside [0, 1] (NaN means unknown); negative losses or run times (a loss may be
 * +Infinity: training diverged); non-numeric CDF values; training seeds that are not distinct
 * integers, per-seed lists of another length, and result fields that are not their list's mean
 * (see {@link ActBench}). Not thread-safe.
 */
final class ActBenchReader implements AutoCloseable {

    /**
     * One checked entry.
     *
     * @param line     line of its key in the file
     * @param names    its key first, then its equivalent functions (each parses)
     * @param result   its results, null if it has no result field
     * @param features its Fisher CDF, null if absent
     */
    record Entry(long line, List<String> names, EvaluationResult result, double[] features) {
        String name() { return names.get(0); }
    }

    /** Reads bare NaN/Infinity (as Python writes them) and rejects duplicate keys. */
    static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());

    private final Path file;
    private final Parser parser;
    private final JsonParser p;
    private boolean done;

    /**
     * Opens {@code file} (gzipped when its name ends in {@code .gz}) and reads up to its first entry;
     * names are checked with {@code parser}.
     */
    ActBenchReader(Path file, Parser parser) {
        this.file = file;
        this.parser = parser;
        try {
            this.p = ActBench.gzipped(file)
                    ? JSON.createParser(new java.util.zip.GZIPInputStream(java.nio.file.Files.newInputStream(file), 1 << 16))
                    : JSON.createParser(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        JsonToken first = read(p::nextToken);
        if (first != JsonToken.START_OBJECT) {
            close();
            throw error(p.currentLocation(), "expected a JSON object mapping function names to results");
        }
    }

    /** The next entry, or null after the last one (the file was then read to its end). */
    Entry next() {
        if (done) return null;
        JsonToken t = read(p::nextToken);
        if (t == JsonToken.END_OBJECT) {
            JsonToken after = read(p::nextToken);
            if (after != null) throw error(p.currentTokenLocation(), "unexpected text after the top-level object");
            done = true;
            return null;
        }
        if (t != JsonToken.FIELD_NAME) throw error(p.currentLocation(), "expected the end of the top-level object");
        long line = p.currentTokenLocation().getLineNr();
        String name = read(p::currentName);
        read(p::nextToken);
        JsonNode value = read(() -> JSON.readTree(p));
        return entry(line, name, value);
    }

    private Entry entry(long line, String name, JsonNode v) {
        String where = "line " + line + ": entry '" + Excerpt.of(name) + "'";
        if (!v.isObject()) throw error(where + ": value must be an object, got " + v.getNodeType());
        Set<String> names = new LinkedHashSet<>();
        names.add(checkedName(where, name));
        JsonNode eq = v.get(EQUIVALENT);
        if (eq != null && !eq.isNull()) {
            if (!eq.isArray()) throw error(where + ": '" + EQUIVALENT + "' must be a list of names");
            int i = 0;
            for (JsonNode n : eq) {
                if (!n.isTextual()) throw error(where + ": '" + EQUIVALENT + "'[" + i + "] is not a string");
                names.add(checkedName(where + ": '" + EQUIVALENT + "'[" + i + "]", n.asText()));
                i++;
            }
        }
        EvaluationResult result = null;
        int seeds = trainingSeeds(where, v);
        if (RESULT_FIELDS.stream().anyMatch(f -> v.has(f) || v.has(f + PER_SEED))) {
            ObjectNode extra = JSON.createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (!KNOWN.contains(f.getKey())) extra.set(f.getKey(), f.getValue());
            }
            result = new EvaluationResult(field(where, v, TRAIN_ACCURACY, seeds), field(where, v, TRAIN_LOSS, seeds),
                    field(where, v, VALIDATION_ACCURACY, seeds), field(where, v, VALIDATION_LOSS, seeds),
                    field(where, v, TEST_ACCURACY, seeds), field(where, v, TEST_LOSS, seeds),
                    field(where, v, RUNTIME, seeds), extra.isEmpty() ? null : extra.toString());
        }
        double[] features = null;
        JsonNode cdf = v.get(FISHER_CDF);
        if (cdf != null && !cdf.isNull()) {
            if (!cdf.isArray()) throw error(where + ": '" + FISHER_CDF + "' must be a list of numbers");
            features = new double[cdf.size()];
            for (int i = 0; i < features.length; i++) features[i] = toDouble(where + ": '" + FISHER_CDF + "'[" + i + "]", cdf.get(i));
        }
        return new Entry(line, List.copyOf(names), result, features);
    }

    /** The name in the parser's canonical text, or an error naming the place and the problem. */
    private String checkedName(String where, String name) {
        try {
            return parser.parse(name).toString();
        } catch (ParseException e) {
            throw error(where + ": '" + Excerpt.of(name) + "' is not a valid function name: " + e.problem()
                    + " at position " + e.position());
        }
    }

    /**
     * The number of training seeds of an entry: the length of its {@link ActBench#TRAINING_SEEDS}
     * (distinct integers), 1 without it.
     */
    private int trainingSeeds(String where, JsonNode v) {
        JsonNode s = v.get(TRAINING_SEEDS);
        if (s == null) return 1;
        if (!s.isArray() || s.isEmpty()) throw error(where + ": '" + TRAINING_SEEDS + "' must be a non-empty list of integers");
        Set<Integer> distinct = new java.util.HashSet<>();
        for (int i = 0; i < s.size(); i++) {
            if (!s.get(i).canConvertToInt() || !s.get(i).isIntegralNumber()) {
                throw error(where + ": '" + TRAINING_SEEDS + "'[" + i + "] must be an integer, got " + Excerpt.of(s.get(i).toString()));
            }
            if (!distinct.add(s.get(i).asInt())) throw error(where + ": '" + TRAINING_SEEDS + "' repeats the seed " + s.get(i).asInt());
        }
        return s.size();
    }

    /**
     * A result field's value, each checked ({@link #checked}): its per-seed list's mean when the entry
     * has one ({@code "F per Seed"}, one value per training seed; the field, if also given, must be
     * that mean), else the field (NaN when absent). With two or more seeds a known field needs its list.
     */
    private double field(String where, JsonNode v, String field, int seeds) {
        JsonNode list = v.get(field + PER_SEED);
        JsonNode single = v.get(field);
        double value = single == null ? Double.NaN : checked(where + ": '" + field + "'", field, single);
        if (list == null) {
            if (seeds > 1 && !Double.isNaN(value)) {
                throw error(where + ": '" + field + "' of " + seeds + " training seeds needs its values in '" + field + PER_SEED + "'");
            }
            return value;
        }
        String listWhere = where + ": '" + field + PER_SEED + "'";
        if (!v.has(TRAINING_SEEDS)) throw error(listWhere + " needs '" + TRAINING_SEEDS + "'");
        if (!list.isArray() || list.size() != seeds) {
            throw error(listWhere + " must be a list of " + seeds + " numbers, one per training seed");
        }
        double sum = 0;
        for (int i = 0; i < seeds; i++) sum += checked(listWhere + "[" + i + "]", field, list.get(i));
        double mean = sum / seeds;
        if (single != null && !sameMean(value, mean)) {
            throw error(where + ": '" + field + "' is " + value + ", not the mean of its '" + field + PER_SEED + "' (" + mean + ")");
        }
        return mean;
    }

    /** Whether a written mean is the computed one (both NaN, equal infinities, or within 1e-9). */
    private static boolean sameMean(double written, double computed) {
        if (Double.isNaN(written) || Double.isNaN(computed) || Double.isInfinite(computed)) {
            return Double.compare(written, computed) == 0;
        }
        return Math.abs(written - computed) <= 1e-9;
    }

    /** A value of {@code field}: an accuracy in [0, 1], a loss at least 0 (or +Infinity), a run time finite and at least 0; NaN: unknown. */
    private double checked(String where, String field, JsonNode n) {
        double x = toDouble(where, n);
        if (Double.isNaN(x)) return x;
        if (field.endsWith("Accuracy")) {
            if (!(x >= 0 && x <= 1)) throw error(where + " must be in [0, 1] (or NaN: unknown), got " + x);
        } else {
            boolean infinityAllowed = !field.equals(RUNTIME);
            if (x < 0 || (!infinityAllowed && Double.isInfinite(x))) {
                throw error(where + " must be at least 0" + (infinityAllowed ? " (+Infinity: diverged)" : " and finite")
                        + " or NaN, got " + x);
            }
        }
        return x;
    }

    private double toDouble(String where, JsonNode n) {
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
        throw error(where + " must be a number, got " + Excerpt.of(n.toString()));
    }

    /** A step of the JSON reader whose failures become errors naming the file and place. */
    private interface Step<T> {
        T run() throws IOException;
    }

    private <T> T read(Step<T> step) {
        try {
            return step.run();
        } catch (JsonProcessingException e) {
            // limit violations (StreamConstraintsException) carry no location: use the reader's
            JsonLocation at = e.getLocation() != null ? e.getLocation() : p.currentLocation();
            String what = e instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException
                    ? "JSON beyond the reader's limits: " : "not valid Act-Bench JSON: ";
            String message = Excerpt.escaped(String.valueOf(e.getOriginalMessage()));
            throw error(at, what + (message.length() > 200 ? message.substring(0, 200) + "…" : message));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private IllegalArgumentException error(JsonLocation at, String what) {
        return error("line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + what);
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(file + ": " + what);
    }

    @Override
    public void close() {
        try {
            p.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file + ": " + e.getMessage(), e);
        }
    }
}
