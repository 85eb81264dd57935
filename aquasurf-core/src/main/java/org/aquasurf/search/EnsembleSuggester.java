package org.aquasurf.search;

import org.aquasurf.store.ClassState;
import org.aquasurf.store.ClassStatus;
import org.aquasurf.surrogate.KernelRegressor;
import org.aquasurf.surrogate.KnnRegressor;
import org.aquasurf.surrogate.Surrogate;
import org.aquasurf.surrogate.SurrogateEmbedding;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * The AQuaSurF surrogate averaged over several embedding seeds, with exploration, a prior against
 * degenerate functions, and diverse picks while other workers run:
 *
 * <ul>
 *   <li><b>Ensemble.</b> {@link Settings#members()} copies of the paper's surrogate
 *       ({@link Surrogate#defaults(long)}), each with its own seed ({@link #memberSeeds()}; the first is
 *       the suggester's seed, so one member is exactly the paper's surrogate). The predicted accuracy of
 *       a class is the mean of the members' k-nearest-neighbour predictions. UMAP's randomness moves
 *       single functions between neighbourhoods from one seed to the next; the mean over seeds keeps
 *       what the embeddings agree on and breaks the ties of a single k = 3 regression. Equal
 *       predictions come in a seeded random order (the paper's suggester takes the lowest class id).</li>
 *   <li><b>Exploration</b> (off by default). A search that only follows the prediction climbs the hill
 *       it started on. While n accuracies are known, the first member's embedding is cut into
 *       {@code explore + n / exploreEvery} k-means clusters, and the most central usable class of each
 *       cluster without a known or running class comes first (largest cluster first).</li>
 *   <li><b>Degenerate prior.</b> Classes whose outputs are constant or overflowing
 *       ({@link Degeneracy}) come after all others: they train at chance whatever their neighbours did.</li>
 *   <li><b>Diverse picks.</b> A class among the k nearest neighbours of a RUNNING class (another
 *       worker's claim) in most members' embeddings comes after the others: its result would tell
 *       little that the running one will not.</li>
 * </ul>
 *
 * <p>Before any accuracy is known, the exploration picks (if on) come first, then the non-degenerate classes
 * in a seeded random order. The ranking depends only on the observations and the seed. Each member's
 * embedding is fitted once per set of rows (members in parallel) and only the regressions run per
 * suggestion. Not thread-safe.
 */
public final class EnsembleSuggester implements Suggester {

    /**
     * What the ensemble does.
     *
     * @param members         embeddings averaged (≥ 1)
     * @param neighbors       k of each member's k-nearest-neighbour regression (≥ 1; the paper's is 3)
     * @param explore         while fewer accuracies than this are known, first the most central usable class
     *                        of each of this many k-means clusters of the first member's embedding that has
     *                        no known or running class, largest cluster first (0: no exploration)
     * @param exploreEvery    with n accuracies known, the clusters are {@code explore + n / exploreEvery} instead
     *                        (0: exploration stops once {@code explore} accuracies are known)
     * @param degeneratePrior whether constant and overflowing classes come last
     * @param diverse         whether the tight neighbours of RUNNING classes come after the others
     * @param regression      how each member predicts from its embedding
     */
    public record Settings(int members, int neighbors, int explore, int exploreEvery, boolean degeneratePrior, boolean diverse,
                           Regression regression) {
        /** Checks the ranges. */
        public Settings {
            if (members < 1) throw new IllegalArgumentException("members must be >= 1, got " + members);
            if (neighbors < 1) throw new IllegalArgumentException("neighbors must be >= 1, got " + neighbors);
            if (explore < 0) throw new IllegalArgumentException("explore must be >= 0, got " + explore);
            if (exploreEvery < 0) throw new IllegalArgumentException("exploreEvery must be >= 0, got " + exploreEvery);
            Objects.requireNonNull(regression, "regression");
        }

        /**
         * The defaults: 5 members, 3 neighbours, no exploration (with baselines first it cost evaluations in
         * replay; {@code withExplore(6)} turns it on, with one more cluster every 10 accuracies), degenerate
         * prior and diverse picks on.
         */
        public static Settings defaults() {
            return new Settings(5, 3, 0, 10, true, true, Regression.KNN);
        }

        public Settings withMembers(int n) { return new Settings(n, neighbors, explore, exploreEvery, degeneratePrior, diverse, regression); }

        public Settings withNeighbors(int k) { return new Settings(members, k, explore, exploreEvery, degeneratePrior, diverse, regression); }



        public Settings withExploreEvery(int n) { return new Settings(members, neighbors, explore, n, degeneratePrior, diverse, regression); }

        public Settings withExplore(int n) { return new Settings(members, neighbors, n, exploreEvery, degeneratePrior, diverse, regression); }

        public Settings withDegeneratePrior(boolean on) { return new Settings(members, neighbors, explore, exploreEvery, on, diverse, regression); }

        public Settings withDiverse(boolean on) { return new Settings(members, neighbors, explore, exploreEvery, degeneratePrior, on, regression); }

        public Settings withRegression(Regression r) { return new Settings(members, neighbors, explore, exploreEvery, degeneratePrior, diverse, r); }
    }

    /** How a member predicts accuracy from its 2-D embedding. */
    public enum Regression {
        /** The paper's: mean accuracy of the k nearest known classes ({@link KnnRegressor}, k = {@link Settings#neighbors()}). */
        KNN,
        /**
         * Gaussian-kernel (Nadaraya–Watson) regression over all known classes ({@link KernelRegressor}), its
         * bandwidth chosen by leave-one-out error among multiples of the embedding's median nearest-neighbour
         * distance: near classes count most, so with few known classes the ranking follows the distance to the
         * best of them instead of tying. In replay it reached the top 1% within 4–7 evaluations on two thirds
         * of the seeds but stayed in a merely good region on the rest, so it is not the default.
         */
        KERNEL
    }

    private final long seed;
    private final Settings settings;
    private final long[] memberSeeds;
    private final FittedSurrogate[] members;
    private final int k;

    /** The ensemble with {@link Settings#defaults()} and this seed. */
    public EnsembleSuggester(long seed) {
        this(seed, Settings.defaults());
    }

    /** The ensemble with these settings and this seed. */
    public EnsembleSuggester(long seed, Settings settings) {
        this.seed = seed;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.memberSeeds = new long[settings.members()];
        this.members = new FittedSurrogate[settings.members()];
        for (int j = 0; j < members.length; j++) {
            memberSeeds[j] = j == 0 ? seed : RandomSuggester.key(seed, j);
            members[j] = new FittedSurrogate(Surrogate.defaults(memberSeeds[j]));
        }
        this.k = settings.neighbors();
    }

    /** The seeds of the members' surrogates ({@link Surrogate#defaults(long)}), the first being this suggester's seed. */
    public long[] memberSeeds() {
        return memberSeeds.clone();
    }

    public Settings settings() {
        return settings;
    }

    @Override
    public List<ClassState> rank(Observations in) {
        List<Integer> candidates = new ArrayList<>(in.candidates());
        if (candidates.isEmpty()) return List.of();
        List<ClassState> classes = in.classes();
        boolean[] degenerate = new boolean[in.size()];
        if (settings.degeneratePrior()) {
            double[][] outputs = in.outputs();
            for (int i : candidates) degenerate[i] = Degeneracy.of(outputs[i]).degenerate();
        }
        List<Integer> ranked = ranking(in, candidates, degenerate);
        int known = 0;
        for (double a : in.accuracy()) known += Double.isNaN(a) ? 0 : 1;
        int clusters = settings.explore() == 0 ? 0 : settings.exploreEvery() > 0 ? settings.explore() + known / settings.exploreEvery()
                : known < settings.explore() ? settings.explore() : 0;
        if (clusters > 0) {
            List<Integer> explore = new ArrayList<>(exploration(in, degenerate, clusters));
            java.util.Set<Integer> first = new java.util.HashSet<>(explore);
            for (int i : ranked) if (!first.contains(i)) explore.add(i);
            ranked = explore;
        }
        return ranked.stream().map(classes::get).toList();
    }

    /** The candidates by the acquisition (random order while no accuracy is known), degenerate ones last. */
    private List<Integer> ranking(Observations in, List<Integer> candidates, boolean[] degenerate) {
        List<ClassState> classes = in.classes();
        Comparator<Integer> usableFirst = Comparator.comparing(i -> degenerate[i]);
        if (!in.anyAccuracyKnown()) {
            Collections.shuffle(candidates, new Random(seed));
            candidates.sort(usableFirst); // stable: the shuffled order within each group
            return candidates;
        }
        double[] predicted = predict(in);
        double[] score = new double[in.size()];
        for (int i = 0; i < score.length; i++) score[i] = Double.isNaN(predicted[i]) ? Double.NEGATIVE_INFINITY : predicted[i];
        // equal scores (e.g. while fewer than k accuracies are known every prediction is their mean) in a seeded random order
        candidates.sort(usableFirst.thenComparing(Comparator.comparingDouble((Integer i) -> score[i]).reversed())
                .thenComparingLong(i -> RandomSuggester.key(seed, classes.get(i).classId()))
                .thenComparingLong(i -> classes.get(i).classId()));
        if (settings.diverse()) candidates = awayFromRunning(in, candidates);
        return candidates;
    }

    /**
     * Exploration picks: the first member's embedding in {@link Settings#explore()} k-means clusters
     * (seeded k-means++, 30 Lloyd iterations); for each cluster without a known or running row, largest
     * first, its usable NEW row nearest to the centroid.
     */
    private List<Integer> exploration(Observations in, boolean[] degenerate, int clusters) {
        SurrogateEmbedding e = members[0].embedding(in.outputs(), in.fisher());
        double[][] emb = e.embedding();
        int[] rows = IntStream.range(0, in.size()).filter(i -> e.included()[i]).toArray();
        int c = Math.min(clusters, rows.length);
        if (c == 0) return List.of();
        double[][] centre = kMeans(IntStream.of(rows).mapToObj(i -> emb[i]).toArray(double[][]::new), c,
                new Random(RandomSuggester.key(seed, c)));
        int[] cluster = new int[in.size()];
        int[] size = new int[c];
        boolean[] covered = new boolean[c];
        int[] representative = new int[c];
        double[] repDistance = new double[c];
        java.util.Arrays.fill(representative, -1);
        List<ClassState> classes = in.classes();
        for (int i : rows) {
            cluster[i] = nearest(centre, emb[i]);
            size[cluster[i]]++;
            ClassStatus status = classes.get(i).status();
            if (status != ClassStatus.NEW || !Double.isNaN(in.accuracy()[i])) covered[cluster[i]] = true;
            else if (!degenerate[i]) {
                double d = dist2(centre[cluster[i]], emb[i]);
                if (representative[cluster[i]] < 0 || d < repDistance[cluster[i]]) {
                    representative[cluster[i]] = i;
                    repDistance[cluster[i]] = d;
                }
            }
        }
        return IntStream.range(0, c).filter(j -> !covered[j] && representative[j] >= 0).boxed()
                .sorted(Comparator.comparingInt((Integer j) -> -size[j]).thenComparingInt(j -> j))
                .map(j -> representative[j]).toList();
    }

    /** Centroids of {@code c} clusters of the points: k-means++ seeding, then 30 Lloyd iterations. */
    static double[][] kMeans(double[][] points, int c, Random random) {
        int n = points.length;
        double[][] centre = new double[c][];
        centre[0] = points[random.nextInt(n)].clone();
        double[] d2 = new double[n];
        for (int j = 1; j < c; j++) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                d2[i] = Double.POSITIVE_INFINITY;
                for (int m = 0; m < j; m++) d2[i] = Math.min(d2[i], dist2(points[i], centre[m]));
                total += d2[i];
            }
            double r = random.nextDouble() * total;
            int pick = n - 1;
            for (int i = 0; i < n; i++) {
                r -= d2[i];
                if (r < 0) {
                    pick = i;
                    break;
                }
            }
            centre[j] = points[pick].clone();
        }
        int dim = points[0].length;
        for (int iter = 0; iter < 30; iter++) {
            double[][] sum = new double[c][dim];
            int[] count = new int[c];
            for (double[] p : points) {
                int j = nearest(centre, p);
                count[j]++;
                for (int d = 0; d < dim; d++) sum[j][d] += p[d];
            }
            for (int j = 0; j < c; j++) {
                if (count[j] == 0) continue; // an empty cluster keeps its centre
                for (int d = 0; d < dim; d++) centre[j][d] = sum[j][d] / count[j];
            }
        }
        return centre;
    }

    private static int nearest(double[][] centre, double[] p) {
        int best = 0;
        for (int j = 1; j < centre.length; j++) if (dist2(centre[j], p) < dist2(centre[best], p)) best = j;
        return best;
    }

    private static double dist2(double[] a, double[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) d += (a[i] - b[i]) * (a[i] - b[i]);
        return d;
    }

    /**
     * The ensemble's predicted accuracy of every row of the observations: the mean of the members'
     * predictions (NaN where no accuracy is known). With {@link Regression#KNN} each is exactly
     * {@code Surrogate.defaults(memberSeed).predict(outputs, fisher, accuracy)} with {@link Settings#neighbors()}
     * as k; with {@link Regression#KERNEL} it is {@link KernelRegressor#fitSelectingBandwidth} on the same
     * embedding, scaled by the median nearest-neighbour distance of its points.
     */
    public double[] predict(Observations in) {
        int n = in.size();
        double[] sum = new double[n];
        int[] count = new int[n];
        double[] acc = in.accuracy();
        for (SurrogateEmbedding e : embeddings(in)) {
            double[][] emb = e.embedding();
            boolean[] included = e.included();
            List<Integer> labelled = new ArrayList<>();
            for (int i = 0; i < n; i++) if (included[i] && !Double.isNaN(acc[i])) labelled.add(i);
            if (labelled.isEmpty()) continue;
            double[][] x = labelled.stream().map(i -> emb[i]).toArray(double[][]::new);
            double[] y = labelled.stream().mapToDouble(i -> acc[i]).toArray();
            ToDoubleFunction<double[]> model;
            if (settings.regression() == Regression.KERNEL) {
                double scale = KernelRegressor.medianNearestDistance(
                        IntStream.range(0, n).filter(i -> included[i]).mapToObj(i -> emb[i]).toArray(double[][]::new));
                model = KernelRegressor.fitSelectingBandwidth(x, y, scale > 0 ? scale : 1)::predict;
            } else {
                model = KnnRegressor.fit(x, y, k)::predict;
            }
            double[] p = new double[n];
            IntStream.range(0, n).parallel().filter(i -> included[i]).forEach(i -> p[i] = model.applyAsDouble(emb[i]));
            for (int i = 0; i < n; i++) {
                if (!included[i]) continue;
                sum[i] += p[i];
                count[i]++;
            }
        }
        double[] mean = new double[n];
        for (int i = 0; i < n; i++) mean[i] = count[i] == 0 ? Double.NaN : sum[i] / count[i];
        return mean;
    }

    /** The members' embeddings of the observations' rows (fitted in parallel when the rows changed). */
    private List<SurrogateEmbedding> embeddings(Observations in) {
        double[][] outputs = in.outputs();
        double[][] fisher = in.fisher();
        return IntStream.range(0, members.length).parallel()
                .mapToObj(j -> members[j].embedding(outputs, fisher)).toList();
    }

    /**
     * The candidates in the same order, except that those among the k nearest neighbours of a
     * RUNNING row in more than half of the members' embeddings move behind the others.
     */
    private List<Integer> awayFromRunning(Observations in, List<Integer> ranked) {
        List<ClassState> classes = in.classes();
        List<Integer> running = new ArrayList<>();
        for (int i = 0; i < classes.size(); i++) if (classes.get(i).status() == ClassStatus.RUNNING) running.add(i);
        if (running.isEmpty()) return ranked;
        int n = in.size();
        int[] votes = new int[n];
        for (SurrogateEmbedding e : embeddings(in)) {
            double[][] emb = e.embedding();
            boolean[] included = e.included();
            int[] rows = IntStream.range(0, n).filter(i -> included[i]).toArray();
            if (rows.length < 2) continue;
            double[][] x = IntStream.of(rows).mapToObj(i -> emb[i]).toArray(double[][]::new);
            KnnRegressor all = KnnRegressor.fit(x, new double[rows.length], k + 1);
            for (int r : running) {
                if (!included[r]) continue;
                boolean[] tight = new boolean[n];
                for (int nb : all.neighbors(emb[r])) if (rows[nb] != r) tight[rows[nb]] = true;
                for (int i = 0; i < n; i++) if (tight[i]) votes[i]++;
            }
        }
        List<Integer> away = new ArrayList<>();
        List<Integer> near = new ArrayList<>();
        for (int i : ranked) (2 * votes[i] > members.length ? near : away).add(i);
        away.addAll(near);
        return away;
    }

    @Override
    public String toString() {
        return "EnsembleSuggester[seed " + seed + ", " + settings + "]";
    }
}
