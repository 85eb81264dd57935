package org.aquasurf.fisher;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.loss.Loss;

import java.util.ArrayList;
import java.util.List;

/**
 * K-FAC eigenvalues of the Fisher information of a DJL model at its current weights (Martens and
 * Grosse 2015; Grosse and Martens 2016). The Fisher is taken block diagonal, one block per Dense
 * (Linear), Conv2d and depthwise Conv2d layer, each block the Kronecker product A ⊗ G. It is the
 * empirical Fisher: G is built from the gradients of {@code loss} on the given (true) labels.
 *
 * <p>The model is run in inference mode, walking {@link ai.djl.nn.SequentialBlock}s (nested ones
 * too) layer by layer; any other block is run as a whole. A non-sequential block that contains a
 * weighted layer, a non-square kernel, dilation, a grouped convolution, or a depth multiplier
 * other than 1 is rejected with an {@link IllegalArgumentException} naming the layer; other
 * blocks with weights (batch norm, Conv1d, ...) are logged as a warning and left out. DJL's
 * Linear and Conv2d cannot fuse an activation, so activations are always separate blocks.
 */
public final class FisherSpectrum {

    private FisherSpectrum() {
    }

    /**
     * Computes the spectrum of every weighted layer, in forward order.
     *
     * @param model an initialized model whose output {@code loss} accepts as predictions
     * @param samples a batch, batch axis first (NCHW images for convolutional models)
     * @param labels the labels of the samples, as {@code loss} expects them
     * @param loss the training loss; with {@link FisherOptions.Scaling#KFAC} it must average over
     *     the batch, as every DJL built-in loss does
     * @param options normalisation and precision
     */
    public static List<LayerSpectrum> compute(Block model, NDArray samples, NDArray labels, Loss loss,
            FisherOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("Fisher: options must not be null");
        }
        try (Capture capture = Capture.run(model, samples, labels, loss)) {
            List<LayerSpectrum> spectra = new ArrayList<>();
            for (LayerCapture layer : capture.layers()) {
                spectra.add(spectrum(KfacFactors.of(layer, capture.batchSize(), options)));
            }
            return List.copyOf(spectra);
        }
    }

    /** Eigen-decomposes both factors of a layer. */
    static LayerSpectrum spectrum(KfacFactors factors) {
        WeightedLayer layer = factors.layer();
        double[] eigA = Eigen.symmetric(factors.a());
        double[] eigG = Eigen.symmetric(factors.g());
        if (Double.isNaN(eigA[0]) || Double.isNaN(eigG[0])) {
            System.getLogger(FisherSpectrum.class.getName()).log(System.Logger.Level.DEBUG,
                    "Fisher: layer ''{0}'' has a non-finite covariance; its eigenvalues are NaN", layer.name());
        }
        return new LayerSpectrum(layer.name(), layer.kind(), layer.weights(), eigA, eigG);
    }
}
