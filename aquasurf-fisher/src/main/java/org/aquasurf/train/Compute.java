package org.aquasurf.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

import java.util.Locale;

/**
 * Where training runs: PyTorch's intra-op thread count (process-wide) and the device.
 *
 * <p>{@link #useThreads} defaults to all cores. Tests keep one thread for run-to-run determinism
 * (surefire sets {@code -Dai.djl.pytorch.num_threads=1}). {@link #device} accepts {@code cpu} and
 * {@code gpu}: this project ships PyTorch's CPU native library, so {@code gpu} needs the CUDA build,
 * which DJL downloads into {@code ~/.djl.ai} on first use when it may go online
 * ({@code -Dai.djl.offline=false}, plus {@code -Dai.djl.pytorch.flavor=cu124} or similar, or the
 * matching {@code pytorch-native-cu*} jar on the class path instead of {@code pytorch-native-cpu}).
 * That path could not be tested here (no GPU, no network).
 */
public final class Compute {
    private Compute() {}

    /** PyTorch's system property for its intra-op thread count, read when the engine starts. */
    public static final String THREADS_PROPERTY = "ai.djl.pytorch.num_threads";

    /**
     * Uses {@code threads} intra-op threads in PyTorch (0: all {@link Runtime#availableProcessors()} cores)
     * for this process, whether or not the engine has started; returns the count now in effect.
     */
    public static int useThreads(int threads) {
        if (threads < 0) throw new IllegalArgumentException("threads must be >= 1 (or 0 for all cores), got " + threads);
        int n = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        System.setProperty(THREADS_PROPERTY, Integer.toString(n));
        Engine.getEngine("PyTorch"); // starts it with the property if it had not started
        JniUtils.setNumThreads(n);
        return JniUtils.getNumThreads();
    }

    /**
     * The thread count asked for with {@code -Dai.djl.pytorch.num_threads}, or 0 (all cores) when it is
     * not set or not a number.
     */
    public static int configuredThreads() {
        Integer n = Integer.getInteger(THREADS_PROPERTY);
        return n == null || n < 0 ? 0 : n;
    }

    /** PyTorch's intra-op thread count now (starts the engine if needed). */
    public static int threads() {
        Engine.getEngine("PyTorch");
        return JniUtils.getNumThreads();
    }

    /**
     * The device called {@code name}: {@code cpu}, or {@code gpu} (the first CUDA GPU) when PyTorch
     * sees one; otherwise a one-line error that says why.
     */
    public static Device device(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "cpu" -> Device.cpu();
            case "gpu", "cuda" -> {
                if (Engine.getInstance().getGpuCount() < 1) {
                    throw new IllegalArgumentException("device gpu: PyTorch sees no CUDA GPU (this build runs the CPU library;"
                            + " the CUDA build needs a GPU and is downloaded by DJL when online, see the README)");
                }
                yield Device.gpu();
            }
            default -> throw new IllegalArgumentException("device must be cpu or gpu, got '" + name + "'");
        };
    }
}
