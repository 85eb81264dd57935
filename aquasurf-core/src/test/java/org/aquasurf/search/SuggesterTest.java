package org.aquasurf.search;

import org.aquasurf.eval.Evaluator;
import org.aquasurf.store.ClassState;
import org.aquasurf.store.ClassStatus;
import org.aquasurf.store.Claim;
import org.aquasurf.store.EvaluationResult;
import org.aquasurf.store.Fixtures;
import org.aquasurf.store.FunctionRecord;
import org.aquasurf.store.FunctionStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** suggest() on the 400 names of binary(unary(x),unary(x)) over 4 x 10 x 10 real operators. */
class SuggesterTest {
    @TempDir Path dir;

    /** A predictor that knows the synthetic accuracy exactly: suggest must pick its argmax. */
    private static final AccuracyPredictor ORACLE = (outputs, fisher, acc) ->
            Arrays.stream(outputs).mapToDouble(Fixtures::accuracy).toArray();

    private static FunctionStore featured(Path file) {
        FunctionStore store = FunctionStore.open(file);
        store.populate(Fixtures.names());
        for (FunctionRecord r : store.classes()) store.features().put(r.classId(), Fixtures.cdf(Evaluator.standard().outputs(r.name())));
        return store;
    }

    /** The best NEW, finite-output name by brute force over all names (not through the store). */
    private static String bruteForceBest(FunctionStore store, Set<String> excludedClasses) {
        String best = null;
        double bestAcc = Double.NEGATIVE_INFINITY;
        for (String n : Fixtures.names()) {
            FunctionRecord r = store.find(n).orElseThrow();
            if (r.status() != ClassStatus.NEW || excludedClasses.contains(r.key())) continue;
            double a = Fixtures.accuracy(n);
            if (a > bestAcc) {
                bestAcc = a;
                best = r.name();
            }
        }
        return best;
    }

    @Test void baselinesFirstInOrderThenTheBestPredictedAndAClaimedOneIsSkipped() {
        try (FunctionStore store = featured(dir.resolve("s.db"))) {
            List<String> baselines = List.of("max(relu(x),relu(x))", "add(tanh(x),tanh(x))");
            Search search = AquaSurf.search(store).baselines(baselines).predictor(ORACLE).workerId("w").quiet()
                    .evaluateWith(fn -> EvaluationResult.ofValidationAccuracy(Fixtures.accuracy(fn)));
            assertEquals(Optional.of(baselines.get(0)), search.suggest());
            search.budget(1).run();
            assertEquals(ClassStatus.DONE, store.find(baselines.get(0)).orElseThrow().status());
            assertEquals(Optional.of(baselines.get(1)), search.suggest());
            search.budget(2).run();

            String expected = bruteForceBest(store, Set.of());
            assertEquals(Optional.of(expected), search.suggest());
            // another worker takes the best: the search skips it and claims the next best
            Claim other = store.leases().claim(store.find(expected).orElseThrow().classId(), "other").orElseThrow();
            String next = bruteForceBest(store, Set.of());
            assertNotEquals(expected, next);
            SearchReport r = search.budget(4).run();
            assertEquals(List.of(next), r.steps().stream().map(SearchStep::name).toList());
            assertEquals(ClassStatus.RUNNING, store.get(other.classId()).orElseThrow().status());
        }
    }

    @Test void classesWithNonFiniteOrMissingFeaturesAreNeverSuggested() {
        try (FunctionStore store = featured(dir.resolve("s.db"))) {
            store.recordResult("max(relu(x),relu(x))", EvaluationResult.ofValidationAccuracy(0.6));
            Set<String> excluded = new HashSet<>();
            String best = bruteForceBest(store, excluded);
            FunctionRecord b = store.find(best).orElseThrow();
            // replace its features by a NaN vector (features are first-write-wins, so rebuild the store row)
            store.features().clear();
            for (FunctionRecord r : store.classes()) {
                double[] f = Fixtures.cdf(Evaluator.standard().outputs(r.name()));
                if (r.classId() == b.classId()) f[3] = Double.NaN;
                store.features().put(r.classId(), f);
            }
            excluded.add(b.key());
            String second = bruteForceBest(store, excluded);
            FunctionRecord sr = store.find(second).orElseThrow();
            store.features().clear();
            for (FunctionRecord r : store.classes()) {
                if (r.classId() == sr.classId()) store.features().putError(r.classId(), "failed");
                else if (r.classId() != b.classId()) store.features().put(r.classId(), Fixtures.cdf(Evaluator.standard().outputs(r.name())));
            }
            excluded.add(sr.key());
            assertEquals(Optional.of(bruteForceBest(store, excluded)), AquaSurf.search(store).predictor(ORACLE).suggest());
            List<ClassState> ranking = new SurrogateSuggester(ORACLE, 0).rank(Observations.of(store));
            assertTrue(ranking.stream().noneMatch(r -> r.classId() == b.classId() || r.classId() == sr.classId()));
            assertTrue(ranking.stream().allMatch(r -> r.status() == ClassStatus.NEW
                    && store.get(r.classId()).orElseThrow().hasFiniteFeatures()));
        }
    }

