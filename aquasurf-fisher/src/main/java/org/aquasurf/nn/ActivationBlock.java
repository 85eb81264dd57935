package org.aquasurf.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.aquasurf.eval.Evaluator;
import org.aquasurf.eval.GaussianMoments;
import org.aquasurf.grammar.Arity;
import org.aquasurf.grammar.Expr;
import org.aquasurf.grammar.Operator;
import org.aquasurf.grammar.Parser;

/**
 * A parameter-free DJL block applying an activation function, given by its name in the grammar
 * (e.g. {@code max(relu(x),cosh(elu(x)))}), element-wise to its single input. The forward pass
 * evaluates the expression with NDArray operations ({@link NdOperators}), so DJL autograd gives its
 * derivatives; identical sub-expressions are evaluated once per forward pass. The output has the
 * input's shape and data type.
 *
 * <p>Every operator of the expression must have an NDArray form; a missing one is reported when the
 * block is built. Blocks are immutable; {@link #normalized(double, double)} returns a new block.
 * <pre>{@code
 * Block act = ActivationBlock.of("sum_n(abs(x),swish(x),sigmoid(x))");
 * Block scaled = ActivationBlock.of("gelu(x)").normalized(0.28, 0.59);   // (f(x) − 0.28) / 0.59
 * }</pre>
 */
