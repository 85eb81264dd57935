package org.aquasurf.examples.data;

import org.aquasurf.data.ImageSet;
import org.aquasurf.data.Normalization;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar100Test {

    /** Writes {@code n} records whose coarse label is i % 20, fine label (7i) % 100, pixels random. */
    private static byte[] records(int n, long seed) {
        byte[] bytes = new byte[n * 3074];
        Random random = new Random(seed);
        for (int i = 0; i < n; i++) {
            bytes[i * 3074] = (byte) (i % 20);
            bytes[i * 3074 + 1] = (byte) ((7 * i) % 100);
            for (int k = 0; k < 3072; k++) {
                bytes[i * 3074 + 2 + k] = (byte) random.nextInt(256);
            }
        }
        return bytes;
    }

    @Test
    void readsLabelsAndChwPixelsOfTheBinaryFormat(@TempDir Path dir) throws IOException {
        byte[] train = records(5, 1);
        byte[] test = records(3, 2);
        Files.write(dir.resolve("train.bin"), train);
        Files.write(dir.resolve("test.bin"), test);

        Cifar100.Split fine = Cifar100.load(dir, Cifar100.Labels.FINE);
        assertEquals(5, fine.train().size());
        assertEquals(3, fine.test().size());
        assertArrayEquals(new int[] {0, 7, 14, 21, 28}, fine.train().labels());
        assertEquals(100, fine.train().classes());
        assertEquals(3, fine.train().channels());
        assertEquals(32, fine.train().height());

        Cifar100.Split coarse = Cifar100.load(dir, Cifar100.Labels.COARSE);
        assertArrayEquals(new int[] {0, 1, 2}, coarse.test().labels());
        assertEquals(20, coarse.test().classes());

        // pixel k of image i is byte 2 + k of record i; channel c, row r, column x is k = c*1024 + r*32 + x
        ImageSet t = fine.test();
        for (int i = 0; i < 3; i++) {
            for (int k = 0; k < 3072; k++) {
                assertEquals(test[i * 3074 + 2 + k] & 0xFF, t.pixel(i, k));
            }
        }
        float[] normalized = t.normalized(Cifar100.NORMALIZATION);
        int green = 1024 + 5 * 32 + 9; // channel 1, row 5, column 9 of image 2
        float v = (test[2 * 3074 + 2 + green] & 0xFF) / 255f;
        assertEquals((v - 0.4865f) / 0.2564f, normalized[2 * 3072 + green], 1e-6f);
    }

    @Test
    void missingFilesAreNamedInTheError(@TempDir Path dir) throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Cifar100.load(dir, Cifar100.Labels.FINE));
        assertTrue(e.getMessage().contains("expected train.bin and test.bin in " + dir.toAbsolutePath()), e.getMessage());
        assertTrue(e.getMessage().contains("missing: train.bin test.bin"), e.getMessage());

        Files.write(dir.resolve("train.bin"), records(1, 3));
        e = assertThrows(IllegalArgumentException.class, () -> Cifar100.load(dir, Cifar100.Labels.FINE));
        assertTrue(e.getMessage().contains("missing: test.bin"), e.getMessage());
    }

    @Test
    void truncatedFilesAndOutOfRangeLabelsAreRejected(@TempDir Path dir) throws IOException {
        Path truncated = dir.resolve("cut.bin");
        byte[] two = records(2, 4);
        Files.write(truncated, java.util.Arrays.copyOf(two, 3074 + 100));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Cifar100.readFile(truncated, Cifar100.Labels.FINE));
        assertTrue(e.getMessage().contains("3174 bytes is not a whole number of CIFAR-100 records of 3074"), e.getMessage());

        Path badLabel = dir.resolve("bad.bin");
        two[3074 + 1] = (byte) 100;
        Files.write(badLabel, two);
        e = assertThrows(IllegalArgumentException.class, () -> Cifar100.readFile(badLabel, Cifar100.Labels.COARSE));
        assertTrue(e.getMessage().contains("record 1 (byte offset 3074)") && e.getMessage().contains("fine label 100"),
                e.getMessage());
    }

    @Test
    void syntheticSetIsDeterministicBalancedAndHasClassStructure() {
        ImageSet a = Cifar100.synthetic(300, 42);
        assertEquals(a, Cifar100.synthetic(300, 42));
        assertNotEquals(a, Cifar100.synthetic(300, 43));
        assertEquals(300, a.size());
        for (int count : a.classCounts()) {
            assertEquals(3, count);
        }
        // images of one class share their per-channel mean colour (noise is +-40, averaged over 1024 pixels)
        for (int c = 0; c < 3; c++) {
            assertEquals(channelMean(a, 5, c), channelMean(a, 105, c), 5.0);
            assertEquals(channelMean(a, 5, c), channelMean(a, 205, c), 5.0);
        }
    }

    @Test
    void datasetBatchesAreChwFloatsNormalizedPerChannel() throws Exception {
        ImageSet s = Cifar100.synthetic(10, 7);
        try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager()) {
            ai.djl.training.dataset.Batch batch = s.toDataset(manager, Cifar100.NORMALIZATION, 4, false)
                    .getData(manager).iterator().next();
            try (batch) {
                ai.djl.ndarray.NDArray x = batch.getData().head();
                assertEquals(new ai.djl.ndarray.types.Shape(4, 3, 32, 32), x.getShape());
                float[] values = x.toFloatArray();
                float[] mean = Cifar100.NORMALIZATION.mean();
                float[] std = Cifar100.NORMALIZATION.std();
                for (int i = 0; i < 4; i++) {
                    for (int c = 0; c < 3; c++) {
                        int k = c * 1024 + 17 * 32 + 3; // row 17, column 3
                        assertEquals((s.pixel(i, k) / 255f - mean[c]) / std[c], values[i * 3072 + k], 1e-6f);
                    }
                }
                assertArrayEquals(new float[] {0, 1, 2, 3}, batch.getLabels().head().toFloatArray());
            }
        }
        assertThrows(IllegalArgumentException.class, () -> s.normalized(new Normalization(new float[] {0, 0}, new float[] {1, 1})));
    }

    private static double channelMean(ImageSet s, int image, int channel) {
        double sum = 0;
        for (int k = 0; k < 1024; k++) {
            sum += s.pixel(image, channel * 1024 + k);
        }
        return sum / 1024;
    }
}
