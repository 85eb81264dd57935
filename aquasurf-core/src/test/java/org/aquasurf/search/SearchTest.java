package org.aquasurf.search;

import org.aquasurf.eval.Evaluator;
import org.aquasurf.store.Claim;
import org.aquasurf.store.ClassStatus;
import org.aquasurf.store.EvaluationResult;
import org.aquasurf.store.Fixtures;
import org.aquasurf.store.FunctionRecord;
import org.aquasurf.store.FunctionStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SearchTest {
    @TempDir Path dir;

    static final List<String> BASELINES = List.of("max(relu(x),relu(x))", "add(tanh(x),tanh(x))", "max(elu(x),elu(x))");

    /** The search configuration shared by this test and its crashing child process. */
    static Search configured(Search s) {
        return s.baselines(BASELINES).budget(12).seed(1).quiet();
    }

    static FunctionStore featured(Path file) {
        FunctionStore store = FunctionStore.open(file);
        store.populate(Fixtures.names());
        for (FunctionRecord r : store.classes()) store.features().put(r.classId(), Fixtures.cdf(Evaluator.standard().outputs(r.name())));
        return store;
    }

    @Test void searchEvaluatesBaselinesThenSpendsTheBudgetWritingOneLinePerStep() {
        try (FunctionStore store = featured(dir.resolve("s.db"))) {
            List<String> reps = BASELINES.stream().map(b -> store.find(b).orElseThrow().name()).toList();
            List<String> lines = new ArrayList<>();
            List<String> evaluated = new ArrayList<>();
            SearchReport r = configured(AquaSurf.search(store)).progress(lines::add).evaluateWith(name -> {
                evaluated.add(name);
                if (name.equals(reps.get(2))) throw new IllegalStateException("diverged");
                return EvaluationResult.ofValidationAccuracy(Fixtures.accuracy(name));
            }).run();
            assertEquals(12, r.steps().size());
            assertEquals(13, lines.size());
            assertEquals("search stopped: budget of 12 evaluations reached", lines.get(12));
            assertEquals(reps, evaluated.subList(0, 3), "baselines (as their class representatives) come first");
            assertEquals(12, new HashSet<>(evaluated).size());
            assertEquals("java.lang.IllegalStateException: diverged", r.steps().get(2).error());
            assertEquals(11, r.summary().evaluated());
            assertEquals(1, r.summary().failed());
            double best = evaluated.stream().filter(n -> !n.equals(reps.get(2))).mapToDouble(Fixtures::accuracy).max().orElseThrow();
            assertEquals(best, r.steps().get(11).bestValidationAccuracy());
            assertEquals(best, r.summary().bestValidationAccuracy());
            assertTrue(r.steps().get(0).result().runtimeSeconds() >= 0, "measured runtime is stored");
            // a run with the budget already spent does nothing
            assertEquals(0, configured(AquaSurf.search(store)).evaluateWith(n -> { throw new AssertionError(n); }).run().steps().size());
        }
    }

    @Test void aCrashedWorkerResumesWhereItStopped() throws Exception {
        Path db = dir.resolve("s.db");
        featured(db).close();
        Path log = dir.resolve("log.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrashingSearch.class.getName(), db.toString(), "w1", log.toString(), "5")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(3, p.waitFor(), out);
        List<String> first = Files.readAllLines(log);
        assertEquals(5, first.size(), first.toString());
        String crashed = first.get(4).substring("crash ".length());
        try (FunctionStore store = FunctionStore.open(db)) {
            assertEquals(4, store.count(ClassStatus.DONE));
            FunctionRecord running = store.find(crashed).orElseThrow();
            assertEquals(ClassStatus.RUNNING, running.status());
            assertEquals("w1", running.claimedBy());

            List<String> lines = new ArrayList<>();
            List<String> second = new ArrayList<>();
            SearchReport r = configured(AquaSurf.search(store)).workerId("w1").progress(lines::add).evaluateWith(name -> {
                second.add(name);
                return EvaluationResult.ofValidationAccuracy(Fixtures.accuracy(name));
            }).run();
            assertTrue(lines.get(0).startsWith("released 1 stale claim"), lines.get(0));
            assertEquals(8, second.size(), "12 in total: 4 before the crash, 8 after");
            assertTrue(second.contains(crashed), "the interrupted evaluation is redone");
            List<String> done = new ArrayList<>(first.subList(0, 4).stream().map(s -> s.substring("done ".length())).toList());
            done.addAll(second);
            assertEquals(12, new HashSet<>(done).size(), "no evaluation is repeated");
            assertEquals(12, r.summary().evaluated());
            assertEquals(0, r.summary().running());
        }
    }

    @Test void threeProcessesShareOneBudgetWithoutRepeatingAnEvaluation() throws Exception {
        Path db = dir.resolve("s.db");
        featured(db).close();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> procs = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        for (String w : List.of("p1", "p2")) {
            Path log = dir.resolve(w + ".txt");
            logs.add(log);
            procs.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    CrashingSearch.class.getName(), db.toString(), w, log.toString(), "0")
                    .redirectErrorStream(true).start());
        }
        List<String> mine = new ArrayList<>();
        try (FunctionStore store = FunctionStore.open(db)) {
            configured(AquaSurf.search(store)).workerId("parent").evaluateWith(name -> {
                mine.add(name);
                Thread.sleep(150); // "training": the other processes join meanwhile
                return EvaluationResult.ofValidationAccuracy(Fixtures.accuracy(name));
            }).run();
            for (Process p : procs) {
                String out = new String(p.getInputStream().readAllBytes());
                assertEquals(0, p.waitFor(), out);
            }
            List<String> all = new ArrayList<>(mine);
            List<Integer> counts = new ArrayList<>(List.of(mine.size()));
            for (Path log : logs) {
                List<String> done = Files.exists(log) ? Files.readAllLines(log) : List.of();
                counts.add(done.size());
                all.addAll(done.stream().map(l -> l.substring("done ".length())).toList());
            }
            System.out.println("evaluations per process (parent, p1, p2): " + counts);
            assertEquals(12, all.size(), "exactly the budget is spent by the three processes together: " + all);
            assertEquals(12, new HashSet<>(all).size(), "no class is evaluated twice");
            assertEquals(12, store.summary().evaluated());
        }
    }

    @Test void anotherWorkerTakesOverClaimsWithAStaleHeartbeat() throws Exception {
        try (FunctionStore store = featured(dir.resolve("s.db"))) {
            long id = store.find(BASELINES.get(0)).orElseThrow().classId();
            store.leases().claim(id, "dead-worker").orElseThrow();
            Thread.sleep(20);
            List<String> evaluated = new ArrayList<>();
            configured(AquaSurf.search(store)).workerId("w2").staleAfter(Duration.ofMillis(10)).budget(2)
                    .evaluateWith(name -> {
                        evaluated.add(name);
                        return EvaluationResult.ofValidationAccuracy(0.5);
                    }).run();
            assertEquals(BASELINES.subList(0, 2).stream().map(b -> store.find(b).orElseThrow().name()).toList(), evaluated);
            assertEquals("w2", store.get(id).orElseThrow().claimedBy());
        }
    }

    @Test void aSearchWhoseLeaseWasTakenOverDropsItsResultAndSaysSo() {
        try (FunctionStore store = featured(dir.resolve("s.db"))) {
            long id = store.find(BASELINES.get(0)).orElseThrow().classId();
            SearchReport r = configured(AquaSurf.search(store)).workerId("A").budget(1).evaluateWith(name -> {
                // meanwhile A was presumed dead: its claim is released and B evaluates the class
                assertEquals(1, store.leases().releaseStale("A", Duration.ofHours(1)));
                Claim b = store.leases().claim(id, "B").orElseThrow();
                assertTrue(store.leases().complete(b, EvaluationResult.ofValidationAccuracy(0.125)));
                return EvaluationResult.ofValidationAccuracy(0.875);
            }).run();
            assertEquals(1, r.steps().size());
            assertNull(r.steps().get(0).result());
            assertTrue(r.steps().get(0).error().startsWith("lease lost"), r.steps().get(0).error());
            FunctionRecord rec = store.get(id).orElseThrow();
            assertEquals("B", rec.claimedBy());
            assertEquals(0.125, rec.validationAccuracy());
            assertEquals(1, r.summary().evaluated());
        }
    }

    @Test void missingEvaluationIsAClearError() {
        try (FunctionStore store = FunctionStore.open(dir.resolve("s.db"))) {
            var e = assertThrows(IllegalStateException.class, () -> AquaSurf.search(store).run());
            assertTrue(e.getMessage().contains("evaluateWith"));
        }
    }
}
