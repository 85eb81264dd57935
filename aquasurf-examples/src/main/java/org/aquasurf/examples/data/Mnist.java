package org.aquasurf.examples.data;

import org.aquasurf.data.ImageSet;
import org.aquasurf.data.Normalization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The 10,000 real MNIST digits bundled with aquasurf-examples (see {@code MNIST-README.md} next to
 * the files), or any pair of gzipped IDX files in the MNIST format.
 *
 * <pre>{@code
 * Mnist.Split s = Mnist.split(Mnist.load());          // 8000 train, 1000 validation, 1000 test
 * ArrayDataset train = s.train().toDataset(manager, Mnist.NORMALIZATION, 64, true);
 * }</pre>
 */
public final class Mnist {

    /** Image side in pixels. */
    public static final int SIDE = 28;
    /** Number of digit classes. */
    public static final int CLASSES = 10;
    /** The classic MNIST standardization: (v/255 - 0.1307) / 0.3081. */
    public static final Normalization NORMALIZATION = Normalization.of(0.1307f, 0.3081f);
    /** Sizes of the suggested split of the bundled set, in order: train, validation, test. */
    public static final int TRAIN = 8000, VALIDATION = 1000, TEST = 1000;

    static final String IMAGES_RESOURCE = "mnist-10k-images-idx3-ubyte.gz";
    static final String LABELS_RESOURCE = "mnist-10k-labels-idx1-ubyte.gz";

    /** The three parts of the suggested split. */
    public record Split(ImageSet train, ImageSet validation, ImageSet test) {}

    private Mnist() {}

    /** The 10,000 bundled digits, in their stored (shuffled) order. */
    public static ImageSet load() {
        return loadBundled("MNIST", IMAGES_RESOURCE, LABELS_RESOURCE);
    }

    /** Reads a pair of gzipped IDX resources bundled in this package; {@code dataset} names them in errors. */
    static ImageSet loadBundled(String dataset, String imagesResource, String labelsResource) {
        return read(resource(dataset, imagesResource), "classpath:" + imagesResource,
                resource(dataset, labelsResource), "classpath:" + labelsResource);
    }

    /** The bundled digits cut into the suggested split: first 8000 train, next 1000 validation, last 1000 test. */
    public static Split loadSplit() {
        return split(load());
    }

    /** Cuts a 10,000-digit set into 8000 train, 1000 validation and 1000 test images, in order. */
    public static Split split(ImageSet all) {
        if (all.size() != TRAIN + VALIDATION + TEST) {
            throw new IllegalArgumentException("the suggested MNIST split needs " + (TRAIN + VALIDATION + TEST)
                    + " images, got " + all.size());
        }
        return new Split(all.slice(0, TRAIN), all.slice(TRAIN, TRAIN + VALIDATION),
                all.slice(TRAIN + VALIDATION, all.size()));
    }

    /** Reads a pair of gzipped IDX files (images: n x 28 x 28, labels: n, digits 0..9). */
    public static ImageSet read(Path images, Path labels) {
        requireFile(images);
        requireFile(labels);
        return read(open(images), images.toString(), open(labels), labels.toString());
    }

    /**
     * Reads gzipped IDX images and labels from streams (both closed by this method).
     *
     * @throws IllegalArgumentException naming the file when a stream is malformed or the two disagree
     */
    public static ImageSet read(InputStream images, String imagesName, InputStream labels, String labelsName) {
        Idx.Content img;
        Idx.Content lab;
        try (InputStream l = labels) {
            img = Idx.readGzip(images, imagesName, 3);
            lab = Idx.readGzip(l, labelsName, 1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + labelsName, e);
        }
        if (img.dims()[1] != SIDE || img.dims()[2] != SIDE) {
            throw new IllegalArgumentException(imagesName + ": MNIST images must be " + SIDE + "x" + SIDE
                    + ", header says " + img.dims()[1] + "x" + img.dims()[2]);
        }
        if (img.dims()[0] != lab.dims()[0]) {
            throw new IllegalArgumentException(imagesName + " holds " + img.dims()[0] + " images but "
                    + labelsName + " holds " + lab.dims()[0] + " labels");
        }
        int[] labelValues = new int[lab.data().length];
        for (int i = 0; i < labelValues.length; i++) {
            labelValues[i] = lab.data()[i] & 0xFF;
            if (labelValues[i] >= CLASSES) {
                throw new IllegalArgumentException(labelsName + ": label " + labelValues[i] + " at index " + i
                        + " is not a class 0..9");
            }
        }
        return new ImageSet(img.data(), labelValues, 1, SIDE, SIDE, CLASSES);
    }

    private static InputStream resource(String dataset, String name) {
        InputStream in = Mnist.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("bundled " + dataset + " resource " + name + " is missing from the class path (package "
                    + Mnist.class.getPackageName() + ")");
        }
        return in;
    }

    private static void requireFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("MNIST file not found: " + file.toAbsolutePath());
        }
    }

    private static InputStream open(Path file) {
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open MNIST file " + file.toAbsolutePath(), e);
        }
    }
}
