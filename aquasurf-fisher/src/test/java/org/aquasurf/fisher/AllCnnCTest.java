package org.aquasurf.fisher;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.loss.Loss;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AllCnnCTest {

    /** The per-layer weight counts of the reference's All-CNN-C example (10 classes). */
    @Test
    void hasTheReferenceLayersAndGlorotUniformWeights() {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock net = AllCnnC.build(10, Activation::reluBlock);
            net.initialize(m, DataType.FLOAT32, new Shape(2, 3, 32, 32));
            NDArray x = m.randomNormal(new Shape(2, 3, 32, 32));
            NDArray y = m.create(new long[] {3, 7});
            assertEquals(new Shape(2, 10), Models.forward(net, x).getShape());
            try (Capture capture = Capture.run(net, x, y, Loss.softmaxCrossEntropyLoss())) {
                List<Long> weights = capture.layers().stream().map(c -> c.layer().weights()).toList();
                assertEquals(List.of(2592L + 96, 82944L + 96, 82944L + 96, 165888L + 192, 331776L + 192,
                        331776L + 192, 331776L + 192, 36864L + 192, 1920L + 10), weights);
                List<Long> spatial = capture.layers().stream().map(c -> c.outputGradient().getShape().get(2)).toList();
                assertEquals(List.of(32L, 32L, 16L, 16L, 16L, 8L, 6L, 6L, 6L), spatial);
            }
            NDArray w = net.getChildren().get(2).getValue().getParameters().get("weight").getArray();
            double bound = Math.sqrt(6.0 / (9 * 96 + 9 * 96));
            double max = w.abs().max().getFloat();
            assertTrue(max <= bound && max > 0.99 * bound, "max |w| " + max + " vs Glorot bound " + bound);
        }
    }
}
