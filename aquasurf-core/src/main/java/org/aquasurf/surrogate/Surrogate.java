package org.aquasurf.surrogate;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The AQuaSurF surrogate (Bingham and Miikkulainen 2023): the UMAP graph of function outputs
 * (euclidean, 15 neighbours) united with the UMAP graph of Fisher-eigenvalue CDFs (manhattan, 3
 * neighbours) as umap-learn's {@code model1 + model2}, embedded in 2-D, then k-nearest-neighbour
 * regression (k = 3) of validation accuracy in the embedding.
 *
 * @param outputs settings of the output graph; its nComponents, minDist, spread, nEpochs and seed
 *                also drive the joint embedding
 * @param fisher  settings of the Fisher graph
 * @param k       neighbours of the regressor (≥ 1)
 */
public record Surrogate(UmapConfig outputs, UmapConfig fisher, int k) {

    /** Rows up to which {@link #defaults} finds exact neighbours. */
    public static final int EXACT_THRESHOLD = 1000;

    /** Checks {@code k}. */
    public Surrogate {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
    }

    /**
     * The paper's settings with the given seed, except that NN-descent replaces brute force above
     * {@link #EXACT_THRESHOLD} rows instead of umap-learn's 4096: brute force over 14,000-dimensional
     * Fisher features costs minutes single-threaded at a few thousand rows, and NN-descent's recall
     * there is above 0.99.
     */
    public static Surrogate defaults(long seed) {
        UmapConfig base = UmapConfig.defaults().withSeed(seed).withExactThreshold(EXACT_THRESHOLD);
        return new Surrogate(base, base.withNeighbors(3).withMetric(Metric.MANHATTAN), 3);
    }

    /**
     * Embeds all rows whose features are finite and predicts their accuracy:
     * {@code predict(embed(outputs, fisher), accuracies)}.
     *
     * @param outputs    N rows, the function's outputs on the fixed inputs
     * @param fisher     N rows, the Fisher eigenvalue CDF features
     * @param accuracies N validation accuracies, NaN where unknown
     * @throws IllegalArgumentException if the row counts differ, rows are ragged, or an accuracy is infinite
     */
    public SurrogateResult predict(double[][] outputs, double[][] fisher, double[] accuracies) {
        if (accuracies.length != outputs.length) {
            throw new IllegalArgumentException("outputs, fisher and accuracies have "
                    + outputs.length + ", " + fisher.length + ", " + accuracies.length + " rows");
        }
        checkAccuracies(accuracies);
        return predict(embed(outputs, fisher), accuracies);
    }

    /**
     * The fitted, accuracy-independent part of the surrogate: both UMAP graphs, their union and the
     * 2-D embedding of the rows whose outputs and features are all finite. It depends only on the
     * rows and this configuration (seed included), so a search fits it once per feature set and
     * calls {@link #predict(SurrogateEmbedding, double[])} for every suggestion.
     *
     * @throws IllegalArgumentException if the row counts differ or rows are ragged
     */
    public SurrogateEmbedding embed(double[][] outputs, double[][] fisher) {
        int n = outputs.length;
        if (fisher.length != n) {
            throw new IllegalArgumentException("outputs and fisher have " + n + " and " + fisher.length + " rows");
        }
        checkWidth(outputs, "outputs");
        checkWidth(fisher, "fisher");
        boolean[] included = new boolean[n];
        int m = 0;
        IntStream.range(0, n).parallel().forEach(i -> included[i] = finite(outputs[i]) && finite(fisher[i]));
        for (int i = 0; i < n; i++) {
            m += included[i] ? 1 : 0;
        }
        int dim = this.outputs.nComponents();
        double[][] embedding = new double[n][];
        for (int i = 0; i < n; i++) {
            embedding[i] = nan(dim);
        }
        if (m == 0) {
            return new SurrogateEmbedding(embedding, included, 0, 0, 0);
        }
        int[] rows = new int[m];
        for (int i = 0, r = 0; i < n; i++) {
            if (included[i]) {
                rows[r++] = i;
            }
        }
        long t0 = System.nanoTime();
        KnnGraph outputKnn = Umap.neighbors(select(outputs, rows), this.outputs);
        KnnGraph fisherKnn = Umap.neighbors(select(fisher, rows), this.fisher);
        long t1 = System.nanoTime();
        FuzzyGraph joint = FuzzyGraph.of(outputKnn).union(FuzzyGraph.of(fisherKnn));
        long t2 = System.nanoTime();
        double[][] emb = Umap.embed(joint, this.outputs);
        long t3 = System.nanoTime();
        for (int r = 0; r < m; r++) {
            embedding[rows[r]] = emb[r];
        }
        return new SurrogateEmbedding(embedding, included, t1 - t0, t2 - t1, t3 - t2);
    }

