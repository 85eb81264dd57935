package org.aquasurf.store;

import org.aquasurf.grammar.Arity;
import org.aquasurf.grammar.Operator;
import org.aquasurf.grammar.OperatorRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.*;

/** A populate killed with SIGKILL mid-way resumes: populating again gives exactly a clean populate's store. */
class PopulateCrashTest {
    @TempDir Path dir;

    static final int N = 16_000;

    /** The first {@code n} names of binary(binary(unary(x),unary(x)),unary(x)) over the standard operators. */
    static List<String> names(int n) {
        List<String> unary = OperatorRegistry.standard().ofArity(Arity.UNARY).stream().map(Operator::name).toList();
        List<String> binary = OperatorRegistry.standard().ofArity(Arity.BINARY).stream().map(Operator::name).toList();
        List<String> out = new ArrayList<>(n);
        for (String b1 : binary) for (String b2 : binary) for (String u1 : unary) for (String u2 : unary) for (String u3 : unary) {
            if (out.size() == n) return out;
            out.add(b1 + "(" + b2 + "(" + u1 + "(x)," + u2 + "(x))," + u3 + "(x))");
        }
        return out;
    }

    @Test void populateKilledMidWayResumesToTheSameStoreAsACleanPopulate() throws Exception {
        Path crashed = dir.resolve("crashed.db");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), PopulateChild.class.getName(),
                crashed.toString(), String.valueOf(N)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            String line;
            while ((line = r.readLine()) != null) {
                out.add(line);
                if (line.startsWith("batch ")) break; // one batch is committed, the next is being computed or written
            }
            p.destroyForcibly().waitFor();
        }
        assertEquals("batch 5000", out.get(out.size() - 1), "the child was killed after its first batch: " + out);
        long partial;
        try (FunctionStore store = FunctionStore.open(crashed)) {
            partial = store.summary().names();
            assertTrue(partial >= 4000 && partial < N, "the killed populate stopped mid-way: " + partial + " names");
            store.populate(names(N));
        }
        try (FunctionStore resumed = FunctionStore.open(crashed);
             FunctionStore clean = FunctionStore.open(dir.resolve("clean.db"))) {
            PopulateReport r = clean.populate(names(N));
            assertEquals(N, r.namesAdded());
            assertEquals(contents(clean), contents(resumed));
            assertEquals(clean.summary(), resumed.summary());
            assertEquals(clean.classes(), resumed.classes(), "same classes, ids and representatives");
            System.out.println("killed populate had committed " + partial + " of " + N + " names; resumed to "
                    + r.namesAdded() + " names in " + r.classesAdded() + " classes");
        }
    }

    /** Every stored name with its class key. */
    private static Map<String, String> contents(FunctionStore store) {
        Map<Long, String> keys = new TreeMap<>();
        for (FunctionRecord c : store.classes()) keys.put(c.classId(), c.key());
        Map<String, String> m = new TreeMap<>();
        store.forEachName((name, classId) -> m.put(name, keys.get(classId)));
        return m;
    }
}
