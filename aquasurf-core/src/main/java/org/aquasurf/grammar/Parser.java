package org.aquasurf.grammar;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads function names such as {@code max(relu(x),cosh(elu(x)))} and schemas such as
 * {@code binary(unary(x),unary(x))}. Whitespace between tokens is ignored. Every malformed input
 * raises a {@link ParseException} with the position of the offending token and a caret line.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Parser {

    /** Deeper inputs are rejected instead of risking a stack overflow. */
    public static final int MAX_DEPTH = 500;

    private static final Parser STANDARD = new Parser(OperatorRegistry.standard());

    private final OperatorRegistry registry;

    /** A parser for the operators of {@code registry}. */
    public Parser(OperatorRegistry registry) {
        this.registry = java.util.Objects.requireNonNull(registry, "registry");
    }

    /** The parser for the standard operators. */
    public static Parser standard() {
        return STANDARD;
    }

    /** The operators this parser knows. */
    public OperatorRegistry registry() {
        return registry;
    }

    /** Parses a concrete function name; placeholders are rejected. */
    public Expr parse(String name) {
        return new Run(name, false).parseAll();
    }

    /** Parses a schema: like {@link #parse} but the placeholders unary, binary and n-ary are allowed. */
    public Expr parseSchema(String schema) {
        return new Run(schema, true).parseAll();
    }

    /** One parse of one text. */
    private final class Run {
        private final String text;
        private final boolean schema;
        private int pos;

        Run(String text, boolean schema) {
            this.text = text;
            this.schema = schema;
        }

        Expr parseAll() {
            if (text == null) throw new ParseException("", 0, 1, "function name is null");
            skipSpace();
            if (pos == text.length()) throw new ParseException(text, 0, 1, "empty function name");
            Expr e = expr(1);
            skipSpace();
            if (pos < text.length()) {
                throw new ParseException(text, pos, text.length() - pos,
                        text.charAt(pos) == ')' ? "unbalanced parentheses: unexpected ')'"
                                : "unexpected text after the end of the expression");
            }
            return e;
        }

        private Expr expr(int depth) {
            if (depth > MAX_DEPTH) throw new ParseException(text, pos, 1, "expression nested deeper than " + MAX_DEPTH);
            skipSpace();
            int start = pos;
            if (pos >= text.length()) throw new ParseException(text, pos, 1, "expected an operator or x, found the end of the input");
            while (pos < text.length() && isNameChar(text.charAt(pos))) pos++;
            if (start == pos) {
                char c = text.charAt(pos);
                String what = c == ')' || c == ',' ? "expected an operator or x before '" + c + "'"
                        : "unexpected character '" + c + "'";
                throw new ParseException(text, pos, 1, what);
            }
            String name = text.substring(start, pos);
            int nameLength = pos - start;
            skipSpace();
            boolean hasArgs = pos < text.length() && text.charAt(pos) == '(';
            if (name.equals("x")) {
                if (hasArgs) throw new ParseException(text, start, 1, "x is the input and takes no arguments");
                return Expr.X;
            }
            Arity arity;
            Arity placeholder = Arity.ofPlaceholder(name);
            if (placeholder != null) {
                if (!schema) throw new ParseException(text, start, nameLength,
                        "placeholder '" + name + "' is only allowed in a schema");
                arity = placeholder;
            } else {
                Operator op = registry.find(name).orElse(null);
                if (op == null) throw new ParseException(text, start, nameLength, unknown(name));
                arity = op.arity();
            }
            if (!hasArgs) throw new ParseException(text, start, nameLength, "expected '(' after '" + name + "'");
            int open = pos++;
            List<Expr> args = new ArrayList<>();
            while (true) {
                args.add(expr(depth + 1));
                skipSpace();
                if (pos >= text.length()) throw new ParseException(text, open, 1, "unbalanced parentheses: '(' is never closed");
                char c = text.charAt(pos);
                if (c == ',') { pos++; continue; }
                if (c == ')') { pos++; break; }
                throw new ParseException(text, pos, 1, "expected ',' or ')' but found '" + c + "'");
            }
            if (!arity.accepts(args.size())) {
                throw new ParseException(text, start, nameLength, "'" + name + "' takes " + arity.describe()
                        + " but was given " + args.size());
            }
            return new Expr.Apply(name, args);
        }

        private String unknown(String name) {
            String best = null;
            int bestDistance = Integer.MAX_VALUE;
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            List<String> candidates = new ArrayList<>(registry.names());
            if (schema) for (Arity a : Arity.values()) candidates.add(a.placeholder());
            for (String candidate : candidates) {
                int d = editDistance(lower, candidate);
                if (d < bestDistance) { bestDistance = d; best = candidate; }
            }
            String msg = "unknown operator '" + name + "'";
            return best != null && bestDistance <= Math.max(1, name.length() / 3) ? msg + " (did you mean '" + best + "'?)" : msg;
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
        }
    }

    private static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    /** Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps cost 1. */
    private static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1));
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
