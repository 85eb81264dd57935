package org.aquasurf.examples.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CurvesTest {

    /** -5.975 .. 5.975 in steps of 0.05: never exactly 0, where relu and leaky relu have a kink. */
    private static final double[] GRID = Curves.grid(-5.975, 5.975, 240);

    @ParameterizedTest
    @EnumSource(ActivationKind.class)
    void autogradDerivativeMatchesTheClosedForm(ActivationKind kind) {
        for (float slope : new float[] {0.01f, 0.2f}) {
            Curves c = Curves.autograd(kind, slope, GRID);
            double[] value = c.value();
            double[] derivative = c.derivative();
            for (int i = 0; i < GRID.length; i++) {
                double x = (float) GRID[i]; // DJL sees the float32 grid point
                assertEquals(kind.value(x, slope), value[i], 1e-6 * Math.max(1, Math.abs(x)), kind + " value at " + x);
                assertEquals(kind.derivative(x, slope), derivative[i], 2e-6, kind + " autograd derivative at " + x);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ActivationKind.class)
    void closedFormDerivativeMatchesCentralDifferences(ActivationKind kind) {
        double h = 1e-6;
        for (double x : GRID) {
            double numeric = (kind.value(x + h, 0.2) - kind.value(x - h, 0.2)) / (2 * h);
            assertEquals(numeric, kind.derivative(x, 0.2), 1e-8, kind + " derivative at " + x);
        }
    }

    @org.junit.jupiter.api.Test
    void closedFormsAreTheTextbookOnes() {
        // sigmoid' = s(1-s), tanh' = 1 - tanh^2, at a few points computed by hand
        assertEquals(0.25, ActivationKind.SIGMOID.derivative(0, 0), 1e-15);
        assertEquals(Math.exp(-2) / Math.pow(1 + Math.exp(-2), 2), ActivationKind.SIGMOID.derivative(2, 0), 1e-15);
        assertEquals(1 / Math.pow(Math.cosh(1.5), 2), ActivationKind.TANH.derivative(1.5, 0), 1e-15);
        assertEquals(0.0, ActivationKind.RELU.derivative(-3, 0.3), 0);
        assertEquals(0.3, ActivationKind.LEAKY_RELU.derivative(-3, 0.3), 0);
        assertEquals(-0.9, ActivationKind.LEAKY_RELU.value(-3, 0.3), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> Curves.grid(1, 1, 10));
    }
}
