package org.aquasurf.examples.data;

import org.aquasurf.data.ImageSet;
import org.aquasurf.data.Normalization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Reader for the CIFAR-100 binary version ({@code cifar-100-binary.tar.gz} from
 * https://www.cs.toronto.edu/~kriz/cifar.html, extracted by the user; nothing is downloaded here).
 *
 * <p>Each record of {@code train.bin} (50,000 records) and {@code test.bin} (10,000) is 3074 bytes:
 * the coarse label (0..19), the fine label (0..99), then 3072 pixel bytes: 1024 red, 1024 green,
 * 1024 blue, each plane 32x32 row-major (CHW).
 */
public final class Cifar100 {

    /** Image side in pixels. */
    public static final int SIDE = 32;
    /** Colour channels. */
    public static final int CHANNELS = 3;
    /** Bytes per record: coarse label, fine label, pixels. */
    public static final int RECORD_BYTES = 2 + CHANNELS * SIDE * SIDE;
    /** The usual CIFAR-100 per-channel statistics of the training set (R, G, B, on [0, 1] values). */
    public static final Normalization NORMALIZATION = new Normalization(
            new float[] {0.5071f, 0.4865f, 0.4409f}, new float[] {0.2673f, 0.2564f, 0.2762f});
    /** Names of the two files expected in the data directory. */
    public static final String TRAIN_FILE = "train.bin", TEST_FILE = "test.bin";

    /** Which of the two labels of each record becomes the class. */
    public enum Labels {
        /** 20 superclasses (first byte of a record). */
        COARSE(20),
        /** 100 classes (second byte of a record). */
        FINE(100);

        private final int classes;

        Labels(int classes) {
            this.classes = classes;
        }

        /** Number of classes of this labelling. */
        public int classes() {
            return classes;
        }
    }

    /** The official train and test sets. */
    public record Split(ImageSet train, ImageSet test) {}

    private Cifar100() {}

    /**
     * Reads {@code train.bin} and {@code test.bin} from {@code directory} (e.g. the extracted
     * {@code cifar-100-binary}).
     *
     * @throws IllegalArgumentException naming the expected files when the directory or a file is missing
     */
    public static Split load(Path directory, Labels labels) {
        Path train = directory.resolve(TRAIN_FILE);
        Path test = directory.resolve(TEST_FILE);
        if (!Files.isRegularFile(train) || !Files.isRegularFile(test)) {
            throw new IllegalArgumentException("CIFAR-100 binary files not found: expected " + TRAIN_FILE + " and "
                    + TEST_FILE + " in " + directory.toAbsolutePath() + " (missing: "
                    + (Files.isRegularFile(train) ? "" : TRAIN_FILE + " ") + (Files.isRegularFile(test) ? "" : TEST_FILE)
                    + "). Download the CIFAR-100 binary version (cifar-100-binary.tar.gz) from"
                    + " https://www.cs.toronto.edu/~kriz/cifar.html and extract it; pass the cifar-100-binary directory.");
        }
        return new Split(readFile(train, labels), readFile(test, labels));
    }

    /**
     * Reads one CIFAR-100 binary file.
     *
     * @throws IllegalArgumentException when the size is not a positive multiple of 3074 bytes or a label is out of range
     */
    public static ImageSet readFile(Path file, Labels labels) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("CIFAR-100 binary file not found: " + file.toAbsolutePath());
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read CIFAR-100 file " + file.toAbsolutePath(), e);
        }
        if (bytes.length == 0 || bytes.length % RECORD_BYTES != 0) {
            throw new IllegalArgumentException(file + ": " + bytes.length + " bytes is not a whole number of CIFAR-100 records of "
                    + RECORD_BYTES + " bytes (coarse label, fine label, 3072 pixels); the file is truncated or not CIFAR-100");
        }
        int n = bytes.length / RECORD_BYTES;
        int perImage = RECORD_BYTES - 2;
        byte[] pixels = new byte[n * perImage];
        int[] classes = new int[n];
        for (int i = 0; i < n; i++) {
            int offset = i * RECORD_BYTES;
            int coarse = bytes[offset] & 0xFF;
            int fine = bytes[offset + 1] & 0xFF;
            if (coarse >= Labels.COARSE.classes() || fine >= Labels.FINE.classes()) {
                throw new IllegalArgumentException(file + ": record " + i + " (byte offset " + offset + ") has coarse label "
                        + coarse + " and fine label " + fine + "; CIFAR-100 needs coarse < 20 and fine < 100");
            }
            classes[i] = labels == Labels.COARSE ? coarse : fine;
            System.arraycopy(bytes, offset + 2, pixels, i * perImage, perImage);
        }
        return new ImageSet(pixels, classes, CHANNELS, SIDE, SIDE, labels.classes());
    }

    /**
     * A tiny learnable stand-in for smoke tests: {@code n} 3x32x32 images over 100 fine classes, class
     * {@code i % 100} for image {@code i}; each class has its own random mean colour per channel and
     * each pixel adds uniform noise of +-40 around it. Deterministic for a given seed.
     */
    public static ImageSet synthetic(int n, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("synthetic CIFAR-100 set needs at least one image, got " + n);
        }
        int classes = Labels.FINE.classes();
        Random random = new Random(seed);
        int[][] means = new int[classes][CHANNELS];
        for (int[] m : means) {
            for (int c = 0; c < CHANNELS; c++) {
                m[c] = 40 + random.nextInt(176);
            }
        }
        int plane = SIDE * SIDE;
        byte[] pixels = new byte[n * CHANNELS * plane];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % classes;
            for (int k = 0; k < CHANNELS * plane; k++) {
                int v = means[labels[i]][k / plane] + random.nextInt(81) - 40;
                pixels[i * CHANNELS * plane + k] = (byte) v;
            }
        }
        return new ImageSet(pixels, labels, CHANNELS, SIDE, SIDE, classes);
    }
}
