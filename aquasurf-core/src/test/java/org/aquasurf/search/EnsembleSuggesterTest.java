package org.aquasurf.search;

import org.aquasurf.eval.Evaluator;
import org.aquasurf.store.ClassState;
import org.aquasurf.store.ClassStatus;
import org.aquasurf.store.EvaluationResult;
import org.aquasurf.store.Fixtures;
import org.aquasurf.store.FunctionRecord;
import org.aquasurf.store.FunctionStore;
import org.aquasurf.surrogate.Surrogate;
import org.aquasurf.surrogate.SurrogateEmbedding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The ensemble suggester on the ~150 classes of binary(unary(x),unary(x)) over 4 x 10 x 10 real
 * operators (plus a few degenerate ones), with the synthetic accuracy of {@link Fixtures#accuracy}.
 */
class EnsembleSuggesterTest {
    @TempDir Path dir;

    /** Constant or overflowing on the standard inputs, all with finite outputs. */
    static final List<String> DEGENERATE = List.of("zero(x)", "sub(x,x)", "add(one(x),zero(x))", "exp(exp(x))", "exp(square(x))");

    /** A store of the fixture names plus {@link #DEGENERATE}, with Fisher "CDFs" and {@code known} evaluated classes. */
    private static FunctionStore store(Path file, int known) {
        FunctionStore store = FunctionStore.open(file);
        List<String> names = new ArrayList<>(Fixtures.names());
        names.addAll(DEGENERATE);
        store.populate(names);
        List<FunctionRecord> classes = store.classes();
        for (FunctionRecord r : classes) store.features().put(r.classId(), Fixtures.cdf(Evaluator.standard().outputs(r.name())));
        for (int i = 0; i < known; i++) {
            String name = classes.get(i * 7 % classes.size()).name();
            store.recordResult(name, EvaluationResult.ofValidationAccuracy(Fixtures.accuracy(name)));
        }
        return store;
    }

    @Test void theDegeneracyOfConstantAndOverflowingFunctions() {
        for (String constant : List.of("zero(x)", "sub(x,x)", "one(x)", "add(one(x),zero(x))", "mul(zero(x),exp(x))")) {
            assertEquals(Degeneracy.CONSTANT, Degeneracy.of(Evaluator.standard().outputs(constant)), constant);
        }
        // poles show as a spike at the standard input nearest to them
        for (String overflowing : List.of("exp(exp(x))", "exp(square(x))", "mul(exp(x),exp(exp(x)))",
                "reciprocal(x)", "div(one(x),erf(x))", "div(hard_sigmoid(x),tanh(x))")) {
            assertEquals(Degeneracy.OVERFLOWING, Degeneracy.of(Evaluator.standard().outputs(overflowing)), overflowing);
        }
        for (String fine : List.of("relu(x)", "tanh(x)", "sigmoid(x)", "exp(x)", "square(x)", "abs(x)", "erf(x)")) {
            assertEquals(Degeneracy.NONE, Degeneracy.of(Evaluator.standard().outputs(fine)), fine);
        }
        // on the boundaries: a range of exactly 0.1% of the magnitude is constant, just above is not
        assertEquals(Degeneracy.CONSTANT, Degeneracy.of(new double[] {5, 5 + 5e-3}));
        assertEquals(Degeneracy.NONE, Degeneracy.of(new double[] {5, 5 + 6e-3}));
        assertEquals(Degeneracy.OVERFLOWING, Degeneracy.of(new double[] {0, -100.5}));
        assertEquals(Degeneracy.OVERFLOWING, Degeneracy.of(new double[] {0, Double.NaN}));
        assertEquals(Degeneracy.NONE, Degeneracy.of(new double[] {0, 100}));
    }

    @Test void theKernelRegressionAveragesEachMembersKernelPrediction() {
        try (FunctionStore store = store(dir.resolve("k.db"), 12)) {
            Observations in = Observations.of(store);
            EnsembleSuggester kernel = new EnsembleSuggester(4, EnsembleSuggester.Settings.defaults().withMembers(2)
                    .withRegression(EnsembleSuggester.Regression.KERNEL));
            double[] predicted = kernel.predict(in);
            double[] acc = in.accuracy();
            int n = in.size();
            double[] expected = new double[n];
            for (long seed : kernel.memberSeeds()) {
                SurrogateEmbedding e = new FittedSurrogate(Surrogate.defaults(seed)).embedding(in.outputs(), in.fisher());
                double[][] emb = e.embedding();
                int[] rows = IntStream.range(0, n).filter(i -> e.included()[i]).toArray();
                assertEquals(n, rows.length, "every class is embedded");
                // the scale: the upper median of the distances to the nearest other embedded point, by brute force
                double[] nearest = IntStream.of(rows).mapToDouble(i -> IntStream.of(rows).filter(j -> j != i)
                        .mapToDouble(j -> Math.hypot(emb[i][0] - emb[j][0], emb[i][1] - emb[j][1])).min().orElseThrow()).sorted().toArray();
                double scale = nearest[nearest.length / 2];
                int[] known = IntStream.range(0, n).filter(i -> !Double.isNaN(acc[i])).toArray();
                org.aquasurf.surrogate.KernelRegressor r = org.aquasurf.surrogate.KernelRegressor.fitSelectingBandwidth(
                        IntStream.of(known).mapToObj(i -> emb[i]).toArray(double[][]::new), IntStream.of(known).mapToDouble(i -> acc[i]).toArray(), scale);
                for (int i = 0; i < n; i++) expected[i] += r.predict(emb[i]) / 2;
            }
            assertArrayEquals(expected, predicted, 1e-12);
            // and the ranking follows it: the first candidate has the highest prediction among the usable ones
            ClassState first = kernel.rank(in).get(0);
            double top = in.candidates().stream().filter(i -> !Degeneracy.of(in.outputs()[i]).degenerate())
                    .mapToDouble(i -> predicted[i]).max().orElseThrow();
            assertEquals(top, predicted[in.classes().indexOf(first)], 1e-12);
        }
    }

    @Test void degenerateClassesComeAfterAllOthersEvenWhenPredictedHigh() {
        try (FunctionStore store = store(dir.resolve("t.db"), 12)) {
            Observations in = Observations.of(store);
            double[][] outputs = in.outputs();
            List<ClassState> on = new EnsembleSuggester(3, EnsembleSuggester.Settings.defaults().withMembers(2)).rank(in);
            List<ClassState> off = new EnsembleSuggester(3, EnsembleSuggester.Settings.defaults().withMembers(2)
                    .withDegeneratePrior(false)).rank(in);
            assertEquals(on.size(), off.size());
            int firstDegenerate = -1;
            int degenerate = 0;
            for (int i = 0; i < on.size(); i++) {
                boolean d = Degeneracy.of(outputs[in.classes().indexOf(on.get(i))]).degenerate();
                if (d && firstDegenerate < 0) firstDegenerate = i;
                if (d) degenerate++;
                else assertTrue(firstDegenerate < 0, "a usable class after a degenerate one at " + i);
            }
            assertEquals(on.size() - degenerate, firstDegenerate);
            List<Long> tail = on.subList(firstDegenerate, on.size()).stream().map(ClassState::classId).toList();
            int named = 0;
            for (String d : DEGENERATE) {
                FunctionRecord r = store.find(d).orElseThrow();
                if (r.status() == ClassStatus.NEW) {
                    assertTrue(tail.contains(r.classId()), d + " comes after the usable classes");
                    named++;
                }
            }
            assertTrue(named >= 3, "zero, one, exp(exp(x)) and exp(square(x)) are NEW candidates: " + named);
            int firstDegenerateOff = IntStream.range(0, off.size())
                    .filter(i -> Degeneracy.of(outputs[in.classes().indexOf(off.get(i))]).degenerate()).min().orElseThrow();
            assertTrue(firstDegenerateOff < firstDegenerate, "without the prior a degenerate class ranks earlier");
        }
    }

    @Test void theRankingIsDeterministicForASeed() {
        try (FunctionStore store = store(dir.resolve("s.db"), 10)) {
            Observations in = Observations.of(store);
            EnsembleSuggester.Settings three = EnsembleSuggester.Settings.defaults().withMembers(3);
            List<ClassState> a = new EnsembleSuggester(5, three).rank(in);
            List<ClassState> b = new EnsembleSuggester(5, three).rank(Observations.of(store));
            assertEquals(a, b);
            double[] pa = new EnsembleSuggester(5, three).predict(in);
            double[] pb = new EnsembleSuggester(5, three).predict(in);
            assertArrayEquals(pa, pb);
            double[] other = new EnsembleSuggester(6, three).predict(in);
            assertFalse(Arrays.equals(pa, other), "another seed, other embeddings");
            assertEquals(5, new EnsembleSuggester(5, three).memberSeeds()[0], "the first member has the suggester's seed");
            assertEquals(3, Arrays.stream(new EnsembleSuggester(5, three).memberSeeds()).distinct().count());
        }
    }

    @Test void theEnsembleMeanIsTheMeanOfSingleSeedSurrogatesFittedFromScratch() {
        try (FunctionStore store = store(dir.resolve("s.db"), 15)) {
            Observations in = Observations.of(store);
            EnsembleSuggester e = new EnsembleSuggester(11, EnsembleSuggester.Settings.defaults().withMembers(3));
            double[] p = e.predict(in);
            double[] sum = new double[in.size()];
            for (long s : e.memberSeeds()) {
                double[] single = Surrogate.defaults(s).predict(in.outputs(), in.fisher(), in.accuracy()).predictions();
                for (int i = 0; i < sum.length; i++) sum[i] += single[i];
            }
            for (int i = 0; i < sum.length; i++) assertEquals(sum[i] / 3, p[i], 1e-12, "row " + i);
            // one member is the paper's surrogate with the same seed
            double[] paper = Surrogate.defaults(11).predict(in.outputs(), in.fisher(), in.accuracy()).predictions();
            assertArrayEquals(paper, new EnsembleSuggester(11, EnsembleSuggester.Settings.defaults().withMembers(1)).predict(in));
        }
    }

    @Test void anotherWorkersRunningClassKeepsItsTightNeighboursBack() {
        try (FunctionStore store = store(dir.resolve("s.db"), 15)) {
            EnsembleSuggester.Settings s = EnsembleSuggester.Settings.defaults().withMembers(3);
            String first = new EnsembleSuggester(2, s).rank(Observations.of(store)).get(0).name();
            store.leases().claim(store.find(first).orElseThrow().classId(), "worker-1").orElseThrow();
            Observations in = Observations.of(store);
            int running = IntStream.range(0, in.size()).filter(i -> in.classes().get(i).status() == ClassStatus.RUNNING)
                    .findFirst().orElseThrow();
            // the tight neighbours of the running class, brute force in each member's embedding fitted from scratch
            int[] votes = new int[in.size()];
            for (long seed : new EnsembleSuggester(2, s).memberSeeds()) {
                double[][] emb = Surrogate.defaults(seed).embed(in.outputs(), in.fisher()).embedding();
                IntStream.range(0, in.size()).filter(i -> i != running).boxed()
                        .sorted(Comparator.comparingDouble((Integer i) -> dist2(emb[i], emb[running])).thenComparingInt(i -> i))
                        .limit(3).forEach(i -> votes[i]++);
            }
            List<ClassState> diverse = new EnsembleSuggester(2, s).rank(in);
            List<ClassState> plain = new EnsembleSuggester(2, s.withDiverse(false)).rank(in);
            assertEquals(new java.util.HashSet<>(plain), new java.util.HashSet<>(diverse), "the same candidates");
            int near = (int) IntStream.range(0, in.size()).filter(i -> 2 * votes[i] > 3).count();
            assertTrue(near > 0);
            for (int i = 0; i < diverse.size() - near; i++) {
                int row = in.classes().indexOf(diverse.get(i));
                assertFalse(2 * votes[row] > 3, "a tight neighbour of the running class at " + i);
            }
            assertNotEquals(plain, diverse, "without diverse picks a tight neighbour ranks earlier: the test has teeth");
        }
    }

    @Test void kMeansFindsTheCentresOfSeparatedBlobs() {
        double[][] centres = {{0, 0}, {10, 0}, {0, 10}, {10, 10}};
        java.util.Random r = new java.util.Random(1);
        List<double[]> points = new ArrayList<>();
        for (double[] c : centres) for (int i = 0; i < 50; i++) points.add(new double[] {c[0] + r.nextGaussian() * 0.5, c[1] + r.nextGaussian() * 0.5});
        double[][] found = EnsembleSuggester.kMeans(points.toArray(double[][]::new), 4, new java.util.Random(3));
        for (double[] c : centres) {
            // the blob's own mean, computed directly, is a found centre
            double[] mean = new double[2];
            int n = 0;
            for (double[] p : points) {
                if (dist2(p, c) < 9) {
                    mean[0] += p[0];
                    mean[1] += p[1];
                    n++;
                }
            }
            double[] m = {mean[0] / n, mean[1] / n};
            assertTrue(Arrays.stream(found).anyMatch(f -> dist2(f, m) < 1e-18), "centre near " + Arrays.toString(c));
        }
    }

    @Test void beforeEnoughAccuraciesAreKnownTheFirstPicksCoverTheEmbedding() {
        try (FunctionStore store = store(dir.resolve("s.db"), 0)) {
            Observations in = Observations.of(store);
            EnsembleSuggester.Settings s = EnsembleSuggester.Settings.defaults().withMembers(1).withExplore(6);
            List<ClassState> explore = new EnsembleSuggester(4, s).rank(in);
            List<ClassState> plain = new EnsembleSuggester(4, s.withExplore(0)).rank(in);
            double[][] emb = Surrogate.defaults(4).embed(in.outputs(), in.fisher()).embedding();
            int[] first = explore.subList(0, 6).stream().mapToInt(c -> in.classes().indexOf(c)).toArray();
            int[] firstPlain = plain.subList(0, 6).stream().mapToInt(c -> in.classes().indexOf(c)).toArray();
            // spread out: the closest pair of the six exploration picks is farther apart than that of six random picks
            assertTrue(closestPair(emb, first) > closestPair(emb, firstPlain),
                    closestPair(emb, first) + " vs " + closestPair(emb, firstPlain));
            for (int i : first) assertFalse(Degeneracy.of(in.outputs()[i]).degenerate());
            assertEquals(new java.util.HashSet<>(plain), new java.util.HashSet<>(explore), "the same candidates");
        }
    }

    private static double closestPair(double[][] emb, int[] rows) {
        double d = Double.POSITIVE_INFINITY;
        for (int a = 0; a < rows.length; a++) for (int b = a + 1; b < rows.length; b++) d = Math.min(d, dist2(emb[rows[a]], emb[rows[b]]));
        return d;
    }

    @Test void unknownSuggesterNamesAreAClearError() {
        var e = assertThrows(IllegalArgumentException.class, () -> Suggesters.create("ensamble", 0));
        assertEquals("unknown suggester 'ensamble': use one of paper, ensemble, random", e.getMessage());
        assertInstanceOf(EnsembleSuggester.class, Suggesters.create("ensemble", 0));
        assertInstanceOf(SurrogateSuggester.class, Suggesters.create("paper", 0));
        assertInstanceOf(RandomSuggester.class, Suggesters.create("random", 0));
    }

    private static double dist2(double[] a, double[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) d += (a[i] - b[i]) * (a[i] - b[i]);
        return d;
    }
}
