package org.aquasurf.surrogate;

/**
 * The low-dimensional membership curve {@code 1 / (1 + a x^(2b))} of UMAP, with (a, b) fitted by least
 * squares (Levenberg-Marquardt) to {@code 1} for {@code x < minDist} and
 * {@code exp(-(x - minDist) / spread)} beyond, on 300 points of [0, 3 spread], as umap-learn does.
 *
 * @param a curve scale (&gt; 0)
 * @param b curve exponent (&gt; 0)
 */
public record AbCurve(double a, double b) {

    private static final int POINTS = 300;

    /** Fits (a, b) to the given minimum distance and spread, in embedding units. */
    public static AbCurve fit(double minDist, double spread) {
        double[] x = new double[POINTS];
        double[] y = new double[POINTS];
        for (int i = 0; i < POINTS; i++) {
            x[i] = 3.0 * spread * i / (POINTS - 1);
            y[i] = x[i] < minDist ? 1.0 : Math.exp(-(x[i] - minDist) / spread);
        }
        double a = 1;
        double b = 1;
        double lambda = 1e-3;
        double cost = cost(x, y, a, b);
        for (int it = 0; it < 500; it++) {
            double jaa = 0, jab = 0, jbb = 0, ga = 0, gb = 0;
            for (int i = 0; i < POINTS; i++) {
                if (x[i] == 0) {
                    continue; // f(0) = 1 whatever a and b: no gradient there
                }
                double u = Math.pow(x[i], 2 * b);
                double den = 1 + a * u;
                double f = 1 / den;
                double r = f - y[i];
                double da = -u / (den * den);
                double db = -a * u * 2 * Math.log(x[i]) / (den * den);
                jaa += da * da;
                jab += da * db;
                jbb += db * db;
                ga += da * r;
                gb += db * r;
            }
            double maa = jaa * (1 + lambda);
            double mbb = jbb * (1 + lambda);
            double det = maa * mbb - jab * jab;
            double stepA = -(mbb * ga - jab * gb) / det;
            double stepB = -(maa * gb - jab * ga) / det;
            double na = a + stepA;
            double nb = b + stepB;
            double newCost = na > 0 && nb > 0 ? cost(x, y, na, nb) : Double.POSITIVE_INFINITY;
            if (newCost < cost) {
                boolean converged = cost - newCost < 1e-15 * Math.max(1, cost);
                a = na;
                b = nb;
                cost = newCost;
                lambda /= 10;
                if (converged) {
                    break;
                }
            } else {
                lambda *= 10;
                if (lambda > 1e12) {
                    break;
                }
            }
        }
        return new AbCurve(a, b);
    }

    /** The curve's value at embedding distance {@code x}. */
    public double value(double x) {
        return 1 / (1 + a * Math.pow(x, 2 * b));
    }

    private static double cost(double[] x, double[] y, double a, double b) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            double r = 1 / (1 + a * Math.pow(x[i], 2 * b)) - y[i];
            s += r * r;
        }
        return s;
    }
}
