package org.aquasurf.database;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.loss.Loss;
import org.aquasurf.data.ImageSet;
import org.aquasurf.data.Normalization;

import java.util.Objects;

/**
 * The data the Fisher features are computed on: a batch of training samples (first axis is the
 * batch), their labels as the loss expects them, and the training loss (a batch mean, as all DJL
 * losses are). AQuaSurF uses one fixed batch, e.g. 128 training samples, for every function.
 */
public record FisherBatch(NDArray samples, NDArray labels, Loss loss) {
    public FisherBatch {
        Objects.requireNonNull(samples, "samples");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(loss, "loss");
        if (samples.getShape().dimension() == 0 || labels.getShape().dimension() == 0
                || samples.getShape().get(0) != labels.getShape().get(0)) {
            throw new IllegalArgumentException("Fisher batch: samples " + samples.getShape() + " and labels "
                    + labels.getShape() + " must have the same first (batch) dimension");
        }
    }

    /**
     * An image classifier's batch: {@code images} normalized, their labels, softmax cross-entropy.
     * The arrays are owned by {@code manager}; {@code images} is not modified.
     */
    public static FisherBatch ofImages(ImageSet images, Normalization normalization, NDManager manager) {
        return new FisherBatch(images.imagesArray(manager, normalization), images.labelsArray(manager),
                Loss.softmaxCrossEntropyLoss());
    }
}
