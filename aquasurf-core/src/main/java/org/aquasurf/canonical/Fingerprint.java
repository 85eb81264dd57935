package org.aquasurf.canonical;

import java.util.Locale;

/**
 * The 128-bit equivalence-class key of a function's outputs; printed as 32 lower-case hex digits.
 *
 * <p>Before hashing, each output is {@linkplain #quantize rounded to 24 significant bits} (the
 * precision of float32, keeping the double exponent range), −0 becomes +0 and every NaN becomes
 * one NaN. Why: the AQuaSurF reference computes outputs in float32 and calls two functions
 * equivalent iff their float32 outputs are identical, while this library computes in double. Two
 * mathematically equal functions computed by different formulas (say {@code exp(x)} and
 * {@code reciprocal(exp(negative(x)))}) differ by a few double ulps (≈1e−16 relative); after
 * rounding to 24 bits they collide unless a value falls within those few ulps of a rounding
 * boundary (probability ≈ 2⁻²⁸ per value, ≈ 4e−6 per pair of 1000 outputs). Functions that differ
 * by more than float32 resolution (≈6e−8 relative) at any input stay apart, as in the reference.
 * Infinities keep their sign; values beyond float32's range stay finite and distinct.
 *
 * <p>The hash runs MurmurHash3's x64 block mix and finalizer (Appleby, public domain) over the
 * quantized 64-bit patterns in four interleaved lanes, then folds the lanes and the length into
 * 128 bits; accidental collisions need ~2⁶⁴ distinct functions.
 */
public record Fingerprint(long hi, long lo) {

    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;
    private static final long CANONICAL_NAN = Double.doubleToLongBits(Double.NaN);

    /** The fingerprint of a function's outputs. */
    public static Fingerprint of(double[] outputs) {
        // Four independent lanes (elements i mod 4) so the CPU overlaps their multiply chains.
        long h1 = 0x9e3779b97f4a7c15L, h2 = 0xbf58476d1ce4e5b9L, h3 = 0x94d049bb133111ebL, h4 = 0x2545f4914f6cdd1dL;
        int n = outputs.length;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            h1 = step(h1, quantize(outputs[i]));
            h2 = step(h2, quantize(outputs[i + 1]));
            h3 = step(h3, quantize(outputs[i + 2]));
            h4 = step(h4, quantize(outputs[i + 3]));
        }
        if (i < n) h1 = step(h1, quantize(outputs[i++]));
        if (i < n) h2 = step(h2, quantize(outputs[i++]));
        if (i < n) h3 = step(h3, quantize(outputs[i]));
        h4 ^= n;
        long hi = fmix(fmix(h1) + Long.rotateLeft(fmix(h3), 32));
        long lo = fmix(fmix(h2) + Long.rotateLeft(fmix(h4), 32) + hi);
        return new Fingerprint(hi, lo);
    }

    /** One MurmurHash3 block step: a bijection of the lane state for each value k. */
    private static long step(long h, long k) {
        h ^= Long.rotateLeft(k * C1, 31) * C2;
        return Long.rotateLeft(h, 27) * 5 + 0x52dce729;
    }

    /**
     * The 64-bit pattern hashed for one output: {@code v} rounded to nearest (ties to even) with a
     * 24-bit significand and the double exponent range; +0 for ±0; one pattern for all NaNs.
     */
    public static long quantize(double v) {
        if (v != v) return CANONICAL_NAN;
        if (v == 0) return 0L;
        long bits = Double.doubleToRawLongBits(v);
        if (Double.isInfinite(v)) return bits;
        // Keep 23 of the 52 explicit significand bits: round at bit 29, carrying into the exponent.
        long rounded = bits + 0x0FFF_FFFFL + ((bits >>> 29) & 1L);
        return rounded & ~0x1FFF_FFFFL;
    }

    /** Parses the 32-hex-digit form printed by {@link #toString()}. */
    public static Fingerprint parse(String hex) {
        if (hex == null || hex.length() != 32 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("a fingerprint is 32 hex digits, got '" + hex + "'");
        }
        return new Fingerprint(Long.parseUnsignedLong(hex.substring(0, 16), 16), Long.parseUnsignedLong(hex.substring(16), 16));
    }

    /** 32 lower-case hex digits. */
    public String hex() {
        return String.format(Locale.ROOT, "%016x%016x", hi, lo);
    }

    @Override
    public String toString() { return hex(); }

    private static long fmix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
