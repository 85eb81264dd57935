package org.aquasurf.search;

import org.aquasurf.store.Claim;
import org.aquasurf.store.ClassStatus;
import org.aquasurf.store.EvaluationResult;
import org.aquasurf.store.FunctionStore;
import org.aquasurf.store.Workers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** What only a shared store needs happens behind {@link Trials}: {@link StoreTrials}, never {@link Search}. */
class StoreTrialsTest {
    @TempDir Path dir;

    /** The default worker id of a process of this host that has exited. */
    private static String deadWorkerOfThisHost() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertEquals(0, p.waitFor());
        String self = Workers.defaultId();
        return self.substring(0, self.lastIndexOf('-') + 1) + p.pid();
    }

    @Test void resumeTakesBackTheClaimsOfDeadProcessesAndOfThisWorkerButNotOfLiveOnes() throws Exception {
        try (FunctionStore store = FunctionStore.open(dir.resolve("s.db"))) {
            store.populate(List.of("relu(x)", "tanh(x)", "swish(x)", "elu(x)"));
            long relu = store.find("relu(x)").orElseThrow().classId();
            long tanh = store.find("tanh(x)").orElseThrow().classId();
            long swish = store.find("swish(x)").orElseThrow().classId();
            String dead = deadWorkerOfThisHost();
            assertTrue(Workers.isDeadOnThisHost(dead, System.currentTimeMillis()), dead);
            store.leases().claim(relu, dead).orElseThrow();
            store.leases().claim(tanh, "me").orElseThrow();           // this worker's claim of an earlier run
            store.leases().claim(swish, "other-machine").orElseThrow(); // a live worker elsewhere

            StoreTrials trials = new StoreTrials(store);
            List<String> lines = new ArrayList<>();
            trials.resume("me", Duration.ofHours(1), dir.resolve("s.journal"), lines::add);

            assertEquals(ClassStatus.NEW, trials.status(relu), "the dead process's claim is back in the pool");
            assertEquals(ClassStatus.NEW, trials.status(tanh), "a restarted worker takes back its own claims");
            assertEquals(ClassStatus.RUNNING, trials.status(swish), "a live worker keeps its claim");
            assertEquals(List.of("released 1 stale claim(s) of crashed workers",
                    "took back 1 claim(s) of dead processes on this host: [relu(x) (" + dead + ")]"), lines);
            assertEquals(1, trials.started());
            assertEquals(2, trials.workers("me"), "this worker and the live one");
        }
    }

    @Test void stepsAndWorkersCountEveryWorkerOfTheStore() {
        try (FunctionStore store = FunctionStore.open(dir.resolve("s.db"))) {
            store.populate(List.of("relu(x)", "tanh(x)", "swish(x)", "elu(x)"));
            StoreTrials trials = new StoreTrials(store);
            Claim a = trials.claim(store.find("relu(x)").orElseThrow().classId(), "a", Long.MAX_VALUE).orElseThrow();
            Claim b = trials.claim(store.find("tanh(x)").orElseThrow().classId(), "b", Long.MAX_VALUE).orElseThrow();
            trials.claim(store.find("swish(x)").orElseThrow().classId(), "c", Long.MAX_VALUE).orElseThrow();
            assertTrue(trials.complete(a, EvaluationResult.ofValidationAccuracy(0.5)));
            assertTrue(trials.fail(b, "diverged"));
            assertEquals(2, trials.finished(), "one DONE and one FAILED, by two other workers");
            assertEquals(2, trials.workers("a"), "c holds a claim; a holds none now but is counted as this worker");
            assertTrue(trials.release(new Claim(store.find("swish(x)").orElseThrow().classId(), "swish(x)", "c",
                    store.leases().running().get(0).lease())));
            assertEquals(1, trials.workers("a"));
            assertEquals(ClassStatus.NEW, trials.status(store.find("swish(x)").orElseThrow().classId()));
        }
    }

    /**
     * With every class as a baseline (as a benchmark build runs), the search evaluates them all in
     * that order and reads each status a bounded number of times, not once per earlier class per step.
     */
    @Test void everyClassAsABaselineIsEvaluatedInOrderWithLinearlyManyStatusReads() {
        try (FunctionStore store = FunctionStore.open(dir.resolve("s.db"))) {
            store.populate(org.aquasurf.schema.Schema.parse("unary(x)"), r -> { });
            StoreTrials real = new StoreTrials(store);
            List<String> order = new ArrayList<>(real.states().stream().map(org.aquasurf.store.ClassState::name).toList());
            java.util.Collections.reverse(order);
            assertTrue(order.size() > 20, order.toString());
            int[] statusReads = {0};
            Trials counted = (Trials) java.lang.reflect.Proxy.newProxyInstance(Trials.class.getClassLoader(),
                    new Class<?>[] {Trials.class}, (proxy, method, args) -> {
                        if (method.getName().equals("status")) statusReads[0]++;
                        try {
                            return method.invoke(real, args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            SearchReport report = new Search(counted).baselines(order).workerId("w").progress(line -> { })
                    .evaluateWith(name -> EvaluationResult.ofValidationAccuracy(0.5)).run();
            assertEquals(order, report.steps().stream().map(SearchStep::name).toList());
            assertTrue(statusReads[0] <= 2 * order.size(), statusReads[0] + " status reads for " + order.size()
                    + " classes (one pass per step would read " + order.size() * (order.size() + 1) / 2 + ")");
        }
    }
}
