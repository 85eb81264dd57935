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

    /** The most characters of the input shown on the second line; longer inputs show a window around the position. */
    static final int WINDOW = 72;

    /**
     * Three lines: the problem with its position, up to {@link #WINDOW} characters of the input
     * around the position (cut ends marked with an ellipsis, control characters escaped), and
     * carets under the visible part of the offending token.
     */
    private static String format(String input, int position, int length, String problem) {
        String text = input == null ? "" : input;
        int pos = Math.max(0, Math.min(position, text.length()));
        int tokenEnd = (int) Math.min((long) pos + Math.max(1, length), text.length());
        int start = 0;
        int end = text.length();
        if (end > WINDOW) {
            start = Math.max(0, Math.min(pos - WINDOW / 3, text.length() - WINDOW));
            end = start + WINDOW;
        }
        StringBuilder shown = new StringBuilder(WINDOW + 16);
        if (start > 0) shown.append('…');
        int caretFrom = -1;
        int caretTo = -1;
        for (int i = start; i < end; i++) {
            if (i == pos) caretFrom = shown.length();
            Excerpt.append(shown, text.charAt(i));
            if (i < tokenEnd) caretTo = shown.length();
        }
        if (end < text.length()) shown.append('…');
        if (caretFrom < 0) caretFrom = shown.length(); // the position is the end of the input
        int carets = Math.max(1, caretTo - caretFrom);
        return problem + " at position " + position + "\n  " + shown + "\n  " + " ".repeat(caretFrom) + "^".repeat(carets);
    }
}
