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
        for (FunctionRecord r : store.classes()) store.putFeatures(r.classId(), Fixtures.cdf(Evaluator.standard().outputs(r.name())));
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

    @Test void baselinesFirstInOrderThenTheBestPredicted() {
        try (FunctionStore store = featured(dir.resolve("s.db"))) {
            List<String> baselines = List.of("max(relu(x),relu(x))", "add(tanh(x),tanh(x))");
            Suggester s = new Suggester(store, ORACLE, baselines, 0);
            Claim first = s.suggestAndClaim("w", Long.MAX_VALUE).orElseThrow();
            assertEquals(store.find(baselines.get(0)).orElseThrow().name(), first.name());
            store.complete(first, EvaluationResult.ofValidationAccuracy(Fixtures.accuracy(first.name())));
            Claim second = s.suggestAndClaim("w", Long.MAX_VALUE).orElseThrow();
            assertEquals(store.find(baselines.get(1)).orElseThrow().name(), second.name());
            store.complete(second, EvaluationResult.ofValidationAccuracy(Fixtures.accuracy(second.name())));

            String expected = bruteForceBest(store, Set.of());
            assertEquals(Optional.of(expected), s.suggest());
            // another worker takes the best: the next best is suggested and claimed
            Claim other = store.claim(store.find(expected).orElseThrow().classId(), "other").orElseThrow();
            String next = bruteForceBest(store, Set.of());
            assertNotEquals(expected, next);
            assertEquals(next, s.suggestAndClaim("w", Long.MAX_VALUE).orElseThrow().name());
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
            store.clearFeatures();
            for (FunctionRecord r : store.classes()) {
                double[] f = Fixtures.cdf(Evaluator.standard().outputs(r.name()));
                if (r.classId() == b.classId()) f[3] = Double.NaN;
                store.putFeatures(r.classId(), f);
            }
            excluded.add(b.key());
            String second = bruteForceBest(store, excluded);
            FunctionRecord sr = store.find(second).orElseThrow();
            store.clearFeatures();
            for (FunctionRecord r : store.classes()) {
                if (r.classId() == sr.classId()) store.putFeaturesError(r.classId(), "failed");
                else if (r.classId() != b.classId()) store.putFeatures(r.classId(), Fixtures.cdf(Evaluator.standard().outputs(r.name())));
            }
            excluded.add(sr.key());
            Suggester s = new Suggester(store, ORACLE, List.of(), 0);
            assertEquals(Optional.of(bruteForceBest(store, excluded)), s.suggest());
            List<ClassState> ranking = s.ranking();
            assertTrue(ranking.stream().noneMatch(r -> r.classId() == b.classId() || r.classId() == sr.classId()));
            assertTrue(ranking.stream().allMatch(r -> r.status() == ClassStatus.NEW
                    && store.get(r.classId()).orElseThrow().hasFiniteFeatures()));
        }
    }

    @Test void withoutAnyKnownAccuracyASeededRandomCandidateIsClaimed() {
        try (FunctionStore store = featured(dir.resolve("s.db"))) {
            AccuracyPredictor never = (o, f, a) -> { throw new AssertionError("no accuracy is known yet"); };
            String a = new Suggester(store, never, List.of(), 7).suggest().orElseThrow();
            String b = new Suggester(store, never, List.of(), 7).suggest().orElseThrow();
            assertEquals(a, b, "same seed, same choice");
            assertTrue(store.find(a).orElseThrow().hasFiniteFeatures());
        }
    }

    @Test void unknownBaselineIsAClearError() {
        try (FunctionStore store = featured(dir.resolve("s.db"))) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> new Suggester(store, ORACLE, List.of("gelu(x)"), 0).suggest());
            assertTrue(e.getMessage().contains("gelu(x)"));
        }
    }
}
