package org.aquasurf.examples.allcnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import ai.djl.util.Pair;
import org.aquasurf.database.FisherBatch;
import org.aquasurf.examples.data.Cifar100;
import org.aquasurf.data.ImageSet;
import org.aquasurf.fisher.AllCnnC;
import org.aquasurf.nn.ActivationBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AllCnnCDatabaseTest {

    private static final ImageSet TRAIN = Cifar100.synthetic(300, 7);

    /** Weights + biases of each conv layer, in order, after initializing with a CIFAR image shape. */
    private static List<Long> layerSizes(SequentialBlock net, NDManager m) {
        net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
        List<Long> sizes = new ArrayList<>();
        for (Pair<String, Block> child : net.getChildren()) {
            if (child.getValue() instanceof Conv2d conv) {
                long n = 0;
                for (Pair<String, Parameter> p : conv.getParameters()) n += p.getValue().getArray().size();
                sizes.add(n);
            }
        }
        return sizes;
    }

    @Test
    void buildsAllCnnCWithTheGivenActivationAfterEveryConvolution(@TempDir Path dir) {
        try (AllCnnCDatabase db = new AllCnnCDatabase(dir.resolve("a.db"), TRAIN); NDManager m = NDManager.newBaseManager()) {
            SequentialBlock net = db.buildModel("max(relu(x),cosh(elu(x)))");
            // the reference README's per-layer counts (weights + biases), with 100 instead of 10 classes
            assertEquals(List.of(2592L + 96, 82944L + 96, 82944L + 96, 165888L + 192, 331776L + 192,
                    331776L + 192, 331776L + 192, 36864L + 192, 19200L + 100), layerSizes(net, m));
            List<Block> children = net.getChildren().values();
            assertEquals(19, children.size(), "9 x (conv, activation) + global average pooling");
            for (int i = 1; i < 18; i += 2) {
                ActivationBlock act = assertInstanceOf(ActivationBlock.class, children.get(i), "child " + i);
                assertEquals("max(relu(x),cosh(elu(x)))", act.expression().toString());
            }
            // the output is the last activation's average over 6x6 positions: with sigmoid it lies in (0, 1)
            SequentialBlock sigmoidNet = db.buildModel("sigmoid(x)");
            sigmoidNet.initialize(m, DataType.FLOAT32, new Shape(2, 3, 32, 32));
            NDArray logits = sigmoidNet.forward(new ParameterStore(m, false),
                    new NDList(m.randomNormal(new Shape(2, 3, 32, 32))), false).singletonOrThrow();
            assertEquals(new Shape(2, 100), logits.getShape());
            float min = logits.min().getFloat(), max = logits.max().getFloat();
            assertTrue(min > 0f && max < 1f && min < max, "sigmoid logits in [" + min + ", " + max + "]");
        }
    }

    @Test
    void fisherBatchIsTheFirst128TrainingImagesNormalizedWithTheirLabels(@TempDir Path dir) {
        try (AllCnnCDatabase db = new AllCnnCDatabase(dir.resolve("a.db"), TRAIN); NDManager m = NDManager.newBaseManager()) {
            FisherBatch batch = db.fisherBatch(m);
            assertEquals(new Shape(128, 3, 32, 32), batch.samples().getShape());
            assertEquals(new Shape(128), batch.labels().getShape());
            assertInstanceOf(SoftmaxCrossEntropyLoss.class, batch.loss());
            float[] labels = batch.labels().toFloatArray();
            for (int i = 0; i < 128; i++) assertEquals(TRAIN.label(i), labels[i], "label " + i);
            float[] samples = batch.samples().toFloatArray();
            float[] mean = Cifar100.NORMALIZATION.mean(), std = Cifar100.NORMALIZATION.std();
            for (int i : new int[] {0, 57, 127}) {
                for (int k : new int[] {0, 1023, 1024, 2500, 3071}) {
                    int c = k / 1024;
                    double expected = (TRAIN.pixel(i, k) / 255.0 - mean[c]) / std[c];
                    assertEquals(expected, samples[i * 3072 + k], 1e-5, "image " + i + " value " + k);
                }
            }
        }
    }

    @Test
    void narrowVariantAtWidth96IsAllCnnCItself(@TempDir Path dir) {
        try (NarrowAllCnnCDatabase db = new NarrowAllCnnCDatabase(dir.resolve("a.db"), TRAIN, 96);
             NDManager m = NDManager.newBaseManager()) {
            List<Shape> narrow = new ArrayList<>(), reference = new ArrayList<>();
            SequentialBlock a = db.buildModel("relu(x)");
            SequentialBlock b = AllCnnC.build(100, () -> ActivationBlock.of("relu(x)"));
            a.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            b.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            a.getParameters().values().forEach(p -> narrow.add(p.getArray().getShape()));
            b.getParameters().values().forEach(p -> reference.add(p.getArray().getShape()));
            assertEquals(reference, narrow);
            assertEquals(b.toString(), a.toString());
        }
    }

    @Test
    void fisherFeaturesOfTheNarrowNetworkHaveOneCdfPerConvolution(@TempDir Path dir) {
        try (NarrowAllCnnCDatabase db = new NarrowAllCnnCDatabase(dir.resolve("a.db"), TRAIN, 8)) {
            // widths 8/16: weights + biases per layer; each layer's CDF has weights / 100 - 1 points
            long[] weights = {3 * 9 * 8 + 8, 8 * 9 * 8 + 8, 8 * 9 * 8 + 8, 8 * 9 * 16 + 16, 16 * 9 * 16 + 16,
                    16 * 9 * 16 + 16, 16 * 9 * 16 + 16, 16 * 16 + 16, 16 * 100 + 100};
            int expected = 0;
            for (long w : weights) expected += (int) (w / 100 - 1);
            assertEquals(102, expected);
            double[] features = db.fisherFeatures("tanh(x)");
            assertEquals(expected, features.length);
            // each layer's CDF ends at 1 (every finite log-eigenvalue of tanh's network lies in [-100, 100])
            int at = 0;
            for (long w : weights) {
                at += (int) (w / 100 - 1);
                assertEquals(1.0, features[at - 1], 1e-12, "CDF end of the layer ending at " + at);
            }
        }
    }

    @Test
    void rejectsImagesThatAreNotCifar100BeforeCreatingTheFile(@TempDir Path dir) {
        Path file = dir.resolve("a.db");
        ImageSet gray = new ImageSet(new byte[200 * 28 * 28], new int[200], 1, 28, 28, 10);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AllCnnCDatabase(file, gray));
        assertTrue(e.getMessage().contains("3x32x32 with 100 classes"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AllCnnCDatabase(file, TRAIN.slice(0, 127)));
        IllegalArgumentException w = assertThrows(IllegalArgumentException.class, () -> new NarrowAllCnnCDatabase(file, TRAIN, 0));
        assertTrue(w.getMessage().contains("width"), w.getMessage());
        assertFalse(Files.exists(file));
    }
}
