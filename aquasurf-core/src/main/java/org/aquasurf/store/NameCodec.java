package org.aquasurf.store;

import org.aquasurf.grammar.Expr;
import org.aquasurf.grammar.Parser;

import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compact binary form of function names: the expression in prefix order, one byte per node
 * (0 for x, otherwise 1 + the operator's index in the store's operator table) followed, for
 * operators, by one byte with the argument count. {@code max(relu(x),cosh(elu(x)))} (25 chars)
 * takes 10 bytes. Names are parsed, so equal expressions written differently share one form.
 */
final class NameCodec {
    private final Parser parser;
    private final List<String> operators;
    private final Map<String, Integer> codes = new HashMap<>();

    /** @param operators the store's operator table, in code order (at most 255) */
    NameCodec(Parser parser, List<String> operators) {
        if (operators.size() > 255) throw new IllegalArgumentException("at most 255 operators, got " + operators.size());
        this.parser = parser;
        this.operators = List.copyOf(operators);
        for (int i = 0; i < operators.size(); i++) codes.put(operators.get(i), i + 1);
    }

    List<String> operators() { return operators; }

    /** The binary form of a name; a ParseException (an IllegalArgumentException) if it does not parse. */
    byte[] encode(String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32);
        write(parser.parse(name), name, out);
        return out.toByteArray();
    }

    private void write(Expr e, String name, ByteArrayOutputStream out) {
        if (e instanceof Expr.Apply a) {
            Integer code = codes.get(a.op());
            if (code == null) {
                throw new IllegalArgumentException("operator '" + a.op() + "' of '" + org.aquasurf.grammar.Excerpt.of(name)
                        + "' is not in the store's operator table " + operators);
            }
            if (a.args().size() > 255) throw new IllegalArgumentException("'" + org.aquasurf.grammar.Excerpt.of(name) + "' has an operator with more than 255 arguments");
            out.write(code);
            out.write(a.args().size());
            for (Expr arg : a.args()) write(arg, name, out);
        } else {
            out.write(0);
        }
    }

    /** The canonical text of a binary form. */
    String decode(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 5);
        int end = read(bytes, 0, sb);
        if (end != bytes.length) throw new StoreException("corrupted function name: " + (bytes.length - end) + " trailing bytes");
        return sb.toString();
    }

    private int read(byte[] b, int pos, StringBuilder sb) {
        if (pos >= b.length) throw new StoreException("corrupted function name: truncated");
        int code = b[pos] & 0xff;
        if (code == 0) {
            sb.append('x');
            return pos + 1;
        }
        if (code > operators.size() || pos + 1 >= b.length) throw new StoreException("corrupted function name: bad operator code " + code);
        sb.append(operators.get(code - 1)).append('(');
        int argc = b[pos + 1] & 0xff;
        int p = pos + 2;
        for (int i = 0; i < argc; i++) {
            if (i > 0) sb.append(',');
            p = read(b, p, sb);
        }
        sb.append(')');
        return p;
    }
}