public final class ActivationBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Expr expr;
    private final List<Step> steps;
    private final double mean;
    private final double std;

    /** Node i + 1 of the evaluation order is {@code op} applied to the nodes {@code args} (node 0 is x). */
    private record Step(NdOperator op, int[] args) {}

    private ActivationBlock(Expr expr, List<Step> steps, double mean, double std) {
        super(VERSION);
        this.expr = expr;
        this.steps = steps;
        this.mean = mean;
        this.std = std;
    }

    /** The block for a function name over the standard operators; bad names raise a {@link org.aquasurf.grammar.ParseException}. */
    public static ActivationBlock of(String name) {
        return of(name, Parser.standard(), NdOperators.standard());
    }

    /**
     * The block for a function name read by {@code parser}, with NDArray forms from {@code ops}.
     *
     * @throws org.aquasurf.grammar.ParseException if the name is malformed or names an unknown operator
     * @throws IllegalArgumentException            if an operator has no NDArray form in {@code ops}, or
     *                                             one with another arity than in the grammar
     */
    public static ActivationBlock of(String name, Parser parser, NdOperators ops) {
        Expr e = parser.parse(name);
        checkGrammarArities(e, parser, ops, e);
        return of(e, ops);
    }

    /** The block for an expression over the standard operators. */
    public static ActivationBlock of(Expr expr) {
        return of(expr, NdOperators.standard());
    }

    /**
     * The block for an expression with NDArray forms from {@code ops}.
     *
     * @throws IllegalArgumentException if an operator is missing from {@code ops}, is a schema
     *                                  placeholder, or gets a number of arguments its arity forbids
     */
    public static ActivationBlock of(Expr expr, NdOperators ops) {
        Objects.requireNonNull(expr, "expr");
        Objects.requireNonNull(ops, "ops");
        List<Step> steps = new ArrayList<>();
        compile(expr, expr, ops, new HashMap<>(), steps);
        return new ActivationBlock(expr, List.copyOf(steps), 0, 1);
    }

    /**
     * This function followed by the affine map (f(x) − mean)/std, e.g. with the mean and standard
     * deviation of f under x ~ N(0,1) so that the output has zero mean and unit variance.
     *
     * @param mean subtracted from f(x); finite
     * @param std  divides f(x) − mean; finite and positive
     */
    public ActivationBlock normalized(double mean, double std) {
        if (!Double.isFinite(mean)) throw new IllegalArgumentException("normalization mean must be finite, got " + mean);
        if (!(std > 0) || !Double.isFinite(std)) {
            throw new IllegalArgumentException("normalization std must be finite and positive, got " + std);
        }
        return new ActivationBlock(expr, steps, mean, std);
    }

    /**
     * This function normalized to zero mean and unit variance under x ~ N(0,1), with the moments
     * of the standard operators' double semantics computed by quadrature
     * ({@link GaussianMoments#of}); throws IllegalArgumentException when f has no finite, positive
     * standard deviation (e.g. a constant).
     */
    public ActivationBlock gaussianNormalized() {
        GaussianMoments.Moments m = GaussianMoments.of(Evaluator.standard().compile(expr));
        if (!m.normalizable()) {
            throw new IllegalArgumentException("cannot normalize " + expr + ": under N(0,1) it has mean " + m.mean()
                    + " and std " + m.std() + " (needs a finite mean and a positive finite std)");
        }
        return normalized(m.mean(), m.std());
    }

    /** The activation function's expression. */
    public Expr expression() {
        return expr;
    }

    /** True if this block applies a normalization (f(x) − mean)/std. */
    public boolean isNormalized() {
        return mean != 0 || std != 1;
    }

    /** The mean subtracted by the normalization (0 when not normalized). */
    public double normalizationMean() {
        return mean;
    }

    /** The standard deviation dividing by the normalization (1 when not normalized). */
    public double normalizationStd() {
        return std;
    }

    /** Applies the (possibly normalized) function element-wise; the result is attached to x's manager. */
    public NDArray apply(NDArray x) {
        NDArray[] nodes = new NDArray[steps.size() + 1];
        nodes[0] = x;
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            NDArray out;
            if (s.op.arity() == Arity.UNARY) {
                out = s.op.unary().apply(nodes[s.args[0]]);
            } else {
                out = nodes[s.args[0]];
                for (int k = 1; k < s.args.length; k++) out = s.op.binary().apply(out, nodes[s.args[k]]);
            }
            nodes[i + 1] = out;
        }
        NDArray f = nodes[steps.size()];
        return isNormalized() ? NdScalars.div(f.sub(mean), std) : f;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException(this + " expects exactly 1 input array, got " + inputs.size());
        }
        return new NDList(apply(inputs.singletonOrThrow()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    public String toString() {
        return "ActivationBlock(" + expr + (isNormalized() ? ", normalized: (f-" + mean + ")/" + std : "") + ")";
    }

    /** Appends the steps of {@code e} after those of its arguments; returns the node index of e. */
    private static int compile(Expr e, Expr whole, NdOperators ops, Map<Expr, Integer> seen, List<Step> steps) {
        if (e instanceof Expr.X) return 0;
        Integer known = seen.get(e);
        if (known != null) return known;
        Expr.Apply a = (Expr.Apply) e;
        if (Arity.ofPlaceholder(a.op()) != null) {
            throw new IllegalArgumentException("'" + whole + "' is a schema: placeholder '" + a.op()
                    + "' must be replaced by an operator before it can be applied");
        }
        NdOperator op = ops.find(a.op()).orElseThrow(() -> new IllegalArgumentException("operator '" + a.op()
                + "' in '" + whole + "' has no NDArray implementation; register one under the same name, e.g. "
                + "NdOperators.standard().toBuilder().add(NdOperator.unary(\"" + a.op() + "\", x -> ...)).build()"));
        if (!op.arity().accepts(a.args().size())) {
            throw new IllegalArgumentException("operator '" + a.op() + "' in '" + whole + "' takes "
                    + op.arity().describe() + " but was given " + a.args().size());
        }
        int[] args = new int[a.args().size()];
        for (int i = 0; i < args.length; i++) args[i] = compile(a.args().get(i), whole, ops, seen, steps);
        steps.add(new Step(op, args));
        seen.put(e, steps.size());
        return steps.size();
    }

    private static void checkGrammarArities(Expr e, Parser parser, NdOperators ops, Expr whole) {
        if (!(e instanceof Expr.Apply a)) return;
        Operator grammar = parser.registry().get(a.op());
        ops.find(a.op()).ifPresent(nd -> {
            if (nd.arity() != grammar.arity()) {
                throw new IllegalArgumentException("operator '" + a.op() + "' in '" + whole + "' is "
                        + grammar.arity().placeholder() + " in the grammar but " + nd.arity().placeholder()
                        + " in its NDArray implementation");
            }
        });
        for (Expr arg : a.args()) checkGrammarArities(arg, parser, ops, whole);
    }
}
