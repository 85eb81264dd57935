package org.aquasurf.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.aquasurf.grammar.Arity;
import org.aquasurf.grammar.Expr;
import org.aquasurf.grammar.Operator;
import org.aquasurf.grammar.OperatorRegistry;
import org.aquasurf.grammar.ParseException;
import org.aquasurf.grammar.Parser;
import org.junit.jupiter.api.Test;

class SchemaTest {

    @Test
    void binaryOfTwoUnariesHas7Times31Times31Names() {
        Schema s = Schema.parse("binary(unary(x), unary(x))");
        assertEquals(7 * 31 * 31, s.count());
        List<String> names = s.expand().map(Expr::toString).toList();
        assertEquals(6727, names.size());
        assertEquals(6727, new HashSet<>(names).size());
        assertEquals("add(zero(x),zero(x))", names.get(0));
        assertEquals("add(zero(x),one(x))", names.get(1));
        assertEquals("add(one(x),zero(x))", names.get(31));
        assertEquals("sub(zero(x),zero(x))", names.get(961));
        assertEquals("min(gelu(x),gelu(x))", names.get(6726));
        for (String n : names) assertEquals(n, Parser.standard().parse(n).toString());
    }

    @Test
    void countsOfTheBenchmarkSpaces() {
        assertEquals(4L * 31 * 31 * 31, Schema.parse("n-ary(unary(x),unary(x),unary(x))").count());
        assertEquals(7L * 31 * 31 * 31, Schema.parse("binary(unary(unary(x)),unary(x))").count());
        assertEquals(1, Schema.parse("max(relu(x),x)").count());
        assertEquals(31, Schema.parse("unary(x)").count());
        assertEquals(4L * 31 * 31 + 7L * 31 * 31, Schema.count(List.of(
                Schema.parse("n-ary(unary(x),unary(x))"), Schema.parse("binary(unary(x),unary(x))"))));
    }

    /**
     * The reference's algorithm, re-implemented literally: for each tuple of the Cartesian product
     * (n-ary ops, binary ops, unary ops; last fastest), replace the first remaining placeholder of
     * each kind in the text, group by group.
     */
    private static List<String> referenceExpansion(String schema, OperatorRegistry ops) {
        int nNary = count(schema, "n-ary"), nBinary = count(schema, "binary"), nUnary = count(schema, "unary");
        List<List<String>> lists = new ArrayList<>();
        for (int i = 0; i < nNary; i++) lists.add(names(ops, Arity.NARY));
        for (int i = 0; i < nBinary; i++) lists.add(names(ops, Arity.BINARY));
        for (int i = 0; i < nUnary; i++) lists.add(names(ops, Arity.UNARY));
        List<String> out = new ArrayList<>();
        int[] idx = new int[lists.size()];
        while (true) {
            String name = schema;
            for (int i = 0; i < idx.length; i++) {
                String placeholder = i < nNary ? "n-ary" : i < nNary + nBinary ? "binary" : "unary";
                int at = name.indexOf(placeholder);
                name = name.substring(0, at) + lists.get(i).get(idx[i]) + name.substring(at + placeholder.length());
            }
            out.add(name);
            int k = idx.length - 1;
            while (k >= 0 && ++idx[k] == lists.get(k).size()) idx[k--] = 0;
            if (k < 0) return out;
        }
    }

    private static int count(String s, String sub) {
        int n = 0;
        for (int at = s.indexOf(sub); at >= 0; at = s.indexOf(sub, at + 1)) n++;
        return n;
    }

    private static List<String> names(OperatorRegistry ops, Arity a) {
        return ops.ofArity(a).stream().map(Operator::name).toList();
    }

