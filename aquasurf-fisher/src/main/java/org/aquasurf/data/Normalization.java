package org.aquasurf.data;

import java.util.Arrays;

/**
 * Per-channel standardization of pixels scaled to [0, 1]: {@code (v/255 - mean[c]) / std[c]}.
 *
 * @param mean per-channel mean of the [0, 1] pixel values
 * @param std  per-channel standard deviation of the [0, 1] pixel values, all positive
 */
public record Normalization(float[] mean, float[] std) {

    /** No standardization: pixels stay v/255 in [0, 1] (any channel count). */
    public static final Normalization NONE = new Normalization(new float[] {0f}, new float[] {1f});

    public Normalization {
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("Normalization needs one mean and one std per channel, got "
                    + mean.length + " means and " + std.length + " stds");
        }
        for (int c = 0; c < std.length; c++) {
            if (!(std[c] > 0f) || !Float.isFinite(mean[c])) {
                throw new IllegalArgumentException("Normalization channel " + c + ": mean " + mean[c]
                        + " must be finite and std " + std[c] + " positive");
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** The same mean and std for every channel. */
    public static Normalization of(float mean, float std) {
        return new Normalization(new float[] {mean}, new float[] {std});
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    /** Mean of channel {@code c}; a single-value normalization applies to every channel. */
    public float mean(int c) {
        return mean.length == 1 ? mean[0] : mean[c];
    }

    /** Standard deviation of channel {@code c}; a single-value normalization applies to every channel. */
    public float std(int c) {
        return std.length == 1 ? std[0] : std[c];
    }

    /** Whether this normalization can be applied to images with {@code channels} channels. */
    public boolean fits(int channels) {
        return mean.length == 1 || mean.length == channels;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Normalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
