package org.aquasurf.fisher;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FisherFeaturesTest {

    private static double[] exp(double... logs) {
        double[] v = new double[logs.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.exp(logs[i]);
        }
        return v;
    }

    /**
     * 500 weights: edges -100, -50, 0, 50, 100 (4 bins). log A = {0, 7} plus a zero and a negative
     * eigenvalue (never counted); log G = {-60, -45, 40, 95}. Pair sums: -60, -45, 40, 95, -53, -38,
     * 47, 102 (outside): bins hold 2, 2, 2, 1 of the 7 inside.
     */
    @Test
    void layerCdfCountsPairwiseLogSums() {
        double[] eigA = {0, -1, 1, Math.exp(7)};
        LayerSpectrum s = new LayerSpectrum("l", LayerKind.DENSE, 599, eigA, exp(-60, -45, 40, 95));
        assertArrayEquals(new double[] {2 / 7.0, 4 / 7.0, 6 / 7.0, 1}, FisherFeatures.layerCdf(s), 1e-15);
    }

    @Test
    void binsAreHalfOpenWithTheLastOneClosed() {
        double[] e = FisherFeatures.edges(5);
        assertArrayEquals(new double[] {-100, -50, 0, 50, 100}, e, 0);
        assertEquals(0, FisherFeatures.bin(e, -100));
        assertEquals(0, FisherFeatures.bin(e, Math.nextDown(-50.0)));
        assertEquals(1, FisherFeatures.bin(e, -50));
        assertEquals(2, FisherFeatures.bin(e, 0));
        assertEquals(3, FisherFeatures.bin(e, 50));
        assertEquals(3, FisherFeatures.bin(e, 100));
        double[] fine = FisherFeatures.edges(830);
        for (int i = 0; i < fine.length - 1; i++) {
            assertEquals(i, FisherFeatures.bin(fine, fine[i]), "edge " + i);
            assertEquals(i, FisherFeatures.bin(fine, Math.nextDown(fine[i + 1])), "below edge " + (i + 1));
        }
    }

    @Test
    void layersAreConcatenatedInOrder() {
        LayerSpectrum a = new LayerSpectrum("a", LayerKind.CONV2D, 300, new double[] {1}, exp(-80, 80));
        LayerSpectrum b = new LayerSpectrum("b", LayerKind.DENSE, 250, new double[] {1}, exp(10));
        double[] cdf = FisherFeatures.cdf(List.of(a, b));
        assertArrayEquals(new double[] {0.5, 1, 1}, cdf, 0);
    }

    @Test
    void aLayerWithNothingInRangeGivesNaN() {
        LayerSpectrum s = new LayerSpectrum("x", LayerKind.DENSE, 400, new double[] {0, -2}, exp(1, 2));
        for (double v : FisherFeatures.layerCdf(s)) {
            assertTrue(Double.isNaN(v));
        }
    }

    @Test
    void tooFewWeightsForABinIsAnError() {
        LayerSpectrum s = new LayerSpectrum("tiny", LayerKind.DENSE, 199, new double[] {1}, new double[] {1});
        String msg = assertThrows(IllegalArgumentException.class, () -> FisherFeatures.layerCdf(s)).getMessage();
        assertTrue(msg.contains("'tiny'") && msg.contains("199"), msg);
        assertThrows(IllegalArgumentException.class, () -> FisherFeatures.cdf(List.of()));
    }

    @Test
    void logEigenvaluesArePairwiseSums() {
        LayerSpectrum s = new LayerSpectrum("p", LayerKind.DENSE, 6, exp(1, 2), exp(10, 20, 30));
        assertArrayEquals(new double[] {11, 21, 31, 12, 22, 32}, s.logEigenvalues(), 1e-12);
        double[] expected = exp(11, 21, 31, 12, 22, 32);
        double[] products = s.eigenvalues();
        for (int i = 0; i < expected.length; i++) {
            assertEquals(1, products[i] / expected[i], 1e-14, "product " + i);
        }
    }
}
