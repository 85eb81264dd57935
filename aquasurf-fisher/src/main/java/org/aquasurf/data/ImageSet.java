package org.aquasurf.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import java.util.Arrays;

/**
 * An immutable set of labelled images stored as their original unsigned bytes (0..255), image after
 * image, each in channel-major (CHW) order.
 *
 * <p>Floats are derived on demand: {@link #images()} gives v/255 in [0, 1], {@link #normalized} the
 * standardized values, {@link #toDataset} a DJL {@link ArrayDataset} of shape (n, C, H, W) float32
 * images and (n) float32 class indices.
 *
 * @param pixels   n * channels * height * width unsigned bytes
 * @param labels   n class indices in [0, classes)
 * @param channels colour channels per image (1 for MNIST, 3 for CIFAR)
 * @param height   rows per image
 * @param width    columns per image
 * @param classes  number of classes
 */
public record ImageSet(byte[] pixels, int[] labels, int channels, int height, int width, int classes) {

    public ImageSet {
        if (channels < 1 || height < 1 || width < 1 || classes < 1) {
            throw new IllegalArgumentException("ImageSet needs positive channels, height, width and classes, got "
                    + channels + "x" + height + "x" + width + " and " + classes + " classes");
        }
        long expected = (long) labels.length * channels * height * width;
        if (pixels.length != expected) {
            throw new IllegalArgumentException("ImageSet of " + labels.length + " images of " + channels + "x"
                    + height + "x" + width + " needs " + expected + " pixel bytes, got " + pixels.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("ImageSet label " + labels[i] + " of image " + i
                        + " is outside [0, " + classes + ")");
            }
        }
        pixels = pixels.clone();
        labels = labels.clone();
    }

    /** A copy of the raw pixel bytes (read them unsigned: {@code b & 0xFF}). */
    @Override
    public byte[] pixels() {
        return pixels.clone();
    }

    /** A copy of the labels. */
    @Override
    public int[] labels() {
        return labels.clone();
    }

    /** Number of images. */
    public int size() {
        return labels.length;
    }

    /** Values per image: channels * height * width. */
    public int imageSize() {
        return channels * height * width;
    }

    /** Label of image {@code i}. */
    public int label(int i) {
        return labels[i];
    }

    /** Pixel {@code k} (CHW index) of image {@code i}, 0..255. */
    public int pixel(int i, int k) {
        return pixels[i * imageSize() + k] & 0xFF;
    }

    /** All images as v/255 in [0, 1], flat, image after image. */
    public float[] images() {
        return normalized(Normalization.NONE);
    }

    /** All images as {@code (v/255 - mean[c]) / std[c]}, flat, image after image. */
    public float[] normalized(Normalization normalization) {
        if (!normalization.fits(channels)) {
            throw new IllegalArgumentException(normalization + " does not fit images with " + channels + " channels");
        }
        float[] out = new float[pixels.length];
        int plane = height * width;
        int perImage = imageSize();
        for (int k = 0; k < out.length; k++) {
            int c = (k % perImage) / plane;
            out[k] = ((pixels[k] & 0xFF) / 255f - normalization.mean(c)) / normalization.std(c);
        }
        return out;
    }

    /**
     * Writes image {@code i} as {@code (v/255 - mean[c]) / std[c]} (CHW) into {@code dst} from
     * {@code offset}, without copying the whole set.
     */
    public void normalizedImage(int i, Normalization normalization, float[] dst, int offset) {
        int perImage = imageSize();
        int plane = height * width;
        int base = i * perImage;
        for (int k = 0; k < perImage; k++) {
            int c = k / plane;
            dst[offset + k] = ((pixels[base + k] & 0xFF) / 255f - normalization.mean(c)) / normalization.std(c);
        }
    }

    /** Images {@code from} (inclusive) to {@code to} (exclusive) as a new set. */
    public ImageSet slice(int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new IndexOutOfBoundsException("slice [" + from + ", " + to + ") of an ImageSet of " + size() + " images");
        }
        return new ImageSet(Arrays.copyOfRange(pixels, from * imageSize(), to * imageSize()),
                Arrays.copyOfRange(labels, from, to), channels, height, width, classes);
    }

    /** Number of images per class, indexed by class. */
    public int[] classCounts() {
        int[] counts = new int[classes];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /** Normalized images as one float32 array of shape (n, C, H, W), owned by {@code manager}. */
    public NDArray imagesArray(NDManager manager, Normalization normalization) {
        return manager.create(normalized(normalization), new Shape(size(), channels, height, width));
    }

    /** Labels as a float32 array of shape (n), owned by {@code manager} (what DJL's losses and accuracy expect). */
    public NDArray labelsArray(NDManager manager) {
        float[] asFloat = new float[labels.length];
        for (int i = 0; i < labels.length; i++) {
            asFloat[i] = labels[i];
        }
        return manager.create(asFloat, new Shape(labels.length));
    }

    /**
     * A DJL dataset over these images for {@code Trainer.iterateDataset} or {@code Dataset.getData}:
     * batches of {@code batchSize} (the last one may be smaller), in random order when {@code shuffle}.
     * The arrays are owned by {@code manager}.
     */
    public ArrayDataset toDataset(NDManager manager, Normalization normalization, int batchSize, boolean shuffle) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        return new ArrayDataset.Builder()
                .setData(imagesArray(manager, normalization))
                .optLabels(labelsArray(manager))
                .setSampling(batchSize, shuffle)
                .build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageSet s && channels == s.channels && height == s.height && width == s.width
                && classes == s.classes && Arrays.equals(labels, s.labels) && Arrays.equals(pixels, s.pixels);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(labels) + Arrays.hashCode(pixels);
    }

    @Override
    public String toString() {
        return "ImageSet[" + size() + " images of " + channels + "x" + height + "x" + width + ", " + classes + " classes]";
    }
}
