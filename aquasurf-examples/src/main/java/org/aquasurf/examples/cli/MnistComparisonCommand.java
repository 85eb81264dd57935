package org.aquasurf.examples.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.aquasurf.examples.data.Mnist;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * What the commands that compare activations by training networks on the bundled MNIST digits share:
 * {@code --out} and {@code --smoke}, checking the options before anything runs (a bad one is a usage
 * error), the training-digit count, the announcement line and the summary table written to
 * {@code summary.txt}.
 *
 * @param <R> the result of one training run
 */
public abstract class MnistComparisonCommand<R> implements Callable<Integer> {

    @Option(names = "--out", description = "output directory (default: ${DEFAULT-VALUE})")
    protected Path out;

    @Option(names = "--smoke", description = "tiny configuration that runs in seconds (explicit options still win)")
    protected boolean smoke;

    /** A command writing under {@code out} unless {@code --out} is given. */
    protected MnistComparisonCommand(Path out) {
        this.out = out;
    }

    /** Checks every option; throws IllegalArgumentException naming the first bad one. */
    protected abstract void validate();

    /** Trains every run, writes the PNGs and the table under {@code --out}, and returns the results. */
    public abstract List<R> run(PrintStream console);

    @Override
    public Integer call() {
        try {
            validate();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage(), e);
        }
        run(System.out);
        return 0;
    }

    /** Training digits used: {@code given}, else {@code smokeDefault} with --smoke, else all of them. */
    protected int trainSize(Integer given, int smokeDefault) {
        int n = given != null ? given : smoke ? smokeDefault : Mnist.TRAIN;
        if (n < 1 || n > Mnist.TRAIN) {
            throw new IllegalArgumentException("--train-size must be in [1, " + Mnist.TRAIN + "], got " + n);
        }
        return n;
    }

    /** Prints "Training {runs} {networks} on {n} MNIST digits (... validation, ... test) into {out}". */
    protected void announce(PrintStream console, int runs, String networks, int n, Mnist.Split split) {
        console.printf(Locale.ROOT, "Training %d %s on %d MNIST digits (%d validation, %d test) into %s%n",
                runs, networks, n, split.validation().size(), split.test().size(), out.toAbsolutePath());
    }

    /** Prints {@code table}, writes it to {@code summary.txt} under --out, and says where the outputs are. */
    protected void summarize(PrintStream console, String table) {
        console.print(table);
        Path summary = out.resolve("summary.txt");
        try {
            Files.writeString(summary, table, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + summary.toAbsolutePath(), e);
        }
        console.println("Plots and summary.txt written to " + out.toAbsolutePath());
    }
}
