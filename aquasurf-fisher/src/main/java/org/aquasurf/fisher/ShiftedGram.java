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
 * rectangle and subtract thin border strips per block.
 *
 * <p>The input is laid out as one "plane" per stride phase (positions y ≡ phase, one plane for
 * stride 1) in the order (row, sample, column, channel): the samples' rows side by side, each
 * with a zero border on the right as wide as the largest column shift between planes. In such a
 * plane, flattened to (positions × C) rows, the shared product of a group is one matmul of two
 * contiguous row ranges δ apart (δ the shift in flattened positions): a pair that wraps around a
 * row edge has a zero partner, and one that would leave the image at the bottom falls off the end
 * of the plane, so the product sums exactly over the positions whose shifted partner is inside
 * the image, with no copy of the input. Strips and unshared blocks are cut from the planes (a copy each). A group shares when
 * that costs less, counting a copied row {@value #COPY_COST} times a flat one. Chunks of samples are
 * multiplied in {@code type} and summed in float64.
 */
final class ShiftedGram {

    /**
     * Plane positions per chunk of samples (the rows of one flat product): bounds the number of
     * float32 products summed inside one matmul (the chunks are summed in float64) and native
     * memory, while keeping each matmul long enough to run at full speed.
     */
    static final long CHUNK_POSITIONS = 10240;

    /**
     * What a row of a product cut from the planes (a copy of both sides, then the matmul) costs,
     * in rows of a product of contiguous plane rows (the matmul alone). Measured on All-CNN-C's
     * second layer (128 × 96 × 32 × 32 input, one thread, float32): 0.031-0.034 s of CPU for one
     * shift's product of contiguous rows, 0.06-0.10 s for the same product cut from rectangles.
     */
    static final double COPY_COST = 2.5;

    /** Whether blocks with the same shift share one product; AUTO picks the cheaper. */
    enum Sharing { AUTO, NEVER, ALWAYS }

    /** A strided rectangle of input positions: rows r0, r0+sr, ... (nr of them), likewise columns. */
    private record Rect(int r0, int nr, int sr, int c0, int nc, int sc) {
        long area() {
            return (long) nr * nc;
        }

        boolean empty() {
            return nr <= 0 || nc <= 0;
        }
    }

    /**
     * One product Σ over rect of x_y x_{y+d}ᵀ; a flat term's rect is every y of its phase with y
     * and y + d in the image, multiplied as two row ranges of the flattened planes.
     */
    private record Term(Rect rect, int di, int dj, boolean flat) {
    }

    /**
     * The input's stride phases as planes of {@code rows} × {@code cols} positions per sample
     * (the widest phase's columns plus a zero border), laid out (row, sample, column, channel).
     */
    private record Planes(int sh, int sw, int rows, int cols) {
        static Planes of(WeightedLayer layer, int h, int w) {
            int sh = layer.strideH();
            int sw = layer.strideW();
            int r = (layer.kernel() + sw - 2) / sw; // column shifts between planes are within ±ceil((k - 1) / sw)
            return new Planes(sh, sw, (h + sh - 1) / sh, (w + sw - 1) / sw + r);
        }

        /** Index of the plane holding image position (y, x). */
        int plane(int y, int x) {
            return Math.floorMod(y, sh) * sw + Math.floorMod(x, sw);
        }

        /** The rectangle of image positions (all of one phase), moved by (di, dj), as a slice of its plane. */
        NDIndex index(Rect rect, int di, int dj) {
            int a = Math.floorDiv(rect.r0() + di, sh);
            int b = Math.floorDiv(rect.c0() + dj, sw);
            return new NDIndex("{}:{}, :, {}:{}, :", a, a + rect.nr(), b, b + rect.nc());
        }

        /** {@link #index} of the rectangle itself in a plane summed over the samples. */
        NDIndex spatial(Rect rect) {
            int a = Math.floorDiv(rect.r0(), sh);
            int b = Math.floorDiv(rect.c0(), sw);
            return new NDIndex("{}:{}, {}:{}, :", a, a + rect.nr(), b, b + rect.nc());
        }

        /** Flattened-row distance from position y of the rect's phase to y + (di, dj) in its plane, for this many samples. */
        long shift(Rect rect, int di, int dj, long samples) {
            long da = Math.floorDiv(rect.r0() + di, sh) - Math.floorDiv(rect.r0(), sh);
            long db = Math.floorDiv(rect.c0() + dj, sw) - Math.floorDiv(rect.c0(), sw);
            return da * samples * cols + db;
        }
    }

    /** The block of offsets (o, o') as a signed sum of terms. */
    private record Block(int o, int o2, List<Term> plus, List<Term> minus) {
    }

    private ShiftedGram() {
    }

    /** The Gram matrix of a standard convolution's homogeneous patches; see the class comment. */
    static DMatrixRMaj of(NDArray input, WeightedLayer layer, DataType type, NDManager local, Sharing sharing) {
        return of(input, layer, type, local, sharing, CHUNK_POSITIONS);
    }

    /** {@link #of(NDArray, WeightedLayer, DataType, NDManager, Sharing)} in chunks of about this many plane positions. */
    static DMatrixRMaj of(NDArray input, WeightedLayer layer, DataType type, NDManager local, Sharing sharing,
            long chunkPositions) {
        Shape s = input.getShape();
        int n = Math.toIntExact(s.get(0));
        int ch = Math.toIntExact(s.get(1));
        int h = Math.toIntExact(s.get(2));
        int w = Math.toIntExact(s.get(3));
        int k = layer.kernel();
        long[] out = Patches.outputSize(layer, h, w);
        Planes planes = Planes.of(layer, h, w);
        List<Block> blocks = plan(layer, h, w, (int) out[0], (int) out[1], planes, sharing);
        List<Rect> own = new ArrayList<>(); // positions read by each offset, for the bias column
        for (int o = 0; o < k * k; o++) {
            own.add(rect(layer, o, 0, 0, h, w, (int) out[0], (int) out[1]));
        }

        Map<Term, NDArray> products = new LinkedHashMap<>();
        for (Block b : blocks) {
            b.plus().forEach(t -> products.put(t, null));
            b.minus().forEach(t -> products.put(t, null));
        }
        NDArray[] sums = new NDArray[planes.sh() * planes.sw()]; // per plane: Σ over the samples, (rows, cols, C)
        long chunk = Math.max(1, chunkPositions / ((long) planes.rows() * planes.cols() * planes.sh() * planes.sw()));
        for (long start = 0; start < n; start += chunk) {
            try (NDManager step = local.newSubManager()) {
                NDArray x = input.get(new NDIndex("{}:{}", start, Math.min(n, start + chunk)));
                x.attach(step);
                NDArray typed = x.toType(type, false);
                typed.attach(step);
                NDArray[] plane = new NDArray[planes.sh() * planes.sw()];
                NDArray[] flat = new NDArray[plane.length];
                for (int pr = 0; pr < planes.sh(); pr++) {
                    for (int pc = 0; pc < planes.sw(); pc++) {
                        NDArray phase = planes.sh() == 1 && planes.sw() == 1 ? typed
                                : typed.get(new NDIndex(":, :, {}:{}:{}, {}:{}:{}", pr, h, planes.sh(), pc, w, planes.sw()));
                        Shape ps = phase.getShape();
                        // one copy per plane: (row, sample, column, channel), zero rows and columns where the
                        // phase has fewer than the plane (F.pad order: last axis first)
                        NDArray p = phase.transpose(2, 0, 3, 1).pad(new Shape(0, 0, 0, planes.cols() - ps.get(3),
                                0, 0, 0, planes.rows() - ps.get(2)), 0);
                        p.attach(step);
                        plane[pr * planes.sw() + pc] = p;
                        flat[pr * planes.sw() + pc] = p.reshape(-1, ch);
                    }
                }
                for (Map.Entry<Term, NDArray> e : products.entrySet()) {
                    Term t = e.getKey();
                    Rect r = t.rect();
                    int from = planes.plane(r.r0(), r.c0());
                    int to = planes.plane(r.r0() + t.di(), r.c0() + t.dj());
                    NDArray product;
                    if (t.flat()) {
                        long rows = flat[from].getShape().get(0);
                        long delta = planes.shift(r, t.di(), t.dj(), x.getShape().get(0));
                        NDArray left = flat[from].get(new NDIndex("{}:{}", Math.max(0, -delta), rows - Math.max(0, delta)));
                        NDArray right = flat[to].get(new NDIndex("{}:{}", Math.max(0, delta), rows - Math.max(0, -delta)));
                        product = left.transpose().matMul(right);
                    } else {
                        NDArray left = plane[from].get(planes.index(r, 0, 0)).reshape(-1, ch);
                        NDArray right = plane[to].get(planes.index(r, t.di(), t.dj())).reshape(-1, ch);
                        product = left.transpose().matMul(right);
                    }
                    e.setValue(KfacFactors.accumulate(e.getValue(), product, local));
                }
                if (layer.bias()) {
                    for (int p = 0; p < plane.length; p++) {
                        sums[p] = KfacFactors.accumulate(sums[p], plane[p].sum(new int[] {1}), local);
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
                Rect r = own.get(o);
                double[] colSums = r.empty() ? new double[ch]
                        : sums[planes.plane(r.r0(), r.c0())].get(planes.spatial(r)).sum(new int[] {0, 1}).toDoubleArray();
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
    private static List<Block> plan(WeightedLayer layer, int h, int w, int ho, int wo, Planes planes,
            Sharing sharing) {
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
            double direct = 0;
            double shared = max.empty() ? 0 : (double) planes.rows() * planes.cols(); // one flat product per sample
            List<Block> alone = new ArrayList<>();
            List<Block> sharing1 = new ArrayList<>();
            for (int[] pair : g.getValue()) {
                Rect r = rect(layer, pair[0], di, dj, h, w, ho, wo);
                if (r.empty()) {
                    alone.add(new Block(pair[0], pair[1], List.of(), List.of()));
                    sharing1.add(new Block(pair[0], pair[1], List.of(), List.of()));
                    continue;
                }
                direct += COPY_COST * r.area();
                alone.add(new Block(pair[0], pair[1], List.of(new Term(r, di, dj, false)), List.of()));
                List<Term> strips = new ArrayList<>();
                for (Rect strip : strips(max, r)) {
                    if (!strip.empty()) {
                        strips.add(new Term(strip, di, dj, false));
                        shared += COPY_COST * strip.area();
                    }
                }
                sharing1.add(new Block(pair[0], pair[1], List.of(new Term(max, di, dj, true)), strips));
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
}
