package org.aquasurf.examples.plot;

import java.awt.Color;

/** A sequential colour scale (viridis stops, linearly interpolated) from dark purple (0) to yellow (1). */
final class Palette {

    private static final int[] STOPS = {0x440154, 0x46327e, 0x365c8d, 0x277f8e, 0x1fa187, 0x4ac16d, 0xa0da39, 0xfde725};

    private Palette() {}

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
