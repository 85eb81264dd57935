package org.aquasurf.examples.data;

import org.aquasurf.data.ImageSet;
import org.aquasurf.data.Normalization;

/**
 * The 10,000 real Fashion-MNIST images bundled with aquasurf-examples (see
 * {@code FASHION-MNIST-README.md} next to the files): 28x28 grey clothing photos in 10 classes, in the
 * MNIST IDX format, harder than the digits. Same split as {@link Mnist}: first 8000 train, next 1000
 * validation, last 1000 test.
 *
 * <pre>{@code
 * Mnist.Split s = FashionMnist.loadSplit();
 * ArrayDataset train = s.train().toDataset(manager, FashionMnist.NORMALIZATION, 64, true);
 * }</pre>
 */
public final class FashionMnist {

    /** Standardization measured over the 10,000 bundled images: (v/255 - 0.2873) / 0.3532. */
    public static final Normalization NORMALIZATION = Normalization.of(0.2873f, 0.3532f);
    /** The class names, by label. */
    public static final java.util.List<String> CLASS_NAMES = java.util.List.of("T-shirt/top", "Trouser", "Pullover",
            "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    static final String IMAGES_RESOURCE = "fashion-mnist-10k-images-idx3-ubyte.gz";
    static final String LABELS_RESOURCE = "fashion-mnist-10k-labels-idx1-ubyte.gz";

    private FashionMnist() {}

    /** The 10,000 bundled images, in their stored (shuffled) order. */
    public static ImageSet load() {
        return Mnist.loadBundled("Fashion-MNIST", IMAGES_RESOURCE, LABELS_RESOURCE);
    }

    /** The bundled images cut into the suggested split (8000 / 1000 / 1000, in order). */
    public static Mnist.Split loadSplit() {
        return Mnist.split(load());
    }
}
