package org.aquasurf.database;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.loss.Loss;
import org.aquasurf.fisher.FisherFeatures;
import org.aquasurf.fisher.FisherOptions;
import org.aquasurf.fisher.FisherSpectrum;
import org.aquasurf.nn.ActivationBlock;
import org.aquasurf.store.ClassStatus;
import org.aquasurf.store.EvaluationResult;
import org.aquasurf.store.FunctionRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActivationFunctionDatabaseTest {

    /** A 2-hidden-layer MLP on 20 inputs, 4 classes; inputs are a fixed Gaussian draw, labels from a linear rule. */
    static final class TinyDatabase extends ActivationFunctionDatabase {
        final List<String> built = new ArrayList<>();

        TinyDatabase(Path file) {
            super(file);
        }

        @Override
        public Block buildModel(String functionName) {
            built.add(functionName);
            if (functionName.equals("exp(x)")) throw new IllegalStateException("no exp in this test network");
            return mlp(functionName);
        }

        @Override
        protected FisherBatch fisherBatch(NDManager manager) {
            return batch(manager);
        }

        @Override
        protected List<String> baselineFunctions() {
            return List.of("relu(x)", "tanh(x)");
        }
    }

    static SequentialBlock mlp(String fn) {
        return new SequentialBlock()
                .add(Linear.builder().setUnits(24).build()).add(ActivationBlock.of(fn))
                .add(Linear.builder().setUnits(24).build()).add(ActivationBlock.of(fn))
                .add(Linear.builder().setUnits(12).build());
    }

    static FisherBatch batch(NDManager manager) {
        Random r = new Random(7);
        int n = 64, d = 20;
        float[] x = new float[n * d];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                x[i * d + j] = (float) r.nextGaussian();
                s += x[i * d + j] * (j % 3 - 1);
            }
            y[i] = s > 1 ? 0 : s > 0 ? 1 : s > -1 ? 2 : 3;
        }
        return new FisherBatch(manager.create(x, new Shape(n, d)), manager.create(y), Loss.softmaxCrossEntropyLoss());
    }

    @Test
    void storedFeaturesEqualAnIndependentFisherComputationAndAreSharedByTheClass(@TempDir Path dir) {
        try (TinyDatabase db = new TinyDatabase(dir.resolve("t.db"))) {
            db.populate("relu(x)", "max(x,zero(x))", "swish(x)", "mul(x,sigmoid(x))", "softplus(x)");
            FeatureReport report = db.computeFisherFeatures(Integer.MAX_VALUE, 1, line -> {});
            // relu(x) ~ max(x,zero(x)) and swish(x) ~ mul(x,sigmoid(x)): 3 classes plus the tanh baseline
            assertEquals(4, report.computed());
            assertEquals(0, report.failed());

            double[] expected;
            try (NDManager m = NDManager.newBaseManager()) {
                Engine.getInstance().setRandomSeed(42);
                SequentialBlock model = mlp("swish(x)");
                FisherBatch b = batch(m);
                model.initialize(m, DataType.FLOAT32, b.samples().getShape());
                expected = FisherFeatures.cdf(FisherSpectrum.compute(model, b.samples(), b.labels(), b.loss(),
                        FisherOptions.kfac().withFloat64Covariance(false)));
            }
            FunctionRecord swish = db.store().find("mul(x,sigmoid(x))").orElseThrow();
            assertEquals(db.store().find("swish(x)").orElseThrow().classId(), swish.classId());
            assertArrayEquals(expected, db.store().features().get(swish.classId()).orElseThrow(), 1e-9);
            // 24*20+24 = 504 weights -> 5 edges -> 4 bins; 24*24+24 = 600 -> 6 edges; 12*24+12 = 300 -> 3 edges
            assertEquals(4 + 5 + 2, expected.length);
            assertEquals(1.0, expected[3], 1e-12, "each layer's CDF ends at 1");
        }
    }

    @Test
    void baselinesFirstLimitRespectedAndFailuresStoredAsErrors(@TempDir Path dir) {
        try (TinyDatabase db = new TinyDatabase(dir.resolve("t.db"))) {
            db.populate("unary(x)");
            FeatureReport first = db.computeFisherFeatures(2, 3, line -> {});
            assertEquals(List.of("relu(x)", "tanh(x)"), db.built, "baselines get features first");
            assertEquals(2, first.computed());

            List<String> lines = new ArrayList<>();
            FeatureReport rest = db.computeFisherFeatures(Integer.MAX_VALUE, 3, lines::add);
            assertEquals(1, rest.failed(), "exp(x) cannot be built");
            FunctionRecord exp = db.store().find("exp(x)").orElseThrow();
            assertEquals(0, db.store().features().get(exp.classId()).orElseThrow().length);
            assertTrue(exp.featuresError().contains("no exp in this test network"), exp.featuresError());
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("Fisher features failed for exp(x)")), lines.toString());
            assertTrue(lines.get(lines.size() - 1).contains("(100%"), lines.toString());
            assertEquals(2, rest.constant(), "zero(x) and one(x) are constant functions");
            assertEquals(db.summary().classes() - 3, db.summary().classesWithFeatures(), "neither failures nor constants are features");
            assertEquals(3, db.summary().featureErrors());
            assertEquals(0, db.computeFisherFeatures(Integer.MAX_VALUE, 3, l -> {}).computed(), "nothing left to do");
        }
    }

    @Test
    void overflowingFunctionsAreCountedAndNeverSuggested(@TempDir Path dir) {
        try (TinyDatabase db = new TinyDatabase(dir.resolve("t.db"))) {
            db.populate("cosh(cosh(cosh(cosh(x))))", "sigmoid(x)");
            List<String> lines = new ArrayList<>();
            FeatureReport report = db.computeFisherFeatures(Integer.MAX_VALUE, 2, lines::add);
            assertEquals(4, report.computed());
            assertEquals(1, report.notFinite(), "cosh^4 overflows float32 at initialization");
            assertTrue(lines.get(lines.size() - 1).contains("1 not finite"), lines.toString());
            long overflow = db.store().find("cosh(cosh(cosh(cosh(x))))").orElseThrow().classId();
            assertFalse(db.store().get(overflow).orElseThrow().hasFiniteFeatures());
            db.store().recordResult("relu(x)", EvaluationResult.ofValidationAccuracy(0.5));
            db.store().recordResult("tanh(x)", EvaluationResult.ofValidationAccuracy(0.6));
            assertEquals("sigmoid(x)", db.suggest().orElseThrow(), "the only usable unevaluated class");
        }
    }

    @Test
    void secondWorkerOnTheSameFileDoesNotOverwriteFeatures(@TempDir Path dir) {
        Path file = dir.resolve("t.db");
        try (TinyDatabase a = new TinyDatabase(file); TinyDatabase b = new TinyDatabase(file)) {
            a.populate("relu(x)", "tanh(x)", "sigmoid(x)");
            long id = a.store().find("sigmoid(x)").orElseThrow().classId();
            assertTrue(a.store().features().put(id, new double[] {0.5, 1.0}));
            FeatureReport rb = b.computeFisherFeatures(Integer.MAX_VALUE, 5, l -> {});
            assertEquals(2, rb.computed());
            assertArrayEquals(new double[] {0.5, 1.0}, b.store().features().get(id).orElseThrow());
        }
    }

    @Test
    void suggestGivesBaselinesThenTheSurrogatesBestAndSearchRecordsForTheClass(@TempDir Path dir) {
        try (TinyDatabase db = new TinyDatabase(dir.resolve("t.db"))) {
            db.populate("unary(x)", "max(x,zero(x))");
            db.computeFisherFeatures(Integer.MAX_VALUE, 3, l -> {});
            assertEquals("relu(x)", db.suggest().orElseThrow());
            // a made-up accuracy: higher for functions closer to relu on the standard inputs
            var report = db.search().budget(8).quiet().evaluateWith(fn -> {
                double[] o = db.store().canonicalizer().evaluator().outputs(fn);
                double[] relu = db.store().canonicalizer().evaluator().outputs("relu(x)");
                double d = 0;
                for (int i = 0; i < o.length; i++) d += Math.min(1, Math.abs(o[i] - relu[i]));
                return EvaluationResult.ofValidationAccuracy(1 - d / o.length);
            }).run();
            assertEquals(8, report.steps().size());
            assertEquals("relu(x)", report.steps().get(0).name());
            assertEquals("tanh(x)", report.steps().get(1).name());
            FunctionRecord viaEquivalent = db.store().find("max(x,zero(x))").orElseThrow();
            assertEquals(ClassStatus.DONE, viaEquivalent.status(), "a result applies to the whole class");
            assertEquals(1.0, viaEquivalent.validationAccuracy(), 1e-12);
            assertEquals(8, db.summary().evaluated());
            assertNotNull(db.top(1).get(0).name());
        }
    }

    @Test
    void fluentConfigurationBuildsAWorkingDatabase(@TempDir Path dir) {
        List<String> built = new ArrayList<>();
        try (ActivationFunctionDatabase db = ActivationFunctionDatabase.configure(dir.resolve("f.db"))
                .model(fn -> { built.add(fn); return mlp(fn); })
                .fisherBatch(ActivationFunctionDatabaseTest::batch)
                .baselines("elu(x)")
                .open()) {
            db.populate("selu(x)");
            assertEquals(2, db.computeFisherFeatures(Integer.MAX_VALUE, 0, l -> {}).computed());
            assertEquals(List.of("elu(x)", "selu(x)"), built);
            assertEquals("elu(x)", db.suggest().orElseThrow());
            double[] f = db.fisherFeatures("selu(x)");
            assertArrayEquals(f, db.store().features().get(db.store().find("selu(x)").orElseThrow().classId()).orElseThrow(), 1e-12,
                    "recomputing gives the stored vector: the model seed makes initialization repeatable");
            for (double v : f) assertFalse(Double.isNaN(v));
        }
    }

    @Test
    void unconfiguredBuilderSaysWhatIsMissing(@TempDir Path dir) {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> ActivationFunctionDatabase.configure(dir.resolve("g.db")).open());
        assertTrue(e.getMessage().contains("model(...) and fisherBatch(...) are required"), e.getMessage());
    }


    /** A user's operator reaches the store's parser, the schema expansion and ActivationBlock through the database. */
    @Test
    void aUsersOwnOperatorWorksThroughTheDatabase(@TempDir Path dir) {
        org.aquasurf.grammar.OperatorRegistry grammar = org.aquasurf.grammar.OperatorRegistry.standard().toBuilder()
                .add(org.aquasurf.grammar.Operator.unary("cube", x -> x * x * x)).build();
        org.aquasurf.nn.NdOperators nd = org.aquasurf.nn.NdOperators.standard().toBuilder()
                .add(org.aquasurf.nn.NdOperator.unary("cube", x -> x.mul(x).mul(x))).build();
        org.aquasurf.canonical.Canonicalizer canonicalizer = new org.aquasurf.canonical.Canonicalizer(
                new org.aquasurf.eval.Evaluator(new org.aquasurf.grammar.Parser(grammar)));
        try (ActivationFunctionDatabase db = ActivationFunctionDatabase.configure(dir.resolve("u.db"))
                .grammar(canonicalizer, nd)
                .model((d, fn) -> new SequentialBlock().add(Linear.builder().setUnits(24).build()).add(d.activation(fn))
                        .add(Linear.builder().setUnits(12).build()))
                .fisherBatch(ActivationFunctionDatabaseTest::batch)
                .baselines("relu(x)")
                .open()) {
            db.populate("cube(x)", "mul(x,square(x))", "max(cube(x),x)");
            assertEquals(db.store().find("cube(x)").orElseThrow().classId(), db.store().find("mul(x,square(x))").orElseThrow().classId(),
                    "cube(x) = x * x^2 on the standard inputs");
            FeatureReport report = db.computeFisherFeatures(Integer.MAX_VALUE, 0, l -> {});
            assertEquals(0, report.failed(), "every name, the user's operator included, builds a network");
            assertEquals(3, report.computed());
            // the same features from the standard operators' equivalent name x*x^2 in a standard network
            double[] expected;
            try (NDManager m = NDManager.newBaseManager()) {
                Engine.getInstance().setRandomSeed(ActivationFunctionDatabase.DEFAULT_MODEL_SEED);
                Block model = new SequentialBlock().add(Linear.builder().setUnits(24).build())
                        .add(ActivationBlock.of("mul(x,square(x))")).add(Linear.builder().setUnits(12).build());
                FisherBatch b = batch(m);
                model.initialize(m, DataType.FLOAT32, b.samples().getShape());
                expected = FisherFeatures.cdf(FisherSpectrum.compute(model, b.samples(), b.labels(), b.loss(), FisherOptions.kfac()));
            }
            assertArrayEquals(expected, db.fisherFeatures("cube(x)"), 1e-6);
            assertEquals("relu(x)", db.suggest().orElseThrow());
        }
    }

    /** Features record what produced them; a second network on the same store is refused with a clear message. */
    @Test
    void featuresOfAnotherNetworkAreRefused(@TempDir Path dir) {
        Path file = dir.resolve("p.db");
        try (TinyDatabase a = new TinyDatabase(file)) {
            a.populate("relu(x)", "tanh(x)", "sigmoid(x)");
            a.computeFisherFeatures(2, 0, l -> {});
            String recorded = a.store().features().provenance().orElseThrow();
            assertEquals(a.featureProvenance(), recorded);
            assertTrue(recorded.contains("batch (64, 20)") && recorded.contains("model seed 42") && recorded.contains("sha256:"), recorded);
        }
        try (TinyDatabase same = new TinyDatabase(file)) {
            assertEquals(1, same.computeFisherFeatures(Integer.MAX_VALUE, 0, l -> {}).computed(), "the same network may continue");
        }
        try (ActivationFunctionDatabase wider = ActivationFunctionDatabase.configure(file)
                .model(fn -> new SequentialBlock().add(Linear.builder().setUnits(32).build()).add(ActivationBlock.of(fn))
                        .add(Linear.builder().setUnits(12).build()))
                .fisherBatch(ActivationFunctionDatabaseTest::batch).open()) {
            wider.populate("swish(x)");
            long before = wider.summary().classesWithFeatures();
            var e = org.junit.jupiter.api.Assertions.assertThrows(org.aquasurf.store.StoreException.class,
                    () -> wider.computeFisherFeatures(Integer.MAX_VALUE, 0, l -> {}));
            assertTrue(e.getMessage().contains("holds Fisher features of another network"), e.getMessage());
            assertEquals(before, wider.summary().classesWithFeatures(), "nothing of the other network was stored");
            wider.store().features().clear();
            assertEquals(4, wider.computeFisherFeatures(Integer.MAX_VALUE, 0, l -> {}).computed(), "after clearing, it may start over");
        }
    }

    /** Workers with different layer thread counts share a store: threads change no feature value. */
    @Test
    void workersWithOtherThreadCountsShareTheStoreAndTheFeatures(@TempDir Path dir) {
        Path file = dir.resolve("threads.db");
        try (ActivationFunctionDatabase one = ActivationFunctionDatabase.configure(file).model(ActivationFunctionDatabaseTest::mlp)
                .fisherBatch(ActivationFunctionDatabaseTest::batch).fisherOptions(FisherOptions.kfac().withThreads(1)).open();
             ActivationFunctionDatabase two = ActivationFunctionDatabase.configure(file).model(ActivationFunctionDatabaseTest::mlp)
                .fisherBatch(ActivationFunctionDatabaseTest::batch).fisherOptions(FisherOptions.kfac().withThreads(2)).open()) {
            one.populate("relu(x)", "tanh(x)", "swish(x)");
            assertEquals(2, one.computeFisherFeatures(2, 0, l -> {}).computed());
            assertEquals(1, two.computeFisherFeatures(1, 0, l -> {}).computed(), "no refusal for another thread count");
            assertEquals(one.featureProvenance(), two.featureProvenance());
            assertArrayEquals(one.fisherFeatures("swish(x)"), two.fisherFeatures("swish(x)"), 0.0);
        }
    }

    /** Stores written before the thread count left the provenance ("…, threads=2]") keep their features. */
    @Test
    void aStoreThatRecordedTheLayerThreadCountStillAcceptsTheseFeatures(@TempDir Path dir) {
        Path file = dir.resolve("former.db");
        try (ActivationFunctionDatabase db = ActivationFunctionDatabase.configure(file).model(ActivationFunctionDatabaseTest::mlp)
                .fisherBatch(ActivationFunctionDatabaseTest::batch).fisherOptions(FisherOptions.kfac().withThreads(2)).open()) {
            String now = db.featureProvenance();
            String former = now.replaceFirst("(FisherOptions\\[[^]]*)]", "$1, threads=2]");
            assertNotEquals(now, former, "the provenance names the options: " + now);
            assertEquals(now, FisherOptions.currentProvenance(former));
            db.store().features().checkProvenance(former); // as the former version recorded it
            db.populate("relu(x)", "tanh(x)");
            assertEquals(2, db.computeFisherFeatures(2, 0, l -> {}).computed(), "no refusal");
            assertEquals(Optional.of(former), db.store().features().provenance());
        }
    }
}
