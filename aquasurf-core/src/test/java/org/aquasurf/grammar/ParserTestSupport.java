package org.aquasurf.grammar;

import java.util.Random;

/** Random expressions for tests in other packages. */
public final class ParserTestSupport {
    private ParserTestSupport() {}

    /** A random concrete expression of depth at most {@code depth} over the registry's operators. */
    public static Expr randomExpr(Random r, OperatorRegistry ops, int depth) {
        return ParserTest.randomExpr(r, ops, depth);
    }
}
