package org.aquasurf.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.aquasurf.grammar.Arity;
import org.aquasurf.grammar.Expr;
import org.aquasurf.grammar.Operator;
import org.aquasurf.grammar.OperatorRegistry;
import org.aquasurf.grammar.Parser;

/**
 * A search space: a template such as {@code binary(unary(x),unary(x))} whose placeholders
 * {@code unary}, {@code binary} and {@code n-ary} stand for every operator of that arity in a
 * registry. It expands, lazily, to {@link #count()} concrete names.
 *
 * <p>Order (the AQuaSurF reference's): the placeholders are ordered n-ary first, then binary, then
 * unary, each group in text order; the names are their Cartesian product with the last placeholder
 * varying fastest, and each placeholder runs through its operators in registry order. So
 * {@code binary(unary(x),unary(x))} starts {@code add(zero(x),zero(x))}, {@code add(zero(x),one(x))}
 * and ends {@code min(gelu(x),gelu(x))}. Names of several schemas are concatenated, not deduplicated.
 *
 * <p>Immutable and thread-safe; {@link #get(long)} gives random access, so spaces of billions of
 * names cost no memory.
 */
public final class Schema {

    /**
     * One placeholder of the template.
     *
     * @param arity     which operators it stands for
     * @param textIndex its position among the placeholders in text (pre-order) order, from 0
     * @param choices   the operators it runs through, in registry order
     */
    public record Slot(Arity arity, int textIndex, List<Operator> choices) {
        public Slot {
            choices = List.copyOf(choices);
        }
    }

    private final String text;
    private final OperatorRegistry registry;
    private final Expr template;
    private final List<Slot> slots;
    /** slotOfText[i] = index in {@link #slots} of the i-th placeholder in text order. */
    private final int[] slotOfText;
    private final long count;

    private Schema(String text, OperatorRegistry registry, Expr template, List<Slot> slots, int[] slotOfText, long count) {
        this.text = text;
        this.registry = registry;
        this.template = template;
        this.slots = slots;
        this.slotOfText = slotOfText;
        this.count = count;
    }

    /** Parses a schema with the standard operators. */
    public static Schema parse(String text) {
        return parse(text, Parser.standard());
    }

    /**
     * Parses a schema; the placeholders expand to the operators of {@code parser}'s registry.
     *
     * @throws org.aquasurf.grammar.ParseException if the text is malformed
     * @throws IllegalArgumentException if the registry has no operator for a placeholder used, or
     *                                  the space has more than {@link Long#MAX_VALUE} names
     */
    public static Schema parse(String text, Parser parser) {
        Objects.requireNonNull(parser, "parser");
        Expr template = parser.parseSchema(text);
        List<Arity> inText = new ArrayList<>();
        collect(template, inText);
        List<Slot> slots = new ArrayList<>();
        int[] slotOfText = new int[inText.size()];
        for (Arity group : new Arity[] {Arity.NARY, Arity.BINARY, Arity.UNARY}) {
            List<Operator> choices = parser.registry().ofArity(group);
            for (int i = 0; i < inText.size(); i++) {
                if (inText.get(i) != group) continue;
                if (choices.isEmpty()) {
                    throw new IllegalArgumentException("schema '" + text + "': the registry has no "
                            + group.placeholder() + " operator for the placeholder '" + group.placeholder() + "'");
                }
                slotOfText[i] = slots.size();
                slots.add(new Slot(group, i, choices));
            }
        }
        long count = 1;
        for (Slot s : slots) {
            try {
                count = Math.multiplyExact(count, s.choices().size());
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("schema '" + text + "' has more than " + Long.MAX_VALUE + " names", e);
            }
        }
        return new Schema(template.toString(), parser.registry(), template, List.copyOf(slots), slotOfText, count);
    }

    private static void collect(Expr e, List<Arity> out) {
        if (e instanceof Expr.Apply a) {
            Arity p = Arity.ofPlaceholder(a.op());
            if (p != null) out.add(p);
            for (Expr arg : a.args()) collect(arg, out);
        }
    }

    /** The template, printed canonically (no whitespace). */
    public String text() { return text; }

    /** The operators of the names (placeholders and the template's fixed operators). */
    public OperatorRegistry registry() { return registry; }

    /** The parsed template with its placeholders. */
    public Expr template() { return template; }

    /** The placeholders in enumeration order: the last varies fastest. */
    public List<Slot> slots() { return slots; }

    /** For the i-th placeholder in text (pre-order) order, its index in {@link #slots()}. */
    public int slotOfTextIndex(int i) { return slotOfText[i]; }

    /** Number of names the schema expands to. */
    public long count() { return count; }

    /**
     * The operator index of each slot for the {@code index}-th name (mixed radix, last slot fastest).
     *
     * @throws IndexOutOfBoundsException unless 0 ≤ index &lt; {@link #count()}
     */
    public int[] digits(long index) {
        Objects.checkIndex(index, count);
        int[] d = new int[slots.size()];
        for (int s = d.length - 1; s >= 0; s--) {
            int radix = slots.get(s).choices().size();
            d[s] = (int) (index % radix);
            index /= radix;
        }
        return d;
    }

    /** The {@code index}-th name, 0 ≤ index &lt; {@link #count()}. */
    public Expr get(long index) {
        int[] d = digits(index);
        return substitute(template, d, new int[] {0});
    }

    private Expr substitute(Expr e, int[] digits, int[] nextText) {
        if (!(e instanceof Expr.Apply a)) return e;
        String op = a.op();
        if (Arity.ofPlaceholder(op) != null) {
            int slot = slotOfText[nextText[0]++];
            op = slots.get(slot).choices().get(digits[slot]).name();
        }
        List<Expr> args = new ArrayList<>(a.args().size());
        for (Expr arg : a.args()) args.add(substitute(arg, digits, nextText));
        return new Expr.Apply(op, args);
    }

    /** All names, lazily, in the order described above. */
    public Stream<Expr> expand() {
        return LongStream.range(0, count).mapToObj(this::get);
    }

    /**
     * The names of several schemas, one schema after the other, lazily: each name is built when it is
     * consumed, also through {@link Stream#iterator()} (a {@code flatMap} would buffer a whole schema).
     *
     * @throws IllegalArgumentException if the schemas have more than {@link Long#MAX_VALUE} names together
     */
    public static Stream<Expr> expand(List<Schema> schemas) {
        List<Schema> list = List.copyOf(schemas);
        long[] start = new long[list.size() + 1];
        for (int i = 0; i < list.size(); i++) {
            try {
                start[i + 1] = Math.addExact(start[i], list.get(i).count());
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("schemas " + list + " have more than " + Long.MAX_VALUE + " names", e);
            }
        }
        return LongStream.range(0, start[list.size()]).mapToObj(index -> {
            int s = java.util.Arrays.binarySearch(start, index);
            s = s >= 0 ? s : -s - 2; // the last schema starting at or before index (skips empty ones)
            while (start[s + 1] == index) s++;
            return list.get(s).get(index - start[s]);
        });
    }

    /** Total number of names of several schemas (duplicates across schemas counted twice). */
    public static long count(List<Schema> schemas) {
        long n = 0;
        for (Schema s : schemas) n = Math.addExact(n, s.count());
        return n;
    }

    @Override
    public String toString() { return text; }
}
