package org.aquasurf.examples.allcnn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.initializer.XavierInitializer;
import org.aquasurf.examples.data.Cifar100;
import org.aquasurf.data.ImageSet;

import java.nio.file.Path;

/**
 * {@link AllCnnCDatabase} with a narrower network for the smoke run: the same nine convolutions,
 * strides, paddings, initialization and global average pooling as {@link org.aquasurf.fisher.AllCnnC},
 * with {@code width} and {@code 2 * width} filters instead of 96 and 192 ({@code width = 96} is
 * All-CNN-C itself). Fisher features and training then cost a fraction of a second per function.
 */
final class NarrowAllCnnCDatabase extends AllCnnCDatabase {
    private final int width;

    /** @param width filters of the first three convolutions (the next six have twice as many), at least 1 */
    NarrowAllCnnCDatabase(Path file, ImageSet train, int width) {
        this(file.toString(), train, width);
    }

    /** The database at {@code location} (an SQLite file path or a JDBC URL). */
    NarrowAllCnnCDatabase(String location, ImageSet train, int width) {
        super(width >= 1 ? location : badWidth(width), train);
        this.width = width;
    }

    private static String badWidth(int width) {
        throw new IllegalArgumentException("All-CNN-C width must be >= 1, got " + width);
    }

    @Override
    public SequentialBlock buildModel(String functionName) {
        int w = width, w2 = 2 * width;
        int[][] layers = { // filters, kernel, stride, padding
            {w, 3, 1, 1}, {w, 3, 1, 1}, {w, 3, 2, 1},
            {w2, 3, 1, 1}, {w2, 3, 1, 1}, {w2, 3, 2, 1},
            {w2, 3, 1, 0}, {w2, 1, 1, 0}, {Cifar100.Labels.FINE.classes(), 1, 1, 0},
        };
        SequentialBlock net = new SequentialBlock();
        for (int[] l : layers) {
            net.add(Conv2d.builder().setFilters(l[0]).setKernelShape(new Shape(l[1], l[1]))
                    .optStride(new Shape(l[2], l[2])).optPadding(new Shape(l[3], l[3])).build());
            net.add(activation(functionName));
        }
        net.add(Pool.globalAvgPool2dBlock());
        net.setInitializer(new XavierInitializer(XavierInitializer.RandomType.UNIFORM,
                XavierInitializer.FactorType.AVG, 3f), Parameter.Type.WEIGHT);
        return net;
    }
}
