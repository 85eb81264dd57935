package org.aquasurf.surrogate;

/**
 * UMAP settings. Defaults ({@link #defaults()}) are umap-learn's.
 *
 * @param nNeighbors     neighbourhood size, counting the point itself as umap-learn does (≥ 2)
 * @param metric         distance in the input space
 * @param nComponents    embedding dimension (≥ 1)
 * @param minDist        smallest distance between embedded points, in embedding units (≥ 0, ≤ spread)
 * @param spread         scale of embedded points, in embedding units (&gt; 0)
 * @param nEpochs        SGD epochs; 0 picks umap-learn's 500 for at most 10,000 points, else 200
 * @param exactThreshold at most this many points get exact neighbours, more get NN-descent
 * @param seed           seed of every random choice; equal seeds give equal results
 */
public record UmapConfig(int nNeighbors, Metric metric, int nComponents, double minDist, double spread,
                         int nEpochs, int exactThreshold, long seed) {

    /** Validates the ranges above. */
    public UmapConfig {
        if (nNeighbors < 2) {
            throw new IllegalArgumentException("nNeighbors must be at least 2, got " + nNeighbors);
        }
        if (metric == null) {
            throw new IllegalArgumentException("metric must not be null");
        }
        if (nComponents < 1) {
            throw new IllegalArgumentException("nComponents must be at least 1, got " + nComponents);
        }
        if (!(spread > 0) || !(minDist >= 0) || minDist > spread) {
            throw new IllegalArgumentException(
                    "need 0 <= minDist <= spread and spread > 0, got minDist " + minDist + ", spread " + spread);
        }
        if (nEpochs < 0) {
            throw new IllegalArgumentException("nEpochs must be 0 (automatic) or positive, got " + nEpochs);
        }
        if (exactThreshold < 0) {
            throw new IllegalArgumentException("exactThreshold must not be negative, got " + exactThreshold);
        }
    }

    /** 15 neighbours, euclidean, 2 components, minDist 0.1, spread 1, automatic epochs, seed 42. */
    public static UmapConfig defaults() {
        return new UmapConfig(15, Metric.EUCLIDEAN, 2, 0.1, 1.0, 0, NearestNeighbors.DEFAULT_EXACT_THRESHOLD, 42L);
    }

    /** This config with another neighbourhood size. */
    public UmapConfig withNeighbors(int k) {
        return new UmapConfig(k, metric, nComponents, minDist, spread, nEpochs, exactThreshold, seed);
    }

    /** This config with another input metric. */
    public UmapConfig withMetric(Metric m) {
        return new UmapConfig(nNeighbors, m, nComponents, minDist, spread, nEpochs, exactThreshold, seed);
    }

    /** This config with another embedding dimension. */
    public UmapConfig withComponents(int d) {
        return new UmapConfig(nNeighbors, metric, d, minDist, spread, nEpochs, exactThreshold, seed);
    }

    /** This config with another minimum embedded distance. */
    public UmapConfig withMinDist(double md) {
        return new UmapConfig(nNeighbors, metric, nComponents, md, spread, nEpochs, exactThreshold, seed);
    }

    /** This config with another spread. */
    public UmapConfig withSpread(double s) {
        return new UmapConfig(nNeighbors, metric, nComponents, minDist, s, nEpochs, exactThreshold, seed);
    }

    /** This config with another epoch count (0: automatic). */
    public UmapConfig withEpochs(int e) {
        return new UmapConfig(nNeighbors, metric, nComponents, minDist, spread, e, exactThreshold, seed);
    }

    /** This config with another exact-neighbour threshold. */
    public UmapConfig withExactThreshold(int t) {
        return new UmapConfig(nNeighbors, metric, nComponents, minDist, spread, nEpochs, t, seed);
    }

    /** This config with another seed. */
    public UmapConfig withSeed(long s) {
        return new UmapConfig(nNeighbors, metric, nComponents, minDist, spread, nEpochs, exactThreshold, s);
    }

    /** The epoch count used for {@code n} points. */
    int epochsFor(int n) {
        return nEpochs > 0 ? nEpochs : defaultEpochs(n);
    }

    /** umap-learn's default epoch count for {@code n} points. */
    static int defaultEpochs(int n) {
        return n <= 10_000 ? 500 : 200;
    }
}
