package org.aquasurf.fisher;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.loss.Loss;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * K-FAC eigenvalues of the Fisher information of a DJL model at its current weights (Martens and
 * Grosse 2015; Grosse and Martens 2016). The Fisher is taken block diagonal, one block per Dense
 * (Linear), Conv2d and depthwise Conv2d layer, each block the Kronecker product A ⊗ G. It is the
 * empirical Fisher: G is built from the gradients of {@code loss} on the given (true) labels.
 *
 * <p>The model is run in inference mode, walking {@link ai.djl.nn.SequentialBlock}s (nested ones
 * too) layer by layer; any other block is run as a whole. A non-sequential block that contains a
 * weighted layer, a non-square kernel, dilation, a grouped convolution, or a depth multiplier
 * other than 1 is rejected with an {@link IllegalArgumentException} naming the layer; other
 * blocks with weights (batch norm, Conv1d, ...) are logged as a warning and left out. DJL's
 * Linear and Conv2d cannot fuse an activation, so activations are always separate blocks.
 *
 * <p>Eigenvalues of each factor below {@code n · ε · λmax} (n its size, ε the float64 machine
 * epsilon), zero and negative ones included, are raised to that floor ({@link Eigen#floored}).
 * Below it a factor's eigenvalues are rounding noise that every solver resolves differently: with
 * softmax cross-entropy the output layer's G is exactly singular (each per-sample gradient sums to
 * zero), so without the floor 1/C of that layer's log-eigenvalues would depend on the solver.
 * The reference counts such noise where it falls, and leaves out negative noise.
 *
 * <p>The first weighted layer's A eigenvalues are kept for the next call, which reuses them when
 * that layer's input is the same bytes (the same batch for another activation function; see
 * {@link FirstInputSpectrum}): the result is the same, without recomputing that factor.
 *
 * <p>With more than one thread ({@link FisherOptions#threads()}), each layer's A (which needs only
 * the layer's input) is computed on the layer threads while the forward and backward pass still
 * runs on the calling thread, and the G's after it; results do not depend on the number of
 * threads. Everything then runs libtorch (and its LAPACK) on one intra-op thread per Java thread
 * (the calling thread's setting is restored on return): libtorch's spinning OpenMP threads on top
 * of the layer threads oversubscribe the cores (FisherBenchmark, one pair of runs at load ~3 on 2 cores: 4.9 s wall,
 * 9.1 s CPU per All-CNN-C function, against 5.3 s and 10.5 s with 2 intra-op threads for the
 * forward and backward pass). With one thread, everything runs on the calling thread with the
 * engine's intra-op threads.
 */
public final class FisherSpectrum {

    private FisherSpectrum() {
    }

    /**
     * Computes the spectrum of every weighted layer, in forward order.
     *
     * @param model an initialized model whose output {@code loss} accepts as predictions
     * @param samples a batch, batch axis first (NCHW images for convolutional models)
     * @param labels the labels of the samples, as {@code loss} expects them
     * @param loss the training loss; with {@link FisherOptions.Scaling#KFAC} it must average over
     *     the batch, as every DJL built-in loss does
     * @param options normalisation and precision
     */
    public static List<LayerSpectrum> compute(Block model, NDArray samples, NDArray labels, Loss loss,
            FisherOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("Fisher: options must not be null");
        }
        if (options.threads() > 1) {
            return overlapped(model, samples, labels, loss, options);
        }
        try (Capture capture = Capture.run(model, samples, labels, loss)) {
            List<LayerSpectrum> spectra = new ArrayList<>();
            List<LayerCapture> layers = capture.layers();
            for (int i = 0; i < layers.size(); i++) {
                LayerCapture layer = layers.get(i);
                double[] eigA = inputSpectrum(layer.layer(), layer.input(), capture.batchSize(), options, i == 0);
                spectra.add(spectrum(layer.layer(), eigA, outputSpectrum(layer, capture.batchSize(), options)));
            }
            return List.copyOf(spectra);
        }
    }

    /**
     * The layers' A spectra on {@code options.threads()} threads while the forward and backward
     * pass runs (each A is submitted when the forward pass reaches its layer), then the G spectra,
     * costliest first.
     */
    private static List<LayerSpectrum> overlapped(Block model, NDArray samples, NDArray labels, Loss loss,
            FisherOptions options) {
        int callerThreads = JniUtils.getNumThreads();
        JniUtils.setNumThreads(1); // the forward and backward pass shares the cores with the layer threads
        ExecutorService pool = pool(options.threads());
        List<Future<?>> submitted = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Future<double[]>> eigA = new ArrayList<>();
        Capture.InputListener listener = new Capture.InputListener() {
            @Override
            public void input(int index, WeightedLayer layer, NDArray input, long batch) {
                Future<double[]> f = pool.submit(() -> inputSpectrum(layer, input, batch, options, index == 0));
                submitted.add(f);
                eigA.add(f);
            }

            @Override
            public void abandon() {
                stop(submitted);
            }
        };
        try {
            Capture capture = Capture.run(model, samples, labels, loss, listener);
            try {
                List<LayerCapture> layers = capture.layers();
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < layers.size(); i++) {
                    order.add(i);
                }
                order.sort(Comparator.comparingDouble((Integer i) -> -(double) layers.get(i).outputGradient().size()
                        * layers.get(i).layer().outputSize()));
                List<Future<double[]>> eigG = new ArrayList<>(Collections.nCopies(layers.size(), null));
                for (int i : order) {
                    LayerCapture layer = layers.get(i);
                    Future<double[]> f = pool.submit(() -> outputSpectrum(layer, capture.batchSize(), options));
                    submitted.add(f);
                    eigG.set(i, f);
                }
                List<LayerSpectrum> spectra = new ArrayList<>();
                for (int i = 0; i < layers.size(); i++) {
                    spectra.add(spectrum(layers.get(i).layer(), eigA.get(i).get(), eigG.get(i).get()));
                }
                return List.copyOf(spectra);
            } finally {
                stop(submitted); // before the captured arrays are freed: no task may still use them
                capture.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Fisher: interrupted while computing layer spectra", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("Fisher: " + e.getCause(), e.getCause());
        } finally {
            stop(submitted);
            JniUtils.setNumThreads(callerThreads); // libtorch keeps the count for threads it starts later
        }
    }

    /** Layer thread pools by size, kept for the process: a thread's libtorch and MKL state is set up once. */
    private static final Map<Integer, ExecutorService> POOLS = new ConcurrentHashMap<>();

    /** The process's pool of {@code threads} daemon layer threads (libtorch on one intra-op thread, no autograd). */
    private static ExecutorService pool(int threads) {
        return POOLS.computeIfAbsent(threads, n -> Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(() -> {
                JniUtils.setNumThreads(1); // the layers are the parallel work: no libtorch/MKL threads on top
                JniUtils.setGradMode(false); // the inputs require gradients; the factors need no graph
                r.run();
            }, "fisher-layer");
            t.setDaemon(true);
            return t;
        }));
    }

    /** Cancels the tasks that have not started and waits, however long, for the running ones to finish. */
    private static void stop(List<Future<?>> tasks) {
        boolean interrupted = false;
        for (Future<?> f : tasks) {
            if (f.cancel(false)) {
                continue; // it will not run
            }
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException | java.util.concurrent.CancellationException e) {
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Floored eigenvalues of a layer's A with the default solver; the first layer's come from
     * {@link FirstInputSpectrum} when its input is the one of the previous call.
     */
    private static double[] inputSpectrum(WeightedLayer layer, NDArray input, long batch, FisherOptions options,
            boolean first) {
        double[] eigA = first ? FirstInputSpectrum.lookup(layer, input, batch, options) : null;
        if (eigA == null) {
            eigA = Eigen.floored(Eigen.symmetric(KfacFactors.inputFactor(layer, input, batch, options)));
            if (first) {
                FirstInputSpectrum.store(layer, input, batch, options, eigA);
            }
        }
        return eigA;
    }

    /** Floored eigenvalues of a layer's G with the default solver. */
    private static double[] outputSpectrum(LayerCapture layer, long batch, FisherOptions options) {
        return Eigen.floored(Eigen.symmetric(KfacFactors.outputFactor(layer, batch, options)));
    }

    /**
     * Eigen-decomposes both factors of a layer; eigenvalues in the rounding noise of zero are
     * raised to the noise level ({@link Eigen#floored}) so that features do not depend on the solver.
     */
    static LayerSpectrum spectrum(KfacFactors factors) {
        return spectrum(factors, Eigen.Solver.LAPACK);
    }

    /** {@link #spectrum(KfacFactors)} with the given eigenvalue solver. */
    static LayerSpectrum spectrum(KfacFactors factors, Eigen.Solver solver) {
        return spectrum(factors.layer(), Eigen.floored(Eigen.symmetric(factors.a(), solver)),
                Eigen.floored(Eigen.symmetric(factors.g(), solver)));
    }

    private static LayerSpectrum spectrum(WeightedLayer layer, double[] eigA, double[] eigG) {
        if (Double.isNaN(eigA[0]) || Double.isNaN(eigG[0])) {
            System.getLogger(FisherSpectrum.class.getName()).log(System.Logger.Level.DEBUG,
                    "Fisher: layer ''{0}'' has a non-finite covariance; its eigenvalues are NaN", layer.name());
        }
        return new LayerSpectrum(layer.name(), layer.kind(), layer.weights(), eigA, eigG);
    }
}
