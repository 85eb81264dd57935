package org.aquasurf.search;

import org.aquasurf.store.ClassState;
import org.aquasurf.store.ClassStatus;
import org.aquasurf.surrogate.KnnRegressor;
import org.aquasurf.surrogate.Surrogate;
import org.aquasurf.surrogate.SurrogateEmbedding;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * The AQuaSurF surrogate averaged over several embedding seeds, with a prior against degenerate
 * functions, and diverse picks while other workers run:
 *
 * <ul>
 *   <li><b>Ensemble.</b> {@link Settings#members()} copies of the paper's surrogate
 *       ({@link Surrogate#defaults(long)}), each with its own seed ({@link #memberSeeds()}; the first is
 *       the suggester's seed, so one member is exactly the paper's surrogate). The predicted accuracy of
 *       a class is the mean of the members' k-nearest-neighbour predictions; its spread is the standard
 *       deviation of all the members' neighbours' accuracies (k per member). UMAP's randomness moves
 *       single functions between neighbourhoods from one seed to the next; the mean over seeds keeps
 *       what the embeddings agree on and breaks the ties of a single k = 3 regression.</li>
 *   <li><b>Acquisition.</b> Classes are ranked by predicted accuracy plus {@link Settings#kappa()} times
 *       the spread (an upper confidence bound; 0 ranks by the prediction alone).</li>
 *   <li><b>Degenerate prior.</b> Classes whose outputs are constant or overflowing
 *       ({@link Degeneracy}) come after all others: they train at chance whatever their neighbours did.</li>
 *   <li><b>Diverse picks.</b> A class among the k nearest neighbours of a RUNNING class (another
 *       worker's claim) in most members' embeddings comes after the others: its result would tell
 *       little that the running one will not.</li>
 * </ul>
 *
 * <p>Before any accuracy is known, the non-degenerate classes come first in a seeded random order. The
 * ranking depends only on the observations and the seed. Each member's embedding is fitted once per
 * set of rows (members in parallel) and only the regressions run per suggestion. Not thread-safe.
 */
public final class EnsembleSuggester implements Suggester {

    /**
     * What the ensemble does.
     *
     * @param members         embeddings averaged (≥ 1)
     * @param kappa           weight of the spread in the ranking score (≥ 0)
     * @param degeneratePrior whether constant and overflowing classes come last
     * @param diverse         whether the tight neighbours of RUNNING classes come after the others
     */
    public record Settings(int members, double kappa, boolean degeneratePrior, boolean diverse) {
        /** Checks the ranges. */
        public Settings {
            if (members < 1) throw new IllegalArgumentException("members must be >= 1, got " + members);
            if (!(kappa >= 0) || Double.isInfinite(kappa)) throw new IllegalArgumentException("kappa must be finite and >= 0, got " + kappa);
        }

        /** The defaults: 5 members, kappa 0, degenerate prior and diverse picks on. */
        public static Settings defaults() {
            return new Settings(5, 0, true, true);
        }

        public Settings withMembers(int n) { return new Settings(n, kappa, degeneratePrior, diverse); }

        public Settings withKappa(double k) { return new Settings(members, k, degeneratePrior, diverse); }

        public Settings withDegeneratePrior(boolean on) { return new Settings(members, kappa, on, diverse); }

        public Settings withDiverse(boolean on) { return new Settings(members, kappa, degeneratePrior, on); }
    }

    /**
     * Predictions of the ensemble, one entry per row of the observations (NaN where a row has no
     * embedding or no accuracy is known).
     *
     * @param mean   mean over the members of their k-nearest-neighbour predictions
     * @param spread standard deviation of the accuracies of all members' neighbours
     */
    public record Prediction(double[] mean, double[] spread) {}

    private final long seed;
    private final Settings settings;
    private final long[] memberSeeds;
    private final FittedSurrogate[] members;
    private final int k;
    private final Random random;

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
        this.k = Surrogate.defaults(seed).k();
        this.random = new Random(seed);
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
        Comparator<Integer> usableFirst = Comparator.comparing(i -> degenerate[i]);
        if (!in.anyAccuracyKnown()) {
            Collections.shuffle(candidates, random);
            candidates.sort(usableFirst); // stable: the shuffled order within each group
            return candidates.stream().map(classes::get).toList();
        }
        Prediction p = predict(in);
        double[] score = new double[in.size()];
        for (int i = 0; i < score.length; i++) {
            double s = p.mean()[i] + (settings.kappa() == 0 ? 0 : settings.kappa() * p.spread()[i]);
            score[i] = Double.isNaN(s) ? Double.NEGATIVE_INFINITY : s;
        }
        candidates.sort(usableFirst.thenComparing(Comparator.comparingDouble((Integer i) -> score[i]).reversed())
                .thenComparingLong(i -> classes.get(i).classId()));
        if (settings.diverse()) candidates = awayFromRunning(in, candidates);
        return candidates.stream().map(classes::get).toList();
    }

    /**
     * The ensemble's predictions for every row of the observations: the mean of the members'
     * predictions (each exactly {@code Surrogate.defaults(memberSeed).predict(outputs, fisher, accuracy)})
     * and the spread of their neighbours' accuracies.
     */
    public Prediction predict(Observations in) {
        int n = in.size();
        double[] sum = new double[n];
        double[] ySum = new double[n];
        double[] ySq = new double[n];
        int[] count = new int[n];
        int[] yCount = new int[n];
        double[] acc = in.accuracy();
        for (SurrogateEmbedding e : embeddings(in)) {
            double[][] emb = e.embedding();
            boolean[] included = e.included();
            List<Integer> labelled = new ArrayList<>();
            for (int i = 0; i < n; i++) if (included[i] && !Double.isNaN(acc[i])) labelled.add(i);
            if (labelled.isEmpty()) continue;
            double[][] x = labelled.stream().map(i -> emb[i]).toArray(double[][]::new);
            double[] y = labelled.stream().mapToDouble(i -> acc[i]).toArray();
            KnnRegressor knn = KnnRegressor.fit(x, y, k);
            IntStream.range(0, n).parallel().filter(i -> included[i]).forEach(i -> {
                sum[i] += knn.predict(emb[i]);
                count[i]++;
                for (int nb : knn.neighbors(emb[i])) {
                    ySum[i] += y[nb];
                    ySq[i] += y[nb] * y[nb];
                    yCount[i]++;
                }
            });
        }
        double[] mean = new double[n];
        double[] spread = new double[n];
        for (int i = 0; i < n; i++) {
            mean[i] = count[i] == 0 ? Double.NaN : sum[i] / count[i];
            double m = ySum[i] / yCount[i];
            spread[i] = yCount[i] == 0 ? Double.NaN : Math.sqrt(Math.max(0, ySq[i] / yCount[i] - m * m));
        }
        return new Prediction(mean, spread);
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
