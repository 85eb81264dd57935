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
                        : "unexpected character '" + Excerpt.of(String.valueOf(c)) + "'";
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
                        "placeholder '" + Excerpt.of(name) + "' is only allowed in a schema");
                arity = placeholder;
            } else {
                Operator op = registry.find(name).orElse(null);
                if (op == null) throw new ParseException(text, start, nameLength, unknown(name));
                arity = op.arity();
            }
            if (!hasArgs) throw new ParseException(text, start, nameLength, "expected '(' after '" + Excerpt.of(name) + "'");
            int open = pos++;
            List<Expr> args = new ArrayList<>();
            while (true) {
                args.add(expr(depth + 1));
                skipSpace();
                if (pos >= text.length()) throw new ParseException(text, open, 1, "unbalanced parentheses: '(' is never closed");
                char c = text.charAt(pos);
                if (c == ',') { pos++; continue; }
                if (c == ')') { pos++; break; }
                throw new ParseException(text, pos, 1, "expected ',' or ')' but found '" + Excerpt.of(String.valueOf(c)) + "'");
            }
            if (!arity.accepts(args.size())) {
                throw new ParseException(text, start, nameLength, "'" + Excerpt.of(name) + "' takes " + arity.describe()
                        + " but was given " + args.size());
            }
            return new Expr.Apply(name, args);
        }

        /**
         * "unknown operator 'NAME'", with "(did you mean 'OP'?)" when an operator is within a third of
         * the name's length in edits. Costs O(length of name) at most: a name much longer than every
         * operator gets no suggestion, and the edit distance stops once it exceeds that bound.
         */
        private String unknown(String name) {
            String msg = "unknown operator '" + Excerpt.of(name) + "'";
            List<String> candidates = new ArrayList<>(registry.names());
            if (schema) for (Arity a : Arity.values()) candidates.add(a.placeholder());
            int bound = Math.max(1, name.length() / 3);
            String best = null;
            int bestDistance = bound + 1;
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            for (String candidate : candidates) {
                if (Math.abs(candidate.length() - name.length()) >= bestDistance) continue;
                int d = editDistance(lower, candidate, bestDistance - 1);
                if (d < bestDistance) { bestDistance = d; best = candidate; }
            }
            return best != null ? msg + " (did you mean '" + best + "'?)" : msg;
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
        }
    }

    private static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    /**
     * Optimal-string-alignment distance (insertions, deletions, substitutions and adjacent swaps cost
     * 1), or {@code max + 1} when it exceeds {@code max}. Callers skip pairs whose lengths differ by
     * more than {@code max}, so a row costs O(length of b) and the whole O(length of a × length of b).
     */
    static int editDistance(String a, String b, int max) {
        if (Math.abs(a.length() - b.length()) > max) return max + 1;
        int[] prev2 = new int[b.length() + 1];
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int d = Math.min(prev[j - 1] + cost, Math.min(prev[j] + 1, cur[j - 1] + 1));
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d = Math.min(d, prev2[j - 2] + 1);
                }
                cur[j] = d;
                rowMin = Math.min(rowMin, d);
            }
            if (rowMin > max) return max + 1;
            int[] t = prev2; prev2 = prev; prev = cur; cur = t;
        }
        return Math.min(prev[b.length()], max + 1);
    }
}
