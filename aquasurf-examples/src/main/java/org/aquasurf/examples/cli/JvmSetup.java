package org.aquasurf.examples.cli;

/**
 * Settings every example's {@code main} applies before DJL loads: headless plots, DJL offline with
 * one inter-op thread (intra-op threads: all cores unless {@code --threads} or
 * {@code -Dai.djl.pytorch.num_threads} say otherwise), quiet engine logs, one-line
 * java.util.logging records. Properties already set on the command line win.
 */
public final class JvmSetup {
    private JvmSetup() {}

    /** Applies the settings; call first thing in {@code main}. */
    public static void apply() {
        System.setProperty("java.awt.headless", "true");
        djlDefaults();
        setIfAbsent("OPT_OUT_TRACKING", "true");
        setIfAbsent("java.util.logging.SimpleFormatter.format", "%4$s: %5$s%n");
    }

    /** DJL offline on one inter-op thread, quiet engine logs (for runs started in-process). */
    public static void djlDefaults() {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) System.setProperty(key, value);
    }
}
