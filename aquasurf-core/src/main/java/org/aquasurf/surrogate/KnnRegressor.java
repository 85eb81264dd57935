package org.aquasurf.surrogate;

import java.util.Arrays;
import java.util.List;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.common.nearest.KNNModel;
import org.tribuo.common.nearest.KNNTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.distance.L2Distance;
import org.tribuo.math.neighbour.NeighboursQueryFactoryType;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.ensemble.AveragingCombiner;

/**
 * k-nearest-neighbour regression with euclidean distance (Tribuo's KNNTrainer, one thread): the
 * prediction is the mean target of the k training points nearest to the query.
 */
public final class KnnRegressor {

    private static final String TARGET = "y";

    private final Model<Regressor> model;
    private final String[] featureNames;

    private KnnRegressor(Model<Regressor> model, String[] featureNames) {
        this.model = model;
        this.featureNames = featureNames;
    }

    /**
     * Trains on points {@code x} (rows of equal length, finite) with targets {@code y} (finite); uses
     * {@code min(k, n)} neighbours.
     *
     * @throws IllegalArgumentException if there are no points, shapes disagree, a value is not finite
     *                                  or {@code k < 1}
     */
    public static KnnRegressor fit(double[][] x, double[] y, int k) {
        if (x.length == 0) {
            throw new IllegalArgumentException("no training points");
        }
        if (x.length != y.length) {
            throw new IllegalArgumentException(x.length + " points but " + y.length + " targets");
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        String[] names = new String[x[0].length];
        Arrays.setAll(names, d -> String.format("x%05d", d));
        RegressionFactory factory = new RegressionFactory();
        MutableDataset<Regressor> data = new MutableDataset<>(
                new SimpleDataSourceProvenance("aquasurf surrogate points", factory), factory);
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != names.length) {
                throw new IllegalArgumentException(
                        "point " + i + " has " + x[i].length + " coordinates, point 0 has " + names.length);
            }
            if (!Double.isFinite(y[i])) {
                throw new IllegalArgumentException("target " + i + " is " + y[i]);
            }
            data.add(new ArrayExample<>(new Regressor(TARGET, y[i]), names, finite(x[i], i)));
        }
        KNNTrainer<Regressor> trainer = new KNNTrainer<>(Math.min(k, x.length), new L2Distance(), 1,
                new MeanCombiner(), KNNModel.Backend.INNERTHREADPOOL, NeighboursQueryFactoryType.BRUTE_FORCE);
        return new KnnRegressor(trainer.train(data), names);
    }

    /** Mean target of the nearest training points to {@code q}. */
    public double predict(double[] q) {
        if (q.length != featureNames.length) {
            throw new IllegalArgumentException(
                    "query has " + q.length + " coordinates, the model " + featureNames.length);
        }
        Prediction<Regressor> p = model.predict(
                new ArrayExample<>(RegressionFactory.UNKNOWN_REGRESSOR, featureNames, finite(q, 0)));
        return p.getOutput().getValues()[0];
    }

    /** {@link #predict(double[])} for each row. */
    public double[] predict(double[][] queries) {
        double[] out = new double[queries.length];
        for (int i = 0; i < queries.length; i++) {
            out[i] = predict(queries[i]);
        }
        return out;
    }

    private static double[] finite(double[] v, int row) {
        for (int d = 0; d < v.length; d++) {
            if (!Double.isFinite(v[d])) {
                throw new IllegalArgumentException("point " + row + " coordinate " + d + " is " + v[d]);
            }
        }
        return v;
    }

    /**
     * Tribuo 4.3.2's unweighted {@link AveragingCombiner#combine(ImmutableOutputInfo, List)} returns the
     * last prediction's value instead of the mean; this combiner uses the weighted form with equal
     * weights, which averages correctly.
     */
    static final class MeanCombiner extends AveragingCombiner {
        private static final long serialVersionUID = 1L;

        @Override
        public Prediction<Regressor> combine(ImmutableOutputInfo<Regressor> info, List<Prediction<Regressor>> predictions) {
            float[] weights = new float[predictions.size()];
            Arrays.fill(weights, 1.0f);
            return combine(info, predictions, weights);
        }
    }
}
