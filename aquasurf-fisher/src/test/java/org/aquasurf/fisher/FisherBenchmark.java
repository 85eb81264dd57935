package org.aquasurf.fisher;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.loss.Loss;
import org.ejml.data.DMatrixRMaj;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Seconds per stage of the Fisher features of All-CNN-C (ReLU, 100 classes, Glorot-uniform
 * weights) on one batch of random CIFAR-shaped images, then the whole computation as a library
 * user runs it. Prints numbers only.
 *
 * <p>The stage table runs every stage on one thread with one libtorch thread, so the thread CPU
 * seconds it prints are robust to other processes sharing the machine: forward/backward with
 * probes, input-covariance products in float64 and in float32 (chunks summed in float64), eigenvalues with
 * libtorch's LAPACK (the default), this project's Householder/QL solver and EJML, CDF features. It then compares the features
 * of each configuration with the baseline (float64 covariance, EJML, no null-space floor), and the float32 products'
 * features with the float64 ones (both floored LAPACK).
 * Finally it runs {@link FisherSpectrum#compute} end to end {@code repeats} times with
 * {@code threads} layer threads and libtorch intra-op threads, float32 covariance products, and
 * prints the median, last: {@code per function: W s wall, C s cpu, T threads} (process CPU).
 *
 * <p>Arguments: {@code [batch=128] [dumpDir] [threads=N] [intra=threads] [repeats=3] [table=false]}, N the
 * available processors, intra the libtorch intra-op threads set before the end-to-end runs (they
 * matter for the forward/backward line and for threads=1: with more layer threads
 * {@link FisherSpectrum#compute} runs libtorch on one thread per Java thread); {@code table=false}
 * skips the stage table and the baseline comparison. With a dump directory, every float64 factor is
 * written as {@code <layer>_<A|G>.npy} with its EJML eigenvalues ({@code _eig.npy}) and EJML CPU
 * seconds ({@code ejml_seconds.csv}), plus the baseline CDF features ({@code features.npy}, layers in
 * {@code layers.csv}), so that {@code src/test/python/numpy_check.py} can time LAPACK on the same
 * matrices and recompute the features with numpy's histogram. Run with OMP_NUM_THREADS=1 and
 * -Dai.djl.offline=true, as {@code ./benchmark} does.
 */
public final class FisherBenchmark {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private FisherBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int batch = 128;
        Path dump = null;
        int threads = Runtime.getRuntime().availableProcessors();
        int repeats = 3;
        int intra = -1;
        boolean table = true;
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("threads=")) {
                threads = Integer.parseInt(args[i].substring(8));
            } else if (args[i].startsWith("repeats=")) {
                repeats = Integer.parseInt(args[i].substring(8));
            } else if (args[i].startsWith("intra=")) {
                intra = Integer.parseInt(args[i].substring(6));
            } else if (args[i].equals("table=false")) {
                table = false;
            } else if (i == 0) {
                batch = Integer.parseInt(args[i]);
            } else {
                dump = Path.of(args[i]);
            }
        }
        if (dump != null) {
            Files.createDirectories(dump);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock net = AllCnnC.build(100, Activation::reluBlock);
            m.getEngine().setRandomSeed(42); // before initialize: the same weights in every run
            net.initialize(m, DataType.FLOAT32, new Shape(batch, 3, 32, 32));
            NDArray x = m.randomNormal(new Shape(batch, 3, 32, 32));
            NDArray y = m.randomInteger(0, 100, new Shape(batch), DataType.INT64);
            Loss loss = Loss.softmaxCrossEntropyLoss();

            JniUtils.setNumThreads(1);
            stages(net, x.get("0:4"), y.get("0:4"), loss, null, false); // warm-up (engine, JIT)
            System.out.printf(Locale.ROOT, "All-CNN-C, batch %d, OMP %s, cores %d; stage table on 1 thread%n", batch,
                    System.getenv("OMP_NUM_THREADS"), Runtime.getRuntime().availableProcessors());
            double[] baseline = table ? stages(net, x, y, loss, dump, true) : null;

            intra = intra < 1 ? threads : intra;
            JniUtils.setNumThreads(intra);
            long w0 = System.nanoTime();
            long c0 = processCpu();
            Capture.run(net, x, y, loss).close();
            System.out.printf(Locale.ROOT, "forward/backward alone on %d libtorch threads: %.3f s wall, %.3f s cpu%n",
                    intra, (System.nanoTime() - w0) / 1e9, (processCpu() - c0) / 1e9);
            FisherOptions options = FisherOptions.kfac().withFloat64Covariance(false).withThreads(threads);
            double[] wall = new double[repeats];
            double[] cpu = new double[repeats];
            double[] features = null;
            for (int r = 0; r < repeats; r++) {
                w0 = System.nanoTime();
                c0 = processCpu();
                features = FisherFeatures.cdf(FisherSpectrum.compute(net, x, y, loss, options));
                wall[r] = (System.nanoTime() - w0) / 1e9;
                cpu[r] = (processCpu() - c0) / 1e9;
                System.out.printf(Locale.ROOT, "end to end, run %d: %.3f s wall, %.3f s cpu%n", r + 1, wall[r], cpu[r]);
            }
            if (baseline != null) {
                System.out.printf(Locale.ROOT, "end to end vs baseline features: max |difference| %.2e%n",
                        maxDifference(features, baseline));
            }
            System.out.printf(Locale.ROOT, "per function: %.2f s wall, %.2f s cpu, %d threads (%d libtorch intra-op)%n",
                    median(wall), median(cpu), threads, intra);
        }
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : 0.5 * (v[v.length / 2 - 1] + v[v.length / 2]);
    }

    /** Largest |a[i] - b[i]| (NaN-safe: two NaNs agree). */
    private static double maxDifference(double[] a, double[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            if (!(Double.isNaN(a[i]) && Double.isNaN(b[i]))) {
                max = Math.max(max, Math.abs(a[i] - b[i]));
            }
        }
        return max;
    }

    /** Wall-clock and thread CPU seconds since construction. */
    private record Clock(long wall, long cpu) {
        static Clock start() {
            return new Clock(System.nanoTime(), THREADS.getCurrentThreadCpuTime());
        }

        double[] stop() {
            return new double[] {(System.nanoTime() - wall) / 1e9, (THREADS.getCurrentThreadCpuTime() - cpu) / 1e9};
        }
    }

    /** Prints the stage table; returns the baseline features (float64, EJML, no floor). */
    private static double[] stages(SequentialBlock net, NDArray x, NDArray y, Loss loss, Path dump, boolean print)
            throws IOException {
        Clock c0 = Clock.start();
        try (Capture capture = Capture.run(net, x, y, loss)) {
            double[] forwardBackward = c0.stop();
            double[] cov64 = new double[2];
            double[] cov32 = new double[2];
            double[] eigen = new double[2];
            double[] ejml = new double[2];
            double[] lapack = new double[2];
            List<LayerSpectrum> base = new ArrayList<>();
            List<LayerSpectrum> ql64 = new ArrayList<>();
            List<LayerSpectrum> ejml64 = new ArrayList<>();
            List<LayerSpectrum> lapack64 = new ArrayList<>();
            List<LayerSpectrum> lapack32 = new ArrayList<>();
            List<LayerSpectrum> ql32 = new ArrayList<>();
            StringBuilder csv = new StringBuilder("matrix,size,ejml_seconds\n");
            if (print) {
                System.out.printf(Locale.ROOT, "%-9s %7s %5s %4s %17s %17s %17s %17s %17s %9s%n", "layer", "weights", "A",
                        "G", "cov64 wall/cpu s", "cov32 wall/cpu s", "LAPACK wall/cpu s", "QL wall/cpu s", "EJML wall/cpu s",
                        "A f32 err");
            }
            for (LayerCapture layer : capture.layers()) {
                Clock c = Clock.start();
                KfacFactors f32 = KfacFactors.of(layer, capture.batchSize(), FisherOptions.kfac().withFloat64Covariance(false));
                double[] c32 = c.stop();
                c = Clock.start();
                KfacFactors f = KfacFactors.of(layer, capture.batchSize(), FisherOptions.kfac());
                double[] c64 = c.stop();
                c = Clock.start();
                double[] eigA = Eigen.symmetric(f.a(), Eigen.Solver.EJML);
                double[] ta = c.stop();
                c = Clock.start();
                double[] eigG = Eigen.symmetric(f.g(), Eigen.Solver.EJML);
                double[] tg = c.stop();
                c = Clock.start();
                ql64.add(FisherSpectrum.spectrum(f, Eigen.Solver.HOUSEHOLDER_QL));
                double[] tq = c.stop();
                c = Clock.start();
                lapack64.add(FisherSpectrum.spectrum(f, Eigen.Solver.LAPACK));
                double[] tl = c.stop();
                WeightedLayer w = layer.layer();
                base.add(new LayerSpectrum(w.name(), w.kind(), w.weights(), eigA, eigG));
                ejml64.add(new LayerSpectrum(w.name(), w.kind(), w.weights(), Eigen.floored(eigA), Eigen.floored(eigG)));
                lapack32.add(FisherSpectrum.spectrum(f32));
                ql32.add(FisherSpectrum.spectrum(f32, Eigen.Solver.HOUSEHOLDER_QL));
                for (int i = 0; i < 2; i++) {
                    cov64[i] += c64[i];
                    cov32[i] += c32[i];
                    ejml[i] += ta[i] + tg[i];
                    eigen[i] += tq[i];
                    lapack[i] += tl[i];
                }
                if (print) {
                    System.out.printf(Locale.ROOT,
                            "%-9s %7d %5d %4d %8.3f/%8.3f %8.3f/%8.3f %8.3f/%8.3f %8.3f/%8.3f %8.3f/%8.3f %9.1e%n",
                            w.name(), w.weights(), f.a().numRows, f.g().numRows, c64[0], c64[1], c32[0], c32[1],
                            tl[0], tl[1], tq[0], tq[1], ta[0] + tg[0], ta[1] + tg[1], relativeDifference(f.a(), f32.a()));
                }
                if (dump != null) {
                    String name = w.name().replace('/', '_');
                    writeNpy(dump.resolve(name + "_A.npy"), f.a().data, f.a().numRows, f.a().numCols);
                    writeNpy(dump.resolve(name + "_G.npy"), f.g().data, f.g().numRows, f.g().numCols);
                    writeNpy(dump.resolve(name + "_A_eig.npy"), eigA, eigA.length, 1);
                    writeNpy(dump.resolve(name + "_G_eig.npy"), eigG, eigG.length, 1);
                    csv.append(name).append("_A,").append(eigA.length).append(',').append(ta[1]).append('\n');
                    csv.append(name).append("_G,").append(eigG.length).append(',').append(tg[1]).append('\n');
                }
            }
            Clock c = Clock.start();
            double[] features = FisherFeatures.cdf(base);
            double[] cdf = c.stop();
            if (dump != null) {
                Files.writeString(dump.resolve("ejml_seconds.csv"), csv.toString());
                StringBuilder layers = new StringBuilder("layer,weights\n");
                for (LayerSpectrum sp : base) {
                    layers.append(sp.layerName().replace('/', '_')).append(',').append(sp.weights()).append('\n');
                }
                Files.writeString(dump.resolve("layers.csv"), layers.toString());
                writeNpy(dump.resolve("features.npy"), features, features.length, 1);
            }
            if (print) {
                System.out.printf(Locale.ROOT, "stage                 wall s    cpu s%n");
                System.out.printf(Locale.ROOT, "forward/backward    %8.3f %8.3f%n", forwardBackward[0], forwardBackward[1]);
                System.out.printf(Locale.ROOT, "covariance float64  %8.3f %8.3f%n", cov64[0], cov64[1]);
                System.out.printf(Locale.ROOT, "covariance float32  %8.3f %8.3f  (chunks summed in float64)%n", cov32[0], cov32[1]);
                System.out.printf(Locale.ROOT, "eigen (EJML)        %8.3f %8.3f%n", ejml[0], ejml[1]);
                System.out.printf(Locale.ROOT, "eigen (QL)          %8.3f %8.3f%n", eigen[0], eigen[1]);
                System.out.printf(Locale.ROOT, "eigen (LAPACK)      %8.3f %8.3f  (libtorch eigvalsh%s)%n", lapack[0], lapack[1],
                        TorchEigen.available() ? "" : " unavailable: QL");
                System.out.printf(Locale.ROOT, "CDF features        %8.3f %8.3f  (%d values)%n", cdf[0], cdf[1], features.length);
                System.out.printf(Locale.ROOT, "total, float64+EJML %8.3f %8.3f%n",
                        forwardBackward[0] + cov64[0] + ejml[0] + cdf[0], forwardBackward[1] + cov64[1] + ejml[1] + cdf[1]);
                System.out.printf(Locale.ROOT, "total, float32+QL   %8.3f %8.3f%n",
                        forwardBackward[0] + cov32[0] + eigen[0] + cdf[0], forwardBackward[1] + cov32[1] + eigen[1] + cdf[1]);
                System.out.printf(Locale.ROOT, "total, f32+LAPACK   %8.3f %8.3f  (the default)%n",
                        forwardBackward[0] + cov32[0] + lapack[0] + cdf[0], forwardBackward[1] + cov32[1] + lapack[1] + cdf[1]);
                System.out.printf(Locale.ROOT, "CDF features, max |difference| to float64+EJML without floor, per layer "
                        + "(last column: float32 products vs float64, both floored LAPACK):%n");
                System.out.printf(Locale.ROOT, "%-9s %12s %12s %12s %12s %14s%n", "layer", "f64 EJML fl", "f64 QL fl",
                        "f64 LAPACK fl", "f32 LAPACK fl", "f32 vs f64 fl");
                for (int l = 0; l < base.size(); l++) {
                    double[] b = FisherFeatures.layerCdf(base.get(l));
                    System.out.printf(Locale.ROOT, "%-9s %12.2e %12.2e %12.2e %12.2e %14.2e%n", base.get(l).layerName(),
                            maxDifference(FisherFeatures.layerCdf(ejml64.get(l)), b),
                            maxDifference(FisherFeatures.layerCdf(ql64.get(l)), b),
                            maxDifference(FisherFeatures.layerCdf(lapack64.get(l)), b),
                            maxDifference(FisherFeatures.layerCdf(lapack32.get(l)), b),
                            maxDifference(FisherFeatures.layerCdf(lapack32.get(l)), FisherFeatures.layerCdf(lapack64.get(l))));
                }
                System.out.printf(Locale.ROOT, "floored EJML vs floored QL, float64: max |difference| %.2e%n",
                        maxDifference(FisherFeatures.cdf(ejml64), FisherFeatures.cdf(ql64)));
                System.out.printf(Locale.ROOT, "floored EJML vs floored LAPACK, float64: max |difference| %.2e%n",
                        maxDifference(FisherFeatures.cdf(ejml64), FisherFeatures.cdf(lapack64)));
                System.out.printf(Locale.ROOT, "float32 products, floored LAPACK (now) vs floored QL (before): max |difference| %.2e%n",
                        maxDifference(FisherFeatures.cdf(lapack32), FisherFeatures.cdf(ql32)));
            }
            return features;
        }
    }

    /** Largest entry difference relative to the largest entry. */
    private static double relativeDifference(DMatrixRMaj a, DMatrixRMaj b) {
        double scale = 0;
        double diff = 0;
        for (int i = 0; i < a.data.length; i++) {
            scale = Math.max(scale, Math.abs(a.data[i]));
            diff = Math.max(diff, Math.abs(a.data[i] - b.data[i]));
        }
        return diff / scale;
    }

    /** Writes a row-major float64 matrix in NumPy's .npy format (version 1.0). */
    private static void writeNpy(Path file, double[] data, int rows, int cols) throws IOException {
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + rows + ", " + cols + "), }";
        int unpadded = 10 + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        ByteBuffer buf = ByteBuffer.allocate(10 + header.length() + 8 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        buf.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        for (double v : data) {
            buf.putDouble(v);
        }
        Files.write(file, buf.array());
    }
}
