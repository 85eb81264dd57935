package org.aquasurf.fisher;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Eigenvalues of symmetric float64 matrices by libtorch's {@code torch.linalg.eigvalsh}, which
 * calls LAPACK's {@code dsyevd} (MKL in DJL's CPU build; on All-CNN-C's factors about 4 times less
 * CPU than {@link Eigen}'s own solver, FisherBenchmark). DJL's NDArray has no eigen solver, so the
 * call is a TorchScript module of one line, written in memory as a TorchScript archive and loaded
 * once per process. The module runs on libtorch's intra-op threads.
 *
 * <p>Where the PyTorch engine cannot be loaded or cannot compile the module, {@link #available()}
 * is false and says nothing more than a debug log line; {@link Eigen} then uses its own solver.
 */
final class TorchEigen {

    private static final System.Logger LOG = System.getLogger(TorchEigen.class.getName());

    /** The TorchScript source of the module: upper triangle read, eigenvalues ascending. */
    private static final String SOURCE = """
            class Eigvalsh(Module):
              __parameters__ = []
              __buffers__ = []
              training : bool
              def forward(self: __torch__.Eigvalsh,
                x: Tensor) -> Tensor:
                return torch.linalg_eigvalsh(x, "U")
            """;

    private TorchEigen() {
    }

    /** Loaded on first use; BLOCK is null when libtorch is not usable. */
    private static final class Module {
        static final NDManager MANAGER;
        static final PtSymbolBlock BLOCK;

        static {
            NDManager manager = null;
            PtSymbolBlock block = null;
            try {
                manager = Engine.getEngine("PyTorch").newBaseManager();
                block = JniUtils.loadModule((PtNDManager) manager, new ByteArrayInputStream(archive()), false, false);
                JniUtils.enableInferenceMode(block);
            } catch (RuntimeException | IOException | LinkageError e) {
                LOG.log(System.Logger.Level.DEBUG, "Fisher: libtorch eigvalsh unavailable ({0}); "
                        + "using the Householder/QL solver", e.toString());
                if (manager != null) {
                    manager.close();
                }
                manager = null;
                block = null;
            }
            MANAGER = manager;
            BLOCK = block;
        }
    }

    /** Whether libtorch's solver can be used in this process (loads it on the first call). */
    static boolean available() {
        return Module.BLOCK != null;
    }

    /**
     * Eigenvalues, ascending, of the symmetric n×n matrix whose upper triangle is in the row-major
     * {@code values} (not modified).
     *
     * @throws IllegalStateException if libtorch is not {@link #available()}
     * @throws RuntimeException (DJL's EngineException) if LAPACK fails, for instance to converge
     */
    static double[] eigenvalues(double[] values, int n) {
        if (!available()) {
            throw new IllegalStateException("Fisher: libtorch eigvalsh is not available in this process");
        }
        try (NDManager call = Module.MANAGER.newSubManager()) {
            NDArray x = call.create(values, new Shape(n, n));
            NDList out = IValueUtils.forward(Module.BLOCK, new NDList(x), false);
            return out.singletonOrThrow().toDoubleArray();
        }
    }

    /**
     * A TorchScript archive (zip) holding one module class {@code Eigvalsh}: its source under
     * {@code code/}, the pickled module object (protocol 2: the class, no arguments, state
     * {@code training = True}) as {@code data.pkl}, an empty constants tuple and the format version.
     */
    static byte[] archive() throws IOException {
        ByteArrayOutputStream pickle = new ByteArrayOutputStream();
        pickle.write(new byte[] {(byte) 0x80, 2, 'c'}); // PROTO 2, GLOBAL
        pickle.write("__torch__\nEigvalsh\n".getBytes(StandardCharsets.US_ASCII));
        pickle.write(new byte[] {')', (byte) 0x81, '}', 'X', 8, 0, 0, 0}); // EMPTY_TUPLE NEWOBJ EMPTY_DICT BINUNICODE
        pickle.write("training".getBytes(StandardCharsets.US_ASCII));
        pickle.write(new byte[] {(byte) 0x88, 's', 'b', '.'}); // NEWTRUE SETITEM BUILD STOP
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            entry(zip, "eigvalsh/version", "3\n".getBytes(StandardCharsets.US_ASCII));
            entry(zip, "eigvalsh/code/__torch__.py", SOURCE.getBytes(StandardCharsets.UTF_8));
            entry(zip, "eigvalsh/data.pkl", pickle.toByteArray());
            entry(zip, "eigvalsh/constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'}); // ()
        }
        return bytes.toByteArray();
    }

    private static void entry(ZipOutputStream zip, String name, byte[] data) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(data);
        zip.closeEntry();
    }
}
