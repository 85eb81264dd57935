package org.aquasurf.fisher;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;

/** Recognises and validates the weighted layers the Fisher computer supports. */
final class Layers {

    private Layers() {
    }

    /**
     * Describes a Linear or Conv2d block about to receive {@code input}.
     *
     * @throws IllegalArgumentException naming the layer for unsupported settings: a Linear input
     *     that is not 2-D, non-square kernels, dilation, grouped (non-depthwise) convolutions,
     *     depth multipliers other than 1, or a non-NCHW input
     */
    static WeightedLayer describe(Block block, String path, NDList input) {
        if (input.size() != 1) {
            throw unsupported(path, block, "expects one input array, got " + input.size());
        }
        Shape in = input.singletonOrThrow().getShape();
        if (block instanceof Linear linear) {
            Shape w = parameter(linear, "weight", path).getArray().getShape();
            if (in.dimension() != 2) {
                throw unsupported(path, block, "input must be (batch, features), got " + in);
            }
            boolean bias = linear.getParameters().contains("bias");
            return new WeightedLayer(path, LayerKind.DENSE, block, w.get(1), w.get(0), 1, 1, 1, 0, 0, bias);
        }
        Conv2d conv = (Conv2d) block;
        Shape k = conv.getKernelShape();
        if (k.dimension() != 2 || k.get(0) != k.get(1)) {
            throw unsupported(path, block, "non-square kernel " + k + " is not supported");
        }
        Shape dilation = conv.getDilation();
        for (long d : dilation.getShape()) {
            if (d != 1) {
                throw unsupported(path, block, "dilation " + dilation + " is not supported");
            }
        }
        if (in.dimension() != 4) {
            throw unsupported(path, block, "input must be NCHW, got " + in);
        }
        long channels = in.get(1);
        int groups = conv.getGroups();
        int filters = conv.getFilters();
        LayerKind kind;
        if (groups == 1) {
            kind = LayerKind.CONV2D;
        } else if (groups == channels && filters == channels) {
            kind = LayerKind.DEPTHWISE_CONV2D;
        } else if (groups == channels) {
            throw unsupported(path, block, "depthwise convolution with depth multiplier "
                    + (filters / (double) channels) + " is not supported (only 1)");
        } else {
            throw unsupported(path, block, "grouped convolution with " + groups + " groups over "
                    + channels + " channels is not supported (only 1 group or depthwise)");
        }
        Shape stride = conv.getStride();
        Shape pad = conv.getPadding();
        return new WeightedLayer(path, kind, block, channels, filters, Math.toIntExact(k.get(0)),
                Math.toIntExact(stride.get(0)), Math.toIntExact(stride.get(1)),
                Math.toIntExact(pad.get(0)), Math.toIntExact(pad.get(1)), conv.isIncludeBias());
    }

    /** The path of the first Linear or Conv2d inside {@code block}, or null if there is none. */
    static String firstWeightedDescendant(Block block, String path) {
        for (Pair<String, Block> child : block.getChildren()) {
            String childPath = path + "/" + child.getKey();
            if (child.getValue() instanceof Linear || child.getValue() instanceof Conv2d) {
                return childPath;
            }
            String nested = firstWeightedDescendant(child.getValue(), childPath);
            if (nested != null) {
                return nested;
            }
        }
        return null;
    }

    private static Parameter parameter(Block block, String name, String path) {
        Parameter p = block.getParameters().get(name);
        if (p == null || !p.isInitialized()) {
            throw unsupported(path, block, "parameter '" + name + "' is missing or not initialized");
        }
        return p;
    }

    private static IllegalArgumentException unsupported(String path, Block block, String why) {
        return new IllegalArgumentException("Fisher: layer '" + path + "' ("
                + block.getClass().getSimpleName() + "): " + why);
    }
}
