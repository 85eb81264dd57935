package org.aquasurf.examples.plot;

import java.awt.Color;

/**
 * Colours: a sequential scale (viridis stops, linearly interpolated) from dark purple (0) to yellow (1),
 * and distinct categorical colours (Okabe-Ito, safe for colour-blind readers) for lines.
 */
final class Palette {

    private static final int[] STOPS = {0x440154, 0x46327e, 0x365c8d, 0x277f8e, 0x1fa187, 0x4ac16d, 0xa0da39, 0xfde725};

    private static final int[] CATEGORICAL = {0x0072B2, 0xE69F00, 0x009E73, 0xCC79A7, 0xD55E00, 0x56B4E9, 0x000000,
        0xF0E442};

    private Palette() {}

    /** Categorical colour {@code i} (cycling after 8). */
    static Color categorical(int i) {
        return new Color(CATEGORICAL[Math.floorMod(i, CATEGORICAL.length)]);
    }

    /** The colour at {@code t} in [0, 1] (clamped). */
    static Color sequential(double t) {
        double p = Math.max(0, Math.min(1, t)) * (STOPS.length - 1);
        int i = Math.min(STOPS.length - 2, (int) p);
        double f = p - i;
        return new Color(mix(STOPS[i] >> 16, STOPS[i + 1] >> 16, f), mix(STOPS[i] >> 8, STOPS[i + 1] >> 8, f),
                mix(STOPS[i], STOPS[i + 1], f));
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round((a & 0xFF) * (1 - f) + (b & 0xFF) * f);
    }
}
