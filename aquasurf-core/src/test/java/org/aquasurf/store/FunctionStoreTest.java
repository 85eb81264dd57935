package org.aquasurf.store;

import org.aquasurf.canonical.Canonicalizer;
import org.aquasurf.schema.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class FunctionStoreTest {
    @TempDir Path dir;

    /** Classes by brute force: names grouped by their canonical key, one name at a time. */
    private static Map<String, Set<String>> bruteForceClasses(List<String> names) {
        Map<String, Set<String>> byOutputs = new HashMap<>();
        for (String n : names) {
            byOutputs.computeIfAbsent(Canonicalizer.standard().classKey(n), k -> new HashSet<>()).add(n);
        }
        Map<String, Set<String>> byName = new HashMap<>();
        for (Set<String> group : byOutputs.values()) for (String n : group) byName.put(n, group);
        return byName;
    }

    @ParameterizedTest @MethodSource("org.aquasurf.store.Backends#all")
    void populateGroupsNamesIntoEquivalenceClassesAndSkipsExisting(String backend) {
        String url = Backends.newStore(backend, dir, "a.db");
        List<String> names = Fixtures.names();
        Map<String, Set<String>> expected = bruteForceClasses(names);
        long expectedClasses = expected.values().stream().distinct().count();
        assertTrue(expectedClasses < names.size() - 50, "the fixture must have many equivalences");
        try (FunctionStore store = FunctionStore.open(url)) {
            List<PopulateReport> progress = new ArrayList<>();
            PopulateReport r = store.populate(names.stream(), progress::add);
            assertEquals(new PopulateReport(names.size(), names.size(), expectedClasses), r);
            assertEquals(r, progress.get(progress.size() - 1));
            for (String n : names) {
                FunctionRecord c = store.find(n).orElseThrow();
                assertEquals(Canonicalizer.standard().classKey(n), c.key(), "the key is stored in binary and read back as hex");
                long id = c.classId();
                assertEquals(expected.get(n), new HashSet<>(store.names(id)), n);
            }
            PopulateReport again = store.populate(names.subList(0, 100));
            assertEquals(new PopulateReport(100, 0, 0), again);
            Summary s = store.summary();
            assertEquals(names.size(), s.names());
            assertEquals(expectedClasses, s.classes());
            assertEquals(0, s.evaluated());
            assertNull(s.bestName());
        }
        try (FunctionStore reopened = FunctionStore.open(url)) {
            assertEquals(names.size(), reopened.summary().names());
        }
    }

    @ParameterizedTest @MethodSource("org.aquasurf.store.Backends#all")
    void populateFromASchemaAddsEveryExpandedName(String backend) {
        String url = Backends.newStore(backend, dir, "a.db");
        Schema schema = Schema.parse("binary(unary(x),x)");
        List<String> names = schema.expand().map(Object::toString).toList();
        assertEquals(7 * 31, names.size());
        long classes = bruteForceClasses(names).values().stream().distinct().count();
        try (FunctionStore store = FunctionStore.open(url)) {
            List<PopulateReport> progress = new ArrayList<>();
            assertEquals(new PopulateReport(names.size(), names.size(), classes), store.populate(schema, progress::add));
            assertFalse(progress.isEmpty());
            for (String n : names) assertTrue(store.find(n).isPresent(), n);
        }
    }

    /** Feature provenance: recorded by the first writer (also for a second connection), checked after, forgotten by clearFeatures. */
    @ParameterizedTest @MethodSource("org.aquasurf.store.Backends#all")
    void featureProvenanceIsRecordedOnceAndAnotherIsRefused(String backend) {
        String url = Backends.newStore(backend, dir, "p.db");
        try (FunctionStore a = FunctionStore.open(url); FunctionStore b = FunctionStore.open(url)) {
            assertEquals(Optional.empty(), a.features().provenance());
            a.features().checkProvenance("net A, batch 128, seed 42");
            b.features().checkProvenance("net A, batch 128, seed 42");
            assertEquals(Optional.of("net A, batch 128, seed 42"), b.features().provenance());
            var e = assertThrows(StoreException.class, () -> b.features().checkProvenance("net B, batch 128, seed 42"));
            assertTrue(e.getMessage().contains("net A") && e.getMessage().contains("net B"), e.getMessage());
            b.features().clear();
            b.features().checkProvenance("net B, batch 128, seed 42");
            assertEquals(Optional.of("net B, batch 128, seed 42"), a.features().provenance());
            // a stored string in an older spelling matches through the producer's mapping to today's
            b.features().clear();
            b.features().checkProvenance("net C v1, seed 42");
            java.util.function.UnaryOperator<String> upgrade = s -> s.replace(" v1,", ",");
            a.features().checkProvenance("net C, seed 42", upgrade);
            assertThrows(StoreException.class, () -> a.features().checkProvenance("net C, seed 42"));
            assertThrows(StoreException.class, () -> a.features().checkProvenance("net D, seed 42", upgrade));
        }
    }

    @ParameterizedTest @MethodSource("org.aquasurf.store.Backends#all")
    void badNameIsReportedWithTheName(String backend) {
        String url = Backends.newStore(backend, dir, "a.db");
        try (FunctionStore store = FunctionStore.open(url)) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> store.populate(List.of("relu(x)", "relu(foo(x))")));
            assertTrue(e.getMessage().contains("relu(foo(x))"), e.getMessage());
            assertEquals(0, store.summary().names(), "the failing batch is not half-written");
        }
    }

    @ParameterizedTest @MethodSource("org.aquasurf.store.Backends#all")
    void resultsApplyToTheWholeClassAndRoundTripNonFiniteValues(String backend) {
        String url = Backends.newStore(backend, dir, "a.db");
        try (FunctionStore store = FunctionStore.open(url)) {
            store.populate(List.of("add(relu(x),tanh(x))", "add(tanh(x),relu(x))", "relu(x)", "tanh(x)"));
            EvaluationResult r = new EvaluationResult(0.9, 0.3, Double.NaN, Double.POSITIVE_INFINITY, 0.8, 0.4, 12.5,
                    "{\"lr\":0.01}");
            store.recordResult("add(relu(x),tanh(x))", r);
            FunctionRecord other = store.find("add(tanh(x),relu(x))").orElseThrow();
            assertEquals(ClassStatus.DONE, other.status());
            assertEquals(r, other.result());
            assertNull(store.find("relu(x)").orElseThrow().result());
            store.setStatus("tanh(x)", ClassStatus.RUNNING);
            assertEquals(1, store.summary().running());
        }
    }

    @Test
    void aClassIsShownByItsShortestMemberWhateverNameCameFirst() {
        try (FunctionStore store = FunctionStore.open(dir.resolve("simple.db"))) {
            store.populate(List.of("add(zero(x),hard_sigmoid(x))", "hard_sigmoid(x)", "max(hard_sigmoid(x),hard_sigmoid(x))"));
            FunctionRecord c = store.find("hard_sigmoid(x)").orElseThrow();
            assertEquals("add(zero(x),hard_sigmoid(x))", c.name(), "the first name stays the representative");
            assertEquals(Optional.of("hard_sigmoid(x)"), store.simplestName(c.classId()));
            assertEquals(Optional.empty(), store.simplestName(-1));
            assertEquals(Optional.of("b(x)"), FunctionStore.simplest(List.of("cc(x)", "c(x)x", "b(x)", "a(xx)")));
        }
    }

    @ParameterizedTest @MethodSource("org.aquasurf.store.Backends#all")
    void topAndSummaryMatchASortOfTheRecordedAccuracies(String backend) {
        String url = Backends.newStore(backend, dir, "a.db");
        List<String> names = Fixtures.names();
        try (FunctionStore store = FunctionStore.open(url)) {
            store.populate(names);
            Random rnd = new Random(1);
            Map<String, Double> byRep = new HashMap<>();
            for (FunctionRecord c : store.classes()) {
                if (rnd.nextInt(3) == 0) continue;
                double acc = rnd.nextInt(5) == 0 ? Double.NaN : rnd.nextDouble();
                store.recordResult(c.name(), EvaluationResult.ofValidationAccuracy(acc));
                byRep.put(c.name(), acc);
            }
            List<String> expected = byRep.entrySet().stream().filter(e -> !e.getValue().isNaN())
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).map(Map.Entry::getKey).limit(5).toList();
            assertEquals(expected, store.top(5).stream().map(FunctionRecord::name).toList());
            Summary s = store.summary();
            assertEquals(byRep.size(), s.evaluated());
            // the best class is shown by its simplest member: its shortest name, the alphabetically first of those
            List<String> members = store.names(store.find(expected.get(0)).orElseThrow().classId());
            String shortest = members.stream().filter(n -> n.length() == members.stream().mapToInt(String::length).min()
                    .orElseThrow()).sorted().findFirst().orElseThrow();
            assertEquals(shortest, s.bestName());
            assertEquals(byRep.get(expected.get(0)), s.bestValidationAccuracy());
        }
    }

    @ParameterizedTest @MethodSource("org.aquasurf.store.Backends#all")
    void cleanForgetsResultsSoftCleanKeepsFinishedOnes(String backend) {
        String url = Backends.newStore(backend, dir, "a.db");
        try (FunctionStore store = FunctionStore.open(url)) {
            store.populate(List.of("relu(x)", "tanh(x)", "elu(x)", "swish(x)"));
            store.recordResult("relu(x)", EvaluationResult.ofValidationAccuracy(0.7));
            store.recordResult("tanh(x)", EvaluationResult.ofValidationAccuracy(Double.NaN));
            Claim c = store.leases().claim(store.find("elu(x)").orElseThrow().classId(), "w").orElseThrow();
            store.leases().fail(c, "boom");
            assertEquals("boom", store.find("elu(x)").orElseThrow().evaluationError());
            store.leases().claim(store.find("swish(x)").orElseThrow().classId(), "w").orElseThrow();
            assertEquals(3, store.softClean());
            assertEquals(ClassStatus.DONE, store.find("relu(x)").orElseThrow().status());
            for (String n : List.of("tanh(x)", "elu(x)", "swish(x)")) {
                FunctionRecord r = store.find(n).orElseThrow();
                assertEquals(ClassStatus.NEW, r.status(), n);
                assertNull(r.claimedBy());
                assertNull(r.evaluationError());
            }
            assertEquals(1, store.clean(), "only relu(x) had a result left");
            assertTrue(store.classes().stream().allMatch(r -> r.status() == ClassStatus.NEW && r.result() == null));
        }
    }

    @ParameterizedTest @MethodSource("org.aquasurf.store.Backends#all")
    void claimsAreExclusiveRespectTheBudgetAndStaleOnesAreReleased(String backend) throws Exception {
        String url = Backends.newStore(backend, dir, "a.db");
        try (FunctionStore store = FunctionStore.open(url)) {
            store.populate(List.of("relu(x)", "tanh(x)", "elu(x)", "swish(x)"));
            long relu = store.find("relu(x)").orElseThrow().classId();
            Claim c = store.leases().claim(relu, "w1").orElseThrow();
            assertEquals(new Claim(relu, "relu(x)", "w1", c.lease()), c);
            assertEquals(Optional.empty(), store.leases().claim(relu, "w2"));
            assertTrue(store.leases().heartbeat(c));
            assertFalse(store.leases().heartbeat(new Claim(relu, "relu(x)", "w2", c.lease())));
            long tanh = store.find("tanh(x)").orElseThrow().classId();
            long elu = store.find("elu(x)").orElseThrow().classId();
            assertTrue(store.leases().claim(tanh, "w2", 2).isPresent());
            assertEquals(Optional.empty(), store.leases().claim(elu, "w2", 2), "budget of 2 is used up");
            // w1 restarts: its own claim is released at once; w2's is fresh.
            assertEquals(1, store.leases().releaseStale("w1", Duration.ofHours(1)));
            assertEquals(ClassStatus.NEW, store.get(relu).orElseThrow().status());
            assertEquals(ClassStatus.RUNNING, store.get(tanh).orElseThrow().status());
            Thread.sleep(20);
            // w2 crashed: its heartbeat is older than 5 ms.
            assertEquals(1, store.leases().releaseStale("w3", Duration.ofMillis(5)));
            assertEquals(ClassStatus.NEW, store.get(tanh).orElseThrow().status());
            Set<Long> claimed = new HashSet<>();
            Optional<Claim> any;
            while ((any = store.leases().claimAny("w4")).isPresent()) assertTrue(claimed.add(any.get().classId()));
            assertEquals(4, claimed.size());
        }
    }

    @ParameterizedTest @MethodSource("org.aquasurf.store.Backends#all")
    void featuresFirstWriteWinsAndErrorsAreEmptyVectors(String backend) {
        String url = Backends.newStore(backend, dir, "a.db");
        try (FunctionStore store = FunctionStore.open(url)) {
            store.populate(List.of("relu(x)", "tanh(x)", "elu(x)"));
            long relu = store.find("relu(x)").orElseThrow().classId();
            long tanh = store.find("tanh(x)").orElseThrow().classId();
            assertEquals(3, store.features().missing(new Random(0)).size());
            double[] f = {0.1, 0.5, Double.NaN, 1.0};
            assertTrue(store.features().put(relu, f));
            assertFalse(store.features().put(relu, new double[] {9}), "a second worker's vector is ignored");
            assertTrue(store.features().putError(tanh, "singular"));
            assertArrayEquals(f, store.features().get(relu).orElseThrow());
            assertArrayEquals(new double[0], store.features().get(tanh).orElseThrow());
            FunctionRecord t = store.find("tanh(x)").orElseThrow();
            assertEquals("singular", t.featuresError());
            assertFalse(t.hasFiniteFeatures());
            assertFalse(store.find("relu(x)").orElseThrow().hasFiniteFeatures());
            assertEquals(List.of("elu(x)"), store.features().missing(new Random(0)).stream().map(FunctionRecord::name).toList());
            assertEquals(1, store.summary().classesWithFeatures(), "an error is not a feature vector");
            assertEquals(1, store.summary().featureErrors());
            assertTrue(store.summary().toString().contains("--clear-feature-errors"), store.summary().toString());
            assertEquals(1, store.features().clearErrors());
            assertEquals(Optional.empty(), store.features().get(tanh), "tanh's features will be computed again");
            assertArrayEquals(f, store.features().get(relu).orElseThrow(), "computed vectors stay");
            assertEquals(0, store.summary().featureErrors());
            assertTrue(store.features().putError(tanh, "singular"));
            assertEquals(2, store.features().clear());
            assertEquals(Optional.empty(), store.features().get(relu));
        }
    }

    @Test void foreignFilesGiveAClearErrorNamingTheFile() throws Exception {
        Path text = dir.resolve("notes.db");
        Files.writeString(text, "this is not a database, just some text that is long enough to fill a header page");
        var e1 = assertThrows(StoreException.class, () -> FunctionStore.open(text));
        assertTrue(e1.getMessage().contains(text.toString()), e1.getMessage());
        Path other = dir.resolve("other.db");
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + other)) {
            c.createStatement().execute("CREATE TABLE people (name TEXT)");
        }
        var e2 = assertThrows(StoreException.class, () -> FunctionStore.open(other));
        assertTrue(e2.getMessage().contains(other.toString()) && e2.getMessage().contains("another application"), e2.getMessage());
        var e3 = assertThrows(StoreException.class, () -> FunctionStore.open(dir.resolve("missing/dir/a.db")));
        assertTrue(e3.getMessage().contains("does not exist"), e3.getMessage());
    }

    @Test void evaluationResultRejectsInvalidExtraJson() {
        assertThrows(IllegalArgumentException.class, () -> EvaluationResult.ofValidationAccuracy(0.1).withExtraJson("{oops"));
        assertThrows(IllegalArgumentException.class, () -> EvaluationResult.ofValidationAccuracy(0.1).withExtraJson("[1]"));
    }
}
