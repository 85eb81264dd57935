package org.aquasurf.surrogate;

/**
 * The accuracy-independent part of a fitted {@link Surrogate}: row by row in the caller's order, the
 * 2-D coordinates of the rows that took part (NaN for the others) and whether they did. Arrays are
 * not copied; do not modify them (a search shares one embedding between suggestions).
 *
 * @param embedding      per row its coordinates in embedding units (NaN for excluded rows)
 * @param included       per row whether its outputs and features were all finite
 * @param neighborsNanos wall-clock nanoseconds of both nearest-neighbour searches
 * @param graphNanos     wall-clock nanoseconds of the fuzzy graphs and their union
 * @param embeddingNanos wall-clock nanoseconds of the spectral initialization and SGD layout
 */
public record SurrogateEmbedding(double[][] embedding, boolean[] included,
                                 long neighborsNanos, long graphNanos, long embeddingNanos) {

    /** Checks that both arrays have one entry per row. */
    public SurrogateEmbedding {
        if (embedding.length != included.length) {
            throw new IllegalArgumentException("embedding has " + embedding.length + " rows but included has " + included.length);
        }
    }

    /** Number of rows. */
    public int size() {
        return embedding.length;
    }
}
