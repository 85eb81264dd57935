package org.aquasurf.examples.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import org.aquasurf.data.ImageSet;
import org.aquasurf.database.ActivationFunctionDatabase;
import org.aquasurf.database.FisherBatch;
import org.aquasurf.examples.data.FashionMnist;

import java.util.List;

/**
 * The network of the Fashion-MNIST benchmark: a small separable CNN whose every weighted layer kind
 * has a Fisher path, each followed by the candidate activation function:
 * <pre>
 * Conv2D 5x5, 16 filters, stride 2, padding 2   28x28x1  -> 14x14x16   (400 weights + 16 biases)
 * depthwise 5x5, stride 2, padding 2            14x14x16 -> 7x7x16     (400 + 16)
 * Conv2D 1x1 (pointwise), 16 filters            7x7x16   -> 7x7x16     (256 + 16)
 * flatten, Dense 10                             784      -> 10         (7840 + 10)
 * </pre>
 * so the Fisher CDF has 3 + 3 + 1 + 77 = 84 values (a layer of w weights gets w/100 histogram edges). The
 * activation runs on 4,704 values per image, so that even functions with long NDArray forms (the
 * Bessel functions' Chebyshev series) train in seconds.
 * The Fisher batch is the first {@code fisherSamples} training images. Baselines: relu, swish, tanh.
 */
public class FashionConvDatabase extends ActivationFunctionDatabase {
    /** Filters of the first convolution (and channels of the depthwise one). */
    public static final int FILTERS = 16;
    /** Filters of the pointwise convolution. */
    public static final int POINTWISE = 16;

    private final ImageSet train;
    private final int fisherSamples;

    /** The database at {@code location} (an SQLite file path or a JDBC URL). */
    public FashionConvDatabase(String location, ImageSet train, int fisherSamples) {
        super(location);
        if (fisherSamples < 1 || fisherSamples > train.size()) {
            throw new IllegalArgumentException("Fisher samples must be in [1, " + train.size() + "], got " + fisherSamples);
        }
        this.train = train;
        this.fisherSamples = fisherSamples;
    }

    @Override
    public SequentialBlock buildModel(String functionName) {
        return new SequentialBlock()
                .add(Conv2d.builder().setFilters(FILTERS).setKernelShape(new Shape(5, 5))
                        .optStride(new Shape(2, 2)).optPadding(new Shape(2, 2)).build())
                .add(activation(functionName))
                .add(Conv2d.builder().setFilters(FILTERS).optGroups(FILTERS).setKernelShape(new Shape(5, 5))
                        .optStride(new Shape(2, 2)).optPadding(new Shape(2, 2)).build())
                .add(activation(functionName))
                .add(Conv2d.builder().setFilters(POINTWISE).setKernelShape(new Shape(1, 1)).build())
                .add(activation(functionName))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(FashionMnist.CLASS_NAMES.size()).build());
    }

    @Override
    protected FisherBatch fisherBatch(NDManager manager) {
        return FisherBatch.ofImages(train.slice(0, fisherSamples), FashionMnist.NORMALIZATION, manager);
    }

    @Override
    protected List<String> baselineFunctions() {
        return List.of("relu(x)", "swish(x)", "tanh(x)");
    }
}
