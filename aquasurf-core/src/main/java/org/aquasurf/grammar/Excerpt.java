package org.aquasurf.grammar;

/**
 * Safe, bounded echoes of user input in messages: control characters (an ANSI escape sequence
 * in a name would otherwise act on the user's terminal) are written as {@code \u001b}-style
 * escapes, and text longer than {@link #MAX} characters is cut with an ellipsis and its length.
 */
public final class Excerpt {
    /** The most characters of input a message shows. */
    public static final int MAX = 60;

    private Excerpt() {}

    /** {@code text} escaped and, when longer than {@link #MAX}, cut: {@code "max(relu(x),…" (10485760 characters)}. */
    public static String of(String text) {
        if (text == null) return "null";
        StringBuilder sb = new StringBuilder();
        int n = Math.min(text.length(), MAX);
        for (int i = 0; i < n; i++) append(sb, text.charAt(i));
        if (text.length() > MAX) sb.append("… (").append(text.length()).append(" characters)");
        return sb.toString();
    }

    /** {@code text} with its control characters escaped (whitespace controls become a space), not cut. */
    public static String escaped(String text) {
        if (text.chars().noneMatch(Character::isISOControl)) return text;
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) append(sb, text.charAt(i));
        return sb.toString();
    }

    /** Appends one character, escaped if it is a control character; whitespace controls become a space. */
    static void append(StringBuilder sb, char c) {
        if (c == '\n' || c == '\t' || c == '\r') sb.append(' ');
        else if (Character.isISOControl(c)) sb.append(String.format("\\u%04x", (int) c));
        else sb.append(c);
    }
}