    @Test void withoutAnyKnownAccuracyASeededRandomCandidateIsClaimed() {
        try (FunctionStore store = featured(dir.resolve("s.db"))) {
            AccuracyPredictor never = (o, f, a) -> { throw new AssertionError("no accuracy is known yet"); };
            String a = new SurrogateSuggester(never, 7).rank(Observations.of(store)).get(0).name();
            String b = AquaSurf.search(store).predictor(never).seed(7).suggest().orElseThrow();
            assertEquals(a, b, "same seed, same choice");
            assertTrue(store.find(a).orElseThrow().hasFiniteFeatures());
        }
    }

    @Test void aMissingBaselineIsAddedAndComesFirstAndAMalformedOneIsAClearError() {
        try (FunctionStore store = featured(dir.resolve("s.db"))) {
            assertTrue(store.find("gelu(x)").isEmpty());
            assertEquals(Optional.of("gelu(x)"), AquaSurf.search(store).baselines("gelu(x)").predictor(ORACLE).suggest());
            assertTrue(store.find("gelu(x)").isPresent());
            var e = assertThrows(RuntimeException.class,
                    () -> AquaSurf.search(store).baselines("rleu(x)").predictor(ORACLE).suggest());
            assertTrue(e.getMessage().contains("rleu"), e.getMessage());
        }
    }

    /** The suggester never writes: ranking leaves every class as it was. */
    @Test void rankingWritesNothing() {
        try (FunctionStore store = featured(dir.resolve("s.db"))) {
            store.recordResult("max(relu(x),relu(x))", EvaluationResult.ofValidationAccuracy(0.6));
            List<ClassState> before = store.states();
            new SurrogateSuggester(ORACLE, 0).rank(Observations.of(store));
            new RandomSuggester(0).rank(Observations.of(store));
            assertEquals(before, store.states());
        }
    }

    /** Random search: a permutation of the NEW usable classes, stable between calls, different per seed. */
    @Test void randomSuggesterIsASeededPermutation() {
        try (FunctionStore store = featured(dir.resolve("s.db"))) {
            Observations in = Observations.of(store);
            List<ClassState> a = new RandomSuggester(3).rank(in);
            assertEquals(a, new RandomSuggester(3).rank(in.refresh()));
            assertEquals(Set.copyOf(in.candidates().stream().map(in.classes()::get).toList()), Set.copyOf(a));
            assertEquals(a.size(), in.candidates().size());
            assertNotEquals(a, new RandomSuggester(4).rank(in));
        }
    }

    /**
     * The embedding is fitted once per feature set: step by step through a search, the cached
     * surrogate's ranking equals the ranking from a surrogate fitted from scratch, and its embedding
     * is the same object until features are added.
     */
    @Test void cachedSurrogateEqualsAFitFromScratchAndRefitsWhenFeaturesAreAdded() {
        try (FunctionStore store = FunctionStore.open(dir.resolve("c.db"))) {
            store.populate(Fixtures.names());
            List<FunctionRecord> all = store.classes();
            for (FunctionRecord r : all.subList(0, all.size() - 20)) {
                store.features().put(r.classId(), Fixtures.cdf(Evaluator.standard().outputs(r.name())));
            }
            store.recordResult("max(relu(x),relu(x))", EvaluationResult.ofValidationAccuracy(0.6));
            Observations in = Observations.of(store);
            SurrogateSuggester cached = new SurrogateSuggester(5);
            var firstFit = cached.embedding(in);
            for (int step = 0; step < 4; step++) {
                in.refresh();
                List<ClassState> ranking = cached.rank(in);
                double[] scratch = org.aquasurf.surrogate.Surrogate.defaults(5).predict(in.outputs(), in.fisher(), in.accuracy()).predictions();
                List<ClassState> expected = new SurrogateSuggester((o, f, a) -> scratch, 5).rank(in);
                assertEquals(expected, ranking, "step " + step);
                assertSame(firstFit, cached.embedding(in), "no refit while the feature set is unchanged");
                store.recordResult(ranking.get(0).name(), EvaluationResult.ofValidationAccuracy(Fixtures.accuracy(ranking.get(0).name())));
            }
            for (FunctionRecord r : all.subList(all.size() - 20, all.size())) {
                store.features().put(r.classId(), Fixtures.cdf(Evaluator.standard().outputs(r.name())));
            }
            in.refresh();
            assertNotSame(firstFit, cached.embedding(in), "new features: refit");
            double[] scratch = org.aquasurf.surrogate.Surrogate.defaults(5).predict(in.outputs(), in.fisher(), in.accuracy()).predictions();
            assertEquals(new SurrogateSuggester((o, f, a) -> scratch, 5).rank(in), cached.rank(in));
        }
    }
}
