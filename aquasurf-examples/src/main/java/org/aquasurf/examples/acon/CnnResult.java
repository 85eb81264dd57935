package org.aquasurf.examples.acon;

import java.util.List;
import org.aquasurf.train.EpochMetrics;
import org.aquasurf.train.PerEpochResult;

/**
 * What one CNN run measured.
 *
 * @param config     the run
 * @param parameters trainable parameters in the DJL model (BatchNorm running statistics excluded)
 * @param metrics    train loss, validation and test accuracy and training seconds of each epoch
 * @param aconLayers the ACON-C layers in network order; empty unless the activation is ACON-C
 */
public record CnnResult(CnnConfig config, long parameters, EpochMetrics metrics, List<AconLayer> aconLayers)
        implements PerEpochResult {

    public CnnResult {
        if (metrics.epochs() != config.epochs()) {
            throw new IllegalArgumentException("result of " + config.name() + " needs " + config.epochs() + " values per epoch");
        }
        aconLayers = List.copyOf(aconLayers);
    }

    /** Wall-clock seconds of each epoch's training pass (evaluation excluded). */
    public double[] epochSeconds() {
        return metrics.seconds();
    }

    /** Mean training seconds per epoch. */
    public double secondsPerEpoch() {
        return metrics.meanSeconds();
    }
}
