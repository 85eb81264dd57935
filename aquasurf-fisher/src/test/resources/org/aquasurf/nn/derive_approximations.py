"""Derives the Chebyshev coefficients used by org.aquasurf.nn.NdSpecialFunctions.

Each target function F is interpolated at N Chebyshev points of the first kind on [-1, 1]
(after an affine or reciprocal change of variable), computed with 50-digit mpmath arithmetic;
the coefficients are truncated once the dropped tail is below 2e-9 of min |F|, and the maximal
relative error of the truncated series is checked on a dense grid. Run: python3 derive_approximations.py
"""
import mpmath as mp

mp.mp.dps = 50


def cheb_coeffs(F, n):
    nodes = [mp.cos(mp.pi * (k + mp.mpf(1) / 2) / n) for k in range(n)]
    vals = [F(t) for t in nodes]
    c = []
    for j in range(n):
        s = mp.fsum(vals[k] * mp.cos(mp.pi * j * (k + mp.mpf(1) / 2) / n) for k in range(n))
        c.append(2 * s / n)
    c[0] /= 2
    return c


def clenshaw(c, t):
    b1 = b2 = 0.0
    for cj in reversed(c[1:]):
        b1, b2 = cj + 2 * t * b1 - b2, b1
    return c[0] + t * b1 - b2


def derive(name, F, n=60, tol=2e-9):
    c = cheb_coeffs(F, n)
    m = min(abs(F(mp.mpf(t) / 1000)) for t in range(-1000, 1001, 50))
    keep = len(c)
    while keep > 1 and mp.fsum(abs(x) for x in c[keep - 1:]) < tol * m:
        keep -= 1
    cs = [float(x) for x in c[:keep]]
    worst = 0.0
    for i in range(-2000, 2001):
        t = i / 2000
        exact = F(mp.mpf(t))
        worst = max(worst, float(abs((clenshaw(cs, t) - exact) / exact)))
    print(f"// {name}: {len(cs)} terms, max relative error {worst:.2e}")
    print("{" + ", ".join(repr(x) for x in cs) + "}")
    return cs


# erfc(a) for a >= 0 as exp(-a^2) * F(t) / (K + a) with t = (a - K)/(a + K), K = 1.5: F is
# (K + a) * erfcx(a), bounded between 1/sqrt(pi) (a -> infinity, t = 1) and K (a = 0, t = -1),
# so one series covers [0, infinity) with uniform relative accuracy.
ERFC_K = mp.mpf(3) / 2
def k_erfcx(t):
    if t == 1:
        return 1 / mp.sqrt(mp.pi)
    a = ERFC_K * (1 + t) / (1 - t)
    return (ERFC_K + a) * mp.erfc(a) * mp.exp(a * a)
derive("(K+a)*erfcx(a), K=1.5, t=(a-K)/(a+K)", k_erfcx)

# Bessel, 0 <= x <= 8: e^-x I0(x) on [0, 2] and [2, 8]; e^-x I1(x)/x on [0, 2] (full relative
# accuracy near 0) and e^-x I1(x) on [2, 8]. Splitting at 2 keeps the partial sums of the Clenshaw
# recurrence close to the result, so float32 evaluation loses no accuracy to cancellation.
i0e = lambda x: mp.besseli(0, x) * mp.exp(-x)
i1e = lambda x: mp.besseli(1, x) * mp.exp(-x)
derive("i0e on [0,2], t=x-1", lambda t: i0e(t + 1))
derive("i0e on [2,8], t=(x-5)/3", lambda t: i0e(5 + 3 * t))
derive("i1e(x)/x on [0,2], t=x-1", lambda t: mp.mpf(1) / 2 if t == -1 else i1e(t + 1) / (t + 1))
derive("i1e on [2,8], t=(x-5)/3", lambda t: i1e(5 + 3 * t))
# ... and sqrt(x) e^-x I_nu(x) for x >= 8 in u = 8/x, t = 2u - 1 (u = 0 is the limit 1/sqrt(2 pi)).
def big(nu):
    def F(t):
        u = (t + 1) / 2
        if u == 0:
            return 1 / mp.sqrt(2 * mp.pi)
        x = 8 / u
        return mp.sqrt(x) * mp.besseli(nu, x) * mp.exp(-x)
    return F
derive("sqrt(x)*i0e for x>=8, t=16/x-1", big(0))
derive("sqrt(x)*i1e for x>=8, t=16/x-1", big(1))
