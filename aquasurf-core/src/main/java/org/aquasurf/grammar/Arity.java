package org.aquasurf.grammar;

/** How many arguments an operator takes. */
public enum Arity {
    /** Exactly one argument. */
    UNARY("unary"),
    /** Exactly two arguments. */
    BINARY("binary"),
    /** Two or more arguments, reduced left to right with an associative, commutative binary kernel. */
    NARY("n-ary");

    private final String placeholder;

    Arity(String placeholder) { this.placeholder = placeholder; }

    /** The schema placeholder that stands for every operator of this arity: unary, binary, n-ary. */
    public String placeholder() { return placeholder; }

    /** The arity whose placeholder is {@code name}, or null. */
    public static Arity ofPlaceholder(String name) {
        for (Arity a : values()) if (a.placeholder.equals(name)) return a;
        return null;
    }

    /** True if an operator of this arity accepts {@code n} arguments. */
    public boolean accepts(int n) {
        return switch (this) {
            case UNARY -> n == 1;
            case BINARY -> n == 2;
            case NARY -> n >= 2;
        };
    }

    /** Human description of the accepted argument count, for error messages. */
    public String describe() {
        return switch (this) {
            case UNARY -> "1 argument";
            case BINARY -> "2 arguments";
            case NARY -> "2 or more arguments";
        };
    }
}
