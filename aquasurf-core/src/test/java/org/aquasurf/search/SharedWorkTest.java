package org.aquasurf.search;

import org.aquasurf.store.Backends;
import org.aquasurf.store.ClassStatus;
import org.aquasurf.store.Fixtures;
import org.aquasurf.store.FunctionRecord;
import org.aquasurf.store.FunctionStore;
import org.aquasurf.store.RunningClaim;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Several worker processes (child JVMs) on one store, SQLite and PostgreSQL: the feature phase
 * split between workers, and searches interrupted by SIGTERM or kill -9, then run again.
 */
class SharedWorkTest {
    @TempDir Path dir;

    static List<String> backends() {
        return Backends.all();
    }

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private static Process child(Class<?> main, Path output, String... args) throws Exception {
        // A background job of a non-interactive shell (CI, `cmd &`) inherits SIGINT ignored, and a JVM
        // started so never handles it; coreutils' env restores the default so the child sees Ctrl-C.
        List<String> cmd = new ArrayList<>(List.of("env", "--default-signal=INT",
                JAVA, "-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }

    /** Waits until {@code log} has at least {@code n} lines starting with {@code prefix}; returns them. */
    private static List<String> await(Path log, String prefix, int n, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.startsWith(prefix)).toList() : List.of();
            if (lines.size() >= n) return lines;
            if (!p.isAlive()) fail("child exited (" + p.exitValue() + ") before logging " + n + " '" + prefix + "' lines");
            Thread.sleep(20);
        }
        throw new AssertionError("timed out waiting for " + n + " '" + prefix + "' lines in " + log);
    }

    private static String names(Path log, String prefix, Set<String> into) throws Exception {
        for (String l : Files.readAllLines(log)) if (l.startsWith(prefix)) assertTrue(into.add(l.substring(prefix.length())), l);
        return Files.readString(log);
    }

    private static FunctionStore populated(String url) {
        FunctionStore store = FunctionStore.open(url);
        store.populate(Fixtures.names());
        return store;
    }

    @ParameterizedTest @MethodSource("backends")
    void twoFeatureWorkerProcessesSplitDisjointWorkAndStopAtTheSharedLimit(String backend) throws Exception {
        String url = Backends.newStore(backend, dir, "f.db");
        try (FunctionStore store = populated(url)) {
            // what one worker would do: the first 60 classes of the seeded order
            Set<Long> expected = store.features().missing(new Random(3)).stream().limit(60)
                    .map(FunctionRecord::classId).collect(Collectors.toSet());
            Path start = dir.resolve("start");
            List<Process> ps = new ArrayList<>();
            List<Path> logs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Path log = dir.resolve("w" + i + ".log");
                logs.add(log);
                ps.add(child(FeatureWorkChild.class, dir.resolve("w" + i + ".out"), url, "-", "60", "40", "60000",
                        start.toString(), log.toString()));
            }
            for (int i = 0; i < 2; i++) await(logs.get(i), "", 0, ps.get(i));
            while (!Files.exists(logs.get(0)) || !Files.exists(logs.get(1))) Thread.sleep(10);
            Files.createFile(start);
            for (int i = 0; i < 2; i++) {
                assertTrue(ps.get(i).waitFor(120, TimeUnit.SECONDS), "worker " + i + " finished");
                assertEquals(0, ps.get(i).exitValue(), Files.readString(dir.resolve("w" + i + ".out")));
            }
            Set<String> all = new HashSet<>();
            int[] per = new int[2];
            for (int i = 0; i < 2; i++) {
                Set<String> mine = new HashSet<>();
                names(logs.get(i), "done ", mine);
                per[i] = mine.size();
                for (String n : mine) assertTrue(all.add(n), n + " was computed by both workers");
            }
            Set<Long> constant = store.classes().stream()
                    .filter(r -> FeatureWork.CONSTANT_FUNCTION.equals(r.featuresError())).map(FunctionRecord::classId)
                    .collect(Collectors.toSet());
            System.out.printf("%s: features per worker %d + %d, %d constant classes%n", backend, per[0], per[1], constant.size());
            Set<Long> stored = store.classes().stream().filter(r -> r.features() != null).map(FunctionRecord::classId)
                    .collect(Collectors.toSet());
            assertEquals(expected, stored, "together the workers did exactly what one worker with this seed and limit does");
            assertFalse(constant.isEmpty(), "add(identity(x),negative(x)) and its like are constant");
            assertEquals(60 - constant.size(), all.size());
            for (int i = 0; i < 2; i++) assertTrue(per[i] >= all.size() / 4, "each worker does a fair share: " + per[0] + "/" + per[1]);
            for (FunctionRecord r : store.classes()) {
                if (r.features() != null && r.featuresError() == null) {
                    assertArrayEquals(Fixtures.cdf(store.canonicalizer().evaluator().outputs(r.name())), r.features(), r.name());
                }
            }
            assertTrue(store.leases().running().isEmpty(), store.leases().running().toString());
        }
    }

