package org.aquasurf.canonical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.aquasurf.eval.Evaluator;
import org.aquasurf.grammar.Expr;
import org.aquasurf.grammar.Operator;
import org.aquasurf.grammar.OperatorRegistry;
import org.aquasurf.grammar.Parser;
import org.aquasurf.grammar.ParserTestSupport;
import org.junit.jupiter.api.Test;

class CanonicalizerTest {

    private static final Canonicalizer C = Canonicalizer.standard();

    @Test
    void commutedArgumentsShareAClassAndACanonicalName() {
        assertEquals(C.classKey("min(square(x),selu(x))"), C.classKey("min(selu(x),square(x))"));
        assertEquals(C.canonicalName("min(square(x),selu(x))"), C.canonicalName("min(selu(x),square(x))"));
        assertEquals("min(selu(x),square(x))", C.canonicalName("min( square(x), selu(x) )"));
        assertTrue(C.classKey("relu(x)").matches("[0-9a-f]{32}"));
    }

    @Test
    void numericallyIdenticalFunctionsShareAClassDifferentOnesDoNot() {
        // Bit-identical outputs.
        assertTrue(C.equivalent("swish(x)", "mul(x,sigmoid(x))"));
        assertTrue(C.equivalent("relu(x)", "max(x,zero(x))"));
        assertTrue(C.equivalent("abs(x)", "abs(negative(x))"));
        // Mathematically equal, a few ulps apart in double (checked below): the 24-bit rounding merges them.
        String[][] ulpApart = {
                {"exp(x)", "reciprocal(exp(negative(x)))"},
                {"sum_n(x,exp(x),sigmoid(x))", "sum_n(sigmoid(x),exp(x),x)"},
                {"tanh(x)", "sub(mul(add(one(x),one(x)),sigmoid(add(x,x))),one(x))"},
                {"sinh(x)", "div(sub(exp(x),exp(negative(x))),add(one(x),one(x)))"}};
        Evaluator ev = Evaluator.standard();
        for (String[] p : ulpApart) {
            assertFalse(java.util.Arrays.equals(ev.outputs(p[0]), ev.outputs(p[1])), p[1] + " should differ in the last bits");
            assertTrue(C.equivalent(p[0], p[1]), p[0] + " ~ " + p[1]);
        }
        String[] distinct = {"relu(x)", "leakyrelu(x)", "elu(x)", "selu(x)", "tanh(x)", "arctan(x)", "softsign(x)",
                "gelu(x)", "swish(x)", "mish(x)", "elish(x)", "x", "zero(x)", "one(x)", "hard_sigmoid(x)", "sigmoid(x)"};
        Set<String> keys = new HashSet<>();
        for (String f : distinct) keys.add(C.classKey(f));
        assertEquals(distinct.length, keys.size());
    }

    @Test
    void canonicalFormSortsCommutativeArgumentsAndFlattensOnlyExactFamilies() {
        Parser p = Parser.standard();
        assertEquals("add(abs(x),x)", C.canonicalName("add(x,abs(x))"));
        assertEquals("sub(x,abs(x))", C.canonicalName("sub(x,abs(x))"));
        assertEquals("pow(x,abs(x))", C.canonicalName("pow(x,abs(x))"));
        assertEquals("max_n(abs(x),relu(x),tanh(x),x)", C.canonicalName("max_n(x, max_n(tanh(x), relu(x)), abs(x))"));
        assertEquals("max_n(abs(x),relu(x),x)", C.canonicalName("max_n(x, max(relu(x), abs(x)))"));
        assertEquals("min_n(abs(x),max(abs(x),relu(x)),x)", C.canonicalName("min_n(x, max(relu(x), abs(x)), abs(x))"));
        assertEquals("sum_n(relu(x),sum_n(abs(x),x))", C.canonicalName("sum_n(sum_n(x,abs(x)),relu(x))"));
        assertEquals("max(max(abs(x),x),relu(x))", C.canonicalName("max(relu(x),max(x,abs(x)))"));
        assertEquals(Expr.X, C.canonicalForm(p.parse("x")));
        assertThrows(IllegalArgumentException.class, () -> C.canonicalForm(Expr.apply("unary", Expr.X)));
    }

