package org.aquasurf.surrogate;

import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Uniform Manifold Approximation and Projection (McInnes, Healy and Melville 2018), following
 * umap-learn's defaults: fuzzy graph of the data, spectral initialization, then stochastic gradient
 * descent with negative sampling. Deterministic for a given seed, whatever the number of threads.
 */
public final class Umap {

    private static final System.Logger LOG = System.getLogger(Umap.class.getName());
    static final int NEGATIVE_SAMPLE_RATE = 5;
    static final double LEARNING_RATE = 1.0;
    static final double REPULSION = 1.0;
    static final double CLIP = 4.0;
    /**
     * Graphs with fewer points lay out on one thread: tasks conflict more often in small graphs, and at
     * 2,000 points two threads are hardly faster than one (3,500: 1.9–2.6 s against 3.1 s).
     */
    private static final int SGD_PARALLEL_POINTS = 3000;
    /** Beyond this, threads mostly wait for each other's points. */
    private static final int MAX_SGD_THREADS = 4;

    private Umap() {
    }

    /**
     * The fuzzy graph of {@code data} (n rows of equal length, all finite) with
     * {@code min(nNeighbors, n) - 1} neighbours per point.
     *
     * @throws IllegalArgumentException if the data is empty, ragged or not finite
     */
    public static FuzzyGraph graph(double[][] data, UmapConfig c) {
        return FuzzyGraph.of(neighbors(data, c));
    }

    /** The neighbour graph {@link #graph} uses: exact or NN-descent depending on the threshold. */
    public static KnnGraph neighbors(double[][] data, UmapConfig c) {
        checkData(data);
        int k = Math.min(c.nNeighbors(), data.length) - 1;
        if (k == 0) {
            return new KnnGraph(new int[data.length][0], new double[data.length][0]);
        }
        return NearestNeighbors.search(data, k, c.metric(), c.seed(), c.exactThreshold());
    }

    /** The {@code nComponents}-dimensional embedding of {@code data}: {@code embed(graph(data, c), c)}. */
    public static double[][] fitTransform(double[][] data, UmapConfig c) {
        return embed(graph(data, c), c);
    }

