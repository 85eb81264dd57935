package org.aquasurf.surrogate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SurrogateTest {

    /** Three families of functions: outputs and CDF features are family shapes plus noise. */
    record Problem(double[][] outputs, double[][] fisher, double[] accuracy, int[] family) {
    }

    static Problem problem(int perFamily, int outDim, int cdfDim, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 3 * perFamily;
        double[][] out = new double[n][outDim];
        double[][] cdf = new double[n][cdfDim];
        double[] acc = new double[n];
        int[] family = new int[n];
        double[] quality = {0.9, 0.6, 0.2};
        for (int i = 0; i < n; i++) {
            int f = i / perFamily;
            family[i] = f;
            for (int d = 0; d < outDim; d++) {
                double t = -5 + 10.0 * d / (outDim - 1);
                double base = f == 0 ? Math.tanh(t) : (f == 1 ? Math.max(0, t) / 5 : Math.sin(t));
                out[i][d] = base + 0.05 * TestData.gaussian(r);
            }
            double mean = (f - 1) * 0.3 + 0.02 * TestData.gaussian(r);
            double sd = 0.15 + 0.05 * f;
            for (int d = 0; d < cdfDim; d++) {
                double t = -1 + 2.0 * d / (cdfDim - 1);
                cdf[i][d] = 1 / (1 + Math.exp(-(t - mean) / sd));
            }
            acc[i] = quality[f] + 0.01 * TestData.gaussian(r);
        }
        return new Problem(out, cdf, acc, family);
    }

    @Test
    void ranksTheGoodFamilyFirst() {
        Problem p = problem(40, 60, 50, 1);
        double[] known = p.accuracy().clone();
        for (int i = 0; i < known.length; i++) {
            if (i % 40 >= 8) {
                known[i] = Double.NaN; // only 8 evaluated functions per family
            }
        }
        SurrogateResult res = Surrogate.defaults(42).predict(p.outputs(), p.fisher(), known);
        int bestUnknown = -1;
        for (int i = 0; i < known.length; i++) {
            if (Double.isNaN(known[i]) && (bestUnknown < 0 || res.predictions()[i] > res.predictions()[bestUnknown])) {
                bestUnknown = i;
            }
        }
        assertEquals(0, p.family()[bestUnknown]);
        assertEquals(0, p.family()[res.best()]);
        for (int i = 0; i < known.length; i++) {
            assertEquals(p.accuracy()[i], res.predictions()[i], 0.05, "row " + i);
            assertEquals(2, res.embedding()[i].length);
        }
        assertTrue(res.timings().total() > 0);
    }

    @Test
    void excludedRowsGetNaNAndTheRestIsUnaffectedInShape() {
        Problem p = problem(20, 30, 20, 2);
        double[][] out = p.outputs().clone();
        out[5] = out[5].clone();
        out[5][3] = Double.NaN;
        double[][] fisher = p.fisher().clone();
        fisher[17] = fisher[17].clone();
        fisher[17][0] = Double.POSITIVE_INFINITY;
        SurrogateResult res = Surrogate.defaults(1).predict(out, fisher, p.accuracy());
        for (int i = 0; i < out.length; i++) {
            boolean excluded = i == 5 || i == 17;
            assertEquals(!excluded, res.included()[i]);
            assertEquals(excluded, Double.isNaN(res.predictions()[i]), "row " + i);
            assertEquals(excluded, Double.isNaN(res.embedding()[i][0]), "row " + i);
        }
    }

    @Test
    void fewOrNoKnownAccuracies() {
        Problem p = problem(15, 20, 20, 3);
        double[] none = new double[45];
        Arrays.fill(none, Double.NaN);
        SurrogateResult res = Surrogate.defaults(3).predict(p.outputs(), p.fisher(), none);
        assertTrue(Arrays.stream(res.predictions()).allMatch(Double::isNaN));
        assertEquals(-1, res.best());
        assertFalse(Double.isNaN(res.embedding()[0][0]));

        double[] one = none.clone();
        one[4] = 0.7;
        assertTrue(Arrays.stream(Surrogate.defaults(3).predict(p.outputs(), p.fisher(), one).predictions())
                .allMatch(v -> v == 0.7));

        double[] two = none.clone();
        two[4] = 0.7;
        two[30] = 0.1;
        assertTrue(Arrays.stream(Surrogate.defaults(3).predict(p.outputs(), p.fisher(), two).predictions())
                .allMatch(v -> Math.abs(v - 0.4) < 1e-12));
    }

    @Test
    void deterministicForASeed() {
        Problem p = problem(20, 30, 25, 4);
        double[] known = p.accuracy().clone();
        for (int i = 1; i < known.length; i += 2) {
            known[i] = Double.NaN;
        }
        SurrogateResult a = Surrogate.defaults(9).predict(p.outputs(), p.fisher(), known);
        SurrogateResult b = Surrogate.defaults(9).predict(p.outputs(), p.fisher(), known);
        assertTrue(Arrays.deepEquals(a.embedding(), b.embedding()));
        assertTrue(Arrays.equals(a.predictions(), b.predictions()));
    }

    @Test
    void tinyAndInvalidInputs() {
        SurrogateResult single = Surrogate.defaults(1)
                .predict(new double[][] {{1, 2}}, new double[][] {{0.5}}, new double[] {0.3});
        assertEquals(0.3, single.predictions()[0], 0.0);
        assertThrows(IllegalArgumentException.class, () -> Surrogate.defaults(1)
                .predict(new double[][] {{1}, {2}}, new double[][] {{1}}, new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> Surrogate.defaults(1)
                .predict(new double[][] {{1}, {2}}, new double[][] {{1}, {2}}, new double[] {1, Double.NEGATIVE_INFINITY}));
        assertThrows(IllegalArgumentException.class, () -> Surrogate.defaults(1)
                .predict(new double[][] {{1}, {2, 3}}, new double[][] {{1}, {2}}, new double[] {1, 2}));
    }

    /** A search fits the embedding once and only regresses per suggestion: that must equal a fit from scratch. */
    @Test
    void predictingFromAFittedEmbeddingEqualsAFitFromScratch() {
        Problem p = problem(40, 50, 60, 4);
        int n = p.outputs().length;
        Surrogate s = Surrogate.defaults(3);
        SurrogateEmbedding fitted = s.embed(p.outputs(), p.fisher());
        SplittableRandom r = new SplittableRandom(9);
        for (int trial = 0; trial < 3; trial++) {
            double[] acc = new double[n];
            for (int i = 0; i < n; i++) {
                acc[i] = r.nextDouble() < 0.2 ? p.accuracy()[i] : Double.NaN;
            }
            SurrogateResult scratch = s.predict(p.outputs(), p.fisher(), acc);
            SurrogateResult cached = s.predict(fitted, acc);
            assertArrayEquals(scratch.predictions(), cached.predictions(), 0.0);
            for (int i = 0; i < n; i++) {
                assertArrayEquals(scratch.embedding()[i], cached.embedding()[i], 0.0);
            }
        }
    }
}
