package org.aquasurf.nn;

import static org.aquasurf.nn.NdScalars.div;
import static org.aquasurf.nn.NdScalars.mul;
import static org.aquasurf.nn.NdScalars.rdiv;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.nn.Activation;

/**
 * Element-wise special functions on NDArrays that the DJL PyTorch engine lacks or gets wrong,
 * built from its primitives so that DJL autograd differentiates them. They are accurate to a few
 * float32 ulps over the whole float32 range, NaN in gives NaN out, and they keep the input's data
 * type (float64 inputs get the same float32-level accuracy).
 *
 * <p>Scalars enter products and quotients through {@link NdScalars}, never through DJL's
 * {@code mul(Number)} family, whose gradients are unreliable (see there).
 *
 * <p>Piecewise definitions evaluate every piece on the input clipped to the piece's range, so an
 * unused piece never overflows and never sends NaN into the gradient of the piece that is used;
 * {@code where} (slow on CPU) only selects between pieces, and odd functions take |x| as x·sign
 * with sign = +1 at 0, so that their derivative at 0 is right.
 *
 * <p>The Chebyshev coefficients were derived for this class by interpolating the target functions
 * in 50-digit arithmetic (mpmath) at Chebyshev points and truncating when the dropped tail fell
 * below 2e-9 relative; the script is {@code org/aquasurf/nn/derive_approximations.py} in the test
 * resources and prints the maximal relative error of each series (all below 2e-9).
 */
public final class NdSpecialFunctions {

    private NdSpecialFunctions() {}

    /** K of the erfc series: erfc(a) = exp(−a²)·F(t)/(K + a) for a ≥ 0, t = (a − K)/(a + K). */
    private static final double ERFC_K = 1.5;
    /** F(t) = (K + a)·erfc(a)·exp(a²), between 1/√π (t = 1) and K (t = −1). */
    private static final double[] ERFC_F = {
        0.9994517529651448, -0.47703164680900345, 0.03365993723338942, 0.009523052713214217,
        -0.0010289262138128655, -0.0004176948405074311, 9.662568811954235e-06, 2.1923621271086212e-05,
        2.6742309199986876e-06, -8.340848748255507e-07, -3.2865884850434616e-07, -1.4297802693686345e-08,
        1.972259907502627e-08, 5.926702846894991e-09};
    /** e^−x·I0(x) on [0, 2] in t = x − 1. */
    private static final double[] I0E_HEAD = {
        0.5554620465849032, -0.32224785966994146, 0.0941349608633822, -0.022714557101913377,
        0.004543195287670698, -0.0007688553318076656, 0.00011230023567248778, -1.4396591689214997e-05,
        1.6424565230958783e-06, -1.6867411034015366e-07, 1.574201294790916e-08, -1.34590250765456e-09};
    /** e^−x·I0(x) on [2, 8] in t = (x − 5)/3. */
    private static final double[] I0E_MID = {
        0.20265458169630618, -0.07530113285910563, 0.021009076548088396, -0.006509215217702366,
        0.0020841295941255032, -0.000663237694109267, 0.00020447887099303192, -6.008499691996071e-05,
        1.6668544774112276e-05, -4.34486590695866e-06, 1.0623408783202918e-06, -2.436880494371135e-07,
        5.250900502914729e-08, -1.0647984423707817e-08, 2.0364193995706206e-09, -3.681407107346795e-10};
    /** e^−x·I1(x)/x on [0, 2] in t = x − 1. */
    private static final double[] I1E_OVER_X_HEAD = {
        0.25419728307660605, -0.18614670648327067, 0.047922338053106146, -0.009789076216141408,
        0.0016662238479520602, -0.0002433240014250099, 3.1112561153598404e-05, -3.537110387592967e-06,
        3.6188997442071134e-07, -3.365006741839022e-08, 2.8669319308345316e-09, -2.253506636201581e-10};
    /** e^−x·I1(x) on [2, 8] in t = (x − 5)/3. */
    private static final double[] I1E_MID = {
        0.16978541821375384, -0.04081701544471595, 0.005471504822387463, -3.7199867430543946e-05,
        -0.00043501169617069646, 0.000251098738494547, -0.00010387010560561069, 3.633595171172561e-05,
        -1.1283779531380381e-05, 3.177177262795525e-06, -8.207879854204014e-07, 1.9608259818179285e-07,
        -4.357416283937996e-08, 9.050622962020252e-09, -1.764216796822223e-09, 3.238856123342663e-10};
    /** √x·e^−x·I0(x) for x ≥ 8 in t = 16/x − 1. */
    private static final double[] I0E_LARGE = {
        0.4022452055070544, 0.0033691164782556943, 6.889758346916825e-05, 2.8913705208347567e-06,
        2.0489185894690638e-07, 2.266668990498178e-08, 3.3962320257083865e-09};
    /** √x·e^−x·I1(x) for x ≥ 8 in t = 16/x − 1. */
    private static final double[] I1E_LARGE = {
        0.38928811750914005, -0.009761097491361469, -0.00011058893876262371, -3.882564808877691e-06,
        -2.512236237870209e-07, -2.6314688468895196e-08, -3.835380385964237e-09};

