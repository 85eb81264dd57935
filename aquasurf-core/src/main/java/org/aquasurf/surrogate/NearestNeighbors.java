package org.aquasurf.surrogate;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * k-nearest-neighbour graphs: exact brute force, and approximate nearest-neighbour descent (Dong,
 * Moses and Li 2011) seeded by a random-projection forest, as pynndescent does for umap-learn. Both
 * are deterministic and give the same graph on any number of cores: pairs are offered to the
 * neighbour heaps in a fixed order, and only their distances are computed ahead on all cores (see
 * {@link Pairs}). Most pairs a heap would reject are skipped by a lower bound on their distance
 * ({@link BoundedDistances}), which changes no result.
 */
public final class NearestNeighbors {

    /** umap-learn switches from exact to approximate neighbours above this many points. */
    public static final int DEFAULT_EXACT_THRESHOLD = 4096;

    private static final int MAX_CANDIDATES = 60;
    /** Dimension of the random projection the trees split in. */
    private static final int SKETCH_DIM = 32;
    private static final double DELTA = 0.001;
    /** Size of the heaps the descent keeps; small k alone gives poor recall. */
    private static final int MIN_DESCENT_K = 10;

    private NearestNeighbors() {
    }

    /**
     * The {@code k} nearest other points of every row, exact if there are at most
     * {@code exactThreshold} rows and by {@link #descent} otherwise.
     *
     * @throws IllegalArgumentException if {@code k} is not in [1, n-1] or the rows are ragged
     */
    public static KnnGraph search(double[][] data, int k, Metric metric, long seed, int exactThreshold) {
        return data.length <= exactThreshold ? exact(data, k, metric) : descent(data, k, metric, seed);
    }

