package org.aquasurf.examples.search;

import org.aquasurf.examples.data.Mnist;
import org.aquasurf.fisher.FisherOptions;
import org.aquasurf.store.FunctionStore;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The Fisher-feature phase of the main job (10x48 MLP, 128 digits, binary(unary(x),unary(x)))
 * for {@code classes} classes, done by 1 and then 2 worker processes (child JVMs, one PyTorch
 * thread each) on fresh copies of one SQLite file: wall time, each worker's share and CPU time.
 * Each worker computes its layers on {@code cores / workers} threads (at least 1): a lone worker
 * uses every core, two workers on 2 cores one each; {@code layerThreads=N} fixes it for both runs.
 * Usage: {@code bin/benchmark FeaturePhaseBenchmark [classes=300] [dir=/tmp/feature-phase] [layerThreads=N]}.
 */
public final class FeaturePhaseBenchmark {
    public static void main(String[] args) throws Exception {
        int classes = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        Path dir = Files.createDirectories(Path.of(args.length > 1 ? args[1] : "/tmp/feature-phase"));
        int fixedThreads = args.length > 2 && args[2].startsWith("layerThreads=") ? Integer.parseInt(args[2].substring(13)) : 0;
        int cores = Runtime.getRuntime().availableProcessors();
        Path template = dir.resolve("template.db");
        Files.deleteIfExists(template);
        try (FunctionStore store = FunctionStore.open(template)) {
            store.populate(org.aquasurf.schema.Schema.parse("binary(unary(x),unary(x))"), r -> {});
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int workers = 1; workers <= 2; workers++) {
            Path db = dir.resolve("phase-" + workers + ".db");
            Files.deleteIfExists(db);
            Files.copy(template, db);
            Path start = dir.resolve("start-" + workers);
            Files.deleteIfExists(start);
            List<Process> ps = new ArrayList<>();
            List<Path> outs = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                Path out = dir.resolve("worker-" + workers + "-" + w + ".out");
                outs.add(out);
                Files.deleteIfExists(dir.resolve("ready-" + workers + "-" + w));
                ps.add(new ProcessBuilder(java, "-Xmx2g", "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1",
                        "-Dai.djl.pytorch.num_interop_threads=1", "-cp", System.getProperty("java.class.path"),
                        Worker.class.getName(), db.toString(), String.valueOf(classes), start.toString(),
                        dir.resolve("ready-" + workers + "-" + w).toString(),
                        String.valueOf(fixedThreads > 0 ? fixedThreads : Math.max(1, cores / workers)))
                        .redirectErrorStream(true).redirectOutput(out.toFile()).start());
            }
            for (int w = 0; w < workers; w++) {
                while (!Files.exists(dir.resolve("ready-" + workers + "-" + w))) {
                    if (!ps.get(w).isAlive()) throw new IllegalStateException("worker died: " + Files.readString(outs.get(w)));
                    Thread.sleep(20);
                }
            }
            double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            long t0 = System.nanoTime();
            Files.createFile(start);
            StringBuilder per = new StringBuilder();
            for (int w = 0; w < workers; w++) {
                ps.get(w).waitFor(1, TimeUnit.HOURS);
                Path out = outs.get(w);
                String last = Files.readAllLines(out).stream().filter(l -> l.startsWith("worker ")).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no report in " + out));
                per.append("\n  ").append(last);
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "%d worker(s), %d layer thread(s) each: %d classes in %.1f s wall "
                            + "(load average %.2f at the start, %.2f at the end)%s%n",
                    workers, fixedThreads > 0 ? fixedThreads : Math.max(1, cores / workers), classes, wall, load, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), per);
        }
    }

    /**
     * One worker process: loads the digits, warms up, waits for the start file, runs the phase, reports.
     * Arguments: database, classes, start file, ready file, layer threads (default: all cores).
     */
    public static final class Worker {
        public static void main(String[] args) throws Exception {
            Path db = Path.of(args[0]);
            int classes = Integer.parseInt(args[1]);
            Path start = Path.of(args[2]);
            int layerThreads = args.length > 4 ? Integer.parseInt(args[4]) : Runtime.getRuntime().availableProcessors();
            try (MnistSearchDatabase database = new MnistSearchDatabase(db, Mnist.loadSplit().train(), 10, 48, 128) {
                @Override
                protected FisherOptions fisherOptions() {
                    return super.fisherOptions().withThreads(layerThreads);
                }
            }) {
                database.fisherFeatures("relu(x)"); // engine warm-up, outside the measured phase
                long cpu0 = ProcessHandle.current().info().totalCpuDuration().orElseThrow().toMillis();
                Files.createFile(Path.of(args[3]));
                while (!Files.exists(start)) Thread.sleep(2);
                long t0 = System.nanoTime();
                var r = database.computeFisherFeatures(classes, 0, line -> {});
                double wall = (System.nanoTime() - t0) / 1e9;
                long cpu = ProcessHandle.current().info().totalCpuDuration().orElseThrow().toMillis() - cpu0;
                System.out.printf(Locale.ROOT, "worker %s: %d classes here (%d constant, %d failed, %d by others), "
                                + "%.1f s wall, %.1f s CPU%n", ProcessHandle.current().pid(), r.computed() + r.constant() + r.failed(),
                        r.constant(), r.failed(), r.byOtherWorkers(), wall, cpu / 1000.0);
            }
        }
    }
}
