package org.aquasurf.surrogate;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KernelRegressorTest {

    @Test void twoPointsFollowTheLogisticOfTheirSquaredDistanceDifference() {
        KernelRegressor r = KernelRegressor.fit(new double[][] {{0}, {1}}, new double[] {0, 1}, 0.5);
        // weights exp(-d²/(2h²)): at q = 0.25 their ratio is exp(-(0.5625 - 0.0625) / 0.5) = 1/e
        assertEquals(1 / (1 + Math.E), r.predict(new double[] {0.25}), 1e-15);
        assertEquals(0.5, r.predict(new double[] {0.5}), 1e-15);
        assertEquals(0.5, r.bandwidth());
    }

    @Test void farFromAllPointsThePredictionIsTheNearestTarget() {
        // exp(-1e6 / 0.5) underflows for both points; relative to the nearest one it does not
        KernelRegressor r = KernelRegressor.fit(new double[][] {{0, 0}, {1, 0}}, new double[] {0.2, 0.7}, 0.5);
        assertEquals(0.7, r.predict(new double[] {1000, 0}), 1e-12);
        assertEquals(0.2, r.predict(new double[] {-1000, 0}), 1e-12);
    }

    @Test void theSelectedBandwidthMinimisesTheLeaveOneOutErrorComputedDirectly() {
        Random random = new Random(3);
        int n = 40;
        double[][] x = new double[n][2];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = random.nextDouble() * 4;
            x[i][1] = random.nextDouble() * 4;
            y[i] = Math.sin(x[i][0]) + 0.3 * x[i][1] + 0.1 * random.nextGaussian();
        }
        double scale = 0.3;
        double bestH = Double.NaN, bestError = Double.POSITIVE_INFINITY;
        for (int j = -4; j <= 8; j++) {
            double h = scale * Math.pow(2, j / 2.0);
            double error = 0;
            for (int i = 0; i < n; i++) { // Nadaraya–Watson from the other points, absolute weights
                double num = 0, den = 0;
                for (int m = 0; m < n; m++) {
                    if (m == i) continue;
                    double d2 = Math.pow(x[i][0] - x[m][0], 2) + Math.pow(x[i][1] - x[m][1], 2);
                    double w = Math.exp(-d2 / (2 * h * h));
                    num += w * y[m];
                    den += w;
                }
                error += Math.pow(num / den - y[i], 2) / n;
            }
            if (error < bestError) {
                bestError = error;
                bestH = h;
            }
        }
        KernelRegressor r = KernelRegressor.fitSelectingBandwidth(x, y, scale);
        assertEquals(bestH, r.bandwidth(), 1e-12);
        assertEquals(bestError, r.leaveOneOutError(), 1e-12);
    }

    @Test void withFewerThanThreePointsTheScaleIsTheBandwidth() {
        assertEquals(0.7, KernelRegressor.fitSelectingBandwidth(new double[][] {{0}, {1}}, new double[] {0, 1}, 0.7).bandwidth());
    }

    @Test void medianNearestDistance() {
        // nearest-neighbour distances 1, 1, 2, 4: the upper median is 2
        assertEquals(2, KernelRegressor.medianNearestDistance(new double[][] {{0}, {1}, {3}, {7}}));
        assertEquals(5, KernelRegressor.medianNearestDistance(new double[][] {{0, 0}, {3, 4}}));
        assertEquals(0, KernelRegressor.medianNearestDistance(new double[][] {{1, 1}}));
    }

    @Test void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> KernelRegressor.fit(new double[0][], new double[0], 1));
        assertThrows(IllegalArgumentException.class, () -> KernelRegressor.fit(new double[][] {{0}}, new double[] {Double.NaN}, 1));
        assertThrows(IllegalArgumentException.class, () -> KernelRegressor.fit(new double[][] {{0}}, new double[] {1}, 0));
        assertThrows(IllegalArgumentException.class, () -> KernelRegressor.fit(new double[][] {{0}, {1, 2}}, new double[] {1, 2}, 1));
        assertThrows(IllegalArgumentException.class, () -> KernelRegressor.fit(new double[][] {{0}}, new double[] {1}, 1).predict(new double[] {0, 0}));
    }
}