    @ParameterizedTest @MethodSource("backends")
    void theFeatureClaimOfAKilledWorkerReturnsAtOnceOnThisHostAndAfterItsLeaseOtherwise(String backend) throws Exception {
        String url = Backends.newStore(backend, dir, "k.db");
        try (FunctionStore store = populated(url)) {
            Path start = dir.resolve("start");
            Files.createFile(start);
            // Ctrl-C (SIGINT) during a feature computation: the claim is released at once, one line says so
            Path log0 = dir.resolve("int.log");
            Path out0 = dir.resolve("int.out");
            Process i = child(FeatureWorkChild.class, out0, url, "-", "5", "600000", "600000", start.toString(), log0.toString());
            String interrupted = await(log0, "start ", 1, i).get(0).substring("start ".length());
            assertEquals(1, store.leases().running().size());
            new ProcessBuilder("kill", "-INT", String.valueOf(i.pid())).start().waitFor();
            assertTrue(i.waitFor(60, TimeUnit.SECONDS));
            String line = Files.readString(out0);
            assertEquals(130, i.exitValue(), line);
            assertTrue(line.contains("interrupted: Fisher features during the Fisher features of " + interrupted)
                    && line.contains("its claim was released"), line);
            assertTrue(store.leases().running().isEmpty(), "released at once: " + store.leases().running());

            // default id (host-pid): a rerun on this host sees the process is dead and takes the claim back at once
            Path log = dir.resolve("a.log");
            Process p = child(FeatureWorkChild.class, dir.resolve("a.out"), url, "-", "5", "600000", "600000",
                    start.toString(), log.toString());
            String killed = await(log, "start ", 1, p).get(0).substring("start ".length());
            p.destroyForcibly().waitFor();
            List<RunningClaim> running = store.leases().running();
            assertEquals(1, running.size(), running.toString());
            assertEquals(RunningClaim.Kind.FEATURES, running.get(0).kind());
            long t0 = System.nanoTime();
            List<String> said = new ArrayList<>();
            FeatureWork.Report r = FeatureWork.on(store).limit(5).seed(3).lease(Duration.ofMinutes(10)).progress(said::add)
                    .run(n -> Fixtures.cdf(store.canonicalizer().evaluator().outputs(n)));
            assertTrue(said.get(0).startsWith("took back 1 Fisher-feature claim(s) of dead processes on this host: [" + killed),
                    said.toString());
            assertTrue((System.nanoTime() - t0) / 1e9 < 30, "no wait for the 10-minute lease");
            assertEquals(5, r.computed() + r.constant());
            assertNotNull(store.find(killed).orElseThrow().features(), "the killed worker's class was computed");
            assertTrue(store.leases().running().isEmpty());

            // a custom id says nothing about liveness: the claim returns once its lease (1.5 s) runs out
            Path log2 = dir.resolve("b.log");
            Process q = child(FeatureWorkChild.class, dir.resolve("b.out"), url, "custom-worker", "5", "600000", "1500",
                    start.toString(), log2.toString());
            String killed2 = await(log2, "start ", 1, q).get(0).substring("start ".length());
            q.destroyForcibly().waitFor();
            t0 = System.nanoTime();
            FeatureWork.Report r2 = FeatureWork.on(store).limit(5).seed(3).workerId("parent").lease(Duration.ofMillis(1500))
                    .progress(l -> {}).run(n -> Fixtures.cdf(store.canonicalizer().evaluator().outputs(n)));
            double waited = (System.nanoTime() - t0) / 1e9;
            assertEquals(5, r2.computed() + r2.constant(), "the limit is met: the dead worker's class was taken over");
            assertNotNull(store.find(killed2).orElseThrow().features());
            assertTrue(waited >= 0.5, "it waited for the lease to run out: " + waited + " s");
            assertEquals(10, store.summary().classesWithFeatures() + store.summary().featureErrors());
            assertTrue(store.leases().running().isEmpty());
        }
    }

