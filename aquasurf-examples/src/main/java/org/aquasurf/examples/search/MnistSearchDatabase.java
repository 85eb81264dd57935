package org.aquasurf.examples.search;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import org.aquasurf.database.ActivationFunctionDatabase;
import org.aquasurf.database.FisherBatch;
import org.aquasurf.data.ImageSet;
import org.aquasurf.examples.data.Mnist;

import java.nio.file.Path;
import java.util.List;

/**
 * The search database of the default job, written as a user would: a deep MLP on MNIST digits
 * ({@code depth} hidden Linear layers of {@code width} units, each followed by the candidate
 * activation function, then Linear(10)), and a Fisher batch of the first {@code fisherSamples}
 * training digits.
 */
public class MnistSearchDatabase extends ActivationFunctionDatabase {
    private final ImageSet train;
    private final int depth;
    private final int width;
    private final int fisherSamples;

    public MnistSearchDatabase(Path file, ImageSet train, int depth, int width, int fisherSamples) {
        this(file.toString(), train, depth, width, fisherSamples);
    }

    /** The database at {@code location}: an SQLite file path or a JDBC URL. */
    public MnistSearchDatabase(String location, ImageSet train, int depth, int width, int fisherSamples) {
        super(location);
        this.train = train;
        this.depth = depth;
        this.width = width;
        this.fisherSamples = fisherSamples;
    }

    @Override
    public SequentialBlock buildModel(String functionName) {
        SequentialBlock net = new SequentialBlock().add(Blocks.batchFlattenBlock(Mnist.SIDE * Mnist.SIDE));
        for (int i = 0; i < depth; i++) {
            net.add(Linear.builder().setUnits(width).build()).add(activation(functionName));
        }
        return net.add(Linear.builder().setUnits(Mnist.CLASSES).build());
    }

    @Override
    protected FisherBatch fisherBatch(NDManager manager) {
        return FisherBatch.ofImages(train.slice(0, fisherSamples), Mnist.NORMALIZATION, manager);
    }

    @Override
    protected List<String> baselineFunctions() {
        return List.of("relu(x)", "swish(x)", "tanh(x)");
    }
}