    /** SELU constants of Klambauer et al. (2017), as TensorFlow uses them. */
    static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    static final double SELU_SCALE = 1.0507009873554804934193349852946;

    /** The constant {@code value} in the shape of {@code x}, for every x (NaN and infinities too), with zero gradient. */
    public static NDArray constant(NDArray x, double value) {
        // sign(x) is finite for every x (0 for NaN) and keeps the result in x's autograd graph, so
        // a constant sub-expression still passes a (zero) gradient.
        return mul(x.sign(), 0).add(value);
    }

    /**
     * Complementary error function 1 − erf(x), with full relative accuracy in the tail x ≫ 1:
     * erfc(|x|) = exp(−x²)·F(t)/(K + |x|) by one Chebyshev series in t = (|x| − K)/(|x| + K), and
     * erfc(x) = 2 − erfc(|x|) for x &lt; 0.
     */
    public static NDArray erfc(NDArray x) {
        NDArray negative = x.lt(0).toType(x.getDataType(), false);
        // |x| with derivative +1 at 0; beyond 30, erfc is 0 even in float64
        NDArray a = x.mul(signOf(negative)).clip(0, 30);
        NDArray t = a.sub(ERFC_K).div(a.add(ERFC_K));
        NDArray e = expNegSquare(a).mul(chebyshev(t, ERFC_F)).div(a.add(ERFC_K));
        return e.mul(signOf(negative)).add(mul(negative, 2));   // e, or 2 − e for x < 0
    }

    /** GELU in its exact form 0.5·x·erfc(−x/√2) (not the tanh approximation). */
    public static NDArray gelu(NDArray x) {
        return mul(x, 0.5).mul(erfc(mul(x, -1 / Math.sqrt(2))));
    }

    /**
     * e^x − 1, with full relative accuracy near 0: 2·tanh(x/2)/(1 − tanh(x/2)) for x ≤ 1/2 (no
     * cancellation, as 1 − tanh(x/2) ≥ 0.75 there), e^x − 1 above.
     */
    public static NDArray expm1(NDArray x) {
        NDArray th = mul(x.clip(Double.NEGATIVE_INFINITY, 0.5), 0.5).tanh();
        NDArray viaTanh = mul(th, 2).div(NDArrays.sub(1, th));
        NDArray viaExp = x.clip(0.5, Double.POSITIVE_INFINITY).exp().sub(1);
        return NDArrays.where(x.lte(0.5), viaTanh, viaExp);
    }

    /**
     * log(1 + e^x) without overflow and with full relative accuracy for x ≪ 0: the engine's
     * softplus, which computes log1p(e^x) for x ≤ 20 and x above (an error below 2e-9 relative).
     */
    public static NDArray softplus(NDArray x) {
        return Activation.softPlus(x);
    }

    /** log(sigmoid(x)) = −softplus(−x), stable for all x. */
    public static NDArray logSigmoid(NDArray x) {
        return softplus(x.neg()).neg();
    }

    /** Inverse hyperbolic sine, with full relative accuracy near 0 and no overflow for huge |x|. */
    public static NDArray asinh(NDArray x) {
        NDArray sign = signOf(x.lt(0).toType(x.getDataType(), false));
        NDArray a = x.mul(sign);   // |x|, with derivative +1 at x = 0
        NDArray as = a.clip(0, 0.75);
        // asinh(a) = log1p(a + a²/(1 + √(1 + a²))); the argument is at most 1 for a ≤ 0.75.
        NDArray a2 = as.square();
        NDArray near = log1pUnit(as.add(a2.div(a2.add(1).sqrt().add(1))));
        NDArray al = a.clip(0.75, Double.POSITIVE_INFINITY);
        // asinh(a) = log(a) + log(1 + √(1 + 1/a²)) for a > 0.75: no overflow of a².
        NDArray far = al.log().add(rdiv(1, al.square()).add(1).sqrt().add(1).log());
        return NDArrays.where(a.lte(0.75), near, far).mul(sign);
    }

    /** Exponentially scaled modified Bessel function of the first kind, order 0: e^−|x|·I0(x). */
    public static NDArray besselI0e(NDArray x) {
        NDArray a = x.abs();   // i0e has a kink at 0, so the derivative of |x| there does not matter
        return bessel(a, chebyshev(a.clip(0, 2).sub(1), I0E_HEAD), I0E_MID, I0E_LARGE);
    }

