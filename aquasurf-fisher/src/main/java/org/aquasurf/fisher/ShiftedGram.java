package org.aquasurf.fisher;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.ejml.data.DMatrixRMaj;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Σ h hᵀ over the rows h = [patch; 1] of a standard convolution's expanded input (the unscaled
 * A factor, in DJL's weight order), computed from shifted views of the input without expanding
 * the patches. The (C × C) block of kernel offsets o, o' is Σ x_y x_{y+d}ᵀ over the input
 * positions y that offset o reads (a strided rectangle, clipped to the image since padding
 * contributes zeros), with d = o' − o. Blocks with the same d (and, for a stride above 1, the same
 * stride phase) are mostly the same sum: such a group can share one product over the largest
 * rectangle and subtract thin border strips per block. A group shares when that multiplies fewer
 * rows than one product per block; for a 3×3 stride-1 convolution on 16×16 or 32×32 images that
 * is 2 to 3 times fewer rows than the patch products. Chunks of samples are multiplied in
 * {@code type} and summed in float64.
 */
final class ShiftedGram {

    /**
     * Input elements per chunk of samples: bounds native memory, and the number of float32
     * products summed inside one matmul (the chunks are summed in float64).
     */
    private static final long CHUNK_ELEMENTS = 1L << 20;

    /** Whether blocks with the same shift share one product; AUTO picks the fewer rows. */
    enum Sharing { AUTO, NEVER, ALWAYS }

    /** A strided rectangle of input positions: rows r0, r0+sr, ... (nr of them), likewise columns. */
    private record Rect(int r0, int nr, int sr, int c0, int nc, int sc) {
        long area() {
            return (long) nr * nc;
        }

        boolean empty() {
            return nr <= 0 || nc <= 0;
        }

        NDIndex index(int di, int dj) {
            return new NDIndex(":, {}:{}:{}, {}:{}:{}, :", r0 + di, r0 + di + (nr - 1) * sr + 1, sr,
                    c0 + dj, c0 + dj + (nc - 1) * sc + 1, sc);
        }
    }

    /** One product Σ over rect of x_y x_{y+d}ᵀ. */
    private record Term(Rect rect, int di, int dj) {
    }

    /** The block of offsets (o, o') as a signed sum of terms. */
    private record Block(int o, int o2, List<Term> plus, List<Term> minus) {
    }

    private ShiftedGram() {
    }

