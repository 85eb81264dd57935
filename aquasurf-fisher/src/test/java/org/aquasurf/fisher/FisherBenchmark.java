package org.aquasurf.fisher;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
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
import java.util.List;
import java.util.Locale;

/**
 * Seconds per stage of the Fisher features of All-CNN-C (ReLU, 100 classes, Glorot-uniform
 * weights) on one batch of random CIFAR-shaped images: forward/backward with probes, covariance
 * products (libtorch, float64 and float32), EJML eigenvalues, CDF features. Prints wall-clock and
 * CPU seconds of the calling thread (with one libtorch thread all work runs there, so CPU seconds
 * are robust to other processes sharing the machine). Prints numbers only.
 *
 * <p>Arguments: {@code [batch=128] [dumpDir]}. With a dump directory, every float64 factor is
 * written as {@code <layer>_<A|G>.npy} with its EJML eigenvalues ({@code _eig.npy}) and EJML CPU
 * seconds ({@code ejml_seconds.csv}), plus the CDF features ({@code features.npy}, layers in
 * {@code layers.csv}), so that {@code src/test/python/numpy_check.py} can time LAPACK on the same
 * matrices and recompute the features with numpy's histogram. Run with OMP_NUM_THREADS=1, -Dai.djl.offline=true and
 * -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1.
 */
public final class FisherBenchmark {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private FisherBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int batch = args.length > 0 ? Integer.parseInt(args[0]) : 128;
        Path dump = args.length > 1 ? Path.of(args[1]) : null;
        if (dump != null) {
            Files.createDirectories(dump);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock net = AllCnnC.build(100, Activation::reluBlock);
            net.initialize(m, DataType.FLOAT32, new Shape(batch, 3, 32, 32));
            m.getEngine().setRandomSeed(42);
            NDArray x = m.randomNormal(new Shape(batch, 3, 32, 32));
            NDArray y = m.randomInteger(0, 100, new Shape(batch), DataType.INT64);
            Loss loss = Loss.softmaxCrossEntropyLoss();

            run(net, x.get("0:4"), y.get("0:4"), loss, null, false); // warm-up (engine, JIT)
            System.out.printf(Locale.ROOT, "All-CNN-C, batch %d, threads: torch %s, OMP %s, cores %d%n", batch,
                    System.getProperty("ai.djl.pytorch.num_threads", "default"), System.getenv("OMP_NUM_THREADS"),
                    Runtime.getRuntime().availableProcessors());
            run(net, x, y, loss, dump, true);
        }
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

