package org.aquasurf.store;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.TreeMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/**
 * Reads and writes the public Act-Bench JSON format (github.com/cognizant-ai-labs/act-bench): one
 * object mapping each function name to an object with {@code Train/Validation/Test Accuracy},
 * {@code Train/Validation/Test Loss}, {@code Runtime (s)}, {@code Equivalent Activation Functions}
 * (names) and {@code Fisher log eigenvalue CDF} (numbers). Numbers may be the bare tokens
 * {@code NaN}, {@code Infinity}, {@code -Infinity} (as Python writes them).
 *
 * <p>An entry may hold several trainings of its function (this project's extension, which other
 * readers skip as unknown fields): {@code "Training Seeds": [0, 1]} and, for each result field,
 * its values per seed in that order, e.g. {@code "Validation Accuracy per Seed": [0.80, 0.82]}. The
 * result fields are then the means over the seeds (the class's accuracy for ranking, "the best"
 * and the top 1%); a reader computes a missing one from its list and rejects one that is not the
 * mean. Files of one training per entry, with or without {@code "Training Seeds": [s]}, read as
 * before. {@link #merge} combines files of different seeds; {@link SeedResults} holds the values.
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
    /** This project's extension: the training seeds whose results an entry holds, e.g. {@code [0, 1]}. */
    public static final String TRAINING_SEEDS = "Training Seeds";
    /** Appended to a result field's name for its list of values, one per training seed (see {@link #TRAINING_SEEDS}). */
    public static final String PER_SEED = " per Seed";

    static final List<String> RESULT_FIELDS = List.of(TRAIN_ACCURACY, TRAIN_LOSS, VALIDATION_ACCURACY,
            VALIDATION_LOSS, TEST_ACCURACY, TEST_LOSS, RUNTIME);
    static final Set<String> KNOWN = Set.of(TRAIN_ACCURACY, TRAIN_LOSS, VALIDATION_ACCURACY,
            VALIDATION_LOSS, TEST_ACCURACY, TEST_LOSS, RUNTIME, EQUIVALENT, FISHER_CDF);
    private static final int BATCH = 1000;
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .build());

    private ActBench() {}

    /**
     * Imports an Act-Bench file. Each entry's names (its key and its equivalent functions) join the
     * class of the first of them already stored, else a new class keyed by the store's canonical
     * key of the entry's name. An entry with any result field gives its class those results unless
     * the class was already DONE before this import (a stored result is kept; entries that differ
     * from it are counted). Entries of the file that land in one class with different results
     * (the file's benchmark told functions apart that are one class here) give the class the mean
     * of their results, field by field over the known values, and are counted. The entry's Fisher
     * CDF is stored unless the class has features (an empty CDF is stored as a feature error).
     * Fields not listed above are kept as the result's extra JSON (the first entry's). Committed in
     * batches of whole entries; importing the same file again adds nothing.
     *
     * <p>The file is checked as it is read ({@link ActBenchReader}): a malformed file, a name that
     * does not parse, an accuracy outside [0, 1] and the like stop the import with one line naming
     * the file, line and entry; the batches before it stay committed, so importing the corrected
     * file completes it.
     *
     * @return counts of entries, names and classes added, and of merged entries
     * @throws IllegalArgumentException naming the file, line and entry when the file is malformed
     */
    public static ImportReport importFile(Path file, FunctionStore store) {
        return importFile(file, store, true);
    }

    /**
     * Imports only an Act-Bench file's names and Fisher CDFs, as {@link #importFile} does, leaving
     * every class's results as they are: e.g. to train the classes of a benchmark again with another
     * training seed without recomputing their features (which do not depend on the training).
     */
    public static ImportReport importFeatures(Path file, FunctionStore store) {
        return importFile(file, store, false);
    }

    private static ImportReport importFile(Path file, FunctionStore store, boolean results) {
        ImportCounts counts = new ImportCounts();
        ResultMerge merge = new ResultMerge();
        try (ActBenchReader reader = new ActBenchReader(file, store.parser())) {
            List<ActBenchReader.Entry> batch = new ArrayList<>();
            for (ActBenchReader.Entry e; (e = reader.next()) != null; ) {
                batch.add(e);
                counts.entries++;
                if (batch.size() == BATCH) {
                    store(store, batch, counts, results ? merge : null);
                    batch.clear();
                }
            }
            store(store, batch, counts, results ? merge : null);
        }
        return counts.report();
    }

    /** Running counts of one import. */
    private static final class ImportCounts {
        long entries, names, classes, same, averaged, keptStored;

        ImportReport report() {
            return new ImportReport(entries, names, classes, same, averaged, keptStored);
        }
    }

    /** Stores a batch of entries; their results too unless {@code merge} is null. */
    private static void store(FunctionStore store, List<ActBenchReader.Entry> batch, ImportCounts counts, ResultMerge merge) {
        if (batch.isEmpty()) return;
        store.population().importing(in -> {
            for (ActBenchReader.Entry e : batch) storeEntry(in, e, counts, merge);
        });
    }

    private static void storeEntry(Population.Import in, ActBenchReader.Entry e, ImportCounts counts, ResultMerge merge) {
        Population.Joined joined = in.join(e.names());
        long classId = joined.classId();
        if (joined.classAdded()) counts.classes++;
        counts.names += joined.namesAdded();
        if (merge != null && e.result() != null) {
            EvaluationResult stored = merge.holds(classId) ? null : in.result(classId);
            EvaluationResult r = switch (merge.add(classId, stored, e.result())) {
                case FIRST -> e.result();
                case SAME -> { counts.same++; yield null; }
                case AVERAGED -> { counts.averaged++; yield merge.mean(classId); }
                case KEPT_STORED -> { counts.keptStored++; yield null; }
                case SAME_AS_STORED -> { counts.same++; yield null; }
            };
            if (r != null) in.setResult(classId, r);
        }
        if (e.features() != null) {
            in.putFeatures(classId, e.features(),
                    e.features().length == 0 ? "empty Fisher log eigenvalue CDF in Act-Bench file" : null);
        }
    }

    /**
     * Writes every stored name as an Act-Bench entry: its class's results (omitted when the class is
     * not DONE), the other names of the class, the Fisher CDF (omitted when not computed, empty
     * when computing failed) and the fields of the extra JSON. NaN and infinities are written as
     * bare tokens. The file is gzipped when its name ends in {@code .gz}. It is written to a temporary sibling and moved into place; on failure the
     * temporary file is removed and an existing file is left as it was.
     */
    public static void export(FunctionStore store, Path file) {
        Map<Long, FunctionRecord> classes = new LinkedHashMap<>();
        for (FunctionRecord r : store.classes()) classes.put(r.classId(), r);
        Map<Long, List<String>> names = new LinkedHashMap<>();
        store.forEachName((name, id) -> names.computeIfAbsent(id, k -> new ArrayList<>()).add(name));
        write(file, g -> {
            for (Map.Entry<Long, List<String>> c : names.entrySet()) {
                FunctionRecord r = classes.get(c.getKey());
                for (String name : c.getValue()) writeEntry(g, name, c.getValue(), r.result(), r.features());
            }
        });
    }

    /** Writes the entries of one top-level object. */
    private interface Entries {
        void write(JsonGenerator g) throws IOException;
    }

    /** Writes {@code file} (gzipped for .gz) through a temporary sibling moved into place; nothing is left behind on failure. */
    private static void write(Path file, Entries entries) {
        Path abs = file.toAbsolutePath();
        if (Files.isDirectory(abs)) throw new IllegalArgumentException("cannot export to " + abs + ": it is a directory");
        Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
        boolean moved = false;
        try {
            try (OutputStream os = gzipped(abs) ? new GZIPOutputStream(Files.newOutputStream(tmp), 1 << 16) : Files.newOutputStream(tmp);
                 JsonGenerator g = JSON.getFactory().createGenerator(os, JsonEncoding.UTF8)) {
                g.writeStartObject();
                entries.write(g);
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

    /**
     * One input of {@link #merge}: an Act-Bench file, and the training seed of its entries that
     * record none ({@link #TRAINING_SEEDS}; files written before it existed), or null to require it.
     */
    public record MergeInput(Path file, Integer unrecordedSeed) {
        public MergeInput {
            java.util.Objects.requireNonNull(file, "file");
        }
    }

    /**
     * What {@link #merge} wrote: entries (names), and how many entries hold results of how many
     * training seeds (0: no result).
     */
    public record MergeReport(long entries, Map<Integer, Long> entriesBySeeds) {
        @Override
        public String toString() {
            StringBuilder b = new StringBuilder(entries + " entries;");
            entriesBySeeds.forEach((k, n) -> b.append(' ').append(n).append(" with ").append(k)
                    .append(k == 1 ? " training seed," : " training seeds,"));
            return b.substring(0, b.length() - 1);
        }
    }

    /**
     * Combines Act-Bench files that hold trainings of the same functions with different training
     * seeds into one: each entry's results become the mean over all its seeds, with each field's
     * per-seed values ({@link SeedResults#mean()}); its equivalent functions are the union of the
     * inputs'. An entry in only some inputs keeps the seeds it has (the report counts entries by
     * seeds). Entries come in the first input's order, then new ones in the order met. Names are
     * checked with the standard operators.
     *
     * @throws IllegalArgumentException naming the file and entry when an input is malformed, records
     *     no training seed and none is given for it, repeats a seed of an earlier input for the
     *     entry, or has a Fisher CDF that differs from an earlier input's (another network or batch)
     */
    public static MergeReport merge(List<MergeInput> inputs, Path out) {
        if (inputs.isEmpty()) throw new IllegalArgumentException("merge: no input file");
        record Merged(Set<String> names, double[] features, SeedResults trainings) {}
        Map<String, Merged> entries = new LinkedHashMap<>();
        for (MergeInput in : inputs) {
            try (ActBenchReader reader = new ActBenchReader(in.file(), org.aquasurf.grammar.Parser.standard())) {
                for (ActBenchReader.Entry e; (e = reader.next()) != null; ) {
                    String where = in.file() + ": line " + e.line() + ": entry '" + e.name() + "'";
                    SeedResults trainings;
                    try {
                        trainings = e.result() == null ? null : SeedResults.of(e.result(), in.unrecordedSeed());
                    } catch (IllegalArgumentException x) {
                        throw new IllegalArgumentException(where + ": records no '" + TRAINING_SEEDS
                                + "': give the seed its results were trained with (FILE=SEED)");
                    }
                    Merged m = entries.get(e.name());
                    if (m == null) {
                        entries.put(e.name(), new Merged(new LinkedHashSet<>(e.names()), e.features(), trainings));
                        continue;
                    }
                    if (m.features() != null && e.features() != null && !Arrays.equals(m.features(), e.features())) {
                        throw new IllegalArgumentException(where + ": its Fisher CDF differs from an earlier file's "
                                + "(another network or Fisher batch?)");
                    }
                    SeedResults all = m.trainings();
                    if (trainings != null) {
                        try {
                            all = all == null ? trainings : all.plus(trainings);
                        } catch (IllegalArgumentException x) {
                            throw new IllegalArgumentException(where + ": " + x.getMessage() + " this file and an earlier one");
                        }
                    }
                    m.names().addAll(e.names());
                    entries.put(e.name(), new Merged(m.names(), m.features() != null ? m.features() : e.features(), all));
                }
            }
        }
        Map<Integer, Long> bySeeds = new TreeMap<>();
        for (Merged m : entries.values()) bySeeds.merge(m.trainings() == null ? 0 : m.trainings().seeds().size(), 1L, Long::sum);
        write(out, g -> {
            for (Map.Entry<String, Merged> e : entries.entrySet()) {
                Merged m = e.getValue();
                writeEntry(g, e.getKey(), m.names(), m.trainings() == null ? null : m.trainings().mean(), m.features());
            }
        });
        return new MergeReport(entries.size(), bySeeds);
    }

    /**
     * The training seeds recorded in a result's extra JSON ({@link #TRAINING_SEEDS}), in order;
     * empty when none are recorded (one training of an unknown seed).
     */
    public static List<Integer> trainingSeeds(EvaluationResult result) {
        List<Integer> seeds = SeedResults.recordedSeeds(result);
        return seeds == null ? List.of() : seeds;
    }

    /** Whether an Act-Bench file is gzipped: its name ends in {@code .gz} (read and written so). */
    static boolean gzipped(Path file) {
        Path name = file.getFileName();
        return name != null && name.toString().endsWith(".gz");
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // the original failure is what the caller needs to see
        }
    }

    private static void writeEntry(JsonGenerator g, String name, Collection<String> classNames, EvaluationResult res, double[] f)
            throws IOException {
        g.writeFieldName(name);
        g.writeStartObject();
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