    /** The Gram matrix of a standard convolution's homogeneous patches; see the class comment. */
    static DMatrixRMaj of(NDArray input, WeightedLayer layer, DataType type, NDManager local, Sharing sharing) {
        Shape s = input.getShape();
        int n = Math.toIntExact(s.get(0));
        int ch = Math.toIntExact(s.get(1));
        int h = Math.toIntExact(s.get(2));
        int w = Math.toIntExact(s.get(3));
        int k = layer.kernel();
        long[] out = Patches.outputSize(layer, h, w);
        List<Block> blocks = plan(layer, h, w, (int) out[0], (int) out[1], sharing);
        List<Rect> own = new ArrayList<>(); // positions read by each offset, for the bias column
        for (int o = 0; o < k * k; o++) {
            own.add(rect(layer, o, 0, 0, h, w, (int) out[0], (int) out[1]));
        }

        Map<Term, NDArray> products = new LinkedHashMap<>();
        for (Block b : blocks) {
            b.plus().forEach(t -> products.put(t, null));
            b.minus().forEach(t -> products.put(t, null));
        }
        NDArray[] sums = new NDArray[k * k];
        long chunk = Math.max(1, CHUNK_ELEMENTS / ((long) ch * h * w));
        for (long start = 0; start < n; start += chunk) {
            try (NDManager step = local.newSubManager()) {
                NDArray x = input.get(new NDIndex("{}:{}", start, Math.min(n, start + chunk)));
                x.attach(step);
                long rows = x.getShape().get(0) * h * w;
                // one transposing copy per chunk (reshape of the permuted view); rectangles are then cut from it
                NDArray nhwc = x.toType(type, false).transpose(0, 2, 3, 1).reshape(rows, ch)
                        .reshape(x.getShape().get(0), h, w, ch);
                nhwc.attach(step);
                for (Map.Entry<Term, NDArray> e : products.entrySet()) {
                    Term t = e.getKey();
                    NDArray left = nhwc.get(t.rect().index(0, 0)).reshape(-1, ch);
                    NDArray right = nhwc.get(t.rect().index(t.di(), t.dj())).reshape(-1, ch);
                    e.setValue(accumulate(e.getValue(), left.transpose().matMul(right), local));
                }
                if (layer.bias()) {
                    for (int o = 0; o < k * k; o++) {
                        if (!own.get(o).empty()) {
                            sums[o] = accumulate(sums[o], nhwc.get(own.get(o).index(0, 0)).sum(new int[] {0, 1, 2}), local);
                        }
                    }
                }
            }
        }
        Map<Term, double[]> values = new HashMap<>();
        products.forEach((t, v) -> values.put(t, v.toDoubleArray()));

        int groups = k * k;
        int size = layer.aSize();
        DMatrixRMaj full = new DMatrixRMaj(size, size);
        double[] block = new double[ch * ch];
        for (Block b : blocks) {
            java.util.Arrays.fill(block, 0);
            for (Term t : b.plus()) {
                add(block, values.get(t), 1);
            }
            for (Term t : b.minus()) {
                add(block, values.get(t), -1);
            }
            for (int c = 0; c < ch; c++) {
                for (int c2 = 0; c2 < ch; c2++) {
                    int row = c * groups + b.o();
                    int col = c2 * groups + b.o2();
                    full.set(row, col, block[c * ch + c2]);
                    full.set(col, row, block[c * ch + c2]);
                }
            }
        }
        if (layer.bias()) {
            int cols = size - 1;
            for (int o = 0; o < groups; o++) {
                double[] colSums = sums[o] == null ? new double[ch] : sums[o].toDoubleArray();
                for (int c = 0; c < ch; c++) {
                    full.set(c * groups + o, cols, colSums[c]);
                    full.set(cols, c * groups + o, colSums[c]);
                }
            }
            full.set(cols, cols, (double) n * out[0] * out[1]);
        }
        return full;
    }

    /** Every block (o ≤ o') as terms, sharing products between blocks of the same shift where that pays. */
    private static List<Block> plan(WeightedLayer layer, int h, int w, int ho, int wo, Sharing sharing) {
        int k = layer.kernel();
        Map<List<Integer>, List<int[]>> groups = new LinkedHashMap<>(); // (di, dj, phases) -> pairs
        for (int o = 0; o < k * k; o++) {
            for (int o2 = o; o2 < k * k; o2++) {
                int di = o2 / k - o / k;
                int dj = o2 % k - o % k;
                int phaseRow = Math.floorMod(o / k - layer.padH(), layer.strideH());
                int phaseCol = Math.floorMod(o % k - layer.padW(), layer.strideW());
                groups.computeIfAbsent(List.of(di, dj, phaseRow, phaseCol), key -> new ArrayList<>())
                        .add(new int[] {o, o2});
            }
        }
        List<Block> blocks = new ArrayList<>();
        for (Map.Entry<List<Integer>, List<int[]>> g : groups.entrySet()) {
            int di = g.getKey().get(0);
            int dj = g.getKey().get(1);
            Rect max = new Rect(first(-di, h, layer.strideH(), g.getKey().get(2)),
                    count(-di, h, layer.strideH(), g.getKey().get(2)), layer.strideH(),
                    first(-dj, w, layer.strideW(), g.getKey().get(3)),
                    count(-dj, w, layer.strideW(), g.getKey().get(3)), layer.strideW());
            long direct = 0;
            long shared = max.area();
            List<Block> alone = new ArrayList<>();
            List<Block> sharing1 = new ArrayList<>();
            for (int[] pair : g.getValue()) {
                Rect r = rect(layer, pair[0], di, dj, h, w, ho, wo);
                if (r.empty()) {
                    alone.add(new Block(pair[0], pair[1], List.of(), List.of()));
                    sharing1.add(new Block(pair[0], pair[1], List.of(), List.of()));
                    continue;
                }
                direct += r.area();
                alone.add(new Block(pair[0], pair[1], List.of(new Term(r, di, dj)), List.of()));
                List<Term> strips = new ArrayList<>();
                for (Rect strip : strips(max, r)) {
                    if (!strip.empty()) {
                        strips.add(new Term(strip, di, dj));
                        shared += strip.area();
                    }
                }
                sharing1.add(new Block(pair[0], pair[1], List.of(new Term(max, di, dj)), strips));
            }
            boolean share = sharing == Sharing.ALWAYS || sharing == Sharing.AUTO && shared < direct;
            blocks.addAll(share ? sharing1 : alone);
        }
        return blocks;
    }