    @Test
    void canonicalFormsAreIdempotentAndKeepTheClass() {
        Random r = new Random(11);
        for (int i = 0; i < 300; i++) {
            Expr e = ParserTestSupport.randomExpr(r, OperatorRegistry.standard(), 4);
            Expr c = C.canonicalForm(e);
            assertEquals(c, C.canonicalForm(c), e.toString());
            assertEquals(C.classKey(e.toString()), C.classKey(c.toString()), e + " vs " + c);
        }
    }

    @Test
    void userRedefinitionsOfMaxNAreNotFlattened() {
        OperatorRegistry ops = OperatorRegistry.standard().toBuilder()
                .add(Operator.nary("max_n", (a, b) -> a + b)) // a user's different max_n
                .build();
        Canonicalizer c = new Canonicalizer(new Evaluator(new Parser(ops)));
        assertEquals("max_n(max_n(abs(x),x),relu(x))", c.canonicalName("max_n(relu(x),max_n(x,abs(x)))"));
    }

    @Test
    void quantizationRoundsToFloat32PrecisionKeepingTheDoubleRange() {
        Random r = new Random(5);
        for (int i = 0; i < 100_000; i++) {
            double v = r.nextGaussian() * Math.pow(10, r.nextInt(60) - 30);
            // Java's double→float conversion rounds to nearest even, an independent implementation.
            assertEquals(Double.doubleToLongBits((float) v), Fingerprint.quantize(v), "v=" + v);
        }
        assertEquals(Fingerprint.quantize(1.0), Fingerprint.quantize(1 + 0x1p-24)); // tie → even
        assertEquals(Double.doubleToLongBits(1 + 0x1p-22), Fingerprint.quantize(1 + 3 * 0x1p-24)); // tie → even (up)
        assertEquals(Fingerprint.quantize(0.0), Fingerprint.quantize(-0.0));
        assertEquals(Fingerprint.quantize(Double.NaN), Fingerprint.quantize(Double.longBitsToDouble(0x7ff0000000000123L)));
        assertNotEquals(Fingerprint.quantize(1e300), Fingerprint.quantize(Double.POSITIVE_INFINITY));
        assertNotEquals(Fingerprint.quantize(1e-300), Fingerprint.quantize(0.0));
        assertNotEquals(Fingerprint.quantize(Double.NEGATIVE_INFINITY), Fingerprint.quantize(Double.POSITIVE_INFINITY));
        assertNotEquals(Fingerprint.quantize(1.0), Fingerprint.quantize(1 + 0x1p-22));
    }

    @Test
    void fingerprintsPrintAndParseAsThirtyTwoHexDigits() {
        Fingerprint f = Fingerprint.of(new double[] {1, 2, 3});
        assertEquals(32, f.hex().length());
        assertEquals(f, Fingerprint.parse(f.hex()));
        assertNotEquals(f, Fingerprint.of(new double[] {1, 2, 3, 0}));
        assertNotEquals(f, Fingerprint.of(new double[] {1, 3, 2}));
        assertEquals(f, Fingerprint.of(new double[] {1 + 1e-16, 2, 3 - 1e-15}));
        assertThrows(IllegalArgumentException.class, () -> Fingerprint.parse("xyz"));
        FingerprintSet set = new FingerprintSet();
        for (int i = 0; i < 5000; i++) assertTrue(set.add(Fingerprint.of(new double[] {i})));
        for (int i = 0; i < 5000; i++) assertFalse(set.add(Fingerprint.of(new double[] {i})));
        assertEquals(5000, set.size());
        assertTrue(set.contains(Fingerprint.of(new double[] {42})));
        assertFalse(set.contains(Fingerprint.of(new double[] {-42})));
    }
}