    /**
     * The exact {@code k} nearest other points of every row, by brute force over all pairs (each pair
     * once, abandoned early when it cannot enter either point's list).
     */
    public static KnnGraph exact(double[][] data, int k, Metric metric) {
        check(data, k);
        int n = data.length;
        Heaps heaps = new Heaps(n, k);
        Pairs pairs = new Pairs(new BoundedDistances(data, metric), heaps, false);
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                pairs.add(i, j);
            }
            pairs.flushIfFull();
        }
        pairs.flush();
        return heaps.toGraph(k, metric);
    }

    /**
     * Approximate {@code k} nearest other points of every row by nearest-neighbour descent, started from
     * the leaves of a random-projection forest; deterministic for a given seed.
     */
    public static KnnGraph descent(double[][] data, int k, Metric metric, long seed) {
        check(data, k);
        int n = data.length;
        int heapK = Math.min(n - 1, Math.max(k, MIN_DESCENT_K));
        Heaps heaps = new Heaps(n, heapK);
        SplittableRandom random = new SplittableRandom(seed);
        int trees = Math.min(64, 5 + (int) Math.round(Math.sqrt(n) / 20.0));
        int leafSize = Math.max(10, heapK);
        double[][] sketch = sketch(data, random);
        Pairs pairs = new Pairs(new BoundedDistances(data, metric), heaps, true);
        for (int t = 0; t < trees; t++) {
            int[] order = new int[n];
            Arrays.setAll(order, i -> i);
            joinLeaves(sketch, pairs, order, 0, n, leafSize, random);
        }
        pairs.flush();
        fillRandom(data, metric, heaps, random);
        int iterations = Math.max(5, (int) Math.round(Math.log(n) / Math.log(2)));
        for (int it = 0; it < iterations; it++) {
            if (descentStep(pairs, heaps, random) <= DELTA * heapK * n) {
                break;
            }
        }
        return heaps.toGraph(k, metric);
    }

    private static void check(double[][] data, int k) {
        int n = data.length;
        if (k < 1 || k > n - 1) {
            throw new IllegalArgumentException("k must be in [1, " + (n - 1) + "] for " + n + " points, got " + k);
        }
        for (int i = 1; i < n; i++) {
            if (data[i].length != data[0].length) {
                throw new IllegalArgumentException(
                        "row " + i + " has " + data[i].length + " columns, row 0 has " + data[0].length);
            }
        }
    }

    /**
     * Splits order[from, to) by random hyperplanes in the sketch space until leaves are small, then
     * offers every pair inside each leaf to the heaps (with true distances).
     */
    private static void joinLeaves(double[][] sketch, Pairs pairs, int[] order,
                                   int from, int to, int leafSize, SplittableRandom random) {
        int size = to - from;
        if (size <= leafSize) {
            for (int a = from; a < to; a++) {
                for (int b = a + 1; b < to; b++) {
                    pairs.add(order[a], order[b]);
                }
            }
            pairs.flushIfFull();
            return;
        }
        int left = order[from + random.nextInt(size)];
        int right = order[from + random.nextInt(size - 1)];
        if (right == left) {
            right = order[to - 1];
        }
        double[] pl = sketch[left];
        double[] pr = sketch[right];
        int d = pl.length;
        double[] normal = new double[d];
        double offset = 0;
        for (int c = 0; c < d; c++) {
            normal[c] = pl[c] - pr[c];
            offset -= normal[c] * (pl[c] + pr[c]) / 2.0;
        }
        int lo = from;
        int hi = to - 1;
        while (lo <= hi) {
            double[] p = sketch[order[lo]];
            double margin = offset;
            for (int c = 0; c < d; c++) {
                margin += normal[c] * p[c];
            }
            boolean goesLeft = margin > 0 || (margin == 0 && random.nextBoolean());
            if (goesLeft) {
                lo++;
            } else {
                int tmp = order[lo];
                order[lo] = order[hi];
                order[hi] = tmp;
                hi--;
            }
        }
        int split = lo;
        if (split == from || split == to) {
            split = from + size / 2; // degenerate hyperplane (e.g. duplicates): split arbitrarily
        }
        joinLeaves(sketch, pairs, order, from, split, leafSize, random);
        joinLeaves(sketch, pairs, order, split, to, leafSize, random);
    }

    /**
     * The rows themselves if they have at most {@link #SKETCH_DIM} columns, else a count sketch of them
     * (feature hashing: each column added, with a random sign, to one random sketch coordinate), which
     * preserves euclidean geometry roughly. Trees only need rough geometry, and splitting in the full
     * space would cost a pass over all columns per tree level.
     */
    private static double[][] sketch(double[][] data, SplittableRandom random) {
        int d = data[0].length;
        if (d <= SKETCH_DIM) {
            return data;
        }
        int[] bucket = new int[d];
        double[] sign = new double[d];
        for (int c = 0; c < d; c++) {
            bucket[c] = random.nextInt(SKETCH_DIM);
            sign[c] = random.nextBoolean() ? 1.0 : -1.0;
        }
        double[][] out = new double[data.length][SKETCH_DIM];
        IntStream.range(0, data.length).parallel().forEach(i -> { // rows are independent: same result on any cores
            double[] p = data[i];
            double[] o = out[i];
            for (int c = 0; c < d; c++) {
                o[bucket[c]] += sign[c] * p[c];
            }
        });
        return out;
    }

    /** Fills any slot the forest left empty with random points. */
    private static void fillRandom(double[][] data, Metric metric, Heaps heaps, SplittableRandom random) {
        int n = data.length;
        for (int i = 0; i < n; i++) {
            while (heaps.count(i) < heaps.k) {
                int j = random.nextInt(n);
                if (j != i && !heaps.contains(i, j)) {
                    heaps.push(i, j, metric.reducedBounded(data[i], data[j], Double.POSITIVE_INFINITY));
                }
            }
        }
    }

    /** One round of local joins over sampled new and old candidates; returns the number of updates. */
    private static long descentStep(Pairs pairs, Heaps heaps, SplittableRandom random) {
        int n = heaps.index.length;
        Candidates fresh = new Candidates(n, MAX_CANDIDATES);
        Candidates old = new Candidates(n, MAX_CANDIDATES);
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < heaps.k; s++) {
                int j = heaps.index[i][s];
                if (j < 0) {
                    continue;
                }
                double priority = random.nextDouble();
                Candidates target = heaps.fresh[i][s] ? fresh : old;
                target.offer(i, j, priority);
                target.offer(j, i, priority);
            }
        }
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < heaps.k; s++) {
                if (heaps.fresh[i][s] && fresh.contains(i, heaps.index[i][s])) {
                    heaps.fresh[i][s] = false;
                }
            }
        }
        long before = pairs.changed;
        for (int i = 0; i < n; i++) {
            int[] nw = fresh.ids[i];
            int nNew = fresh.count[i];
            int[] od = old.ids[i];
            int nOld = old.count[i];
            for (int a = 0; a < nNew; a++) {
                int p = nw[a];
                for (int b = a + 1; b < nNew; b++) {
                    if (nw[b] != p) {
                        pairs.add(p, nw[b]);
                    }
                }
                for (int b = 0; b < nOld; b++) {
                    if (od[b] != p) {
                        pairs.add(p, od[b]);
                    }
                }
            }
            pairs.flushIfFull();
        }
        pairs.flush();
        return pairs.changed - before;
    }

    /**
     * Pairs to offer to the heaps, in order. {@link #flush} first computes the distances of all
     * pending pairs on all cores, each abandoned early against the bound its heaps had when it was
     * added, then offers the pairs one by one in the order they were added, exactly as a sequential
     * loop would. Heaps only get tighter, so a distance abandoned against the earlier (looser) bound
     * would be rejected now too, and an exact distance leads to the same decision as one abandoned
     * against the current bound: the graph does not depend on the number of cores.
     */
    private static final class Pairs {
        private static final int CAPACITY = 1 << 16;
        private static final int BLOCK = 256;
        private final BoundedDistances distances;
        private final Heaps heaps;
        /** Descent (a pair may already be in a heap: skip it as the sequential loop did) or exact (pairs unique). */
        private final boolean descent;
        private final int[] p = new int[CAPACITY];
        private final int[] q = new int[CAPACITY];
        private final double[] bound = new double[CAPACITY];
        private final double[] d = new double[CAPACITY];
        private int size;
        /** Heap changes made by all flushes so far. */
        long changed;

        Pairs(BoundedDistances distances, Heaps heaps, boolean descent) {
            this.distances = distances;
            this.heaps = heaps;
            this.descent = descent;
        }

        void add(int a, int b) {
            if (size == CAPACITY) {
                flush();
            }
            p[size] = a;
            q[size] = b;
            // NaN: both heaps already hold the pair, so it is likely skipped; computed late if not
            bound[size] = descent && heaps.contains(a, b) && heaps.contains(b, a)
                    ? Double.NaN : Math.max(heaps.worst(a), heaps.worst(b));
            size++;
        }

        /** Flushes once at least half full. */
        void flushIfFull() {
            if (size >= CAPACITY / 2) {
                flush();
            }
        }

        /** Offers every pending pair, counting the heaps changed in {@link #changed}. */
        void flush() {
            int blocks = (size + BLOCK - 1) / BLOCK;
            IntStream.range(0, blocks).parallel().forEach(blk -> {
                for (int e = blk * BLOCK, end = Math.min(size, e + BLOCK); e < end; e++) {
                    d[e] = Double.isNaN(bound[e]) ? Double.NaN : distances.reduced(p[e], q[e], bound[e]);
                }
            });
            for (int e = 0; e < size; e++) {
                changed += descent ? offer(p[e], q[e], d[e]) : offerExact(p[e], q[e], d[e]);
            }
            size = 0;
        }

        /** Offers a pair to both heaps unless both hold it; returns the number of heaps changed. */
        private int offer(int a, int b, double dist) {
            boolean aHasB = heaps.contains(a, b);
            boolean bHasA = heaps.contains(b, a);
            if (aHasB && bHasA) {
                return 0;
            }
            double wa = aHasB ? Double.NEGATIVE_INFINITY : heaps.worst(a);
            double wb = bHasA ? Double.NEGATIVE_INFINITY : heaps.worst(b);
            if (Double.isNaN(dist)) {
                dist = distances.reduced(a, b, Math.max(wa, wb));
            }
            int changed = 0;
            if (dist <= wa && heaps.push(a, b, dist)) {
                changed++;
            }
            if (dist <= wb && heaps.push(b, a, dist)) {
                changed++;
            }
            return changed;
        }

        /** Offers a pair seen once (brute force) to both heaps. */
        private int offerExact(int a, int b, double dist) {
            int changed = 0;
            if (dist <= heaps.worst(a) && heaps.push(a, b, dist)) {
                changed++;
            }
            if (dist <= heaps.worst(b) && heaps.push(b, a, dist)) {
                changed++;
            }
            return changed;
        }
    }

    /** Per point, at most {@code max} candidates of lowest priority (a bounded max-heap on priority). */
    private static final class Candidates {
        final int[][] ids;
        final double[][] priorities;
        final int[] count;
        final int max;

        Candidates(int n, int max) {
            this.ids = new int[n][max];
            this.priorities = new double[n][max];
            this.count = new int[n];
            this.max = max;
        }

        boolean contains(int i, int j) {
            for (int s = 0; s < count[i]; s++) {
                if (ids[i][s] == j) {
                    return true;
                }
            }
            return false;
        }

        void offer(int i, int j, double priority) {
            if (contains(i, j)) {
                return;
            }
            int[] id = ids[i];
            double[] pr = priorities[i];
            if (count[i] < max) {
                int s = count[i]++;
                id[s] = j;
                pr[s] = priority;
                siftUp(id, pr, s);
            } else if (priority < pr[0]) {
                id[0] = j;
                pr[0] = priority;
                siftDown(id, pr, max, 0);
            }
        }
    }

    /** Per point, a bounded max-heap of (reduced distance, index, is-new). */
    private static final class Heaps {
        final int k;
        final int[][] index;
        final double[][] dist;
        final boolean[][] fresh;
        final int[] size;

        Heaps(int n, int k) {
            this.k = k;
            this.index = new int[n][k];
            this.dist = new double[n][k];
            this.fresh = new boolean[n][k];
            this.size = new int[n];
            for (int i = 0; i < n; i++) {
                Arrays.fill(index[i], -1);
            }
        }

        int count(int i) {
            return size[i];
        }

        /** The largest kept distance, or +infinity while the heap is not full. */
        double worst(int i) {
            return size[i] < k ? Double.POSITIVE_INFINITY : dist[i][0];
        }

        boolean contains(int i, int j) {
            int[] idx = index[i];
            for (int s = 0; s < size[i]; s++) {
                if (idx[s] == j) {
                    return true;
                }
            }
            return false;
        }

        /** Inserts j unless present; when full, replaces the root if (d, j) precedes it. */
        boolean push(int i, int j, double d) {
            if (contains(i, j)) {
                return false;
            }
            int[] idx = index[i];
            double[] ds = dist[i];
            boolean[] fr = fresh[i];
            if (size[i] < k) {
                int s = size[i]++;
                idx[s] = j;
                ds[s] = d;
                fr[s] = true;
                int c = s;
                while (c > 0) {
                    int parent = (c - 1) / 2;
                    if (!after(ds[c], idx[c], ds[parent], idx[parent])) {
                        break;
                    }
                    swap(idx, ds, fr, c, parent);
                    c = parent;
                }
            } else if (after(ds[0], idx[0], d, j)) {
                idx[0] = j;
                ds[0] = d;
                fr[0] = true;
                int c = 0;
                while (true) {
                    int l = 2 * c + 1;
                    int r = l + 1;
                    int top = c;
                    if (l < k && after(ds[l], idx[l], ds[top], idx[top])) {
                        top = l;
                    }
                    if (r < k && after(ds[r], idx[r], ds[top], idx[top])) {
                        top = r;
                    }
                    if (top == c) {
                        break;
                    }
                    swap(idx, ds, fr, c, top);
                    c = top;
                }
            } else {
                return false;
            }
            return true;
        }

        /** Sorted first {@code keep} entries of every heap, as true distances. */
        KnnGraph toGraph(int keep, Metric metric) {
            int n = index.length;
            int[][] outIdx = new int[n][keep];
            double[][] outDist = new double[n][keep];
            Integer[] order = new Integer[k];
            for (int i = 0; i < n; i++) {
                final int row = i;
                for (int s = 0; s < k; s++) {
                    order[s] = s;
                }
                Arrays.sort(order, (x, y) -> dist[row][x] != dist[row][y]
                        ? Double.compare(dist[row][x], dist[row][y])
                        : Integer.compare(index[row][x], index[row][y]));
                for (int s = 0; s < keep; s++) {
                    outIdx[i][s] = index[i][order[s]];
                    outDist[i][s] = metric.fromReduced(dist[i][order[s]]);
                }
            }
            return new KnnGraph(outIdx, outDist);
        }

        private static boolean after(double d1, int i1, double d2, int i2) {
            return d1 > d2 || (d1 == d2 && i1 > i2);
        }

        private static void swap(int[] idx, double[] ds, boolean[] fr, int a, int b) {
            int ti = idx[a];
            idx[a] = idx[b];
            idx[b] = ti;
            double td = ds[a];
            ds[a] = ds[b];
            ds[b] = td;
            boolean tf = fr[a];
            fr[a] = fr[b];
            fr[b] = tf;
        }
    }

    private static void siftUp(int[] id, double[] pr, int c) {
        while (c > 0) {
            int parent = (c - 1) / 2;
            if (pr[c] <= pr[parent]) {
                break;
            }
            swapCand(id, pr, c, parent);
            c = parent;
        }
    }

    private static void siftDown(int[] id, double[] pr, int size, int c) {
        while (true) {
            int l = 2 * c + 1;
            int r = l + 1;
            int top = c;
            if (l < size && pr[l] > pr[top]) {
                top = l;
            }
            if (r < size && pr[r] > pr[top]) {
                top = r;
            }
            if (top == c) {
                return;
            }
            swapCand(id, pr, c, top);
            c = top;
        }
    }

    private static void swapCand(int[] id, double[] pr, int a, int b) {
        int ti = id[a];
        id[a] = id[b];
        id[b] = ti;
        double tp = pr[a];
        pr[a] = pr[b];
        pr[b] = tp;
    }
}