    /**
     * The input positions y that kernel offset o reads and whose y + d is inside the image:
     * rows o_row − pad + stride·r (r over the output rows) within [0, h) ∩ [−di, h − di), likewise columns.
     */
    private static Rect rect(WeightedLayer layer, int o, int di, int dj, int h, int w, int ho, int wo) {
        int k = layer.kernel();
        int[] rows = clip(o / k - layer.padH(), layer.strideH(), ho, Math.max(0, -di), Math.min(h, h - di) - 1);
        int[] cols = clip(o % k - layer.padW(), layer.strideW(), wo, Math.max(0, -dj), Math.min(w, w - dj) - 1);
        return new Rect(rows[0], rows[1], layer.strideH(), cols[0], cols[1], layer.strideW());
    }

    /** {first, count} of the lattice start + stride·r, 0 ≤ r < n, inside [lo, hi]. */
    private static int[] clip(int start, int stride, int n, int lo, int hi) {
        int firstR = start >= lo ? 0 : (lo - start + stride - 1) / stride;
        int lastR = Math.min(n - 1, Math.floorDiv(hi - start, stride));
        return new int[] {start + firstR * stride, Math.max(0, lastR - firstR + 1)};
    }

    /** First position ≡ phase (mod stride) in [max(0, shift), min(len, len + shift)). */
    private static int first(int shift, int len, int stride, int phase) {
        int lo = Math.max(0, shift);
        return lo + Math.floorMod(phase - lo, stride);
    }

    /** Number of positions ≡ phase (mod stride) in [max(0, shift), min(len, len + shift)). */
    private static int count(int shift, int len, int stride, int phase) {
        int hi = Math.min(len, len + shift) - 1;
        int f = first(shift, len, stride, phase);
        return f > hi ? 0 : (hi - f) / stride + 1;
    }

    /** max minus its sub-rectangle r (same lattice): the rows above and below, then the columns left and right of r. */
    private static List<Rect> strips(Rect max, Rect r) {
        int sr = max.sr();
        int sc = max.sc();
        int above = (r.r0() - max.r0()) / sr;
        int below = max.nr() - above - r.nr();
        int left = (r.c0() - max.c0()) / sc;
        int right = max.nc() - left - r.nc();
        return List.of(
                new Rect(max.r0(), above, sr, max.c0(), max.nc(), sc),
                new Rect(r.r0() + r.nr() * sr, below, sr, max.c0(), max.nc(), sc),
                new Rect(r.r0(), r.nr(), sr, max.c0(), left, sc),
                new Rect(r.r0(), r.nr(), sr, r.c0() + r.nc() * sc, right, sc));
    }

    private static void add(double[] into, double[] values, double sign) {
        for (int i = 0; i < into.length; i++) {
            into[i] += sign * values[i];
        }
    }

    /** Adds {@code value} (converted to float64) into {@code sum} in place, or keeps it in {@code manager}. */
    private static NDArray accumulate(NDArray sum, NDArray value, NDManager manager) {
        NDArray v = value.getDataType() == DataType.FLOAT64 ? value : value.toType(DataType.FLOAT64, false);
        if (sum == null) {
            v.attach(manager);
            return v;
        }
        return sum.addi(v);
    }
}