    private static void run(SequentialBlock net, NDArray x, NDArray y, Loss loss, Path dump, boolean print)
            throws IOException {
        Clock c0 = Clock.start();
        try (Capture capture = Capture.run(net, x, y, loss)) {
            double[] forwardBackward = c0.stop();
            double[] cov64 = new double[2];
            double[] cov32 = new double[2];
            double[] eigen = new double[2];
            List<LayerSpectrum> spectra = new ArrayList<>();
            List<LayerSpectrum> spectra32 = new ArrayList<>();
            StringBuilder csv = new StringBuilder("matrix,size,ejml_seconds\n");
            if (print) {
                System.out.printf(Locale.ROOT, "%-9s %7s %5s %4s %17s %17s %17s %9s%n", "layer", "weights", "A", "G",
                        "cov64 wall/cpu s", "cov32 wall/cpu s", "eigen wall/cpu s", "A f32 err");
            }
            for (LayerCapture layer : capture.layers()) {
                Clock c = Clock.start();
                KfacFactors f32 = KfacFactors.of(layer, capture.batchSize(), FisherOptions.kfac().withFloat64Covariance(false));
                double[] c32 = c.stop();
                c = Clock.start();
                KfacFactors f = KfacFactors.of(layer, capture.batchSize(), FisherOptions.kfac());
                double[] c64 = c.stop();
                c = Clock.start();
                double[] eigA = Eigen.symmetric(f.a());
                double[] ta = c.stop();
                c = Clock.start();
                double[] eigG = Eigen.symmetric(f.g());
                double[] tg = c.stop();
                WeightedLayer w = layer.layer();
                spectra.add(new LayerSpectrum(w.name(), w.kind(), w.weights(), eigA, eigG));
                spectra32.add(FisherSpectrum.spectrum(f32));
                for (int i = 0; i < 2; i++) {
                    cov64[i] += c64[i];
                    cov32[i] += c32[i];
                    eigen[i] += ta[i] + tg[i];
                }
                if (print) {
                    System.out.printf(Locale.ROOT, "%-9s %7d %5d %4d %8.3f/%8.3f %8.3f/%8.3f %8.3f/%8.3f %9.1e%n",
                            w.name(), w.weights(), f.a().numRows, f.g().numRows, c64[0], c64[1], c32[0], c32[1],
                            ta[0] + tg[0], ta[1] + tg[1], relativeDifference(f.a(), f32.a()));
                }
                if (dump != null) {
                    String base = w.name().replace('/', '_');
                    writeNpy(dump.resolve(base + "_A.npy"), f.a().data, f.a().numRows, f.a().numCols);
                    writeNpy(dump.resolve(base + "_G.npy"), f.g().data, f.g().numRows, f.g().numCols);
                    writeNpy(dump.resolve(base + "_A_eig.npy"), eigA, eigA.length, 1);
                    writeNpy(dump.resolve(base + "_G_eig.npy"), eigG, eigG.length, 1);
                    csv.append(base).append("_A,").append(eigA.length).append(',').append(ta[1]).append('\n');
                    csv.append(base).append("_G,").append(eigG.length).append(',').append(tg[1]).append('\n');
                }
            }
            Clock c = Clock.start();
            double[] features = FisherFeatures.cdf(spectra);
            double[] cdf = c.stop();
            double[] features32 = FisherFeatures.cdf(spectra32);
            double cdfDrift = 0;
            for (int i = 0; i < features.length; i++) {
                cdfDrift = Math.max(cdfDrift, Math.abs(features[i] - features32[i]));
            }
            if (dump != null) {
                Files.writeString(dump.resolve("ejml_seconds.csv"), csv.toString());
                StringBuilder layers = new StringBuilder("layer,weights\n");
                for (LayerSpectrum sp : spectra) {
                    layers.append(sp.layerName().replace('/', '_')).append(',').append(sp.weights()).append('\n');
                }
                Files.writeString(dump.resolve("layers.csv"), layers.toString());
                writeNpy(dump.resolve("features.npy"), features, features.length, 1);
            }
            if (print) {
                System.out.printf(Locale.ROOT, "stage                 wall s    cpu s%n");
                System.out.printf(Locale.ROOT, "forward/backward    %8.3f %8.3f%n", forwardBackward[0], forwardBackward[1]);
                System.out.printf(Locale.ROOT, "covariance float64  %8.3f %8.3f%n", cov64[0], cov64[1]);
                System.out.printf(Locale.ROOT, "covariance float32  %8.3f %8.3f%n", cov32[0], cov32[1]);
                System.out.printf(Locale.ROOT, "eigen (EJML)        %8.3f %8.3f%n", eigen[0], eigen[1]);
                System.out.printf(Locale.ROOT, "CDF features        %8.3f %8.3f  (%d values)%n", cdf[0], cdf[1], features.length);
                System.out.printf(Locale.ROOT, "total, float64      %8.3f %8.3f%n",
                        forwardBackward[0] + cov64[0] + eigen[0] + cdf[0], forwardBackward[1] + cov64[1] + eigen[1] + cdf[1]);
                System.out.printf(Locale.ROOT, "CDF features, float32 vs float64 covariance: max |difference| %.2e%n", cdfDrift);
            }
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
