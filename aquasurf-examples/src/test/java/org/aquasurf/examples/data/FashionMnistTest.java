package org.aquasurf.examples.data;

import org.aquasurf.data.ImageSet;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class FashionMnistTest {

    /** The bundled file matches its README: 10,000 images, the class counts, and the normalization's mean and std. */
    @Test
    void bundledImagesMatchTheirReadme() {
        ImageSet all = FashionMnist.load();
        assertEquals(10_000, all.size());
        assertEquals(28 * 28, all.imageSize());
        int[] counts = new int[10];
        for (int i = 0; i < all.size(); i++) counts[all.label(i)]++;
        assertArrayEquals(new int[] {1015, 1007, 1046, 1015, 975, 959, 973, 980, 998, 1032}, counts);
        double sum = 0, sq = 0;
        for (byte b : all.pixels()) {
            double v = (b & 0xff) / 255.0;
            sum += v;
            sq += v * v;
        }
        double n = all.pixels().length;
        double mean = sum / n;
        assertEquals(0.2873, mean, 5e-5);
        assertEquals(0.3532, Math.sqrt(sq / n - mean * mean), 5e-5);
        // the normalized images have mean 0 and standard deviation 1
        float[] z = all.normalized(FashionMnist.NORMALIZATION);
        double zs = 0, zq = 0;
        for (float v : z) {
            zs += v;
            zq += (double) v * v;
        }
        assertEquals(0, zs / z.length, 1e-3);
        assertEquals(1, Math.sqrt(zq / z.length - (zs / z.length) * (zs / z.length)), 1e-3);
        Mnist.Split s = FashionMnist.loadSplit();
        assertEquals(8000, s.train().size());
        assertEquals(all.label(8000), s.validation().label(0));
        assertEquals(all.label(9999), s.test().label(999));
    }
}
