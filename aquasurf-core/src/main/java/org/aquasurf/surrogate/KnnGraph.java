package org.aquasurf.surrogate;

/**
 * The k nearest other points of every point: row {@code i} of {@code indices} lists the neighbours of
 * point {@code i} (never {@code i} itself) by ascending distance, ties by ascending index, and the same
 * row of {@code distances} their distances in the metric's units. The arrays are not copied.
 *
 * @param indices   n rows of k point indices
 * @param distances n rows of k distances, non-decreasing along each row
 */
public record KnnGraph(int[][] indices, double[][] distances) {

    /** Checks that both tables have the same shape. */
    public KnnGraph {
        if (indices.length != distances.length) {
            throw new IllegalArgumentException(
                    "indices has " + indices.length + " rows but distances has " + distances.length);
        }
        for (int i = 0; i < indices.length; i++) {
            if (indices[i].length != distances[i].length) {
                throw new IllegalArgumentException("row " + i + " has " + indices[i].length
                        + " indices but " + distances[i].length + " distances");
            }
        }
    }

    /** Number of points. */
    public int size() {
        return indices.length;
    }

    /** Number of neighbours per point (0 when there are no points). */
    public int k() {
        return indices.length == 0 ? 0 : indices[0].length;
    }
}
