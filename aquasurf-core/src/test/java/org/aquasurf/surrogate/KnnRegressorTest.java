package org.aquasurf.surrogate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.common.nearest.KNNModel;
import org.tribuo.common.nearest.KNNTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.distance.L2Distance;
import org.tribuo.math.neighbour.NeighboursQueryFactoryType;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.ensemble.AveragingCombiner;

class KnnRegressorTest {

    // Query (0, 0): neighbours at distances 0, 1, 2 with targets 1, 2, 6, so the 3-NN mean is 3.
    private static final double[][] X = {{0, 0}, {1, 0}, {0, 2}, {5, 5}};
    private static final double[] Y = {1, 2, 6, 100};
    private static final String[] NAMES = {"x0", "x1"};

    @Test
    void tribuoPlainAveragingCombinerReturnsTheKthNeighbourNotTheMean() {
        RegressionFactory f = new RegressionFactory();
        MutableDataset<Regressor> data = new MutableDataset<>(new SimpleDataSourceProvenance("t", f), f);
        for (int i = 0; i < X.length; i++) {
            data.add(new ArrayExample<>(new Regressor("y", Y[i]), NAMES, X[i]));
        }
        KNNTrainer<Regressor> plain = new KNNTrainer<>(3, new L2Distance(), 1, new AveragingCombiner(),
                KNNModel.Backend.INNERTHREADPOOL, NeighboursQueryFactoryType.BRUTE_FORCE);
        Model<Regressor> model = plain.train(data);
        double got = model.predict(new ArrayExample<>(RegressionFactory.UNKNOWN_REGRESSOR, NAMES, new double[] {0, 0}))
                .getOutput().getValues()[0];
        assertEquals(6.0, got, 1e-12, "Tribuo's behaviour changed: re-check whether the workaround is still needed");
    }

    @Test
    void ourRegressorAveragesTheKNearest() {
        KnnRegressor r = KnnRegressor.fit(X, Y, 3);
        assertEquals(3.0, r.predict(new double[] {0, 0}), 1e-12);
        // (4, 4): nearest (5,5) at 1.41, then (1,0) at 5, (0,2) at 4.47 -> mean of 100, 6, 2.
        assertEquals((100 + 6 + 2) / 3.0, r.predict(new double[] {4, 4}), 1e-12);
        assertArrayEquals(new double[] {3.0, 36.0}, r.predict(new double[][] {{0, 0}, {4, 4}}), 1e-12);
    }

    @Test
    void fewerPointsThanKUsesAllOfThem() {
        KnnRegressor r = KnnRegressor.fit(new double[][] {{0, 0}, {3, 4}}, new double[] {0.2, 0.6}, 3);
        assertEquals(0.4, r.predict(new double[] {10, 10}), 1e-12);
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> KnnRegressor.fit(new double[0][], new double[0], 3));
        assertThrows(IllegalArgumentException.class, () -> KnnRegressor.fit(X, new double[] {1, 2}, 3));
        assertThrows(IllegalArgumentException.class,
                () -> KnnRegressor.fit(X, new double[] {1, Double.NaN, 3, 4}, 3));
        assertThrows(IllegalArgumentException.class, () -> KnnRegressor.fit(X, Y, 3).predict(new double[] {1}));
    }

    /** Tribuo's brute-force KNN with a correct mean (its weighted averaging with equal weights), the reference. */
    @Test
    void agreesWithTribuoOnRandomPoints() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        double[][] x = new double[200][2];
        double[] y = new double[200];
        for (int i = 0; i < x.length; i++) {
            x[i][0] = r.nextDouble(-10, 10);
            x[i][1] = r.nextDouble(-10, 10);
            y[i] = r.nextDouble();
        }
        RegressionFactory f = new RegressionFactory();
        MutableDataset<Regressor> data = new MutableDataset<>(new SimpleDataSourceProvenance("t", f), f);
        for (int i = 0; i < x.length; i++) {
            data.add(new ArrayExample<>(new Regressor("y", y[i]), NAMES, x[i]));
        }
        AveragingCombiner mean = new AveragingCombiner() {
            @Override
            public org.tribuo.Prediction<Regressor> combine(org.tribuo.ImmutableOutputInfo<Regressor> info,
                                                            java.util.List<org.tribuo.Prediction<Regressor>> p) {
                float[] w = new float[p.size()];
                java.util.Arrays.fill(w, 1f);
                return combine(info, p, w);
            }
        };
        Model<Regressor> tribuo = new KNNTrainer<>(3, new L2Distance(), 1, mean,
                KNNModel.Backend.INNERTHREADPOOL, NeighboursQueryFactoryType.BRUTE_FORCE).train(data);
        KnnRegressor ours = KnnRegressor.fit(x, y, 3);
        double[][] queries = new double[500][];
        for (int q = 0; q < queries.length; q++) {
            queries[q] = new double[] {r.nextDouble(-12, 12), r.nextDouble(-12, 12)};
        }
        double[] got = ours.predict(queries);
        for (int q = 0; q < queries.length; q++) {
            double want = tribuo.predict(new ArrayExample<>(RegressionFactory.UNKNOWN_REGRESSOR, NAMES, queries[q]))
                    .getOutput().getValues()[0];
            assertEquals(want, got[q], 0.0, "query " + q);
        }
    }
}
