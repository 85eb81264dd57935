package org.aquasurf.fisher;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;

import java.util.ArrayList;
import java.util.List;

/**
 * One forward pass (inference mode) over a model that records every weighted layer's input, and
 * one backward pass that gives the loss gradient with respect to every weighted layer's output.
 * DJL keeps no gradient for intermediate arrays, so a zero "probe" with an attached gradient is
 * added to each weighted layer's output; its gradient is dL/ds. The model's parameters are
 * detached from the graph for the pass (and re-attached afterwards) so their gradients are
 * neither computed nor changed. All arrays live in a sub-manager released by {@link #close()}.
 */
final class Capture implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Capture.class.getName());

    private final NDManager scope;
    private final List<LayerCapture> layers;
    private final long batchSize;

    private Capture(NDManager scope, List<LayerCapture> layers, long batchSize) {
        this.scope = scope;
        this.layers = List.copyOf(layers);
        this.batchSize = batchSize;
    }

    /** The recorded layers in forward order. */
    List<LayerCapture> layers() {
        return layers;
    }

    /** Number of samples in the batch. */
    long batchSize() {
        return batchSize;
    }

    /** The manager holding every recorded array. */
    NDManager manager() {
        return scope;
    }

    /** Releases every recorded array. */
    @Override
    public void close() {
        scope.close();
    }

    /** Told of each weighted layer's input during the forward pass, before the backward pass. */
    interface InputListener {
        /**
         * Layer {@code index} (forward order) has this input; it stays valid until the capture is
         * closed and must not be modified.
         */
        void input(int index, WeightedLayer layer, NDArray input, long batch);

        /** The pass failed: its arrays are released when this returns, so stop using them first. */
        void abandon();
    }

    /** {@link #run(Block, NDArray, NDArray, Loss, InputListener)} without a listener. */
    static Capture run(Block model, NDArray samples, NDArray labels, Loss loss) {
        return run(model, samples, labels, loss, null);
    }

    /**
     * Runs the model on the samples and back-propagates the loss of the labels.
     *
     * @param listener told of each weighted layer's input as soon as the forward pass reaches it; null for none
     * @throws IllegalArgumentException if the model is not initialized, has no weighted layer, or
     *     contains a layer or setting that is not supported (the message names the layer)
     */
    static Capture run(Block model, NDArray samples, NDArray labels, Loss loss, InputListener listener) {
        if (model == null || samples == null || labels == null || loss == null) {
            throw new IllegalArgumentException("Fisher: model, samples, labels and loss are required");
        }
        if (!model.isInitialized()) {
            throw new IllegalArgumentException("Fisher: the model must be initialized before computing its Fisher");
        }
        if (samples.getShape().dimension() < 2) {
            throw new IllegalArgumentException("Fisher: samples must have a batch axis, got shape " + samples.getShape());
        }
        long batch = samples.getShape().get(0);
        if (labels.getShape().dimension() == 0 || labels.getShape().get(0) != batch) {
            throw new IllegalArgumentException("Fisher: labels shape " + labels.getShape()
                    + " does not match the batch of " + batch + " samples");
        }
        for (Pair<String, Parameter> p : model.getParameters()) {
            if (p.getValue().isInitialized() && p.getValue().getArray().getDataType() != samples.getDataType()) {
                throw new IllegalArgumentException("Fisher: samples are " + samples.getDataType()
                        + " but parameter '" + p.getKey() + "' is " + p.getValue().getArray().getDataType());
            }
        }
        List<Parameter> detached = detachParameters(model);
        NDManager scope = samples.getManager().newSubManager();
        try {
            List<LayerCapture> layers = new ArrayList<>();
            NDArray x = samples.duplicate();
            x.attach(scope);
            try (GradientCollector collector = scope.getEngine().newGradientCollector()) {
                Walk walk = new Walk(new ParameterStore(scope, false), listener, batch);
                NDList out = walk.forward(model, rootName(model), new NDList(x));
                if (walk.layers.isEmpty()) {
                    throw new IllegalArgumentException("Fisher: model " + model.getClass().getSimpleName()
                            + " has no Dense (Linear), Conv2d or depthwise Conv2d layer");
                }
                NDArray lossValue = loss.evaluate(new NDList(labels), out);
                collector.backward(lossValue);
                for (int i = 0; i < walk.layers.size(); i++) {
                    NDArray grad = walk.probes.get(i).getGradient().duplicate();
                    layers.add(new LayerCapture(walk.layers.get(i), walk.inputs.get(i), grad));
                }
            }
            return new Capture(scope, layers, batch);
        } catch (RuntimeException | Error e) {
            if (listener != null) {
                listener.abandon();
            }
            scope.close();
            throw e;
        } finally {
            for (Parameter p : detached) {
                p.getArray().setRequiresGradient(true);
            }
        }
    }

    private static String rootName(Block model) {
        return model instanceof SequentialBlock ? "" : model.getClass().getSimpleName();
    }

    private static List<Parameter> detachParameters(Block model) {
        List<Parameter> detached = new ArrayList<>();
        for (Pair<String, Parameter> p : model.getParameters()) {
            Parameter parameter = p.getValue();
            if (parameter.isInitialized() && parameter.getArray().hasGradient()) {
                parameter.getArray().setRequiresGradient(false);
                detached.add(parameter);
            }
        }
        return detached;
    }

    /** The layer-by-layer forward pass; collects inputs and probes of weighted layers. */
    private static final class Walk {
        private final ParameterStore store;
        private final List<WeightedLayer> layers = new ArrayList<>();
        private final List<NDArray> inputs = new ArrayList<>();
        private final List<NDArray> probes = new ArrayList<>();
        private final InputListener listener;
        private final long batch;

        Walk(ParameterStore store, InputListener listener, long batch) {
            this.store = store;
            this.listener = listener;
            this.batch = batch;
        }

        NDList forward(Block block, String path, NDList x) {
            if (block instanceof SequentialBlock seq) {
                if (seq.isReturnIntermediate()) {
                    throw new IllegalArgumentException("Fisher: layer '" + path
                            + "' returns intermediate outputs, which is not supported");
                }
                NDList current = x;
                for (Pair<String, Block> child : seq.getChildren()) {
                    current = forward(child.getValue(), join(path, child.getKey()), current);
                }
                return current;
            }
            if (block instanceof Linear || block instanceof Conv2d) {
                WeightedLayer layer = Layers.describe(block, path, x);
                NDList out = block.forward(store, x, false);
                NDArray probe = out.singletonOrThrow().zerosLike();
                probe.setRequiresGradient(true);
                layers.add(layer);
                inputs.add(x.singletonOrThrow());
                probes.add(probe);
                if (listener != null) {
                    listener.input(layers.size() - 1, layer, x.singletonOrThrow(), batch);
                }
                return new NDList(out.singletonOrThrow().add(probe));
            }
            String nested = Layers.firstWeightedDescendant(block, path);
            if (nested != null) {
                throw new IllegalArgumentException("Fisher: layer '" + path + "' ("
                        + block.getClass().getSimpleName() + ") contains the weighted layer '" + nested
                        + "' but only SequentialBlocks can be walked; its Fisher block cannot be computed");
            }
            if (!block.getParameters().isEmpty()) {
                LOG.log(System.Logger.Level.WARNING, "Fisher: layer ''{0}'' ({1}) has weights that are not "
                        + "Dense, Conv2d or depthwise Conv2d; they are left out of the Fisher features",
                        path, block.getClass().getSimpleName());
            }
            return block.forward(store, x, false);
        }

        private static String join(String path, String name) {
            return path.isEmpty() ? name : path + "/" + name;
        }
    }
}
