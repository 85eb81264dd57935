package org.aquasurf.examples.data;

import org.aquasurf.data.ImageSet;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistTest {

    private static ImageSet all;

    @BeforeAll
    static void load() {
        all = Mnist.load();
    }

    @Test
    void bundledDigitsHaveTheClassCountsStatedInTheReadme() throws IOException {
        String readme;
        try (InputStream in = Mnist.class.getResourceAsStream("MNIST-README.md")) {
            readme = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String line = readme.lines().filter(l -> l.contains("Class counts")).findFirst().orElseThrow();
        int[] stated = Arrays.stream(line.substring(line.indexOf(':') + 1).replace(".", "").trim().split("\\s+"))
                .mapToInt(Integer::parseInt).toArray();
        assertArrayEquals(new int[] {1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978}, stated);
        assertEquals(10_000, all.size());
        assertArrayEquals(stated, all.classCounts());
        assertEquals(1, all.channels());
        assertEquals(28, all.height());
        assertEquals(28, all.width());
    }

    @Test
    void pixelsSpanTheFullByteRangeAndFloatsAreScaledAndStandardized() {
        byte[] raw = all.pixels();
        int min = 255, max = 0;
        long zeros = 0;
        for (byte b : raw) {
            int v = b & 0xFF;
            min = Math.min(min, v);
            max = Math.max(max, v);
            if (v == 0) {
                zeros++;
            }
        }
        assertEquals(0, min);
        assertEquals(255, max);
        assertTrue(zeros > raw.length / 2, "MNIST is mostly background");

        float[] scaled = all.images();
        float[] normalized = all.normalized(Mnist.NORMALIZATION);
        double mean = 0;
        for (int k = 0; k < raw.length; k++) {
            float v = (raw[k] & 0xFF) / 255f;
            assertEquals(v, scaled[k], 0f);
            assertTrue(scaled[k] >= 0f && scaled[k] <= 1f);
            assertEquals((v - 0.1307f) / 0.3081f, normalized[k], 1e-6f);
            mean += v;
        }
        mean /= raw.length;
        // the classic 0.1307 is the mean of the 60k MNIST training images; this subset is close to it
        assertEquals(0.1307, mean, 0.01);
        assertEquals(-0.1307f / 0.3081f, minOf(normalized), 1e-6f);
        assertEquals((1f - 0.1307f) / 0.3081f, maxOf(normalized), 1e-6f);
    }

    @Test
    void suggestedSplitIsEightThousandThenOneThousandThenOneThousandInOrder() {
        Mnist.Split split = Mnist.split(all);
        assertEquals(8000, split.train().size());
        assertEquals(1000, split.validation().size());
        assertEquals(1000, split.test().size());
        assertEquals(all.slice(0, 8000), split.train());
        assertEquals(all.label(8000), split.validation().label(0));
        assertEquals(all.label(9999), split.test().label(999));
        for (int k = 0; k < 784; k++) {
            assertEquals(all.pixel(9000, k), split.test().pixel(0, k));
        }
        int[] sum = new int[10];
        for (ImageSet part : new ImageSet[] {split.train(), split.validation(), split.test()}) {
            int[] c = part.classCounts();
            for (int d = 0; d < 10; d++) {
                sum[d] += c[d];
            }
        }
        assertArrayEquals(all.classCounts(), sum);
        assertThrows(IllegalArgumentException.class, () -> Mnist.split(all.slice(0, 9999)));
    }

    @Test
    void arrayDatasetBatchesCarryNormalizedImagesAndLabelsInOrder() throws Exception {
        ImageSet test = Mnist.loadSplit().test();
        float[] expected = test.normalized(Mnist.NORMALIZATION);
        try (NDManager manager = NDManager.newBaseManager()) {
            ArrayDataset dataset = test.toDataset(manager, Mnist.NORMALIZATION, 300, false);
            int seen = 0;
            int batches = 0;
            for (Batch batch : dataset.getData(manager)) {
                try (batch) {
                    NDList data = batch.getData();
                    NDList labels = batch.getLabels();
                    int n = (int) data.head().getShape().get(0);
                    assertEquals(new Shape(n, 1, 28, 28), data.head().getShape());
                    float[] x = data.head().toFloatArray();
                    float[] y = labels.head().toFloatArray();
                    for (int i = 0; i < n; i++) {
                        assertEquals(test.label(seen + i), (int) y[i]);
                    }
                    assertArrayEquals(Arrays.copyOfRange(expected, seen * 784, (seen + n) * 784), x, 0f);
                    seen += n;
                    batches++;
                }
            }
            assertEquals(1000, seen);
            assertEquals(4, batches); // 300 + 300 + 300 + 100
        }
    }

    @Test
    void badMagicNumberNamesTheFileAndBothNumbers(@TempDir Path dir) throws IOException {
        Path labels = dir.resolve("labels.gz");
        Files.write(labels, gzip(idx(0x0801, new int[] {2}, new byte[] {1, 2})));
        Path images = dir.resolve("images.gz");
        Files.write(images, gzip(idx(0x0801, new int[] {2}, new byte[] {1, 2}))); // a labels file given as images
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Mnist.read(images, labels));
        assertTrue(e.getMessage().contains(images.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("bad IDX magic number 0x00000801, expected 0x00000803"), e.getMessage());
    }

    @Test
    void truncatedDataAndBrokenGzipGiveClearErrors(@TempDir Path dir) throws IOException {
        Path labels = dir.resolve("labels.gz");
        Files.write(labels, gzip(idx(0x0801, new int[] {2}, new byte[] {1, 2})));
        Path shortData = dir.resolve("short.gz");
        Files.write(shortData, gzip(idx(0x0803, new int[] {2, 28, 28}, new byte[784 + 10])));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Mnist.read(shortData, labels));
        assertTrue(e.getMessage().contains("truncated IDX data") && e.getMessage().contains("1568 bytes but only 794"),
                e.getMessage());

        byte[] good = Files.readAllBytes(Path.of("src/main/resources/org/aquasurf/examples/data", Mnist.IMAGES_RESOURCE));
        Path cut = dir.resolve("cut.gz");
        Files.write(cut, Arrays.copyOf(good, good.length / 2));
        e = assertThrows(IllegalArgumentException.class, () -> Mnist.read(cut, labels));
        assertTrue(e.getMessage().startsWith(cut.toString()) && e.getMessage().contains("truncated"), e.getMessage());

        Path notGzip = dir.resolve("plain.idx");
        Files.write(notGzip, idx(0x0803, new int[] {2, 28, 28}, new byte[1568]));
        e = assertThrows(IllegalArgumentException.class, () -> Mnist.read(notGzip, labels));
        assertTrue(e.getMessage().contains("not a valid gzip file"), e.getMessage());
    }

    @Test
    void mismatchedCountsWrongSizesAndBadLabelsAreRejected(@TempDir Path dir) throws IOException {
        Path images = dir.resolve("images.gz");
        Files.write(images, gzip(idx(0x0803, new int[] {2, 28, 28}, new byte[1568])));
        Path threeLabels = dir.resolve("three.gz");
        Files.write(threeLabels, gzip(idx(0x0801, new int[] {3}, new byte[] {1, 2, 3})));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Mnist.read(images, threeLabels));
        assertTrue(e.getMessage().contains("holds 2 images") && e.getMessage().contains("holds 3 labels"), e.getMessage());

        Path badLabel = dir.resolve("bad-label.gz");
        Files.write(badLabel, gzip(idx(0x0801, new int[] {2}, new byte[] {4, 10})));
        e = assertThrows(IllegalArgumentException.class, () -> Mnist.read(images, badLabel));
        assertTrue(e.getMessage().contains("label 10 at index 1"), e.getMessage());

        Path wide = dir.resolve("wide.gz");
        Files.write(wide, gzip(idx(0x0803, new int[] {1, 28, 56}, new byte[1568])));
        Path oneLabel = dir.resolve("one.gz");
        Files.write(oneLabel, gzip(idx(0x0801, new int[] {1}, new byte[] {0})));
        e = assertThrows(IllegalArgumentException.class, () -> Mnist.read(wide, oneLabel));
        assertTrue(e.getMessage().contains("must be 28x28, header says 28x56"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> Mnist.read(dir.resolve("absent.gz"), oneLabel));
        assertTrue(e.getMessage().contains("MNIST file not found") && e.getMessage().contains("absent.gz"));

        Path valid = dir.resolve("valid.gz");
        Files.write(valid, gzip(idx(0x0803, new int[] {2, 28, 28}, new byte[1568])));
        Path validLabels = dir.resolve("valid-labels.gz");
        Files.write(validLabels, gzip(idx(0x0801, new int[] {2}, new byte[] {7, 3})));
        assertArrayEquals(new int[] {7, 3}, Mnist.read(valid, validLabels).labels());
    }

    static byte[] idx(int magic, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(data);
        return b.array();
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    private static float minOf(float[] a) {
        float m = Float.POSITIVE_INFINITY;
        for (float v : a) {
            m = Math.min(m, v);
        }
        return m;
    }

    private static float maxOf(float[] a) {
        float m = Float.NEGATIVE_INFINITY;
        for (float v : a) {
            m = Math.max(m, v);
        }
        return m;
    }
}
