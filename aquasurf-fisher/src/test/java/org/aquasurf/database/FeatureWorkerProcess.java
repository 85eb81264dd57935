package org.aquasurf.database;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A feature worker process for {@link FeatureWorkersTest}: opens {@link ActivationFunctionDatabaseTest.TinyDatabase}
 * (real DJL), waits for a start file, computes its share of the Fisher features, and prints
 * "built NAME" for each function it computed. Args: database file, limit, seed, start file.
 */
public final class FeatureWorkerProcess {
    public static void main(String[] args) throws Exception {
        Path start = Path.of(args[3]);
        try (var db = new ActivationFunctionDatabaseTest.TinyDatabase(Path.of(args[0]))) {
            db.fisherFeatures("relu(x)"); // warm up the engine before the race starts
            db.built.clear();
            Files.createFile(start.resolveSibling("ready-" + ProcessHandle.current().pid()));
            while (!Files.exists(start)) Thread.sleep(2);
            FeatureReport r = db.computeFisherFeatures(Integer.parseInt(args[1]), Long.parseLong(args[2]), System.out::println);
            for (String name : db.built) System.out.println("built " + name);
            System.out.println("report " + r);
        }
    }
}
