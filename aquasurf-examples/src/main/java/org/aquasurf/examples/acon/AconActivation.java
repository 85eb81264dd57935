package org.aquasurf.examples.acon;

import ai.djl.nn.Block;
import org.aquasurf.nn.AconC;
import org.aquasurf.nn.ActivationBlock;
import org.aquasurf.nn.MetaAconC;

/** The four activations compared: two fixed functions and the two learnable ACON variants. */
public enum AconActivation {
    /** max(x, 0), via {@code ActivationBlock.of("relu(x)")}. */
    RELU("relu"),
    /** x·sigmoid(x), via {@code ActivationBlock.of("swish(x)")}. */
    SWISH("swish"),
    /** ACON-C with p1, p2, β learned per channel ({@link AconC}, paper initialization). */
    ACON_C("acon-c"),
    /** Meta-ACON-C: p1, p2 per channel, β per sample and channel from a small network ({@link MetaAconC}). */
    META_ACON_C("meta-acon-c");

    private final String label;

    AconActivation(String label) {
        this.label = label;
    }

    /** Lower-case name used in file names, tables and legends. */
    public String label() {
        return label;
    }

    /**
     * The activation with this label or constant name, ignoring case ({@code "acon-c"}, {@code "ACON_C"}).
     *
     * @throws IllegalArgumentException naming the unknown text and the labels accepted
     */
    public static AconActivation parse(String text) {
        for (AconActivation a : values()) {
            if (a.label.equalsIgnoreCase(text.strip()) || a.name().equalsIgnoreCase(text.strip())) return a;
        }
        throw new IllegalArgumentException("unknown activation '" + text + "'; expected one of relu, swish, acon-c, meta-acon-c");
    }

    /**
     * A new block applying this activation to (N, C, H, W) inputs with {@code channels} channels;
     * {@code reduction} is Meta-ACON-C's ratio r (hidden width max(r, C/r)), ignored by the others.
     */
    public Block block(int channels, int reduction) {
        return switch (this) {
            case RELU -> ActivationBlock.of("relu(x)");
            case SWISH -> ActivationBlock.of("swish(x)");
            case ACON_C -> new AconC();
            case META_ACON_C -> new MetaAconC(channels, reduction);
        };
    }
}
