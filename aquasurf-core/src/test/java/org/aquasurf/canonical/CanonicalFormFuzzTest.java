package org.aquasurf.canonical;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.aquasurf.grammar.Expr;
import org.aquasurf.grammar.Operator;
import org.aquasurf.grammar.OperatorRegistry;
import org.junit.jupiter.api.Test;

/**
 * Fuzz of {@link Canonicalizer#canonicalName}: it is idempotent; rewrites that keep the function
 * exactly (commuted arguments, max/min regrouped through max, max_n, min, min_n) give the same
 * form; and the form is in the class of the name (checked without sum_n/prod_n, whose sorted fold
 * may round differently).
 */
class CanonicalFormFuzzTest {

    private static final Canonicalizer C = Canonicalizer.standard();
    private static final OperatorRegistry OPS = OperatorRegistry.standard();
    private static final List<String> UNARY = List.of("relu", "tanh", "exp", "abs", "sigmoid", "negative", "square", "elu");

    /** A random expression biased to nest the max/min families (where forms used to stay unflattened). */
    private static Expr random(Random r, int depth, boolean roundingFree) {
        if (depth == 0 || r.nextInt(5) == 0) return Expr.X;
        int kind = r.nextInt(10);
        String op;
        if (kind < 5) op = List.of("max", "min", "max_n", "min_n", "max", "max_n").get(r.nextInt(6));
        else if (kind < 7) op = UNARY.get(r.nextInt(UNARY.size()));
        else if (kind < 9 || roundingFree) op = List.of("add", "mul", "sub", "div").get(r.nextInt(4));
        else op = List.of("sum_n", "prod_n").get(r.nextInt(2));
        Operator o = OPS.get(op);
        int n = switch (o.arity()) { case UNARY -> 1; case BINARY -> 2; case NARY -> 2 + r.nextInt(3); };
        List<Expr> args = new ArrayList<>();
        for (int i = 0; i < n; i++) args.add(random(r, depth - 1, roundingFree));
        return new Expr.Apply(op, args);
    }

    /** The same function written differently: commutative arguments shuffled, max/min arguments regrouped. */
    private static Expr variant(Random r, Expr e) {
        if (!(e instanceof Expr.Apply a)) return e;
        List<Expr> args = new ArrayList<>();
        for (Expr arg : a.args()) args.add(variant(r, arg));
        Operator op = OPS.get(a.op());
        if (op.commutative()) Collections.shuffle(args, r);
        if ((a.op().equals("max_n") || a.op().equals("min_n")) && args.size() >= 3 && r.nextBoolean()) {
            // max_n(a,b,c,...) = max_n(max(a,b),c,...) = max_n(max_n(a,b),c,...): exact for max and min, even with NaN
            String base = a.op().substring(0, 3);
            List<Expr> rest = new ArrayList<>(args.subList(2, args.size()));
            rest.add(r.nextInt(rest.size() + 1), new Expr.Apply(r.nextBoolean() ? base : a.op(), List.of(args.get(0), args.get(1))));
            return new Expr.Apply(a.op(), rest);
        }
        return new Expr.Apply(a.op(), args);
    }

    @Test
    void canonicalFormsAreIdempotentAndEqualForExactRewrites() {
        Random r = new Random(12);
        for (int i = 0; i < 5_000; i++) {
            Expr e = random(r, 5, false);
            String form = C.canonicalName(e.toString());
            assertEquals(form, C.canonicalName(form), "idempotent: " + e);
            Expr v = variant(r, e);
            assertEquals(form, C.canonicalName(v.toString()), e + " rewritten as " + v);
            assertEquals(C.canonicalName(v.toString()), C.canonicalName(C.canonicalName(v.toString())), "idempotent: " + v);
        }
    }

    @Test
    void theCanonicalFormIsInTheClassOfTheName() {
        Random r = new Random(7);
        for (int i = 0; i < 1_500; i++) {
            String name = random(r, 4, true).toString();
            String form = C.canonicalName(name);
            assertEquals(C.classKey(name), C.classKey(form), name + " -> " + form);
        }
    }

    @Test
    void maxNReachedThroughMaxIsFlattened() {
        assertEquals("max_n(abs(x),exp(x),relu(x),x)", C.canonicalName("max_n(max(max_n(x,relu(x)),abs(x)),exp(x))"));
        assertEquals("min_n(abs(x),tanh(x),x,x)", C.canonicalName("min_n(min(min_n(x,tanh(x)),abs(x)),x)"));
        String nested = "max_n(max(max(max_n(x,relu(x)),max_n(abs(x),tanh(x))),exp(x)),sigmoid(x))";
        assertEquals(C.canonicalName(nested), C.canonicalName(C.canonicalName(nested)));
        assertEquals("max_n(abs(x),exp(x),relu(x),sigmoid(x),tanh(x),x)", C.canonicalName(nested));
    }
}
