package org.aquasurf.examples.cli;

import org.aquasurf.store.ActBench;
import org.aquasurf.store.FunctionStore;
import org.aquasurf.store.ImportReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code aquasurf actbench import|export|build}: moves results between a search database and an Act-Bench
 * JSON file (gzipped when its name ends in {@code .gz}), or builds a benchmark with real trainings.
 */
@Command(name = "actbench", mixinStandardHelpOptions = true,
        description = "Import, export or build results in the public Act-Bench JSON format.",
        subcommands = {ActBenchCommand.Import.class, ActBenchCommand.Export.class, BenchmarkCommand.class})
public final class ActBenchCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Adds an Act-Bench file's functions and results to a database (names already stored keep their class). */
    @Command(name = "import", mixinStandardHelpOptions = true, description = "Add an Act-Bench file's functions, results and Fisher CDFs to a database.")
    static final class Import implements Callable<Integer> {
        @Option(names = "--file", required = true, description = "Act-Bench JSON file")
        Path file;

        @Option(names = "--db", required = true, description = "search database: SQLite file (created if missing) or JDBC URL")
        String db;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            StoreOption.requireReadableFile("--file", file);
            try (FunctionStore store = StoreOption.openOrCreate(db)) {
                ImportReport r = ActBench.importFile(file, store);
                PrintWriter out = spec.commandLine().getOut();
                out.printf("imported %s: %s%n%s%n", file, r, store.summary());
                out.flush();
            }
            return 0;
        }
    }

    /** Writes a database's classes and results as an Act-Bench file. */
    @Command(name = "export", mixinStandardHelpOptions = true, description = "Write a database's functions and results as an Act-Bench file.")
    static final class Export implements Callable<Integer> {
        @Option(names = "--db", required = true, description = "search database: SQLite file or JDBC URL")
        String db;

        @Option(names = "--file", required = true, description = "Act-Bench JSON file to write (replaced atomically)")
        Path file;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            StoreOption.requireWritableFile("--file", file);
            try (FunctionStore store = StoreOption.openExisting(db)) {
                ActBench.export(store, file);
                spec.commandLine().getOut().printf("exported %d classes to %s%n", store.summary().classes(), file);
                spec.commandLine().getOut().flush();
            }
            return 0;
        }
    }
}
