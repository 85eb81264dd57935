package org.aquasurf.examples.cli;

import org.aquasurf.store.ActBench;
import org.aquasurf.store.FunctionStore;
import org.aquasurf.store.ImportReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code aquasurf actbench import|export|merge|build}: moves results between a search database and an Act-Bench
 * JSON file (gzipped when its name ends in {@code .gz}), combines files of several training seeds, or builds a
 * benchmark with real trainings.
 */
@Command(name = "actbench", mixinStandardHelpOptions = true,
        description = "Import, export or build results in the public Act-Bench JSON format.",
        subcommands = {ActBenchCommand.Import.class, ActBenchCommand.Export.class, ActBenchCommand.Merge.class, BenchmarkCommand.class})
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

        @Option(names = "--features-only", description = "import the names and Fisher CDFs but no results "
                + "(e.g. to train a benchmark's classes again with actbench build --training-seed)")
        boolean featuresOnly;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            StoreOption.requireReadableFile("--file", file);
            try (FunctionStore store = StoreOption.openOrCreate(db)) {
                ImportReport r = featuresOnly ? ActBench.importFeatures(file, store) : ActBench.importFile(file, store);
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

    /** Combines Act-Bench files of the same functions trained with different seeds (results: the mean over the seeds). */
    @Command(name = "merge", mixinStandardHelpOptions = true,
            description = "Combine Act-Bench files of the same functions trained with different training seeds into one: "
                    + "each result is the mean over the seeds, with the per-seed values ('Validation Accuracy per Seed', ...).")
    static final class Merge implements Callable<Integer> {
        @picocli.CommandLine.Parameters(paramLabel = "FILE[=SEED]", arity = "1..*",
                description = "Act-Bench files; =SEED gives the training seed of a file whose entries record none "
                        + "(files written before 'Training Seeds', e.g. benchmarks/fashion-mnist-conv.json.gz=0)")
        List<String> inputs;

        @Option(names = "--out", required = true, description = "Act-Bench file to write (gzipped if it ends in .gz; replaced atomically)")
        Path out;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            List<ActBench.MergeInput> files = new ArrayList<>();
            for (String in : inputs) files.add(input(in));
            StoreOption.requireWritableFile("--out", out);
            for (ActBench.MergeInput f : files) {
                if (f.file().toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
                    throw new IllegalArgumentException("--out " + out + " is also an input: write the merge to another file");
                }
            }
            ActBench.MergeReport r = ActBench.merge(files, out);
            spec.commandLine().getOut().printf("merged %d files into %s: %s%n", files.size(), out, r);
            spec.commandLine().getOut().flush();
            return 0;
        }

        /** "FILE" or "FILE=SEED" (only when what follows the last '=' is an integer). */
        static ActBench.MergeInput input(String arg) {
            int eq = arg.lastIndexOf('=');
            Integer seed = null;
            String path = arg;
            if (eq > 0 && arg.substring(eq + 1).matches("-?\\d{1,9}")) {
                seed = Integer.parseInt(arg.substring(eq + 1));
                path = arg.substring(0, eq);
            }
            Path file = Path.of(path);
            StoreOption.requireReadableFile("FILE", file);
            return new ActBench.MergeInput(file, seed);
        }
    }
}
