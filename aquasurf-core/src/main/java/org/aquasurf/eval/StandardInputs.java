package org.aquasurf.eval;

/**
 * The 1000 fixed inputs on which function outputs are compared: N(0,1) samples clipped to [-5,5].
 *
 * <p>They are bit-for-bit the values of numpy's legacy generator as the AQuaSurF reference makes
 * them: {@code np.random.seed(0); np.clip(np.random.normal(size=1000), -5, 5)}. That generator is
 * the Mersenne Twister MT19937 (Matsumoto &amp; Nishimura 1998) seeded by its standard
 * {@code init_genrand(0)}, doubles with 53 random bits made from two 32-bit outputs
 * ({@code (a>>>5)·2²⁶ + (b>>>6)) / 2⁵³}), and normals by the Marsaglia polar method that returns
 * the second value of each pair first and caches the other. With seed 0 no sample reaches ±5, so
 * the clipping changes nothing.
 *
 * <p>998 of the 1000 values are bit-identical to numpy's; samples 662 and 663 (one polar pair)
 * differ by one ulp because numpy's logarithm (glibc's) is not correctly rounded at that r² while
 * {@link Math#log} is. Matching glibc's log bit for bit would need its exact algorithm.
 */
public final class StandardInputs {
    /** Number of standard inputs. */
    public static final int SIZE = 1000;
    /** The generator seed. */
    public static final long SEED = 0;
    /** Samples are clipped to [-CLIP, CLIP]. */
    public static final double CLIP = 5.0;

    private static final double[] VALUES = generate(SIZE, SEED);

    private StandardInputs() {}

    /** A fresh copy of the standard inputs. */
    public static double[] values() {
        return VALUES.clone();
    }

    /** {@code n} clipped N(0,1) samples of numpy's legacy generator seeded with {@code seed} (0 ≤ seed &lt; 2³²). */
    public static double[] generate(int n, long seed) {
        if (seed < 0 || seed > 0xFFFF_FFFFL) throw new IllegalArgumentException("seed must be in [0, 2^32), was " + seed);
        if (n < 0) throw new IllegalArgumentException("n must be >= 0, was " + n);
        Mt19937 mt = new Mt19937((int) seed);
        double[] v = new double[n];
        double cached = 0;
        boolean hasCached = false;
        for (int i = 0; i < n; i++) {
            double g;
            if (hasCached) {
                g = cached;
                hasCached = false;
            } else {
                double x1, x2, r2;
                do {
                    x1 = 2.0 * mt.nextDouble() - 1.0;
                    x2 = 2.0 * mt.nextDouble() - 1.0;
                    r2 = x1 * x1 + x2 * x2;
                } while (r2 >= 1.0 || r2 == 0.0);
                double f = Math.sqrt(-2.0 * Math.log(r2) / r2);
                cached = f * x1;
                hasCached = true;
                g = f * x2;
            }
            v[i] = Math.max(-CLIP, Math.min(CLIP, g));
        }
        return v;
    }

    /** The 32-bit Mersenne Twister MT19937. */
    static final class Mt19937 {
        private static final int N = 624;
        private static final int M = 397;
        private final int[] mt = new int[N];
        private int index;

        Mt19937(int seed) {
            mt[0] = seed;
            for (int i = 1; i < N; i++) mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
            index = N;
        }

        int nextInt() {
            if (index >= N) twist();
            int y = mt[index++];
            y ^= y >>> 11;
            y ^= (y << 7) & 0x9d2c5680;
            y ^= (y << 15) & 0xefc60000;
            y ^= y >>> 18;
            return y;
        }

        /** A double in [0, 1) with 53 random bits. */
        double nextDouble() {
            long a = (nextInt() & 0xFFFF_FFFFL) >>> 5;
            long b = (nextInt() & 0xFFFF_FFFFL) >>> 6;
            return (a * 67108864.0 + b) / 9007199254740992.0;
        }

        private void twist() {
            for (int i = 0; i < N; i++) {
                int y = (mt[i] & 0x80000000) | (mt[(i + 1) % N] & 0x7fffffff);
                int next = mt[(i + M) % N] ^ (y >>> 1);
                if ((y & 1) != 0) next ^= 0x9908b0df;
                mt[i] = next;
            }
            index = 0;
        }
    }
}
