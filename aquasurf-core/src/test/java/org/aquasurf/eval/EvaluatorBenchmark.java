package org.aquasurf.eval;

import java.util.List;
import java.util.Locale;

import org.aquasurf.canonical.Fingerprint;
import org.aquasurf.canonical.FingerprintSet;
import org.aquasurf.canonical.SpaceFingerprints;
import org.aquasurf.grammar.Expr;
import org.aquasurf.schema.Schema;

/**
 * Prints names per second for expanding and fingerprinting search spaces (no assertions). Run:
 * <pre>
 * ./mvnw -o -q -B test-compile -pl aquasurf-core
 * java -cp "aquasurf-core/target/classes:aquasurf-core/target/test-classes" org.aquasurf.eval.EvaluatorBenchmark
 * </pre>
 */
public final class EvaluatorBenchmark {

    private EvaluatorBenchmark() {}

    public static void main(String[] args) {
        Schema small = Schema.parse("binary(unary(x),unary(x))");
        SpaceFingerprints space = new SpaceFingerprints();

        // Warm-up, then the best of several runs.
        for (int i = 0; i < 30; i++) space.summarize(List.of(small));
        double best = Double.MAX_VALUE;
        long classes = 0;
        for (int i = 0; i < 10; i++) {
            long t = System.nanoTime();
            classes = space.summarize(List.of(small)).classes();
            best = Math.min(best, (System.nanoTime() - t) / 1e9);
        }
        report("fingerprint + count classes, " + small, small.count(), best, "classes=" + classes);

        best = Double.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            long t = System.nanoTime();
            long[] chars = {0};
            FingerprintSet set = new FingerprintSet();
            space.forEach(small, (k, key) -> {
                chars[0] += small.get(k).toString().length();
                set.add(key);
            });
            best = Math.min(best, (System.nanoTime() - t) / 1e9);
        }
        report("fingerprint + build every name string, " + small, small.count(), best, "");

        best = Double.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long t = System.nanoTime();
            long chars = small.expand().map(Expr::toString).mapToLong(String::length).sum();
            best = Math.min(best, (System.nanoTime() - t) / 1e9);
            if (chars < small.count()) throw new AssertionError();
        }
        report("expand to name strings only, " + small, small.count(), best, "");

        Evaluator ev = Evaluator.standard();
        double[] x = StandardInputs.values();
        best = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long t = System.nanoTime();
            FingerprintSet set = new FingerprintSet();
            small.expand().forEach(e -> set.add(Fingerprint.of(ev.compile(e).apply(x))));
            best = Math.min(best, (System.nanoTime() - t) / 1e9);
        }
        report("per-name compile + evaluate + fingerprint (no reuse), " + small, small.count(), best, "");

        List<Schema> big = List.of(
                Schema.parse("n-ary(unary(x),unary(x),unary(x))"),
                Schema.parse("binary(unary(unary(x)),unary(x))"),
                Schema.parse("binary(unary(x),binary(unary(x),unary(x)))"));
        for (Schema s : big) {
            long t = System.nanoTime();
            SpaceFingerprints.Summary sum = space.summarize(List.of(s));
            report("fingerprint + count classes, " + s, sum.names(), (System.nanoTime() - t) / 1e9, "classes=" + sum.classes());
        }
        System.gc();
        long t = System.nanoTime();
        SpaceFingerprints.Summary all = space.summarize(big);
        double seconds = (System.nanoTime() - t) / 1e9;
        Runtime rt = Runtime.getRuntime();
        report("fingerprint + count classes, all three together", all.names(), seconds,
                "classes=" + all.classes() + " heapUsedMiB=" + (rt.totalMemory() - rt.freeMemory()) / (1 << 20));
    }

    private static void report(String what, long names, double seconds, String extra) {
        System.out.printf(Locale.ROOT, "%-78s %9d names %8.4f s %12.0f names/s %s%n", what, names, seconds, names / seconds, extra);
    }
}