    private static FunctionStore featured(String url) {
        FunctionStore store = populated(url);
        for (FunctionRecord r : store.classes()) {
            store.features().put(r.classId(), Fixtures.cdf(store.canonicalizer().evaluator().outputs(r.name())));
        }
        return store;
    }

    @ParameterizedTest @MethodSource("backends")
    void sigtermAndKill9DuringAnEvaluationThenTheSameCommandEndsWithTheFullBudgetDone(String backend) throws Exception {
        String url = Backends.newStore(backend, dir, "s.db");
        try (FunctionStore store = featured(url)) {
            Path log = dir.resolve("search.log");
            // SIGTERM during the second evaluation: the claim is released and one line says so
            Path out1 = dir.resolve("run1.out");
            Process p = child(SearchChild.class, out1, url, "6", "2000", log.toString());
            String interrupted = await(log, "start ", 2, p).get(1).substring("start ".length());
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            String text = Files.readString(out1);
            assertEquals(143, p.exitValue(), text);
            List<String> lines = text.lines().filter(l -> l.startsWith("interrupted:")).toList();
            assertEquals(1, lines.size(), text);
            assertTrue(lines.get(0).contains("during the evaluation of " + interrupted) && lines.get(0).contains("claim was released")
                    && lines.get(0).contains("run the same command again to resume"), lines.get(0));
            assertEquals(0, store.count(ClassStatus.RUNNING), "nothing RUNNING after SIGTERM");
            assertEquals(1, store.count(ClassStatus.DONE));

            // kill -9 during the next evaluation: the claim stays RUNNING under the dead process
            Process q = child(SearchChild.class, dir.resolve("run2.out"), url, "6", "2000", log.toString());
            await(log, "start ", 4, q);
            q.destroyForcibly().waitFor();
            assertEquals(1, store.count(ClassStatus.RUNNING));

            // the same command again: takes the dead claim back at once and spends the whole budget
            Path out3 = dir.resolve("run3.out");
            Process r = child(SearchChild.class, out3, url, "6", "10", log.toString());
            assertTrue(r.waitFor(120, TimeUnit.SECONDS));
            String third = Files.readString(out3);
            assertEquals(0, r.exitValue(), third);
            assertTrue(third.contains("took back 1 claim(s) of dead processes on this host"), third);
            assertTrue(third.contains("step 6/6"), "steps count the whole store: " + third);
            assertEquals(6, store.count(ClassStatus.DONE), third);
            assertEquals(0, store.count(ClassStatus.RUNNING));
            assertEquals(6, store.leases().completions().size());
            Set<String> done = new HashSet<>();
            names(log, "done ", done);
            assertEquals(6, done.size(), "every finished evaluation is stored once");
        }
    }
}
