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
 * +Infinity: training diverged); non-numeric CDF values. Not thread-safe.
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
        if (RESULT_FIELDS.stream().anyMatch(v::has)) {
            ObjectNode extra = JSON.createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (!KNOWN.contains(f.getKey())) extra.set(f.getKey(), f.getValue());
            }
            result = new EvaluationResult(accuracy(where, v, TRAIN_ACCURACY), nonNegative(where, v, TRAIN_LOSS, true),
                    accuracy(where, v, VALIDATION_ACCURACY), nonNegative(where, v, VALIDATION_LOSS, true),
                    accuracy(where, v, TEST_ACCURACY), nonNegative(where, v, TEST_LOSS, true),
                    nonNegative(where, v, RUNTIME, false), extra.isEmpty() ? null : extra.toString());
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

    private double accuracy(String where, JsonNode v, String field) {
        double a = number(where, v, field);
        if (!Double.isNaN(a) && !(a >= 0 && a <= 1)) {
            throw error(where + ": '" + field + "' must be in [0, 1] (or NaN: unknown), got " + a);
        }
        return a;
    }

    private double nonNegative(String where, JsonNode v, String field, boolean infinityAllowed) {
        double x = number(where, v, field);
        if (x < 0 || (!infinityAllowed && Double.isInfinite(x))) {
            throw error(where + ": '" + field + "' must be at least 0" + (infinityAllowed ? " (+Infinity: diverged)" : " and finite")
                    + " or NaN, got " + x);
        }
        return x;
    }

    private double number(String where, JsonNode v, String field) {
        JsonNode n = v.get(field);
        return n == null ? Double.NaN : toDouble(where + ": '" + field + "'", n);
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
