package org.aquasurf.examples.allcnn;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.SequentialBlock;
import org.aquasurf.database.ActivationFunctionDatabase;
import org.aquasurf.database.FisherBatch;
import org.aquasurf.examples.data.Cifar100;
import org.aquasurf.data.ImageSet;
import org.aquasurf.fisher.AllCnnC;

import java.nio.file.Path;
import java.util.List;

/**
 * An activation-function search for All-CNN-C on CIFAR-100 (100 fine classes), written as a user
 * would: the network with the candidate activation after each of its nine convolutions, a Fisher
 * batch of the first 128 training images with softmax cross-entropy, and the paper's baselines.
 * <pre>{@code
 * try (var db = new AllCnnCDatabase(Path.of("allcnn.db"), cifar.train())) {
 *     db.populate(AllCnnCDatabase.SEARCH_SPACE.toArray(String[]::new));
 *     db.computeFisherFeatures();
 *     db.search().budget(50).evaluateWith(fn -> train(db.buildModel(fn))).run();
 * }
 * }</pre>
 */
public class AllCnnCDatabase extends ActivationFunctionDatabase {

    /** Training images in the Fisher batch, as in AQuaSurF. */
    public static final int FISHER_SAMPLES = 128;

    /**
     * The search spaces of AQuaSurF's All-CNN-C / CIFAR-100 experiment: two unary functions combined
     * by a binary operator, and three combined by an n-ary one (e.g. the paper's
     * {@code prod_n(sigmoid(x),negative(x),hard_sigmoid(x))}).
     */
    public static final List<String> SEARCH_SPACE =
            List.of("binary(unary(x),unary(x))", "n-ary(unary(x),unary(x),unary(x))");

    private final ImageSet train;

    /**
     * @param file  the SQLite search database (created if missing)
     * @param train CIFAR-100 training images (3x32x32, 100 classes, at least {@value #FISHER_SAMPLES})
     */
    public AllCnnCDatabase(Path file, ImageSet train) {
        this(file.toString(), train);
    }

    /** The database at {@code location} (an SQLite file path or a JDBC URL); see {@link #AllCnnCDatabase(Path, ImageSet)}. */
    public AllCnnCDatabase(String location, ImageSet train) {
        super(checked(location, train));
        this.train = train;
    }

    /** {@code location}, after checking {@code train} before the database is opened. */
    private static String checked(String location, ImageSet train) {
        if (train.channels() != Cifar100.CHANNELS || train.height() != Cifar100.SIDE || train.width() != Cifar100.SIDE
                || train.classes() != Cifar100.Labels.FINE.classes() || train.size() < FISHER_SAMPLES) {
            throw new IllegalArgumentException("AllCnnCDatabase needs at least " + FISHER_SAMPLES
                    + " CIFAR-100 training images of 3x32x32 with 100 classes, got " + train);
        }
        return location;
    }

    /** All-CNN-C with {@code functionName} after every convolution and 100 class logits. */
    @Override
    public SequentialBlock buildModel(String functionName) {
        return AllCnnC.build(Cifar100.Labels.FINE.classes(), () -> activation(functionName));
    }

    /** The first 128 training images (CIFAR-100 normalization), their fine labels, softmax cross-entropy. */
    @Override
    protected FisherBatch fisherBatch(NDManager manager) {
        return FisherBatch.ofImages(train.slice(0, FISHER_SAMPLES), Cifar100.NORMALIZATION, manager);
    }

    /** The baselines of the AQuaSurF reference, the usual ones first. */
    @Override
    protected List<String> baselineFunctions() {
        return List.of("relu(x)", "swish(x)", "elu(x)", "selu(x)", "tanh(x)", "sigmoid(x)", "softplus(x)", "softsign(x)");
    }
}
