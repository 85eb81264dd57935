package org.aquasurf.grammar;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Messages about huge or hostile inputs stay short, escaped, and point at the right place. */
class ParserMessageTest {

    private static ParseException fails(String input) {
        return assertThrows(ParseException.class, () -> Parser.standard().parse(input));
    }

    /** The visible text of line 2 under the carets of line 3. */
    private static String underCarets(ParseException e) {
        String[] lines = e.getMessage().split("\n", -1);
        assertEquals(3, lines.length, e.getMessage());
        int from = lines[2].indexOf('^');
        int to = lines[2].lastIndexOf('^') + 1;
        return lines[1].substring(from, Math.min(to, lines[1].length()));
    }

    @Test
    void aTenMegabyteUnknownNameGetsAShortMessageWithoutSuggestion() {
        String huge = "q".repeat(10 << 20);
        ParseException e = fails("max(" + huge + "(x),x)");
        assertTrue(e.getMessage().length() < 400, "message of " + e.getMessage().length() + " characters");
        assertTrue(e.problem().startsWith("unknown operator 'qqqq"), e.problem());
        assertTrue(e.problem().contains("… (" + (10 << 20) + " characters)"), e.problem());
        assertFalse(e.problem().contains("did you mean"), e.problem());
        assertEquals(4, e.position());
        assertEquals(10 << 20, e.length());
        String[] lines = e.getMessage().split("\n", -1);
        assertTrue(lines[1].startsWith("  max(qqq") && lines[1].endsWith("…"), lines[1]);
        assertTrue(underCarets(e).chars().allMatch(c -> c == 'q'), "carets under the visible part of the name");
        assertEquals(lines[1].length() - 1, lines[2].length(), "carets stop before the ellipsis");
    }

    @Test
    void theCaretStaysUnderTheTokenDeepInsideALongInput() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 400; i++) sb.append("add(x,");
        int position = sb.length();
        sb.append("rleu(x)");
        for (int i = 0; i < 400; i++) sb.append(')');
        ParseException e = fails(sb.toString());
        assertEquals(position, e.position());
        assertEquals("rleu", underCarets(e));
        assertTrue(e.problem().endsWith("(did you mean 'relu'?)"), e.problem());
        String shown = e.getMessage().split("\n")[1];
        assertTrue(shown.startsWith("  …") && shown.endsWith("…"), shown);
        assertTrue(shown.length() <= ParseException.WINDOW + 4, shown);
    }

    @Test
    void controlCharactersAreEscapedAndTheCaretFollowsTheEscapes() {
        ParseException e = fails("relu(\u001b[2J\u001b[Hx)");
        assertFalse(e.getMessage().chars().anyMatch(c -> c == 0x1b), "no raw escape character reaches the terminal");
        assertEquals("unexpected character '\\u001b'", e.problem());
        assertEquals("\\u001b", underCarets(e));
        ParseException after = fails("relu(x)\u001b[2J");
        assertEquals("\\u001b[2J", underCarets(after));
        assertTrue(Excerpt.of("a\u0007b\u009bc").equals("a\\u0007b\\u009bc"), Excerpt.of("a\u0007b\u009bc"));
    }

    @Test
    void suggestionsStillFindCloseOperatorsAndTheBoundedDistanceIsExact() {
        assertTrue(fails("sigmiod(x)").problem().endsWith("(did you mean 'sigmoid'?)"));
        assertTrue(fails("bessel_i0(x)").problem().endsWith("(did you mean 'bessel_i0e'?)"));
        // the bounded distance agrees with the plain one below the bound and reports bound + 1 above it
        String[][] pairs = {{"rleu", "relu"}, {"kitten", "sitting"}, {"abc", "abc"}, {"", "abs"}, {"softplus", "softsign"}};
        int[] exact = {1, 3, 0, 3, 4};
        for (int i = 0; i < pairs.length; i++) {
            assertEquals(exact[i], Parser.editDistance(pairs[i][0], pairs[i][1], 10), pairs[i][0]);
            assertEquals(Math.min(exact[i], 2), Parser.editDistance(pairs[i][0], pairs[i][1], 1), pairs[i][0]);
        }
    }
}