    /**
     * KNN regression (k = {@link #k()}) of the known accuracies in a fitted embedding.
     *
     * @param accuracies one per row of the embedding, NaN where unknown
     * @return predictions for the included rows (all NaN when no included row has a known accuracy)
     * @throws IllegalArgumentException if the length differs from the embedding's rows or an accuracy is infinite
     */
    public SurrogateResult predict(SurrogateEmbedding fitted, double[] accuracies) {
        int n = fitted.size();
        if (accuracies.length != n) {
            throw new IllegalArgumentException("the embedding has " + n + " rows but there are "
                    + accuracies.length + " accuracies");
        }
        checkAccuracies(accuracies);
        long t3 = System.nanoTime();
        double[][] embedding = fitted.embedding();
        boolean[] included = fitted.included();
        double[] predictions = new double[n];
        Arrays.fill(predictions, Double.NaN);
        int known = 0;
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (included[i]) {
                m++;
                known += Double.isNaN(accuracies[i]) ? 0 : 1;
            }
        }
        if (known > 0) {
            double[][] x = new double[known][];
            double[] y = new double[known];
            double[][] queries = new double[m][];
            int[] rows = new int[m];
            for (int i = 0, c = 0, r = 0; i < n; i++) {
                if (!included[i]) {
                    continue;
                }
                if (!Double.isNaN(accuracies[i])) {
                    x[c] = embedding[i];
                    y[c++] = accuracies[i];
                }
                queries[r] = embedding[i];
                rows[r++] = i;
            }
            double[] pred = KnnRegressor.fit(x, y, k).predict(queries);
            for (int r = 0; r < m; r++) {
                predictions[rows[r]] = pred[r];
            }
        }
        long t4 = System.nanoTime();
        return new SurrogateResult(embedding, predictions, included,
                new SurrogateResult.Timings(fitted.neighborsNanos(), fitted.graphNanos(), fitted.embeddingNanos(), t4 - t3));
    }

    private static void checkAccuracies(double[] accuracies) {
        for (int i = 0; i < accuracies.length; i++) {
            if (Double.isInfinite(accuracies[i])) {
                throw new IllegalArgumentException("accuracy " + i + " is " + accuracies[i]);
            }
        }
    }

    private static void checkWidth(double[][] a, String name) {
        for (int i = 1; i < a.length; i++) {
            if (a[i].length != a[0].length) {
                throw new IllegalArgumentException(
                        name + " row " + i + " has " + a[i].length + " columns, row 0 has " + a[0].length);
            }
        }
    }

    private static boolean finite(double[] v) {
        for (double x : v) {
            if (!Double.isFinite(x)) {
                return false;
            }
        }
        return true;
    }

    private static double[][] select(double[][] a, int[] rows) {
        double[][] out = new double[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            out[r] = a[rows[r]];
        }
        return out;
    }

    private static double[] nan(int dim) {
        double[] v = new double[dim];
        Arrays.fill(v, Double.NaN);
        return v;
    }
}
