package org.aquasurf.search;

import org.aquasurf.eval.Evaluator;
import org.aquasurf.grammar.Arity;
import org.aquasurf.grammar.Operator;
import org.aquasurf.grammar.OperatorRegistry;
import org.aquasurf.store.ClassStatus;
import org.aquasurf.store.Fixtures;
import org.aquasurf.store.FunctionRecord;
import org.aquasurf.store.FunctionStore;
import org.aquasurf.store.PostgresTestServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Soak test driver (prints numbers): {@code workers} {@link SoakWorker} JVMs share one SQLite store
 * and a budget of {@code workers x evaluationsPerWorker} evaluations. Every 0.3 to 1.2 s the driver
 * hits a random live worker, preferably one in the middle of an evaluation, with SIGKILL
 * ({@link Process#destroyForcibly()}; the worker is restarted at once with the same worker id) or
 * with SIGSTOP (SIGCONT follows after three lease timeouts, so its lease expires and its late
 * result must be rejected), until {@code kills} and {@code pauses} are used up; it waits until
 * every worker exits normally. Then it counts, from the workers' append-only logs and the store:
 * <ul>
 *   <li>claims: evaluations started ("start" lines);</li>
 *   <li>completed: DONE classes in the store (must equal the budget);</li>
 *   <li>duplicates: classes whose result was written more than once ("written" lines), or whose
 *       stored result or holder disagrees with the log (must be 0);</li>
 *   <li>lost: classes still RUNNING at the end (claimed by a killed worker and neither finished
 *       nor returned to NEW), or "written" in a log but not DONE in the store (must be 0);</li>
 *   <li>interrupted: evaluations started whose worker was killed before it logged the outcome (the
 *       class was redone, or its result had been stored just before the kill);</li>
 *   <li>dropped: results rejected because the worker's lease had expired (see {@link Search}).</li>
 * </ul>
 * Run (the workers are child JVMs on this JVM's class path, so start it with {@code java}, not exec:java):
 * <pre>
 * ./mvnw -o -q test-compile dependency:build-classpath -pl aquasurf-core -Dmdep.outputFile=/tmp/cp.txt
 * java -cp aquasurf-core/target/test-classes:aquasurf-core/target/classes:$(cat /tmp/cp.txt) \
 *     org.aquasurf.search.Soak 6 300 30 10 /tmp/soak [20 1 postgres]
 * </pre>
 * Arguments: workers, evaluations per worker, kills, pauses, an empty directory for the logs;
 * optional: evaluation sleep in ms (default 20), seed (default 1), JDBC URL of an empty store
 * (default: the SQLite file soak.db in the directory; "postgres": a new database on a throwaway
 * PostgreSQL server, see {@link PostgresTestServer}).
 */
public final class Soak {

    /** The figures of one soak run. */
    public record Report(int workers, long budget, int classes, long claims, long completed, long duplicates,
                         long lost, long interrupted, long dropped, int kills, int pauses,
                         int faultsMidEvaluation, double wallSeconds) {
        @Override public String toString() {
            return String.format(Locale.ROOT, "soak: %d workers, budget %d of %d classes: claims %d, completed %d, "
                            + "duplicates %d, lost %d, interrupted %d, dropped (lease lost) %d, kills %d, pauses %d (%d faults aimed at a "
                            + "running evaluation), wall %.1f s",
                    workers, budget, classes, claims, completed, duplicates, lost, interrupted, dropped, kills, pauses,
                    faultsMidEvaluation, wallSeconds);
        }
    }

    public static void main(String[] args) throws Exception {
        int workers = Integer.parseInt(args[0]);
        int perWorker = Integer.parseInt(args[1]);
        int kills = Integer.parseInt(args[2]);
        int pauses = Integer.parseInt(args[3]);
        Path dir = Path.of(args[4]);
        long sleepMs = args.length > 5 ? Long.parseLong(args[5]) : 20;
        long seed = args.length > 6 ? Long.parseLong(args[6]) : 1;
        Files.createDirectories(dir);
        String db = args.length <= 7 ? "jdbc:sqlite:" + dir.resolve("soak.db").toAbsolutePath()
                : args[7].equals("postgres") ? PostgresTestServer.newDatabaseUrl() : args[7];
        System.out.println(run(db, dir, workers, perWorker, kills, pauses, sleepMs, seed));
    }

    /** The deterministic fake validation accuracy of a function: a fraction in [0, 1) from its name. */
    public static double accuracy(String name) {
        return (name.hashCode() & 0xffff) / 65536.0;
    }

    /** Functions binary(unary(x),unary(x)) for one binary operator and every standard unary one. */
    static List<String> names(String binary) {
        List<String> unary = OperatorRegistry.standard().ofArity(Arity.UNARY).stream().map(Operator::name).toList();
        return Fixtures.names(List.of(binary), unary);
    }

    /**
     * Runs one soak on the empty store at JDBC URL {@code db}, with the logs w*.log in the empty
     * directory {@code dir}: {@code kills} SIGKILLs and {@code pauses} SIGSTOPs (each followed by a
     * SIGCONT after three times staleAfter, so the paused worker's lease expires meanwhile).
     */
    public static Report run(String db, Path dir, int workers, int perWorker, int kills, int pauses, long sleepMs, long seed)
            throws Exception {
        long budget = (long) workers * perWorker;
        int classes;
        try (FunctionStore store = FunctionStore.open(db)) {
            // binary(unary(x),unary(x)) for one binary operator after another, until there are twice the budget's classes
            for (Operator b : OperatorRegistry.standard().ofArity(Arity.BINARY)) {
                if (store.classes().size() >= 2 * budget) break;
                store.populate(names(b.name()));
            }
            for (FunctionRecord r : store.classes()) {
                store.features().put(r.classId(), Fixtures.cdf(Evaluator.standard().outputs(r.name())));
            }
            classes = store.classes().size();
        }
        if (classes < budget) throw new IllegalArgumentException("budget " + budget + " exceeds the " + classes + " classes");
        // short leases when workers are paused past them; otherwise long ones, which no heartbeat misses
        Duration staleAfter = Duration.ofMillis(pauses > 0 ? 1000 : 10_000);
        long pauseNanos = staleAfter.multipliedBy(3).toNanos();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Random random = new Random(seed);
        long start = System.nanoTime();
        Map<String, Process> live = new HashMap<>();
        List<String> ids = new ArrayList<>();
        for (int w = 0; w < workers; w++) ids.add("w" + w);
        for (String id : ids) live.put(id, startWorker(java, db, dir, id, budget, sleepMs, staleAfter));
        int killed = 0, paused = 0, midEvaluation = 0;
        Map<String, Long> resumeAt = new HashMap<>();
        long nextKill = System.nanoTime() + killDelay(random);
        while (!live.isEmpty()) {
            for (String id : new ArrayList<>(live.keySet())) {
                Process p = live.get(id);
                if (p.isAlive()) continue;
                if (p.exitValue() != 0) {
                    throw new IllegalStateException("worker " + id + " failed with exit code " + p.exitValue()
                            + ": " + Files.readString(dir.resolve(id + ".out")));
                }
                live.remove(id);
            }
            for (String id : new ArrayList<>(resumeAt.keySet())) {
                if (System.nanoTime() < resumeAt.get(id)) continue;
                signal("CONT", live.get(id));
                resumeAt.remove(id);
            }
            if (killed + paused < kills + pauses && !live.isEmpty() && System.nanoTime() >= nextKill) {
                // prefer a worker in the middle of an evaluation; after 3 s without one, any live worker (not paused)
                List<String> alive = new ArrayList<>(live.keySet());
                alive.removeAll(resumeAt.keySet());
                alive.sort(null);
                List<String> evaluating = new ArrayList<>();
                for (String id : alive) if (lastLine(dir.resolve(id + ".log")).startsWith("start ")) evaluating.add(id);
                boolean waitedLong = System.nanoTime() - nextKill > Duration.ofSeconds(3).toNanos();
                if (!alive.isEmpty() && (!evaluating.isEmpty() || waitedLong)) {
                    List<String> pool = evaluating.isEmpty() ? alive : evaluating;
                    String victim = pool.get(random.nextInt(pool.size()));
                    if (!evaluating.isEmpty()) midEvaluation++;
                    if (random.nextInt(kills - killed + pauses - paused) < kills - killed) {
                        live.get(victim).destroyForcibly().waitFor();
                        killed++;
                        SoakWorker.append(dir.resolve(victim + ".log"), "killed"); // its last "start" is over
                        live.put(victim, startWorker(java, db, dir, victim, budget, sleepMs, staleAfter));
                    } else {
                        signal("STOP", live.get(victim));
                        paused++;
                        resumeAt.put(victim, System.nanoTime() + pauseNanos);
                    }
                    nextKill = System.nanoTime() + killDelay(random);
                }
            }
            Thread.sleep(10);
        }
        double wall = (System.nanoTime() - start) / 1e9;
        return count(dir, db, ids, workers, budget, classes, killed, paused, midEvaluation, wall);
    }

    /** Sends SIGSTOP or SIGCONT to a worker. */
    private static void signal(String signal, Process p) throws Exception {
        int rc = new ProcessBuilder("kill", "-" + signal, String.valueOf(p.pid())).inheritIO().start().waitFor();
        if (rc != 0 && p.isAlive()) throw new IllegalStateException("kill -" + signal + " " + p.pid() + " failed: " + rc);
    }

    private static long killDelay(Random random) {
        return Duration.ofMillis(300 + random.nextInt(900)).toNanos();
    }

    private static Process startWorker(String java, String db, Path dir, String id, long budget, long sleepMs,
                                       Duration staleAfter) throws Exception {
        return new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                SoakWorker.class.getName(), db, id, dir.resolve(id + ".log").toString(),
                String.valueOf(budget), String.valueOf(sleepMs), String.valueOf(staleAfter.toMillis()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(id + ".out").toFile()))
                .start();
    }

    private static String lastLine(Path log) throws Exception {
        if (!Files.exists(log)) return "";
        List<String> lines = Files.readAllLines(log);
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    private static Report count(Path dir, String db, List<String> ids, int workers, long budget, int classes, int kills,
                                int pauses, int midEvaluation, double wall) throws Exception {
        long claims = 0, written = 0, dropped = 0;
        Map<String, List<String>> writtenBy = new HashMap<>();
        for (String id : ids) {
            Path log = dir.resolve(id + ".log");
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            for (String line : lines) {
                int space = line.indexOf(' ');
                if (space < 0) continue; // a line cut by a kill
                String kind = line.substring(0, space), name = line.substring(space + 1);
                switch (kind) {
                    case "start" -> claims++;
                    case "written" -> { written++; writtenBy.computeIfAbsent(name, k -> new ArrayList<>()).add(id); }
                    case "dropped" -> dropped++;
                    default -> { }
                }
            }
        }
        long duplicates = 0, lost = 0, completed;
        try (FunctionStore store = FunctionStore.open(db)) {
            completed = store.count(ClassStatus.DONE);
            lost += store.count(ClassStatus.RUNNING);
            for (Map.Entry<String, List<String>> e : writtenBy.entrySet()) {
                FunctionRecord r = store.find(e.getKey()).orElseThrow();
                if (e.getValue().size() > 1) duplicates += e.getValue().size() - 1;
                if (r.status() != ClassStatus.DONE) lost++;
                else if (!r.claimedBy().equals(e.getValue().get(0)) || r.validationAccuracy() != accuracy(r.name())) duplicates++;
            }
        }
        return new Report(workers, budget, classes, claims, completed, duplicates, lost, claims - written - dropped, dropped, kills,
                pauses, midEvaluation, wall);
    }
}
