package org.aquasurf.canonical;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.aquasurf.eval.StandardInputs;
import org.aquasurf.grammar.Arity;
import org.aquasurf.grammar.Expr;
import org.aquasurf.grammar.Operator;
import org.aquasurf.schema.Schema;

/**
 * Fingerprints every name of a schema fast, reusing sub-expression outputs across names.
 *
 * <p>Names are visited in {@link Schema} order, an odometer over the placeholders with the last
 * one fastest. A template node is recomputed only when a placeholder in its subtree changed since
 * the previous name. Nodes whose subtree spans at most {@value #MEMO_LIMIT} operator combinations
 * (for example {@code unary(x)}, {@code unary(unary(x))} or {@code binary(unary(x),unary(x))})
 * keep the outputs of each combination once computed, shared by structurally equal subtrees; so
 * for {@code binary(unary(x),unary(x))} the 31 unary outputs are computed once and each name costs
 * one binary kernel pass and one hash. Memory is bounded whatever the number of names: at most
 * the memo limit of output arrays per distinct memoized subtree (64 MiB for 1000 inputs at the
 * default limit) plus one array per other template node.
 *
 * <p>Each fingerprint equals {@code Fingerprint.of(evaluator.outputs(name))} for the name's
 * outputs on the same inputs. Instances hold no mutable state and may be shared between threads.
 */
public final class SpaceFingerprints {

    /** Default largest number of operator combinations of a subtree whose outputs are memoized. */
    public static final int MEMO_LIMIT = 8192;

    private final double[] inputs;
    private final int memoLimit;

    /** Fingerprints on the standard inputs. */
    public SpaceFingerprints() {
        this(StandardInputs.values(), MEMO_LIMIT);
    }

    /**
     * Fingerprints on the given inputs (copied), memoizing subtrees of at most {@code memoLimit}
     * combinations (0: none); memory is about template nodes × memoLimit × inputs.length doubles.
     */
    public SpaceFingerprints(double[] inputs, int memoLimit) {
        this.inputs = Objects.requireNonNull(inputs, "inputs").clone();
        if (memoLimit < 0) throw new IllegalArgumentException("memoLimit must be >= 0, was " + memoLimit);
        this.memoLimit = memoLimit;
    }

    /** Receives the fingerprint of the {@code index}-th name; {@link Schema#get(long)} gives the name. */
    @FunctionalInterface
    public interface Sink {
        void accept(long index, Fingerprint key);
    }

    /** Number of names and of distinct classes. */
    public record Summary(long names, long classes) {}

    /** Visits every name of {@code schema} in order. */
    public void forEach(Schema schema, Sink sink) {
        Objects.requireNonNull(sink, "sink");
        new Run(schema).forEach(sink);
    }

    /** Counts the names and the distinct classes of the schemas together (a class shared by two schemas counts once). */
    public Summary summarize(List<Schema> schemas) {
        FingerprintSet classes = new FingerprintSet();
        long names = 0;
        for (Schema s : schemas) {
            forEach(s, (i, key) -> classes.add(key));
            names += s.count();
        }
        return new Summary(names, classes.size());
    }

    /** A template node with its current outputs. */
    private static final class Node {
        Operator fixed;
        int slot = -1;
        Node[] children;
        /** Slots of the subtree in text order. */
        int[] slots;
        int maxSlot = -1;
        /** Outputs per combination of the subtree's slots, or null if not memoized. */
        double[][] memo;
        double[][] args;
        double[] buffer;
        double[] current;
    }

    /** One enumeration of one schema. */
    private final class Run {
        private final Schema schema;
        private final List<Node> postOrder = new ArrayList<>();
        private final Map<String, double[][]> memos = new HashMap<>();
        private final int[] digits;
        private int nextText;

        Run(Schema schema) {
            this.schema = Objects.requireNonNull(schema, "schema");
            this.digits = new int[schema.slots().size()];
            build(schema.template());
        }

        private Node build(Expr e) {
            Node n = new Node();
            if (e instanceof Expr.X) {
                n.slots = new int[0];
                n.current = inputs;
                return n;
            }
            Expr.Apply a = (Expr.Apply) e;
            if (Arity.ofPlaceholder(a.op()) != null) {
                n.slot = schema.slotOfTextIndex(nextText++);
            } else {
                n.fixed = schema.registry().get(a.op());
                if (!n.fixed.arity().accepts(a.args().size())) {
                    throw new IllegalArgumentException("'" + a.op() + "' takes " + n.fixed.arity().describe() + " in " + a);
                }
            }
            n.children = new Node[a.args().size()];
            n.args = new double[n.children.length][];
            List<Integer> slots = new ArrayList<>();
            if (n.slot >= 0) slots.add(n.slot);
            for (int i = 0; i < n.children.length; i++) {
                n.children[i] = build(a.args().get(i));
                for (int s : n.children[i].slots) slots.add(s);
            }
            n.slots = slots.stream().mapToInt(Integer::intValue).toArray();
            long combinations = 1;
            for (int s : n.slots) {
                n.maxSlot = Math.max(n.maxSlot, s);
                combinations = Math.min(Integer.MAX_VALUE, combinations * radix(s));
            }
            if (n.slots.length > 0 && combinations <= memoLimit) {
                int size = (int) combinations;
                n.memo = memos.computeIfAbsent(a.toString(), k -> new double[size][]);
            } else {
                n.buffer = new double[inputs.length];
            }
            postOrder.add(n);
            return n;
        }

        private int radix(int slot) {
            return schema.slots().get(slot).choices().size();
        }

        void forEach(Sink sink) {
            long count = schema.count();
            Node root = postOrder.isEmpty() ? null : postOrder.get(postOrder.size() - 1);
            for (long index = 0; index < count; index++) {
                int changed = 0;
                if (index > 0) {
                    // Odometer step; every slot from `changed` on got a new digit.
                    int s = digits.length - 1;
                    while (++digits[s] == radix(s)) digits[s--] = 0;
                    changed = s;
                }
                for (Node n : postOrder) {
                    if (index == 0 || n.maxSlot >= changed) update(n);
                }
                sink.accept(index, Fingerprint.of(root == null ? inputs : root.current));
            }
        }

        private void update(Node n) {
            if (n.memo != null) {
                int local = 0;
                for (int s : n.slots) local = local * radix(s) + digits[s];
                double[] known = n.memo[local];
                if (known == null) {
                    known = new double[inputs.length];
                    compute(n, known);
                    n.memo[local] = known;
                }
                n.current = known;
            } else {
                compute(n, n.buffer);
                n.current = n.buffer;
            }
        }

        private void compute(Node n, double[] out) {
            Operator op = n.slot >= 0 ? schema.slots().get(n.slot).choices().get(digits[n.slot]) : n.fixed;
            for (int i = 0; i < n.children.length; i++) n.args[i] = n.children[i].current;
            if (op.arity() == Arity.UNARY) {
                op.unary().apply(n.args[0], out);
            } else {
                op.binary().apply(n.args[0], n.args[1], out);
                for (int i = 2; i < n.args.length; i++) op.binary().apply(out, n.args[i], out);
            }
        }
    }
}