    @Test
    void orderMatchesTheReferenceAlgorithm() {
        OperatorRegistry small = OperatorRegistry.builder()
                .add(OperatorRegistry.standard().get("sum_n")).add(OperatorRegistry.standard().get("max_n"))
                .add(OperatorRegistry.standard().get("add")).add(OperatorRegistry.standard().get("pow"))
                .add(OperatorRegistry.standard().get("sub"))
                .add(OperatorRegistry.standard().get("relu")).add(OperatorRegistry.standard().get("exp"))
                .add(OperatorRegistry.standard().get("tanh"))
                .build();
        Parser p = new Parser(small);
        for (String schema : new String[] {
                "n-ary(binary(unary(x),x),unary(x),n-ary(x,unary(x)))",
                "unary(binary(unary(x),binary(x,unary(x))))",
                "binary(n-ary(x,x,unary(x)),exp(unary(x)))",
                "relu(x)"}) {
            Schema s = Schema.parse(schema, p);
            List<String> expected = referenceExpansion(schema, small);
            assertEquals(expected, s.expand().map(Expr::toString).toList(), schema);
            assertEquals(expected.size(), s.count());
        }
    }

    @Test
    void hugeSpacesExpandLazilyWithRandomAccess() {
        Schema s = Schema.parse("n-ary(unary(unary(x)),unary(unary(x)),unary(unary(x)))");
        assertEquals(4L * 887_503_681L, s.count()); // 4·31⁶
        assertEquals(List.of("sum_n(zero(zero(x)),zero(zero(x)),zero(zero(x)))", "sum_n(zero(zero(x)),zero(zero(x)),zero(one(x)))"),
                s.expand().limit(2).map(Expr::toString).toList());
        assertEquals("min_n(gelu(gelu(x)),gelu(gelu(x)),gelu(gelu(x)))", s.get(s.count() - 1).toString());
        assertThrows(IndexOutOfBoundsException.class, () -> s.get(s.count()));
        assertThrows(IndexOutOfBoundsException.class, () -> s.get(-1));
        Set<String> twoSchemas = new HashSet<>();
        Schema.expand(List.of(Schema.parse("unary(x)"), Schema.parse("exp(unary(x))"))).forEach(e -> twoSchemas.add(e.toString()));
        assertEquals(62, twoSchemas.size());
    }

    @Test
    void severalSchemasExpandLazilyThroughAnIteratorInOrder() {
        // 31^6 = 887,503,681 names: a flatMap iterator would build them all before the first
        Schema huge = Schema.parse("n-ary(unary(x),unary(x),unary(x),unary(x),unary(x),unary(x))");
        Schema small = Schema.parse("unary(x)");
        var it = Schema.expand(List.of(small, huge)).iterator();
        for (int i = 0; i < 31; i++) assertEquals(small.get(i), it.next());
        assertEquals(huge.get(0), it.next());
        assertEquals(huge.get(1), it.next());
        // the concatenation equals the schemas one after the other, also with an empty list in between
        Schema binary = Schema.parse("binary(x,unary(x))");
        List<Expr> joined = Schema.expand(List.of(small, binary, small)).toList();
        List<Expr> expected = new java.util.ArrayList<>(small.expand().toList());
        expected.addAll(binary.expand().toList());
        expected.addAll(small.expand().toList());
        assertEquals(expected, joined);
        assertEquals(List.of(), Schema.expand(List.of()).toList());
    }

    @Test
    void badSchemasFailClearly() {
        assertTrue(assertThrows(ParseException.class, () -> Schema.parse("binary(unary(x)")).getMessage().contains("never closed"));
        assertTrue(assertThrows(ParseException.class, () -> Schema.parse("ternary(x,x,x)")).getMessage().contains("unknown operator 'ternary'"));
        String deep = "unary(".repeat(13) + "x" + ")".repeat(13); // 31^13 > 2^63
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Schema.parse(deep)).getMessage().contains("more than"));
        OperatorRegistry noBinary = OperatorRegistry.builder().add(OperatorRegistry.standard().get("relu")).build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Schema.parse("binary(x,x)", new Parser(noBinary)))
                .getMessage().contains("no binary operator"));
    }
}
