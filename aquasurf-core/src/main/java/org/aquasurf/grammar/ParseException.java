package org.aquasurf.grammar;

/**
 * A malformed function name or schema. The message names the problem, its position (0-based
 * character offset) and shows the input with a caret line under the offending token:
 * <pre>
 * unknown operator 'rleu' at position 4 (did you mean 'relu'?)
 *   max(rleu(x),x)
 *       ^^^^
 * </pre>
 */
public final class ParseException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String input;
    private final int position;
    private final int length;
    private final String problem;

    public ParseException(String input, int position, int length, String problem) {
        super(format(input, position, length, problem));
        this.input = input;
        this.position = position;
        this.length = Math.max(1, length);
        this.problem = problem;
    }

    /** The text that failed to parse. */
    public String input() { return input; }

    /** 0-based character offset of the offending token. */
    public int position() { return position; }

    /** Length of the offending token (at least 1). */
    public int length() { return length; }

    /** The problem alone, without position and caret line. */
    public String problem() { return problem; }

    private static String format(String input, int position, int length, String problem) {
        String shown = input == null ? "" : input.replace('\n', ' ').replace('\t', ' ');
        return problem + " at position " + position + "\n  " + shown + "\n  "
                + " ".repeat(Math.max(0, position)) + "^".repeat(Math.max(1, length));
    }
}