    /** Exponentially scaled modified Bessel function of the first kind, order 1: e^−|x|·I1(x). */
    public static NDArray besselI1e(NDArray x) {
        NDArray sign = signOf(x.lt(0).toType(x.getDataType(), false));
        NDArray a = x.mul(sign);   // |x|, with derivative +1 at x = 0
        NDArray ah = a.clip(0, 2);
        return bessel(a, chebyshev(ah.sub(1), I1E_OVER_X_HEAD).mul(ah), I1E_MID, I1E_LARGE).mul(sign);
    }

    /** Joins a Bessel function's pieces on a = |x| in [0, 2], (2, 8] and (8, ∞]. */
    private static NDArray bessel(NDArray a, NDArray head, double[] mid, double[] large) {
        NDArray near = chebyshev(div(a.clip(2, 8).sub(5), 3), mid);
        NDArray al = a.clip(8, Double.POSITIVE_INFINITY);
        NDArray far = chebyshev(rdiv(16, al).sub(1), large).div(al.sqrt());
        return NDArrays.where(a.lte(2), head, NDArrays.where(a.lte(8), near, far));
    }

    /** x for x > 0, else e^x − 1: relu(x) + expm1(min(x, 0)), with derivative 1 at 0. */
    public static NDArray elu(NDArray x) {
        return Activation.relu(x).add(expm1(x.clip(Double.NEGATIVE_INFINITY, 0)));
    }

    /** SELU with TensorFlow's constants: scale·(x > 0 ? x : alpha·(e^x − 1)). */
    public static NDArray selu(NDArray x) {
        NDArray negativePart = mul(expm1(x.clip(Double.NEGATIVE_INFINITY, 0)), SELU_ALPHA);
        return mul(Activation.relu(x).add(negativePart), SELU_SCALE);
    }

    /**
     * ELiSH: x·sigmoid(x) for x &gt; 0, (e^x − 1)·sigmoid(x) otherwise, i.e. elu(x)·sigmoid(x) with
     * elish(−0) = +0 as TF's e^x − 1 gives (adding +0 turns −0 into +0 and changes nothing else).
     */
    public static NDArray elish(NDArray x) {
        return elu(x).add(0f).mul(Activation.sigmoid(x));
    }

    /**
     * a^b with the semantics of C's pow, as TensorFlow and the core evaluator have them:
     * pow(1, y) = 1 and pow(-1, ±inf) = 1 even for NaN or infinite y; libtorch's pow already does this.
     */
    public static NDArray pow(NDArray a, NDArray b) {
        return a.pow(b);
    }

    /** 1 − 2·negative: +1 where the 0/1 mask {@code negative} is 0, −1 where it is 1; a constant for autograd. */
    private static NDArray signOf(NDArray negative) {
        return mul(negative, -2).add(1);
    }

    /** log(1 + y) for y in [0, 1] via 2·atanh(s), s = y/(2 + y) ≤ 1/3, to s^15 (truncation below 2e-9 relative). */
    private static NDArray log1pUnit(NDArray y) {
        NDArray s = y.div(y.add(2));
        NDArray s2 = s.square();
        NDArray p = mul(s2, 1.0 / 15).add(1.0 / 13);
        for (int k = 5; k >= 0; k--) p = p.mul(s2).add(1.0 / (2 * k + 1));
        return mul(p.mul(s), 2);
    }

    /** exp(−x²) for x in float32 range: x is split as hi + lo with hi on a 1/256 grid so hi² is exact. */
    private static NDArray expNegSquare(NDArray x) {
        // exp(−900) is 0 even in float64. Where the result is not 0 in float32 (|x| < 10), hi has at
        // most 12 significant bits, so hi² is exact and lo·(x + hi) is small: no error amplification.
        NDArray c = x.clip(-30, 30);
        NDArray hi = div(mul(c, 256).round(), 256);
        NDArray lo = c.sub(hi);
        return hi.square().neg().exp().mul(lo.mul(c.add(hi)).neg().exp());
    }

    /** Σ c_k T_k(t) by Clenshaw's recurrence. */
    private static NDArray chebyshev(NDArray t, double[] c) {
        NDArray t2 = mul(t, 2);
        NDArray b1 = mul(t2, c[c.length - 1]).add(c[c.length - 2]);   // b_{n-2}
        NDArray b2 = NdScalars.of(t, c[c.length - 1]);                // b_{n-1}
        for (int j = c.length - 3; j >= 1; j--) {
            NDArray b0 = t2.mul(b1).sub(b2).add(c[j]);
            b2 = b1;
            b1 = b0;
        }
        return t.mul(b1).sub(b2).add(c[0]);
    }
}
