package org.aquasurf.canonical;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.aquasurf.eval.Evaluator;
import org.aquasurf.eval.StandardInputs;
import org.aquasurf.schema.Schema;
import org.junit.jupiter.api.Test;

class SpaceFingerprintsTest {

    /** Brute force: every name compiled and evaluated on its own, then fingerprinted. */
    private static void assertMatchesBruteForce(SpaceFingerprints space, Schema schema, double[] inputs, int stride) {
        Evaluator ev = Evaluator.standard();
        long[] visited = {0};
        space.forEach(schema, (i, key) -> {
            assertEquals(visited[0]++, i);
            if (i % stride == 0) {
                assertEquals(Fingerprint.of(ev.compile(schema.get(i)).apply(inputs)), key, schema.get(i).toString());
            }
        });
        assertEquals(schema.count(), visited[0]);
    }

    @Test
    void everyNameOfBinaryUnaryUnaryMatchesBruteForce() {
        Schema s = Schema.parse("binary(unary(x),unary(x))");
        assertMatchesBruteForce(new SpaceFingerprints(), s, StandardInputs.values(), 1);
    }

    @Test
    void memoizedAndRecomputedPathsAgreeOnMixedTemplates() {
        double[] inputs = {-4.5, -1, -0.3, 0, 0.7, 2, 5};
        for (String text : new String[] {
                "n-ary(unary(exp(x)),x,binary(x,unary(x)))",     // fixed ops, constant subtree, 3-argument fold
                "unary(binary(unary(x),unary(x)))",               // inner node above the memo limit
                "binary(unary(unary(x)),unary(x))",
                "max(relu(x),cosh(elu(x)))", "x", "unary(x)"}) {
            Schema s = Schema.parse(text);
            for (int memoLimit : new int[] {0, 40, SpaceFingerprints.MEMO_LIMIT}) {
                assertMatchesBruteForce(new SpaceFingerprints(inputs, memoLimit), s, inputs, 13);
            }
        }
    }

    @Test
    void summaryCountsNamesAndDistinctClasses() {
        Schema s = Schema.parse("binary(unary(x),unary(x))");
        FingerprintSet bruteForce = new FingerprintSet();
        Canonicalizer c = Canonicalizer.standard();
        s.expand().forEach(e -> bruteForce.add(Fingerprint.parse(c.classKey(e.toString()))));
        SpaceFingerprints.Summary summary = new SpaceFingerprints().summarize(List.of(s));
        assertEquals(6727, summary.names());
        assertEquals(bruteForce.size(), summary.classes());
        // unary(x): all 31 unary operators give distinct functions; adding the same schema twice adds no class.
        assertEquals(new SpaceFingerprints.Summary(62, 31),
                new SpaceFingerprints().summarize(List.of(Schema.parse("unary(x)"), Schema.parse("unary(x)"))));
    }
}
