package org.aquasurf.store;

import org.aquasurf.grammar.Arity;
import org.aquasurf.grammar.Operator;
import org.aquasurf.grammar.OperatorRegistry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Benchmark (prints numbers, asserts nothing): populate throughput and file size for N names of
 * the schema binary(binary(unary(x),unary(x)),unary(x)) (default N = 1,000,000).
 * Run: {@code ./mvnw -o -q exec:java -pl aquasurf-core -Dexec.classpathScope=test
 * -Dexec.mainClass=org.aquasurf.store.PopulateBenchmark -Dexec.args="1000000 /tmp/populate.db"}
 */
public final class PopulateBenchmark {
    public static void main(String[] args) throws Exception {
        long n = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        Path file = Path.of(args.length > 1 ? args[1] : "populate-benchmark.db");
        for (String suffix : List.of("", "-wal", "-shm")) Files.deleteIfExists(Path.of(file + suffix));
        List<String> unary = OperatorRegistry.standard().ofArity(Arity.UNARY).stream().map(Operator::name).toList();
        List<String> binary = OperatorRegistry.standard().ofArity(Arity.BINARY).stream().map(Operator::name).toList();
        Stream<String> names = names(unary, binary).limit(n);
        long start = System.nanoTime();
        long[] last = {0};
        PopulateReport r;
        try (FunctionStore store = FunctionStore.open(file)) {
            r = store.populate(names, p -> {
                if (p.namesSeen() / 100_000 > last[0]) {
                    last[0] = p.namesSeen() / 100_000;
                    System.out.printf(Locale.ROOT, "populate: %,d names, %,d classes, %.1f s%n", p.namesSeen(),
                            p.classesAdded(), (System.nanoTime() - start) / 1e9);
                }
            });
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "populated %,d names into %,d classes in %.1f s: %,.0f names/s%n",
                    r.namesAdded(), r.classesAdded(), seconds, r.namesAdded() / seconds);
            long again = System.nanoTime();
            PopulateReport skip = store.populate(names(unary, binary).limit(Math.min(n, 100_000)), p -> {});
            double s2 = (System.nanoTime() - again) / 1e9;
            System.out.printf(Locale.ROOT, "re-populating %,d existing names added %d in %.1f s: %,.0f names/s%n",
                    skip.namesSeen(), skip.namesAdded(), s2, skip.namesSeen() / s2);
        }
        long bytes = Files.size(file) + sizeOrZero(Path.of(file + "-wal"));
        System.out.printf(Locale.ROOT, "file size %.1f MB (%.1f bytes per name)%n", bytes / 1e6, (double) bytes / r.namesAdded());
    }

    private static Stream<String> names(List<String> unary, List<String> binary) {
        return binary.stream().flatMap(b1 -> binary.stream().flatMap(b2 -> unary.stream().flatMap(u1 ->
                unary.stream().flatMap(u2 -> unary.stream().map(u3 -> b1 + "(" + b2 + "(" + u1 + "(x)," + u2 + "(x)),"
                        + u3 + "(x))")))));
    }

    private static long sizeOrZero(Path p) throws Exception {
        return Files.exists(p) ? Files.size(p) : 0;
    }
}
