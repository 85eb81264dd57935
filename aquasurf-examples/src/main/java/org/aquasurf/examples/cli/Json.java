package org.aquasurf.examples.cli;

/** Minimal JSON text for the command line: numbers as shortest round-trip decimals, non-finite as strings. */
final class Json {
    private Json() {}

    /** A number, or the string "nan", "inf" or "-inf". */
    static String number(double v) {
        if (Double.isNaN(v)) return "\"nan\"";
        if (Double.isInfinite(v)) return v > 0 ? "\"inf\"" : "\"-inf\"";
        return Double.toString(v);
    }

    /** An array of numbers. */
    static String array(double[] values) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            if (i > 0) sb.append(',');
            sb.append(number(values[i]));
        }
        return sb.append(']').toString();
    }

    /** A string literal. */
    static String string(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }
}