    /**
     * Lays out a fuzzy graph in {@code nComponents} dimensions. Edges lighter than the heaviest over the
     * epoch count are dropped first; a connected graph starts from its spectral layout, a disconnected one
     * (as umap-learn does for combined models) or one whose spectral layout fails from uniform random
     * points in [-10, 10], with the reason logged.
     */
    public static double[][] embed(FuzzyGraph g, UmapConfig c) {
        int n = g.size();
        int dim = c.nComponents();
        int epochs = c.epochsFor(n);
        if (n == 0) {
            return new double[0][dim];
        }
        double max = g.maxWeight();
        FuzzyGraph pruned = g.pruned(max / (epochs > 10 ? epochs : UmapConfig.defaultEpochs(n)));
        SplittableRandom random = new SplittableRandom(c.seed());
        double[][] y = initialLayout(pruned, dim, random);
        for (int d = 0; d < dim; d++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double[] p : y) {
                lo = Math.min(lo, p[d]);
                hi = Math.max(hi, p[d]);
            }
            double scale = hi > lo ? 10.0 / (hi - lo) : 0.0;
            for (double[] p : y) {
                p[d] = (p[d] - lo) * scale;
            }
        }
        optimize(y, pruned, epochs, AbCurve.fit(c.minDist(), c.spread()), random);
        return y;
    }

    private static double[][] initialLayout(FuzzyGraph g, int dim, SplittableRandom random) {
        String[] why = new String[1];
        int components = g.components();
        Optional<double[][]> spectral = Optional.empty();
        if (components > 1) {
            why[0] = "the graph has " + components + " connected components";
        } else {
            try {
                spectral = SpectralInit.layout(g, dim, random.nextLong(), why);
            } catch (RuntimeException e) {
                why[0] = "the spectral layout failed: " + e.getMessage();
            }
        }
        if (spectral.isEmpty()) {
            LOG.log(Level.INFO, "UMAP falls back to random initialization: {0}", why[0]);
            double[][] y = new double[g.size()][dim];
            for (double[] p : y) {
                for (int d = 0; d < dim; d++) {
                    p[d] = random.nextDouble(-10.0, 10.0);
                }
            }
            return y;
        }
        double[][] y = spectral.get();
        double maxAbs = 0;
        for (double[] p : y) {
            for (double v : p) {
                maxAbs = Math.max(maxAbs, Math.abs(v));
            }
        }
        double expansion = maxAbs > 0 ? 10.0 / maxAbs : 1.0;
        for (double[] p : y) {
            for (int d = 0; d < dim; d++) {
                p[d] = p[d] * expansion + 1e-4 * gaussian(random);
            }
        }
        return y;
    }

    /**
     * umap-learn's optimize_layout_euclidean, moving both ends of each edge: {@code y} (n
     * rows of {@code dim} coordinates) is modified. Two dimensions, the default, take {@link PlaneSgd}, which
     * computes the same numbers on several threads.
     */
    private static void optimize(double[][] y, FuzzyGraph g, int epochs, AbCurve curve, SplittableRandom random) {
        if (y.length > 0 && y[0].length == 2) {
            PlaneSgd.optimize(y, g, epochs, curve, random, sgdThreads(g.size()));
        } else {
            optimizeAnyDimension(y, g, epochs, curve, random);
        }
    }

    /**
     * Threads for {@link PlaneSgd}: one for small graphs, where starting threads costs more than it saves,
     * and inside a fork-join pool, which already runs several layouts at once (an ensemble's members).
     */
    static int sgdThreads(int n) {
        return n < SGD_PARALLEL_POINTS || java.util.concurrent.ForkJoinTask.inForkJoinPool()
                ? 1 : Math.min(MAX_SGD_THREADS, Runtime.getRuntime().availableProcessors());
    }

    /** The reference loop of {@link #optimize}, for any dimension. */
    static void optimizeAnyDimension(double[][] y, FuzzyGraph g, int epochs, AbCurve curve, SplittableRandom random) {
        int n = g.size();
        EdgeSchedule schedule = new EdgeSchedule(g);
        int edges = g.entryCount();
        int[] head = new int[edges];
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(head, g.rowStart[i], g.rowStart[i + 1], i);
        }
        int[] tail = g.cols;
        double a = curve.a();
        double b = curve.b();
        int dim = y.length == 0 ? 0 : y[0].length;
        double alpha = LEARNING_RATE;
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (int e = 0; e < edges; e++) {
                if (schedule.nextSample[e] > epoch) {
                    continue;
                }
                double[] current = y[head[e]];
                double[] other = y[tail[e]];
                double dist2 = squared(current, other);
                double coef = 0.0;
                if (dist2 > 0) {
                    double powB = Math.exp(b * Math.log(dist2)); // dist2^b; dist2^(b-1) = powB / dist2
                    coef = -2.0 * a * b * (powB / dist2) / (a * powB + 1.0);
                }
                for (int d = 0; d < dim; d++) {
                    double grad = clip(coef * (current[d] - other[d]));
                    current[d] += grad * alpha;
                    other[d] -= grad * alpha;
                }
                int negatives = schedule.sampled(e, epoch);
                for (int s = 0; s < negatives; s++) {
                    int k = random.nextInt(n);
                    if (k == head[e]) {
                        continue;
                    }
                    double[] far = y[k];
                    double d2 = squared(current, far);
                    double repel = d2 > 0
                            ? 2.0 * REPULSION * b / ((0.001 + d2) * (a * Math.exp(b * Math.log(d2)) + 1.0))
                            : 0.0;
                    for (int d = 0; d < dim; d++) {
                        double grad = repel > 0 ? clip(repel * (current[d] - far[d])) : CLIP;
                        current[d] += grad * alpha;
                    }
                }
            }
            alpha = LEARNING_RATE * (1.0 - (double) epoch / epochs);
        }
    }

    private static double squared(double[] p, double[] q) {
        double s = 0;
        for (int d = 0; d < p.length; d++) {
            double t = p[d] - q[d];
            s += t * t;
        }
        return s;
    }

    static double clip(double v) {
        return v > CLIP ? CLIP : (v < -CLIP ? -CLIP : v);
    }

    private static double gaussian(SplittableRandom random) {
        double u = random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    private static void checkData(double[][] data) {
        if (data.length == 0) {
            throw new IllegalArgumentException("data has no rows");
        }
        int d = data[0].length;
        if (IntStream.range(0, data.length).parallel().allMatch(i -> data[i].length == d && allFinite(data[i]))) {
            return;
        }
        for (int i = 0; i < data.length; i++) { // the first bad entry, for the message
            if (data[i].length != d) {
                throw new IllegalArgumentException("row " + i + " has " + data[i].length + " columns, row 0 has " + d);
            }
            for (int j = 0; j < d; j++) {
                if (!Double.isFinite(data[i][j])) {
                    throw new IllegalArgumentException("data[" + i + "][" + j + "] is " + data[i][j]);
                }
            }
        }
    }

    private static boolean allFinite(double[] row) {
        for (double v : row) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
