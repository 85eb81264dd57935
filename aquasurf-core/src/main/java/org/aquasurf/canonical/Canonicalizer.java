package org.aquasurf.canonical;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.aquasurf.eval.Evaluator;
import org.aquasurf.grammar.Expr;
import org.aquasurf.grammar.Operator;
import org.aquasurf.grammar.OperatorRegistry;

/**
 * Decides which function names are equivalent, in two ways.
 *
 * <ol>
 *   <li><b>Class key</b> (the definition): two names are equivalent iff the {@link Fingerprint}s of
 *       their outputs on the standard inputs match, so {@code min(square(x),selu(x))} and
 *       {@code min(selu(x),square(x))} share a class, and so do numerically identical functions of
 *       different structure, such as {@code swish(x)} and {@code mul(x,sigmoid(x))} (TF defines
 *       swish as x·sigmoid(x)) or {@code relu(x)} and {@code max(x,zero(x))}.</li>
 *   <li><b>Canonical form</b> (a cheap structural sufficient condition): arguments of commutative
 *       operators (add, mul, max, min and all n-ary ones) are sorted by their canonical text, and
 *       nested {@code max_n}/{@code max} inside {@code max_n} (likewise {@code min_n}/{@code min}
 *       inside {@code min_n}) are flattened, which is exact because max and min are associative even
 *       with NaN. {@code sum_n} and {@code prod_n} are not flattened (rounding makes them
 *       non-associative); sorting their arguments changes the fold order, so canonical forms agree
 *       with the original up to rounding, which the fingerprint absorbs.</li>
 * </ol>
 * Equal canonical forms imply equal class keys; the converse does not hold.
 */
public final class Canonicalizer {
    private static final Canonicalizer STANDARD = new Canonicalizer(Evaluator.standard());
    /** n-ary operator name → operators it absorbs when nested in it (exactly associative families). */
    private static final Map<String, Set<String>> FLATTEN = Map.of(
            "max_n", Set.of("max_n", "max"),
            "min_n", Set.of("min_n", "min"));

    private final Evaluator evaluator;
    private final OperatorRegistry registry;

    /** A canonicalizer for the operators of {@code evaluator}, fingerprinting on the standard inputs. */
    public Canonicalizer(Evaluator evaluator) {
        this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
        this.registry = evaluator.registry();
    }

    /** The canonicalizer of the standard operators. */
    public static Canonicalizer standard() { return STANDARD; }

    /** The evaluator whose outputs are fingerprinted. */
    public Evaluator evaluator() { return evaluator; }

    /** The equivalence-class key of outputs on the standard inputs: 32 hex digits (see {@link Fingerprint}). */
    public String fingerprint(double[] outputs) {
        return Fingerprint.of(outputs).hex();
    }

    /** The equivalence-class key of a function name. */
    public String classKey(String name) {
        return fingerprint(evaluator.outputs(name));
    }

    /** True iff the two names are in the same class. */
    public boolean equivalent(String a, String b) {
        return classKey(a).equals(classKey(b));
    }

    /** The canonical name of a function name (see the class comment); parses with the evaluator's parser. */
    public String canonicalName(String name) {
        return canonicalForm(evaluator.parser().parse(name)).toString();
    }

    /**
     * The canonical form of a concrete expression.
     *
     * @throws IllegalArgumentException if it uses an operator unknown to the registry
     */
    public Expr canonicalForm(Expr e) {
        if (!(e instanceof Expr.Apply a)) return e;
        Operator op = registry.get(a.op());
        List<Expr> args = new ArrayList<>(a.args().size());
        Set<String> absorbs = flattens(op) ? FLATTEN.get(op.name()) : Set.of();
        for (Expr arg : a.args()) absorb(canonicalForm(arg), absorbs, args);
        if (op.commutative()) args.sort(Comparator.comparing(Expr::toString));
        return new Expr.Apply(a.op(), args);
    }

    /**
     * Adds {@code c} to {@code args}, or, if its operator is absorbed, its arguments, recursively: a
     * canonical {@code max} keeps a nested {@code max_n} (max is binary), which the enclosing
     * {@code max_n} must flatten too, or a second pass would change the form.
     */
    private static void absorb(Expr c, Set<String> absorbs, List<Expr> args) {
        if (c instanceof Expr.Apply ca && absorbs.contains(ca.op())) {
            for (Expr inner : ca.args()) absorb(inner, absorbs, args);
        } else {
            args.add(c);
        }
    }

    /** Flatten only with the standard operator itself: a user registry may redefine the name. */
    private boolean flattens(Operator op) {
        if (!FLATTEN.containsKey(op.name())) return false;
        OperatorRegistry std = OperatorRegistry.standard();
        for (String member : FLATTEN.get(op.name())) {
            if (!std.find(member).equals(registry.find(member))) return false;
        }
        return true;
    }
}
