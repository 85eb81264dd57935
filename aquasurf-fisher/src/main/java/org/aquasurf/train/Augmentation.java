package org.aquasurf.train;

import java.util.Random;

/**
 * Random changes to each training image, drawn anew every epoch (never applied when measuring):
 * a random crop of the original size from the image zero-padded by {@code padding} pixels on every
 * side (zero is the mean after normalization), and a left-right flip with probability 1/2.
 *
 * @param padding        pixels of zero padding before the random crop; 0 for no crop
 * @param horizontalFlip whether to flip half of the images left-right
 */
public record Augmentation(int padding, boolean horizontalFlip) {

    /** No augmentation. */
    public static final Augmentation NONE = new Augmentation(0, false);

    public Augmentation {
        if (padding < 0) throw new IllegalArgumentException("augmentation padding must be >= 0, got " + padding);
    }

    /** Random crops after {@code padding} pixels of zero padding, and random left-right flips. */
    public static Augmentation cropAndFlip(int padding) {
        return new Augmentation(padding, true);
    }

    /** Whether this changes any image. */
    public boolean active() {
        return padding > 0 || horizontalFlip;
    }

    /**
     * Writes image {@code src} (at {@code srcOffset}, C x H x W floats) into {@code dst} at
     * {@code dstOffset}, shifted by a random offset in [-padding, padding] per axis (pixels shifted in
     * from outside are 0) and flipped left-right with probability 1/2.
     */
    public void apply(float[] src, int srcOffset, float[] dst, int dstOffset, int channels, int height, int width,
                      Random random) {
        int dy = padding == 0 ? 0 : random.nextInt(2 * padding + 1) - padding;
        int dx = padding == 0 ? 0 : random.nextInt(2 * padding + 1) - padding;
        boolean flip = horizontalFlip && random.nextBoolean();
        int plane = height * width;
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < height; y++) {
                int sy = y + dy;
                for (int x = 0; x < width; x++) {
                    int sx = (flip ? width - 1 - x : x) + dx;
                    dst[dstOffset + c * plane + y * width + x] = sy < 0 || sy >= height || sx < 0 || sx >= width ? 0f
                            : src[srcOffset + c * plane + sy * width + sx];
                }
            }
        }
    }
}
