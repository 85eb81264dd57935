package org.aquasurf.surrogate;

import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Uniform Manifold Approximation and Projection (McInnes, Healy and Melville 2018), following
 * umap-learn's defaults: fuzzy graph of the data, spectral initialization, then stochastic gradient
 * descent with negative sampling. Single-threaded and deterministic for a given seed.
 */
public final class Umap {

    private static final System.Logger LOG = System.getLogger(Umap.class.getName());
    private static final int NEGATIVE_SAMPLE_RATE = 5;
    private static final double LEARNING_RATE = 1.0;
    private static final double REPULSION = 1.0;
    private static final double CLIP = 4.0;

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
     * umap-learn's optimize_layout_euclidean, single-threaded, moving both ends of each edge: {@code y} (n
     * rows of {@code dim} coordinates) is modified. Two dimensions, the default, take {@link #optimizePlane},
     * which computes the same numbers in the same order with the moving point in registers.
     */
    private static void optimize(double[][] y, FuzzyGraph g, int epochs, AbCurve curve, SplittableRandom random) {
        if (y.length > 0 && y[0].length == 2) {
            optimizePlane(y, g, epochs, curve, random);
        } else {
            optimizeAnyDimension(y, g, epochs, curve, random);
        }
    }

    /** The reference loop of {@link #optimize}, for any dimension. */
    static void optimizeAnyDimension(double[][] y, FuzzyGraph g, int epochs, AbCurve curve, SplittableRandom random) {
        int n = g.size();
        Schedule schedule = new Schedule(g);
        int edges = schedule.edges();
        int[] head = schedule.head;
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

    /**
     * {@link #optimizeAnyDimension} for two dimensions, bit for bit: the same operations in the same order,
     * with the coordinates in one flat array and the head point's coordinates held in locals while its
     * edges are processed (edges come grouped by head, and a graph has no diagonal, so no other point of an
     * edge or negative sample is the head). The loop is a serial chain of log, exp and division per sample;
     * keeping the head out of memory shortens that chain.
     */
    static void optimizePlane(double[][] y, FuzzyGraph g, int epochs, AbCurve curve, SplittableRandom random) {
        int n = g.size();
        Schedule schedule = new Schedule(g);
        int[] tail = g.cols;
        int[] rowStart = g.rowStart;
        double[] nextSample = schedule.nextSample;
        double[] p = new double[2 * n];
        for (int i = 0; i < n; i++) {
            p[2 * i] = y[i][0];
            p[2 * i + 1] = y[i][1];
        }
        double a = curve.a();
        double b = curve.b();
        double attraction = -2.0 * a * b;
        double repulsion = 2.0 * REPULSION * b;
        double alpha = LEARNING_RATE;
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (int i = 0; i < n; i++) {
                double cx = p[2 * i];
                double cy = p[2 * i + 1];
                for (int e = rowStart[i]; e < rowStart[i + 1]; e++) {
                    if (nextSample[e] > epoch) {
                        continue;
                    }
                    int t = tail[e];
                    double ox = p[2 * t];
                    double oy = p[2 * t + 1];
                    double dx = cx - ox;
                    double dy = cy - oy;
                    double dist2 = dx * dx + dy * dy;
                    double coef = 0.0;
                    if (dist2 > 0) {
                        double powB = Math.exp(b * Math.log(dist2));
                        coef = attraction * (powB / dist2) / (a * powB + 1.0);
                    }
                    double gx = clip(coef * (cx - ox));
                    cx += gx * alpha;
                    p[2 * t] = ox - gx * alpha;
                    double gy = clip(coef * (cy - oy));
                    cy += gy * alpha;
                    p[2 * t + 1] = oy - gy * alpha;
                    int negatives = schedule.sampled(e, epoch);
                    for (int s = 0; s < negatives; s++) {
                        int k = random.nextInt(n);
                        if (k == i) {
                            continue;
                        }
                        double fx = p[2 * k];
                        double fy = p[2 * k + 1];
                        double rx = cx - fx;
                        double ry = cy - fy;
                        double d2 = rx * rx + ry * ry;
                        double repel = d2 > 0
                                ? repulsion / ((0.001 + d2) * (a * Math.exp(b * Math.log(d2)) + 1.0))
                                : 0.0;
                        cx += (repel > 0 ? clip(repel * (cx - fx)) : CLIP) * alpha;
                        cy += (repel > 0 ? clip(repel * (cy - fy)) : CLIP) * alpha;
                    }
                }
                p[2 * i] = cx;
                p[2 * i + 1] = cy;
            }
            alpha = LEARNING_RATE * (1.0 - (double) epoch / epochs);
        }
        for (int i = 0; i < n; i++) {
            y[i][0] = p[2 * i];
            y[i][1] = p[2 * i + 1];
        }
    }

    /**
     * When each edge is sampled: every {@code max / weight} epochs, with {@link #NEGATIVE_SAMPLE_RATE}
     * negative samples per positive one. Modified as the epochs advance.
     */
    private static final class Schedule {
        final int[] head;
        final double[] perSample;
        final double[] perNegative;
        final double[] nextSample;
        final double[] nextNegative;

        Schedule(FuzzyGraph g) {
            int edges = g.entryCount();
            head = new int[edges];
            perSample = new double[edges];
            double max = g.maxWeight();
            for (int i = 0; i < g.size(); i++) {
                for (int p = g.rowStart[i]; p < g.rowStart[i + 1]; p++) {
                    head[p] = i;
                    perSample[p] = max / g.vals[p]; // epochs / (epochs * w / max)
                }
            }
            nextSample = perSample.clone();
            perNegative = new double[edges];
            nextNegative = new double[edges];
            for (int e = 0; e < edges; e++) {
                perNegative[e] = perSample[e] / NEGATIVE_SAMPLE_RATE;
                nextNegative[e] = perNegative[e];
            }
        }

        int edges() {
            return head.length;
        }

        /** Marks edge {@code e} sampled in {@code epoch}; returns its number of negative samples. */
        int sampled(int e, int epoch) {
            nextSample[e] += perSample[e];
            int negatives = (int) ((epoch - nextNegative[e]) / perNegative[e]);
            nextNegative[e] += negatives * perNegative[e];
            return negatives;
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

    private static double clip(double v) {
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
