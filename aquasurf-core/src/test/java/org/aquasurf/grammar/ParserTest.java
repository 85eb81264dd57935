package org.aquasurf.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class ParserTest {

    private static final Parser P = Parser.standard();

    /** A random concrete expression over the registry's operators. */
    static Expr randomExpr(Random r, OperatorRegistry ops, int depth) {
        if (depth == 0 || r.nextInt(4) == 0) return Expr.X;
        List<String> names = ops.names();
        Operator op = ops.get(names.get(r.nextInt(names.size())));
        int n = switch (op.arity()) {
            case UNARY -> 1;
            case BINARY -> 2;
            case NARY -> 2 + r.nextInt(3);
        };
        List<Expr> args = new ArrayList<>();
        for (int i = 0; i < n; i++) args.add(randomExpr(r, ops, depth - 1));
        return new Expr.Apply(op.name(), args);
    }

    /** The expression's text with random whitespace between all tokens. */
    private static String withSpaces(String text, Random r) {
        StringBuilder sb = new StringBuilder();
        String[] ws = {"", "", " ", "  ", "\t", "\n "};
        sb.append(ws[r.nextInt(ws.length)]);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            sb.append(c);
            boolean tokenEnd = c == '(' || c == ')' || c == ',' || i + 1 < text.length() && "(),".indexOf(text.charAt(i + 1)) >= 0;
            if (tokenEnd) sb.append(ws[r.nextInt(ws.length)]);
        }
        return sb.toString();
    }

    @Test
    void parsesAndPrintsTheReferenceExamples() {
        Expr e = P.parse("max(relu(x),cosh(elu(x)))");
        assertEquals(Expr.apply("max", Expr.apply("relu", Expr.X), Expr.apply("cosh", Expr.apply("elu", Expr.X))), e);
        assertEquals("max(relu(x),cosh(elu(x)))", e.toString());
        assertEquals("sum_n(abs(x),swish(x),sigmoid(x))", P.parse(" sum_n( abs(x) , swish (x),\tsigmoid(x) )\n").toString());
        assertEquals("x", P.parse("x").toString());
        assertEquals(6, P.parse("max(relu(x),cosh(elu(x)))").size());
        assertEquals(4, P.parse("max(relu(x),cosh(elu(x)))").depth());
    }

    @Test
    void randomExpressionsRoundTripThroughTextWithWhitespace() {
        Random r = new Random(1);
        for (int i = 0; i < 2000; i++) {
            Expr e = randomExpr(r, OperatorRegistry.standard(), 1 + r.nextInt(6));
            String text = e.toString();
            assertEquals(e, P.parse(text));
            assertEquals(e, P.parse(withSpaces(text, r)), text);
            assertEquals(text, P.parse(withSpaces(text, r)).toString());
        }
    }

    private static ParseException fails(String input) {
        return assertThrows(ParseException.class, () -> P.parse(input), input);
    }

    /** The message's third line must put carets exactly under the reported token. */
    private static void assertCaret(ParseException e, int position, int length) {
        assertEquals(position, e.position(), e.getMessage());
        assertEquals(length, e.length(), e.getMessage());
        String[] lines = e.getMessage().split("\n", -1);
        assertEquals(3, lines.length, e.getMessage());
        assertTrue(lines[0].startsWith(e.problem() + " at position " + position), e.getMessage());
        assertEquals("  " + e.input().replace('\n', ' ').replace('\t', ' '), lines[1]);
        assertEquals("  " + " ".repeat(position) + "^".repeat(length), lines[2]);
    }

    @Test
    void eachErrorNamesTheProblemAndPointsAtIt() {
        record Case(String input, int position, int length, String problem) {}
        List<Case> cases = List.of(
                new Case("", 0, 1, "empty function name"),
                new Case("   ", 0, 1, "empty function name"),
                new Case("rleu(x)", 0, 4, "unknown operator 'rleu' (did you mean 'relu'?)"),
                new Case("max(rleu(x),x)", 4, 4, "unknown operator 'rleu' (did you mean 'relu'?)"),
                new Case("max(foo(x),x)", 4, 3, "unknown operator 'foo'"),
                new Case("relu(x,x)", 0, 4, "'relu' takes 1 argument but was given 2"),
                new Case("add(x)", 0, 3, "'add' takes 2 arguments but was given 1"),
                new Case("max(x, add(x,x,x))", 7, 3, "'add' takes 2 arguments but was given 3"),
                new Case("sum_n(x)", 0, 5, "'sum_n' takes 2 or more arguments but was given 1"),
                new Case("relu(x", 4, 1, "unbalanced parentheses: '(' is never closed"),
                new Case("max(relu(x),abs(x)", 3, 1, "unbalanced parentheses: '(' is never closed"),
                new Case("relu(x))", 7, 1, "unbalanced parentheses: unexpected ')'"),
                new Case("relu(x) y", 8, 1, "unexpected text after the end of the expression"),
                new Case("relu(x)relu(x)", 7, 7, "unexpected text after the end of the expression"),
                new Case("relu", 0, 4, "expected '(' after 'relu'"),
                new Case("x(x)", 0, 1, "x is the input and takes no arguments"),
                new Case("relu()", 5, 1, "expected an operator or x before ')'"),
                new Case("max(x,)", 6, 1, "expected an operator or x before ')'"),
                new Case("max(,x)", 4, 1, "expected an operator or x before ','"),
                new Case("relu(x$)", 6, 1, "expected ',' or ')' but found '$'"),
                new Case("$", 0, 1, "unexpected character '$'"),
                new Case("relu(", 5, 1, "expected an operator or x, found the end of the input"),
                new Case("unary(x)", 0, 5, "placeholder 'unary' is only allowed in a schema"));
        for (Case c : cases) {
            ParseException e = fails(c.input());
            assertEquals(c.problem(), e.problem(), c.input());
            assertCaret(e, c.position(), c.length());
        }
    }

    @Test
    void nullAndTooDeepInputsAreParseErrorsNotCrashes() {
        assertEquals("function name is null", assertThrows(ParseException.class, () -> P.parse(null)).problem());
        String deep = "relu(".repeat(Parser.MAX_DEPTH + 1) + "x" + ")".repeat(Parser.MAX_DEPTH + 1);
        ParseException e = fails(deep);
        assertEquals("expression nested deeper than " + Parser.MAX_DEPTH, e.problem());
        String ok = "relu(".repeat(Parser.MAX_DEPTH - 1) + "x" + ")".repeat(Parser.MAX_DEPTH - 1);
        assertEquals(Parser.MAX_DEPTH, P.parse(ok).depth());
    }

    @Test
    void schemasAllowPlaceholdersNamesDoNot() {
        Expr s = P.parseSchema("n-ary(unary(x), binary(x, unary(x)), x)");
        assertEquals("n-ary(unary(x),binary(x,unary(x)),x)", s.toString());
        assertEquals("unknown operator 'unray' (did you mean 'unary'?)",
                assertThrows(ParseException.class, () -> P.parseSchema("binary(unray(x),x)")).problem());
        assertEquals("'binary' takes 2 arguments but was given 1",
                assertThrows(ParseException.class, () -> P.parseSchema("binary(x)")).problem());
        assertEquals("'n-ary' takes 2 or more arguments but was given 1",
                assertThrows(ParseException.class, () -> P.parseSchema("n-ary(unary(x))")).problem());
    }

    @Test
    void usersExtendTheRegistryWithTheirOwnOperators() {
        OperatorRegistry ops = OperatorRegistry.standard().toBuilder()
                .add(Operator.unary("cube", v -> v * v * v))
                .add(Operator.binary("hypot", true, Math::hypot))
                .add(Operator.nary("mean_like", (a, b) -> (a + b) / 2))
                .build();
        Parser p = new Parser(ops);
        assertEquals("hypot(cube(x),mean_like(x,x,relu(x)))", p.parse("hypot(cube(x), mean_like(x,x,relu(x)))").toString());
        assertEquals(31 + 1, ops.ofArity(Arity.UNARY).size());
        assertEquals("cube", ops.ofArity(Arity.UNARY).get(31).name());
        assertThrows(ParseException.class, () -> P.parse("cube(x)"));
        assertEquals("'cube' takes 1 argument but was given 2", assertThrows(ParseException.class, () -> p.parse("cube(x,x)")).problem());
        for (String bad : new String[] {"x", "unary", "Cube", "2cube", "cu-be", ""}) {
            assertThrows(IllegalArgumentException.class, () -> Operator.unary(bad, v -> v), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> new Operator("bad", Arity.NARY, false, null, (a, b, o) -> { }));
        assertThrows(IllegalArgumentException.class, () -> new Operator("bad", Arity.UNARY, false, null, (a, b, o) -> { }));
    }

    @Test
    void fuzzedInputsOnlyEverRaiseParseException() {
        Random r = new Random(2024);
        String alphabet = "()(),,xxx unaryrelubinaddmax_n-sum_n\t\n$é0123456789ABC";
        List<String> valid = new ArrayList<>();
        for (int i = 0; i < 200; i++) valid.add(randomExpr(r, OperatorRegistry.standard(), 4).toString());
        valid.add("binary(unary(x),unary(x))");
        int parsed = 0, rejected = 0;
        for (int i = 0; i < 20000; i++) {
            String input;
            if (i % 2 == 0) {
                char[] cs = new char[r.nextInt(30)];
                for (int k = 0; k < cs.length; k++) {
                    cs[k] = r.nextInt(10) == 0 ? (char) r.nextInt(0x3000) : alphabet.charAt(r.nextInt(alphabet.length()));
                }
                input = new String(cs);
            } else {
                StringBuilder sb = new StringBuilder(valid.get(r.nextInt(valid.size())));
                for (int m = 1 + r.nextInt(3); m > 0 && sb.length() > 0; m--) {
                    int at = r.nextInt(sb.length());
                    switch (r.nextInt(3)) {
                        case 0 -> sb.deleteCharAt(at);
                        case 1 -> sb.insert(at, alphabet.charAt(r.nextInt(alphabet.length())));
                        default -> sb.setCharAt(at, alphabet.charAt(r.nextInt(alphabet.length())));
                    }
                }
                input = sb.toString();
            }
            for (boolean schema : new boolean[] {false, true}) {
                try {
                    Expr e = schema ? P.parseSchema(input) : P.parse(input);
                    assertEquals(e, schema ? P.parseSchema(e.toString()) : P.parse(e.toString()));
                    parsed++;
                } catch (ParseException expected) {
                    assertTrue(expected.position() >= 0 && expected.position() <= input.length(), expected.getMessage());
                    rejected++;
                }
            }
        }
        assertTrue(parsed > 100 && rejected > 10000, parsed + " parsed, " + rejected + " rejected");
    }
}
