package org.aquasurf.examples.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reader for gzipped IDX files of unsigned bytes (the MNIST format): a 4-byte big-endian magic number
 * {@code 0x000008DD} (type 0x08 = unsigned byte, DD = number of dimensions), DD big-endian int32 sizes,
 * then the bytes in row-major order.
 */
final class Idx {

    /** Header sizes and the data bytes of one IDX file. */
    record Content(int[] dims, byte[] data) {}

    private Idx() {}

    /**
     * Reads a gzipped IDX file with {@code expectedDims} dimensions.
     *
     * @param gz     the gzipped stream (closed by this method)
     * @param source name of the file for error messages
     * @throws IllegalArgumentException when the stream is not gzip, the magic number or sizes are wrong,
     *                                  or the data is truncated or followed by extra bytes
     */
    static Content readGzip(InputStream gz, String source, int expectedDims) {
        try (InputStream raw = gz; DataInputStream in = new DataInputStream(new GZIPInputStream(raw))) {
            int magic;
            try {
                magic = in.readInt();
            } catch (EOFException e) {
                throw new IllegalArgumentException(source + ": truncated IDX file, shorter than its 4-byte magic number", e);
            }
            int expectedMagic = 0x0800 | expectedDims;
            if (magic != expectedMagic) {
                throw new IllegalArgumentException(String.format(
                        "%s: bad IDX magic number 0x%08X, expected 0x%08X (unsigned bytes, %d dimensions)",
                        source, magic, expectedMagic, expectedDims));
            }
            int[] dims = new int[expectedDims];
            long total = 1;
            for (int d = 0; d < expectedDims; d++) {
                try {
                    dims[d] = in.readInt();
                } catch (EOFException e) {
                    throw new IllegalArgumentException(source + ": truncated IDX header, missing size of dimension " + d, e);
                }
                if (dims[d] <= 0) {
                    throw new IllegalArgumentException(source + ": IDX size of dimension " + d + " is " + dims[d] + ", must be positive");
                }
                total *= dims[d];
            }
            if (total > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(source + ": IDX sizes " + Arrays.toString(dims) + " are too large");
            }
            byte[] data = in.readNBytes((int) total);
            if (data.length < total) {
                throw new IllegalArgumentException(source + ": truncated IDX data, header " + Arrays.toString(dims)
                        + " promises " + total + " bytes but only " + data.length + " follow");
            }
            if (in.read() != -1) {
                throw new IllegalArgumentException(source + ": IDX file has extra bytes after the " + total
                        + " bytes promised by its header " + Arrays.toString(dims));
            }
            return new Content(dims, data);
        } catch (ZipException e) {
            throw new IllegalArgumentException(source + ": not a valid gzip file (" + e.getMessage() + ")", e);
        } catch (EOFException e) {
            throw new IllegalArgumentException(source + ": gzip stream ends early (truncated file)", e);
        } catch (IOException e) {
            throw new UncheckedIOException(source + ": cannot read (" + e.getMessage() + ")", e);
        }
    }
}
