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
 * products (libtorch, float64 and float32), EJML eigenvalues, CDF features. Prints numbers only.
 *
 * <p>Arguments: {@code [batch=128] [dumpDir]}. With a dump directory, every factor is written
 * as {@code <layer>_<A|G>.npy} with its EJML eigenvalues ({@code _eig.npy}) and EJML seconds
 * ({@code ejml_seconds.csv}) so that {@code src/test/python/lapack_eigh.py} can time LAPACK on
 * the same matrices. Run with OMP_NUM_THREADS=1, -Dai.djl.offline=true and
 * -Dai.djl.pytorch.num_threads=1 for single-thread numbers.
 */
public final class FisherBenchmark {

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

    private static void run(SequentialBlock net, NDArray x, NDArray y, Loss loss, Path dump, boolean print)
            throws IOException {
        long t0 = System.nanoTime();
        try (Capture capture = Capture.run(net, x, y, loss)) {
            double forwardBackward = seconds(t0);
            double cov64 = 0;
            double cov32 = 0;
            double eigen = 0;
            List<LayerSpectrum> spectra = new ArrayList<>();
            List<LayerSpectrum> spectra32 = new ArrayList<>();
            StringBuilder csv = new StringBuilder("matrix,size,ejml_seconds\n");
            if (print) {
                System.out.printf(Locale.ROOT, "%-10s %8s %6s %5s %10s %10s %10s%n",
                        "layer", "weights", "A", "G", "cov64 s", "cov32 s", "eigen s");
            }
            for (LayerCapture layer : capture.layers()) {
                long t = System.nanoTime();
                KfacFactors f32 = KfacFactors.of(layer, capture.batchSize(), FisherOptions.kfac().withFloat64Covariance(false));
                double c32 = seconds(t);
                t = System.nanoTime();
                KfacFactors f = KfacFactors.of(layer, capture.batchSize(), FisherOptions.kfac());
                double c64 = seconds(t);
                t = System.nanoTime();
                double[] eigA = Eigen.symmetric(f.a());
                double ta = seconds(t);
                t = System.nanoTime();
                double[] eigG = Eigen.symmetric(f.g());
                double tg = seconds(t);
                WeightedLayer w = layer.layer();
                spectra.add(new LayerSpectrum(w.name(), w.kind(), w.weights(), eigA, eigG));
                spectra32.add(FisherSpectrum.spectrum(f32));
                cov64 += c64;
                cov32 += c32;
                eigen += ta + tg;
                if (print) {
                    System.out.printf(Locale.ROOT, "%-10s %8d %6d %5d %10.3f %10.3f %10.3f%n", w.name(), w.weights(),
                            f.a().numRows, f.g().numRows, c64, c32, ta + tg);
                    double drift = relativeDifference(f.a(), f32.a());
                    System.out.printf(Locale.ROOT, "%-10s float32 vs float64 A: max relative entry difference %.2e%n", "", drift);
                }
                if (dump != null) {
                    String base = w.name().replace('/', '_');
                    writeNpy(dump.resolve(base + "_A.npy"), f.a().data, f.a().numRows, f.a().numCols);
                    writeNpy(dump.resolve(base + "_G.npy"), f.g().data, f.g().numRows, f.g().numCols);
                    writeNpy(dump.resolve(base + "_A_eig.npy"), eigA, eigA.length, 1);
                    writeNpy(dump.resolve(base + "_G_eig.npy"), eigG, eigG.length, 1);
                    csv.append(base).append("_A,").append(eigA.length).append(',').append(ta).append('\n');
                    csv.append(base).append("_G,").append(eigG.length).append(',').append(tg).append('\n');
                }
            }
            long t = System.nanoTime();
            double[] features = FisherFeatures.cdf(spectra);
            double cdf = seconds(t);
            double[] features32 = FisherFeatures.cdf(spectra32);
            double cdfDrift = 0;
            for (int i = 0; i < features.length; i++) {
                cdfDrift = Math.max(cdfDrift, Math.abs(features[i] - features32[i]));
            }
            if (dump != null) {
                Files.writeString(dump.resolve("ejml_seconds.csv"), csv.toString());
            }
            if (print) {
                System.out.printf(Locale.ROOT, "forward/backward %.3f s%n", forwardBackward);
                System.out.printf(Locale.ROOT, "covariance float64 %.3f s (float32 %.3f s)%n", cov64, cov32);
                System.out.printf(Locale.ROOT, "eigen (EJML) %.3f s%n", eigen);
                System.out.printf(Locale.ROOT, "CDF features %.3f s (%d values)%n", cdf, features.length);
                System.out.printf(Locale.ROOT, "total (float64 covariance) %.3f s%n", forwardBackward + cov64 + eigen + cdf);
                System.out.printf(Locale.ROOT, "CDF features, float32 vs float64 covariance: max |difference| %.2e%n", cdfDrift);
            }
        }
    }

    private static double relativeDifference(DMatrixRMaj a, DMatrixRMaj b) {
        double scale = 0;
        double diff = 0;
        for (int i = 0; i < a.data.length; i++) {
            scale = Math.max(scale, Math.abs(a.data[i]));
            diff = Math.max(diff, Math.abs(a.data[i] - b.data[i]));
        }
        return diff / scale;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
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
